import { GrowableColumn } from './growable.js';
import { fmix32 } from '../lib/murmur3.js';

/**
 * Transaction lines sorted by (customer, day) in CSR form: customer `c` owns lines
 * `rowPtr[c] .. rowPtr[c + 1]`. Columns are typed arrays.
 *
 * `basket` is the line's basket numbered within its customer: `0, 1, ...` in order of first
 * appearance in the customer's day-sorted lines. Basket ids only ever matter within one customer
 * (distinct visits), so they are compared by a 64-bit hash and never held as strings: a global index
 * of basket ids would cost ~100 bytes a basket and cannot exceed 2^24 entries (V8's Map limit).
 * Two different baskets of one customer collide with probability about m² / 2^65 for m baskets.
 *
 * A data set ingested with `spill` keeps its lines on disk instead (`parts`): then the columns
 * are empty, every `rowPtr` entry is 0, and `length`, `minDay` and `maxDay` still describe the lines.
 */
export interface TransactionTable {
  readonly rowPtr: Int32Array;
  readonly product: Int32Array;
  readonly day: Int32Array;
  readonly basket: Int32Array;
  readonly quantity: Float32Array;
  readonly spend: Float64Array;
  readonly discount: Float64Array;
  /** Number of lines (on disk too, when `parts` is set). */
  readonly length: number;
  /** First and last day with a line (`0` when empty). */
  readonly minDay: number;
  readonly maxDay: number;
  /**
   * Where the lines are when they are not in memory: part files by customer range (see `ingest`'s
   * `spill` option). `buildProfiles` reads them part by part; functions that read single lines
   * (explanations, the data view, backtests) need an in-memory table and say so.
   */
  readonly parts?: TransactionParts;
}

/**
 * Transaction lines kept on disk in part files by contiguous customer range, so a data set of
 * millions of customers never holds every line in memory: part `p` holds the lines of customers
 * `partStart[p] .. partStart[p + 1] - 1` and loads as a {@link TransactionTable} over just those
 * customers (its customer 0 is customer `partStart[p]`). Written by `TransactionSpill`
 * (transactionParts.ts); declared here, beside the table that holds it, so neither module imports
 * the other's types.
 */
export interface TransactionParts {
  /** Folder of the part files (created by the spill, removed by `remove`). */
  readonly dir: string;
  readonly customerCount: number;
  /** Part `p` covers customers `partStart[p] .. partStart[p + 1] - 1` (length parts + 1). */
  readonly partStart: Int32Array;
  /** Lines in each part. */
  readonly partLines: Float64Array;
  /** Loads part `p`: sorted by (customer, day), baskets numbered, in new arrays (about 80 bytes a line of that part while loading). */
  load(part: number): TransactionTable;
  /**
   * Visits every part in order, loaded as by `load` but into one set of buffers sized to the largest
   * part and reused: the table passed to `visit` is valid only during the call. Loading part after
   * part into new arrays made the garbage collector's work grow with the square of the data (each
   * large allocation can trigger a full collection of a heap that grows with the customers).
   */
  scan(visit: (table: TransactionTable, firstCustomer: number, part: number) => void): void;
  /**
   * Deletes the part files. Idempotent; also runs when the process exits, and a killed process's
   * folder in the system temp folder is removed by the next spill there.
   */
  remove(): void;
}

/**
 * A 64-bit hash of a basket id in one pass over its UTF-16 code units: two independent multiply-xor
 * lanes, each finished by MurmurHash3's avalanche, written to `out` as `[hi, lo]` (signed, as stored in
 * Int32 columns). Internal to the store: baskets are only compared within one customer.
 *
 * @example const h = new Int32Array(2); basketHashInto('b-1', h); // h[0], h[1]
 * Cost: O(length of the id), no allocation.
 */
export function basketHashInto(basket: string, out: Int32Array): void {
  let a = 0x9747b28c ^ basket.length;
  let b = 0x5bd1e995 ^ Math.imul(basket.length, 0x27d4eb2d);
  for (let i = 0; i < basket.length; i++) {
    const c = basket.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul((b << 5) | (b >>> 27), 0x9e3779b1) ^ c;
  }
  out[0] = fmix32(b ^ a);
  out[1] = fmix32(a);
}

