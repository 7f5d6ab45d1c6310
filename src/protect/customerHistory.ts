import type { Dataset } from '../ingest/ingest.js';
import { customerLines } from '../ingest/customerLines.js';

/** Resolves a customer id or dense index; throws `RangeError` naming the value when unknown. */
export function resolveCustomer(data: Dataset, customer: string | number, caller: string): number {
  if (typeof customer === 'number') {
    if (!Number.isInteger(customer) || customer < 0 || customer >= data.customers.ids.size) {
      throw new RangeError(`${caller}: customer index ${customer} is outside 0..${data.customers.ids.size - 1}`);
    }
    return customer;
  }
  if (typeof customer !== 'string') throw new TypeError(`${caller}: customer must be an id string or an index, got ${typeof customer}`);
  const c = data.customers.ids.get(customer);
  if (c < 0) throw new RangeError(`${caller}: unknown customer id '${customer}'; pass an id from the customers file`);
  return c;
}

/** Resolves an offer id or dense index; throws `RangeError` when unknown. */
export function resolveOffer(data: Dataset, offer: string | number, caller: string): number {
  if (typeof offer === 'number') {
    if (!Number.isInteger(offer) || offer < 0 || offer >= data.offers.ids.size) throw new RangeError(`${caller}: offer index ${offer} is outside 0..${data.offers.ids.size - 1}`);
    return offer;
  }
  if (typeof offer !== 'string') throw new TypeError(`${caller}: offer must be an id string or an index, got ${typeof offer}`);
  const o = data.offers.ids.get(offer);
  if (o < 0) throw new RangeError(`${caller}: unknown offer id '${offer}'`);
  return o;
}

/** Per-category history of one customer in a day window. */
export interface CategoryHistory {
  /** Distinct baskets with the category. */
  baskets: Int32Array;
  lines: Int32Array;
  spend: Float64Array;
  discount: Float64Array;
  /** Last day bought, `-1` when not in the window. */
  lastDay: Int32Array;
}

/** Counts customer `c`'s lines, distinct baskets, spend and discount per category with `fromDay <= day < toDay`. O(lines of c). */
export function categoryHistory(data: Dataset, c: number, fromDay: number, toDay: number): CategoryHistory {
  const k = data.catalog.categories.size;
  const out: CategoryHistory = {
    baskets: new Int32Array(k),
    lines: new Int32Array(k),
    spend: new Float64Array(k),
    discount: new Float64Array(k),
    lastDay: new Int32Array(k).fill(-1),
  };
  const { table: t, from, to } = customerLines(data, c);
  const seen = new Set<string>();
  for (let i = from; i < to; i++) {
    const d = t.day[i]!;
    if (d < fromDay || d >= toDay) continue;
    const cat = data.catalog.productCategory[t.product[i]!]!;
    out.lines[cat]++;
    out.spend[cat] += t.spend[i]!;
    out.discount[cat] += t.discount[i]!;
    if (d > out.lastDay[cat]!) out.lastDay[cat] = d;
    const key = `${cat}:${t.basket[i]}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.baskets[cat]++;
    }
  }
  return out;
}

/** Profile row of (customer, category), `-1` when the customer never bought it. O(log row). */
export function profileRow(profiles: { rowPtr: Int32Array; category: Int32Array }, c: number, category: number): number {
  let lo = profiles.rowPtr[c]!;
  let hi = profiles.rowPtr[c + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = profiles.category[mid]!;
    if (v === category) return mid;
    if (v < category) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
