import type { Dataset } from '../ingest/ingest.js';
import { forEachLineBlock } from '../ingest/lineBlocks.js';
import type { TransactionTable } from '../ingest/transactionTable.js';
import type { Profiles } from './profiles.js';

/** Options of {@link buildProfiles}. */
export interface ProfileOptions {
  /**
   * The day the profiles describe: only lines with `day < asOfDay` count.
   * Default: the day after the last transaction (`transactions.maxDay + 1`; `0` with no transactions).
   */
  asOfDay?: number;
  /** Half-life in days of the recency weight `0.5 ** ((asOfDay - day) / halfLifeDays)`. Default `90`. */
  halfLifeDays?: number;
}

/** Entries per chunk of {@link EntryColumns}. */
const CHUNK = 1 << 20;

interface EntryChunk {
  category: Int32Array;
  weightedSpend: Float32Array;
  spend: Float32Array;
  purchases: Int32Array;
  lastDay: Int32Array;
  cycleDays: Float32Array;
}

/**
 * CSR entry columns grown in fixed chunks, so one pass over the lines suffices and growing never
 * copies. `takeInt` / `takeFloat` assemble one exact-size column and free its chunks, so building the
 * final arrays column by column needs memory for the chunks plus one column, not twice everything (at
 * millions of customers the entries are the largest part of the profiles).
 */
class EntryColumns {
  size = 0;
  private readonly chunks: EntryChunk[] = [];
  private fill = CHUNK;

  push(category: number, weightedSpend: number, spend: number, purchases: number, lastDay: number, cycleDays: number): void {
    if (this.fill === CHUNK) {
      this.chunks.push({
        category: new Int32Array(CHUNK),
        weightedSpend: new Float32Array(CHUNK),
        spend: new Float32Array(CHUNK),
        purchases: new Int32Array(CHUNK),
        lastDay: new Int32Array(CHUNK),
        cycleDays: new Float32Array(CHUNK),
      });
      this.fill = 0;
    }
    const chunk = this.chunks[this.chunks.length - 1]!;
    const k = this.fill++;
    chunk.category[k] = category;
    chunk.weightedSpend[k] = weightedSpend;
    chunk.spend[k] = spend;
    chunk.purchases[k] = purchases;
    chunk.lastDay[k] = lastDay;
    chunk.cycleDays[k] = cycleDays;
    this.size++;
  }

  /** The exact-size integer column `name`; its chunks are released, so a column is taken once. */
  takeInt(name: 'category' | 'purchases' | 'lastDay'): Int32Array {
    const out = new Int32Array(this.size);
    this.chunks.forEach((chunk, i) => {
      out.set(chunk[name].subarray(0, Math.min(CHUNK, this.size - i * CHUNK)), i * CHUNK);
      chunk[name] = new Int32Array(0);
    });
    return out;
  }

  /** The exact-size float column `name`; its chunks are released, so a column is taken once. */
  takeFloat(name: 'weightedSpend' | 'spend' | 'cycleDays'): Float32Array {
    const out = new Float32Array(this.size);
    this.chunks.forEach((chunk, i) => {
      out.set(chunk[name].subarray(0, Math.min(CHUNK, this.size - i * CHUNK)), i * CHUNK);
      chunk[name] = new Float32Array(0);
    });
    return out;
  }
}

/** Rows up to this many values are sorted by insertion. */
const SHORT_SORT = 24;

