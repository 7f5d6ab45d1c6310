import type { Customer } from '../schema/customer.js';
import { csrFromLists, type Csr } from './csr.js';
import { IdIndex } from './idIndex.js';

/** Bits of {@link CustomerTable.flags}. */
export const CustomerFlag = {
  consentMail: 1,
  consentEmail: 2,
  consentSms: 4,
  consentSensitive: 8,
  profilingOptOut: 16,
} as const;

/**
 * Customers in columnar form. Consents are bits of `flags` (see {@link CustomerFlag}); opted-out
 * categories are a CSR over catalog category indices (unknown category names are kept by name in
 * the record and simply match nothing).
 */
export interface CustomerTable {
  readonly ids: IdIndex;
  readonly regions: IdIndex;
  readonly stores: IdIndex;
  readonly segments: IdIndex;
  readonly region: Int32Array;
  readonly store: Int32Array;
  /** Segment index, `-1` when none. */
  readonly segment: Int32Array;
  readonly flags: Uint8Array;
  readonly optedOut: Csr;
  /** The validated customer records, by customer index (for the data view and outputs). */
  readonly records: readonly Customer[];
}

/** Builds a {@link CustomerTable}; `categoryIndex` resolves opted-out category names. O(n). */
export function buildCustomerTable(customers: readonly Customer[], categoryIndex: IdIndex): CustomerTable {
  const n = customers.length;
  const ids = new IdIndex();
  const regions = new IdIndex();
  const stores = new IdIndex();
  const segments = new IdIndex();
  const region = new Int32Array(n);
  const store = new Int32Array(n);
  const segment = new Int32Array(n);
  const flags = new Uint8Array(n);
  const optedOutLists: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = customers[i]!;
    ids.intern(c.id);
    region[i] = regions.intern(c.region);
    store[i] = stores.intern(c.store);
    segment[i] = c.segment === undefined ? -1 : segments.intern(c.segment);
    flags[i] =
      (c.consentMail ? CustomerFlag.consentMail : 0) |
      (c.consentEmail ? CustomerFlag.consentEmail : 0) |
      (c.consentSms ? CustomerFlag.consentSms : 0) |
      (c.consentSensitive ? CustomerFlag.consentSensitive : 0) |
      (c.profilingOptOut ? CustomerFlag.profilingOptOut : 0);
    const cats: number[] = [];
    for (const name of c.optedOutCategories) {
      const k = categoryIndex.get(name);
      if (k >= 0) cats.push(k);
    }
    cats.sort((a, b) => a - b);
    optedOutLists.push(cats);
  }
  return { ids, regions, stores, segments, region, store, segment, flags, optedOut: csrFromLists(optedOutLists), records: customers };
}
