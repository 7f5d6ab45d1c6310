import type { Catalog } from '../ingest/catalog.js';
import type { Csr } from '../ingest/csr.js';
import type { Dataset } from '../ingest/ingest.js';
import { forEachLineBlock } from '../ingest/lineBlocks.js';
import type { TransactionTable } from '../ingest/transactionTable.js';

/**
 * Per customer, the offer-targeted products it bought before `asOfDay`, as a CSR: customer `c` owns
 * entries `rowPtr[c] .. rowPtr[c + 1]`, sorted by product index. Only products named by at least one
 * offer (`offers.products`) are kept, so the table stays small at millions of customers (a customer's
 * row is bounded by the offers' target products, not by its whole history).
 */
export interface ProductHistory {
  readonly customerCount: number;
  readonly asOfDay: number;
  /** Half-life in days of the recency weight `0.5 ** ((asOfDay - day) / halfLifeDays)`. */
  readonly halfLifeDays: number;
  readonly rowPtr: Int32Array;
  /** Product index (catalog), ascending within a customer. */
  readonly product: Int32Array;
  /** Recency-weighted distinct baskets that bought the product: sum over those baskets of `0.5 ** ((asOfDay - day) / halfLifeDays)`. */
  readonly weightedCount: Float32Array;
  /** Last day the product was bought (before `asOfDay`). */
  readonly lastDay: Int32Array;
}

/** Options of {@link buildProductHistory}. */
export interface ProductHistoryOptions {
  /**
   * Only lines with `day < asOfDay` count. Default: the day after the table's last line (`tx.maxDay + 1`,
   * `0` when empty), as `buildProfiles`. Pass it explicitly when building block by block, so every block
   * uses the same day.
   */
  asOfDay?: number;
  /** Half-life in days of the recency weight. Default `90` (the profiles' default; use the same value as `buildProfiles`). */
  halfLifeDays?: number;
}

/**
 * Builds the per-customer history of offer-targeted products ({@link ProductHistory}) in one pass over
 * the transaction lines, with scratch preallocated once (a target flag per product and a sort-key
 * buffer the size of the longest customer history; no object per line). Per customer, each targeted
 * line before `asOfDay` gives a key (product, line position), one native typed-array sort groups them
 * by product in day order, and distinct baskets are counted inside each product's group (a basket's
 * lines share one day, so only lines of the same day are compared).
 *
 * Works on any contiguous block of customers: `tx.rowPtr` may be a view whose first value is not 0
 * (`{ ...tx, rowPtr: tx.rowPtr.subarray(lo, hi + 1) }`); the result then describes customers
 * `lo .. hi - 1` as rows `0 .. hi - lo - 1`, and {@link concatProductHistories} joins the blocks into
 * the whole table's history (the same arrays as one call on the whole table). Inputs are not mutated.
 *
 * @throws RangeError for a non-integer `asOfDay`, a non-positive `halfLifeDays`, or a product index outside the catalog.
 * @example
 * const history = buildProductHistory(data.transactions, data.offers, data.catalog, { asOfDay: profiles.asOfDay });
 * const model = fitRelevanceModel(profiles, data.offers, data.catalog, { productHistory: history });
 * Cost: O(lines · log(lines per customer) + products + offer targets) time; O(targeted lines) memory.
 */
export function buildProductHistory(tx: TransactionTable, offers: { readonly products: Csr }, catalog: Pick<Catalog, 'products'>, options: ProductHistoryOptions = {}): ProductHistory {
  if (tx.rowPtr.length < 1) throw new RangeError('buildProductHistory: tx.rowPtr must hold customers + 1 offsets, got an empty array');
  const customerCount = tx.rowPtr.length - 1;
  const productCount = catalog.products.size;
  const halfLifeDays = options.halfLifeDays ?? 90;
  if (!(halfLifeDays > 0) || !Number.isFinite(halfLifeDays)) {
    throw new RangeError(`buildProductHistory: halfLifeDays must be a positive finite number of days, got ${halfLifeDays}`);
  }
  const asOfDay = options.asOfDay ?? (tx.length > 0 ? tx.maxDay + 1 : 0);
  if (!Number.isInteger(asOfDay)) throw new RangeError(`buildProductHistory: asOfDay must be an integer day number, got ${asOfDay}`);

  // ---- scratch, sized once ----
  const targeted = new Uint8Array(productCount);
  const offerProducts = offers.products.index;
  for (let q = 0; q < offerProducts.length; q++) {
    const p = offerProducts[q]!;
    if (!(p >= 0 && p < productCount)) throw new RangeError(`buildProductHistory: an offer targets product index ${p}, outside the catalog's 0..${productCount - 1}`);
    targeted[p] = 1;
  }
  const rowPtrTx = tx.rowPtr;
  const first = rowPtrTx[0]!;
  let maxRow = 1;
  for (let c = 0; c < customerCount; c++) {
    const n = rowPtrTx[c + 1]! - rowPtrTx[c]!;
    if (n > maxRow) maxRow = n;
  }
  if (productCount * maxRow >= 2 ** 53) {
    throw new RangeError(`buildProductHistory: ${productCount} products x ${maxRow} lines per customer is too large to pack; split the history`);
  }
  const keys = new Float64Array(maxRow);
  // At most one entry per targeted line: allocate that bound once, trim at the end.
  const capacity = Math.max(0, rowPtrTx[customerCount]! - first);
  const outProduct = new Int32Array(capacity);
  const outCount = new Float32Array(capacity);
  const outLast = new Int32Array(capacity);
  const rowPtr = new Int32Array(customerCount + 1);
  const decay = Math.LN2 / halfLifeDays;
  const txDay = tx.day;
  const txProduct = tx.product;
  const txBasket = tx.basket;

  let size = 0;
  for (let c = 0; c < customerCount; c++) {
    const lo = rowPtrTx[c]!;
    const hi = rowPtrTx[c + 1]!;
    let n = 0;
    for (let i = lo; i < hi; i++) {
      // Lines are sorted by day within a customer: the first line on or after asOfDay ends the history.
      if (txDay[i]! >= asOfDay) break;
      const p = txProduct[i]!;
      if (!(p >= 0 && p < productCount)) throw new RangeError(`buildProductHistory: line ${i} has product index ${p}, outside the catalog's 0..${productCount - 1}`);
      if (targeted[p] === 0) continue;
      // Exact packed key (product, line position): one native numeric sort groups lines by product, in day order.
      keys[n++] = p * maxRow + (i - lo);
    }
    if (n > 1) keys.subarray(0, n).sort();
    let k = 0;
    while (k < n) {
      const p = Math.floor(keys[k]! / maxRow);
      const groupEnd = (p + 1) * maxRow;
      const groupStart = k;
      let weighted = 0;
      let last = -1;
      while (k < n && keys[k]! < groupEnd) {
        const i = lo + (keys[k]! - p * maxRow);
        const day = txDay[i]!;
        const b = txBasket[i]!;
        // A basket's lines share one day: it is new unless an earlier line of this group on the same day had it.
        let seen = false;
        for (let j = k - 1; j >= groupStart && !seen; j--) {
          const i2 = lo + (keys[j]! - p * maxRow);
          if (txDay[i2]! !== day) break;
          seen = txBasket[i2]! === b;
        }
        if (!seen) weighted += Math.exp(-decay * (asOfDay - day));
        last = day;
        k++;
      }
      outProduct[size] = p;
      outCount[size] = weighted;
      outLast[size] = last;
      size++;
    }
    rowPtr[c + 1] = size;
  }
  return {
    customerCount,
    asOfDay,
    halfLifeDays,
    rowPtr,
    product: outProduct.slice(0, size),
    weightedCount: outCount.slice(0, size),
    lastDay: outLast.slice(0, size),
  };
}

