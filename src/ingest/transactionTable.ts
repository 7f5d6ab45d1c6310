import { GrowableColumn } from './growable.js';
import { IdIndex } from './idIndex.js';

/**
 * Transaction lines sorted by (customer, day) in CSR form: customer `c` owns lines
 * `rowPtr[c] .. rowPtr[c + 1]`. Columns are typed arrays; `basket` indexes `baskets`.
 */
export interface TransactionTable {
  readonly rowPtr: Int32Array;
  readonly product: Int32Array;
  readonly day: Int32Array;
  readonly basket: Int32Array;
  readonly quantity: Float32Array;
  readonly spend: Float64Array;
  readonly discount: Float64Array;
  readonly baskets: IdIndex;
  /** Number of lines. */
  readonly length: number;
  /** First and last day with a line (`0` when empty). */
  readonly minDay: number;
  readonly maxDay: number;
}

/**
 * Accumulates transaction lines in arrival order without one object per line, then sorts them into
 * a {@link TransactionTable}. Memory: about 36 bytes a line plus the basket ids.
 */
export class TransactionTableBuilder {
  private readonly customer = new GrowableColumn(Int32Array, 1 << 16);
  private readonly product = new GrowableColumn(Int32Array, 1 << 16);
  private readonly day = new GrowableColumn(Int32Array, 1 << 16);
  private readonly basket = new GrowableColumn(Int32Array, 1 << 16);
  private readonly quantity = new GrowableColumn(Float32Array, 1 << 16);
  private readonly spend = new GrowableColumn(Float64Array, 1 << 16);
  private readonly discount = new GrowableColumn(Float64Array, 1 << 16);
  private readonly baskets = new IdIndex();

  get length(): number {
    return this.customer.length;
  }

  /** Appends one line; `customer` and `product` are dense indices, `basket` the raw basket id. */
  push(customer: number, product: number, day: number, basket: string, quantity: number, spend: number, discount: number): void {
    this.customer.push(customer);
    this.product.push(product);
    this.day.push(day);
    this.basket.push(this.baskets.intern(basket));
    this.quantity.push(quantity);
    this.spend.push(spend);
    this.discount.push(discount);
  }

  /**
   * Sorts by (customer, day), stable within a day, and returns the table. O(n + customers) for the
   * counting sort, plus a sort of any customer's lines that arrived out of day order.
   */
  finish(customerCount: number): TransactionTable {
    const n = this.length;
    const cust = this.customer.toArray();
    const rowPtr = new Int32Array(customerCount + 1);
    for (let i = 0; i < n; i++) rowPtr[cust[i]! + 1]++;
    for (let c = 0; c < customerCount; c++) rowPtr[c + 1] += rowPtr[c]!;
    const fill = rowPtr.slice(0, customerCount);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[fill[cust[i]!]!++] = i;

    const srcDay = this.day.toArray();
    for (let c = 0; c < customerCount; c++) {
      const lo = rowPtr[c]!;
      const hi = rowPtr[c + 1]!;
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

    const gather = <A extends Int32Array | Float32Array | Float64Array>(src: A): A => {
      const out = new (src.constructor as new (n: number) => A)(n);
      for (let k = 0; k < n; k++) out[k] = src[order[k]!]!;
      return out;
    };
    const day = gather(srcDay);
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
      product: gather(this.product.toArray()),
      day,
      basket: gather(this.basket.toArray()),
      quantity: gather(this.quantity.toArray()),
      spend: gather(this.spend.toArray()),
      discount: gather(this.discount.toArray()),
      baskets: this.baskets,
      length: n,
      minDay,
      maxDay,
    };
  }
}