/**
 * Accumulates transaction lines in arrival order without one object per line, then sorts them into
 * a {@link TransactionTable}. Memory: about 40 bytes a line while loading.
 */
export class TransactionTableBuilder {
  private readonly customer: GrowableColumn<Int32Array>;
  private readonly product: GrowableColumn<Int32Array>;
  private readonly day: GrowableColumn<Int32Array>;
  private readonly basketHi: GrowableColumn<Int32Array>;
  private readonly basketLo: GrowableColumn<Int32Array>;
  private readonly quantity: GrowableColumn<Float32Array>;
  private readonly spend: GrowableColumn<Float64Array>;
  private readonly discount: GrowableColumn<Float64Array>;
  private readonly hash = new Int32Array(2);

  /** @param capacity - Lines expected; when exact, loading never grows a column and `finish` copies nothing extra. */
  constructor(capacity = 1 << 16) {
    this.customer = new GrowableColumn(Int32Array, capacity);
    this.product = new GrowableColumn(Int32Array, capacity);
    this.day = new GrowableColumn(Int32Array, capacity);
    this.basketHi = new GrowableColumn(Int32Array, capacity);
    this.basketLo = new GrowableColumn(Int32Array, capacity);
    this.quantity = new GrowableColumn(Float32Array, capacity);
    this.spend = new GrowableColumn(Float64Array, capacity);
    this.discount = new GrowableColumn(Float64Array, capacity);
  }

  get length(): number {
    return this.customer.length;
  }

  /** Appends one line; `customer` and `product` are dense indices, `basket` the raw basket id. */
  push(customer: number, product: number, day: number, basket: string, quantity: number, spend: number, discount: number): void {
    basketHashInto(basket, this.hash);
    this.pushHashed(customer, product, day, this.hash[0]!, this.hash[1]!, quantity, spend, discount);
  }

  /** Appends one line whose basket id is already hashed ({@link basketHashInto}). */
  pushHashed(customer: number, product: number, day: number, basketHi: number, basketLo: number, quantity: number, spend: number, discount: number): void {
    this.customer.push(customer);
    this.product.push(product);
    this.day.push(day);
    this.basketHi.push(basketHi);
    this.basketLo.push(basketLo);
    this.quantity.push(quantity);
    this.spend.push(spend);
    this.discount.push(discount);
  }

  /**
   * Sorts by (customer, day), stable within a day, numbers each customer's baskets and returns the
   * table; the builder is used up. O(n + customers) for the counting sort, plus a sort of any
   * customer's lines that arrived out of day order.
   */
  finish(customerCount: number): TransactionTable {
    const columns: LineColumns = {
      customer: this.customer.toArray(),
      product: this.product.toArray(),
      day: this.day.toArray(),
      basketHi: this.basketHi.toArray(),
      basketLo: this.basketLo.toArray(),
      quantity: this.quantity.toArray(),
      spend: this.spend.toArray(),
      discount: this.discount.toArray(),
    };
    return sortLines(columns, this.length, customerCount);
  }
}

/** Transaction lines in arrival order, as columns (basket ids hashed). */
export interface LineColumns {
  readonly customer: Int32Array;
  readonly product: Int32Array;
  readonly day: Int32Array;
  readonly basketHi: Int32Array;
  readonly basketLo: Int32Array;
  readonly quantity: Float32Array;
  readonly spend: Float64Array;
  readonly discount: Float64Array;
}

/** Buffers {@link sortLines} writes into instead of allocating, each at least as long as the lines. */
export interface SortBuffers extends Omit<LineColumns, 'customer'> {
  readonly order: Int32Array;
}

/**
 * Sorts lines `0 .. n - 1` of `src` by (customer, day), stable within a day, and numbers each
 * customer's baskets: the work of {@link TransactionTableBuilder.finish}. With `into`, the table's
 * columns are views of those buffers, or of `src` itself when its lines are already in that order
 * (its basket column is then overwritten), valid until either is reused, so loading part after part
 * allocates nothing large; without, they are new arrays.
 *
 * @example const table = sortLines(columns, n, customerCount);
 * Cost: O(n + customers), plus a sort of any customer's lines that arrived out of day order.
 */