/**
 * Joins the histories of consecutive customer blocks (each from {@link buildProductHistory} on a block
 * of the same table, in customer order) into one: entry columns are concatenated and each block's
 * `rowPtr` is shifted by the entries before it. Inputs are not mutated.
 *
 * @throws RangeError when the blocks differ in `asOfDay` or `halfLifeDays`, or no block is given.
 * @example
 * const parts = [[0, 1000], [1000, n]].map(([lo, hi]) =>
 *   buildProductHistory({ ...tx, rowPtr: tx.rowPtr.subarray(lo, hi + 1) }, offers, catalog, { asOfDay }));
 * const history = concatProductHistories(parts);
 * Cost: O(customers + entries).
 */
export function concatProductHistories(parts: readonly ProductHistory[]): ProductHistory {
  if (parts.length === 0) throw new RangeError('concatProductHistories: give at least one block');
  const { asOfDay, halfLifeDays } = parts[0]!;
  let customers = 0;
  let entries = 0;
  for (const part of parts) {
    if (part.asOfDay !== asOfDay || part.halfLifeDays !== halfLifeDays) {
      throw new RangeError(`concatProductHistories: blocks must share asOfDay and halfLifeDays (${asOfDay}, ${halfLifeDays}), got (${part.asOfDay}, ${part.halfLifeDays})`);
    }
    customers += part.customerCount;
    entries += part.rowPtr[part.customerCount]!;
  }
  const rowPtr = new Int32Array(customers + 1);
  const product = new Int32Array(entries);
  const weightedCount = new Float32Array(entries);
  const lastDay = new Int32Array(entries);
  let c0 = 0;
  let e0 = 0;
  for (const part of parts) {
    const n = part.rowPtr[part.customerCount]!;
    for (let c = 1; c <= part.customerCount; c++) rowPtr[c0 + c] = e0 + part.rowPtr[c]!;
    product.set(part.product.subarray(0, n), e0);
    weightedCount.set(part.weightedCount.subarray(0, n), e0);
    lastDay.set(part.lastDay.subarray(0, n), e0);
    c0 += part.customerCount;
    e0 += n;
  }
  return { customerCount: customers, asOfDay, halfLifeDays, rowPtr, product, weightedCount, lastDay };
}

/**
 * {@link buildProductHistory} over a whole data set: from the in-memory transaction table, or part by
 * part (then {@link concatProductHistories}) when the lines were spilled to disk at ingest, so the
 * lines of one part are in memory at a time. The result is the same either way.
 *
 * @throws RangeError for a slice of a spilled data set (it has no lines), and as `buildProductHistory`.
 * @example
 * const history = productHistoryOf(data, { asOfDay: profiles.asOfDay, halfLifeDays: profiles.halfLifeDays });
 * Cost: that of `buildProductHistory` on every line, plus loading each part once when spilled.
 */
export function productHistoryOf(data: Dataset, options: ProductHistoryOptions = {}): ProductHistory {
  const tx = data.transactions;
  // The day defaults from the whole data set, not from each block's own last line.
  const whole = { ...options, asOfDay: options.asOfDay ?? (tx.length > 0 ? tx.maxDay + 1 : 0) };
  const blocks: ProductHistory[] = [];
  // Each block copies what it keeps: spilled parts are visited in reused buffers.
  forEachLineBlock(tx, 'productHistoryOf', (table) => blocks.push(buildProductHistory(table, data.offers, data.catalog, whole)));
  return blocks.length === 1 ? blocks[0]! : concatProductHistories(blocks);
}