/** Median of `a[0..n)`, sorting that prefix in place; `NaN` when `n === 0`. */
function medianPrefix(a: Float64Array | Float32Array, n: number): number {
  if (n === 0) return Number.NaN;
  if (n <= 1) return a[0]!;
  if (n <= SHORT_SORT) {
    // Most rows have a few gaps: an in-place insertion sort beats a subarray and a builtin sort call per row.
    for (let i = 1; i < n; i++) {
      const v = a[i]!;
      let j = i - 1;
      while (j >= 0 && a[j]! > v) {
        a[j + 1] = a[j]!;
        j--;
      }
      a[j + 1] = v;
    }
    const h = n >> 1;
    return n % 2 === 1 ? a[h]! : (a[h - 1]! + a[h]!) / 2;
  }
  const s = a.subarray(0, n).sort();
  const h = n >> 1;
  return n % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** What every block of customers is profiled against: the day, the decay and the per-category accumulators. */
interface BlockContext {
  readonly productCategory: Int32Array;
  readonly categoryCount: number;
  readonly asOfDay: number;
  readonly decay: number;
  readonly minDay: number;
  readonly dayRange: number;
  readonly accSpend: Float64Array;
  readonly accWeighted: Float64Array;
}

/** The per-customer columns of {@link Profiles} being filled. */
type PerCustomer = Pick<Profiles, 'totalSpend' | 'weightedTotalSpend' | 'visits' | 'lines' | 'firstDay' | 'lastVisitDay' | 'discountShare' | 'basketSize'>;

/**
 * Profiles the customers of `tx`, a table whose customer 0 is customer `first`, appending their
 * entries in customer order and writing `rowPtr[first + 1 ..]`. Scratch is sized to the block's
 * longest row, once per block.
 */
function profileBlock(tx: TransactionTable, first: number, ctx: BlockContext, rowPtr: Int32Array, entries: EntryColumns, out: PerCustomer): void {
  const blockCustomers = tx.rowPtr.length - 1;
  const { productCategory, categoryCount, asOfDay, decay, minDay, dayRange, accSpend, accWeighted } = ctx;
  const rowPtrTx = tx.rowPtr;
  let maxRow = 1;
  for (let c = 0; c < blockCustomers; c++) {
    const n = rowPtrTx[c + 1]! - rowPtrTx[c]!;
    if (n > maxRow) maxRow = n;
  }
  // Sort key (category, day, basket) packed into one exact double so a native typed-array sort groups lines.
  const catStride = dayRange * maxRow;
  if (categoryCount * catStride >= 2 ** 53) {
    throw new RangeError(`buildProfiles: ${categoryCount} categories x ${dayRange} days x ${maxRow} lines per customer is too large to pack; split the history`);
  }
  const keys = new Float64Array(maxRow);
  const gaps = new Float64Array(maxRow);
  // Baskets are numbered within their customer (below its line count), so the stamp is per row position, not per basket id.
  const basketStamp = new Int32Array(maxRow).fill(-1);
  const basketLocal = new Int32Array(maxRow);
  const { totalSpend, weightedTotalSpend, visits, lines, firstDay, lastVisitDay, discountShare, basketSize } = out;

  const txDay = tx.day;
  const txProduct = tx.product;
  const txBasket = tx.basket;
  const txSpend = tx.spend;
  const txDiscount = tx.discount;

  for (let local = 0; local < blockCustomers; local++) {
    const c = first + local;
    const lo = rowPtrTx[local]!;
    const hi = rowPtrTx[local + 1]!;
    let n = 0;
    let nVisits = 0;
    let spendSum = 0;
    let weightedSum = 0;
    let discountSum = 0;
    for (let i = lo; i < hi; i++) {
      const day = txDay[i]!;
      // Lines are sorted by day within a customer: the first line on or after asOfDay ends the history.
      if (day >= asOfDay) break;
      const t = productCategory[txProduct[i]!]!;
      const b = txBasket[i]!;
      if (basketStamp[b] !== c) {
        basketStamp[b] = c;
        basketLocal[b] = nVisits++;
      }
      const s = txSpend[i]!;
      const w = Math.exp(-decay * (asOfDay - day));
      accSpend[t] += s;
      accWeighted[t] += w * s;
      spendSum += s;
      weightedSum += w * s;
      discountSum += txDiscount[i]!;
      keys[n++] = (t * dayRange + (day - minDay)) * maxRow + basketLocal[b]!;
      if (n === 1) firstDay[c] = day;
      lastVisitDay[c] = day;
    }
    const sorted = keys.subarray(0, n).sort();
    let k = 0;
    while (k < n) {
      const t = Math.floor(sorted[k]! / catStride);
      const groupEnd = (t + 1) * catStride;
      let purchases = 0;
      let nDays = 0;
      let prevKey = -1;
      let prevDay = -1;
      let lastDay = -1;
      while (k < n && sorted[k]! < groupEnd) {
        const key = sorted[k]!;
        if (key !== prevKey) {
          purchases++;
          prevKey = key;
          const day = Math.floor((key - t * catStride) / maxRow) + minDay;
          if (day !== prevDay) {
            if (nDays > 0) gaps[nDays - 1] = day - prevDay;
            nDays++;
            prevDay = day;
          }
          lastDay = day;
        }
        k++;
      }
      entries.push(t, accWeighted[t]!, accSpend[t]!, purchases, lastDay, medianPrefix(gaps, nDays - 1));
      // Reset only the touched accumulator entries, so the pass stays O(lines), not O(customers x categories).
      accSpend[t] = 0;
      accWeighted[t] = 0;
    }
    rowPtr[c + 1] = entries.size;
    visits[c] = nVisits;
    lines[c] = n;
    totalSpend[c] = spendSum;
    weightedTotalSpend[c] = weightedSum;
    const denom = spendSum + discountSum;
    discountShare[c] = denom > 0 ? Math.min(1, Math.max(0, discountSum / denom)) : 0;
    basketSize[c] = nVisits > 0 ? n / nVisits : 0;
  }
}

/**
 * Builds per-customer purchase-history features ({@link Profiles}) from an ingested data set in one
 * pass over the CSR transaction table, with scratch preallocated once per block of customers: a
 * per-category accumulator (reset only on the entries a customer touched), a basket stamp and a
 * sort buffer the size of the longest customer history. When the lines are on disk (a data set
 * ingested with `spill`), the parts are loaded one at a time, so memory holds one part's lines;
 * the profiles are identical to those of the same data ingested in memory.
 *
 * - `weightedSpend` uses the recency weight `0.5 ** ((asOfDay - day) / halfLifeDays)`;
 * - `purchases` counts distinct baskets (a basket's lines share one day) that bought the category;
 * - `cycleDays` is the median gap between distinct purchase days (`NaN` with fewer than two days);
 * - population values: `penetration` over customers with any history, `spendShare` of the
 *   positive recency-weighted spend (uniform when there is none), `populationCycleDays` the median of
 *   the customers' finite cycles.
 *
 * The data set is not mutated. Cost: O(lines · log(lines per customer) + customers + categories).
 *
 * @throws RangeError for a bad `halfLifeDays` or `asOfDay`, or a slice of a spilled data set (it has no lines).
 * @example
 * const data = await ingest({ products, customers, transactions, offers });
 * const profiles = buildProfiles(data, { halfLifeDays: 60 });
 * profiles.visits[0]; // distinct baskets of the first customer
 */
export function buildProfiles(data: Dataset, options: ProfileOptions = {}): Profiles {
  const tx = data.transactions;
  const customerCount = tx.rowPtr.length - 1;
  const categoryCount = data.catalog.categories.size;
  const halfLifeDays = options.halfLifeDays ?? 90;
  if (!(halfLifeDays > 0) || !Number.isFinite(halfLifeDays)) {
    throw new RangeError(`buildProfiles: halfLifeDays must be a positive finite number of days, got ${halfLifeDays}`);
  }
  const asOfDay = options.asOfDay ?? (tx.length > 0 ? tx.maxDay + 1 : 0);
  if (!Number.isInteger(asOfDay)) throw new RangeError(`buildProfiles: asOfDay must be an integer day number, got ${asOfDay}`);

  const rowPtr = new Int32Array(customerCount + 1);
  const entries = new EntryColumns();
  const perCustomer: PerCustomer = {
    totalSpend: new Float64Array(customerCount),
    weightedTotalSpend: new Float64Array(customerCount),
    visits: new Int32Array(customerCount),
    lines: new Int32Array(customerCount),
    firstDay: new Int32Array(customerCount).fill(-1),
    lastVisitDay: new Int32Array(customerCount).fill(-1),
    discountShare: new Float32Array(customerCount),
    basketSize: new Float32Array(customerCount),
  };
  const ctx: BlockContext = {
    productCategory: data.catalog.productCategory,
    categoryCount,
    asOfDay,
    decay: Math.LN2 / halfLifeDays,
    minDay: tx.minDay,
    dayRange: Math.max(1, tx.maxDay - tx.minDay + 1),
    accSpend: new Float64Array(categoryCount),
    accWeighted: new Float64Array(categoryCount),
  };
  // Blocks are contiguous customer ranges in order, so entries land exactly as in one pass over everyone.
  forEachLineBlock(tx, 'buildProfiles', (table, first) => profileBlock(table, first, ctx, rowPtr, entries, perCustomer));
  const { totalSpend, weightedTotalSpend, visits, lines, firstDay, lastVisitDay, discountShare, basketSize } = perCustomer;
  const region = Int32Array.from(data.customers.region);

  // ---- population, per category ----
  const nnz = entries.size;
  const category = entries.takeInt('category');
  const weightedSpend = entries.takeFloat('weightedSpend');
  const cycleDays = entries.takeFloat('cycleDays');
  let withHistory = 0;
  for (let c = 0; c < customerCount; c++) if (visits[c]! > 0) withHistory++;
  const buyers = new Float64Array(categoryCount);
  const positive = new Float64Array(categoryCount);
  const cycleCount = new Int32Array(categoryCount + 1);
  let positiveTotal = 0;
  for (let e = 0; e < nnz; e++) {
    const t = category[e]!;
    buyers[t]++;
    const w = weightedSpend[e]!;
    if (w > 0) {
      positive[t] += w;
      positiveTotal += w;
    }
    if (Number.isFinite(cycleDays[e]!)) cycleCount[t + 1]++;
  }
  const penetration = new Float32Array(categoryCount);
  const spendShare = new Float32Array(categoryCount);
  for (let t = 0; t < categoryCount; t++) {
    penetration[t] = withHistory > 0 ? buyers[t]! / withHistory : 0;
    spendShare[t] = positiveTotal > 0 ? positive[t]! / positiveTotal : 1 / categoryCount;
  }
  for (let t = 0; t < categoryCount; t++) cycleCount[t + 1] += cycleCount[t]!;
  // Float32 like the entries' cycles they copy: the medians are the same, in half the memory.
  const cycles = new Float32Array(cycleCount[categoryCount]!);
  const fill = cycleCount.slice(0, categoryCount);
  for (let e = 0; e < nnz; e++) {
    const v = cycleDays[e]!;
    if (Number.isFinite(v)) cycles[fill[category[e]!]!++] = v;
  }
  const populationCycleDays = new Float32Array(categoryCount);
  for (let t = 0; t < categoryCount; t++) {
    const lo = cycleCount[t]!;
    populationCycleDays[t] = medianPrefix(cycles.subarray(lo), cycleCount[t + 1]! - lo);
  }

  return {
    customerCount,
    categoryCount,
    asOfDay,
    halfLifeDays,
    rowPtr,
    category,
    weightedSpend,
    spend: entries.takeFloat('spend'),
    purchases: entries.takeInt('purchases'),
    lastDay: entries.takeInt('lastDay'),
    cycleDays,
    totalSpend,
    weightedTotalSpend,
    visits,
    lines,
    firstDay,
    lastVisitDay,
    discountShare,
    basketSize,
    region,
    penetration,
    spendShare,
    populationCycleDays,
  };
}