export function sortLines(src: LineColumns, n: number, customerCount: number, into?: SortBuffers): TransactionTable {
  const cust = src.customer;
  const rowPtr = new Int32Array(customerCount + 1);
  for (let i = 0; i < n; i++) rowPtr[cust[i]! + 1]++;
  for (let c = 0; c < customerCount; c++) rowPtr[c + 1] += rowPtr[c]!;
  const fill = rowPtr.slice(0, customerCount);
  const order = into === undefined ? new Int32Array(n) : into.order.subarray(0, n);
  for (let i = 0; i < n; i++) order[fill[cust[i]!]!++] = i;

  const srcDay = src.day;
  let maxRow = 0;
  for (let c = 0; c < customerCount; c++) {
    const lo = rowPtr[c]!;
    const hi = rowPtr[c + 1]!;
    if (hi - lo > maxRow) maxRow = hi - lo;
    let sorted = true;
    for (let k = lo + 1; k < hi; k++) {
      if (srcDay[order[k]!]! < srcDay[order[k - 1]!]!) {
        sorted = false;
        break;
      }
    }
    if (!sorted) {
      // Ties keep arrival order because `order` is ascending within a customer and the comparator falls back to it.
      const seg = Array.from(order.subarray(lo, hi));
      seg.sort((a, b) => srcDay[a]! - srcDay[b]! || a - b);
      order.set(seg, lo);
    }
  }

  // Lines that arrived grouped by customer in day order (as a spilled part of such a feed does) need no reordering.
  let inOrder = true;
  for (let k = 0; k < n && inOrder; k++) inOrder = order[k] === k;
  const gather = <A extends Int32Array | Float32Array | Float64Array>(from: A, target: A | undefined): A => {
    if (inOrder && into !== undefined && from.length >= n) return from.subarray(0, n) as A;
    const out = target === undefined ? new (from.constructor as new (n: number) => A)(n) : (target.subarray(0, n) as A);
    for (let k = 0; k < n; k++) out[k] = from[order[k]!]!;
    return out;
  };
  const day = gather(srcDay, into?.day);
  const basket = numberBaskets(rowPtr, gather(src.basketHi, into?.basketHi), gather(src.basketLo, into?.basketLo), maxRow);
  let minDay = 0;
  let maxDay = 0;
  if (n > 0) {
    minDay = day[0]!;
    maxDay = day[0]!;
    for (let k = 1; k < n; k++) {
      const d = day[k]!;
      if (d < minDay) minDay = d;
      if (d > maxDay) maxDay = d;
    }
  }
  return {
    rowPtr,
    product: gather(src.product, into?.product),
    day,
    basket,
    quantity: gather(src.quantity, into?.quantity),
    spend: gather(src.spend, into?.spend),
    discount: gather(src.discount, into?.discount),
    length: n,
    minDay,
    maxDay,
  };
}

/**
 * Per customer, numbers the distinct (hi, lo) basket hashes `0, 1, ...` in line order, with an
 * open-addressing table of twice the longest row, cleared only on the slots a customer used.
 * Writes the numbers over `hi` and returns it.
 */
function numberBaskets(rowPtr: Int32Array, hi: Int32Array, lo: Int32Array, maxRow: number): Int32Array {
  let size = 16;
  while (size < 2 * maxRow) size *= 2;
  const mask = size - 1;
  const slotHi = new Int32Array(size);
  const slotLo = new Int32Array(size);
  const slotNumber = new Int32Array(size).fill(-1);
  const used = new Int32Array(maxRow);
  const customers = rowPtr.length - 1;
  for (let c = 0; c < customers; c++) {
    let next = 0;
    for (let i = rowPtr[c]!; i < rowPtr[c + 1]!; i++) {
      const h = hi[i]!;
      const l = lo[i]!;
      let s = (h ^ Math.imul(l, 0x9e3779b1)) & mask;
      while (slotNumber[s] !== -1 && (slotHi[s] !== h || slotLo[s] !== l)) s = (s + 1) & mask;
      if (slotNumber[s] === -1) {
        slotHi[s] = h;
        slotLo[s] = l;
        slotNumber[s] = next;
        used[next++] = s;
      }
      hi[i] = slotNumber[s]!;
    }
    for (let k = 0; k < next; k++) slotNumber[used[k]!] = -1;
  }
  return hi;
}
