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
 * `optedOutNames` and simply match nothing). The validated record of a customer is rebuilt from
 * the columns by {@link customerRecord}: millions of record objects would make every full garbage
 * collection of a long batch job trace them (at 1M customers they tripled its time).
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
  /**
   * The records' optional names, end to end in one string: customer `c`'s is
   * `nameText.slice(nameStart[c], nameStart[c + 1])`, empty when it has none (a blank name is
   * no name). One string instead of one per customer keeps millions of objects off the heap.
   */
  readonly nameText: string;
  readonly nameStart: Int32Array;
  readonly ageBands: IdIndex;
  /** Age band index, `-1` when none. */
  readonly ageBand: Int32Array;
  readonly incomeBands: IdIndex;
  /** Income band index, `-1` when none. */
  readonly incomeBand: Int32Array;
  /** Household size and children, `NaN` when not given. */
  readonly householdSize: Float64Array;
  readonly kidsCount: Float64Array;
  /** The opted-out category names exactly as given (unknown names too), for customers with any. */
  readonly optedOutNames: ReadonlyMap<number, readonly string[]>;
}

/**
 * Texts end to end in one string, and where each starts (length `texts.length + 1`): how a table
 * keeps one text per customer without one string object per customer.
 * @example joinTexts(['Ann', '', 'Bo']); // { text: 'AnnBo', start: Int32Array [0, 3, 3, 5] }
 * Cost: O(total length).
 */
export function joinTexts(texts: readonly string[]): { text: string; start: Int32Array } {
  const start = new Int32Array(texts.length + 1);
  for (let i = 0; i < texts.length; i++) start[i + 1] = start[i]! + texts[i]!.length;
  return { text: texts.join(''), start };
}

/**
 * The validated record of customer `c`, as `ingest` accepted it (same fields, values and key
 * order), rebuilt from the table's columns.
 * @throws RangeError when `c` is outside the table.
 * @example customerRecord(data.customers, data.customers.ids.get('c42')).consentMail;
 * Cost: O(opted-out categories of the customer); one new object.
 */
export function customerRecord(table: CustomerTable, c: number): Customer {
  const id = table.ids.id(c);
  const flags = table.flags[c]!;
  const record: Customer = { id } as Customer;
  const from = table.nameStart[c]!;
  const to = table.nameStart[c + 1]!;
  if (to > from) record.name = table.nameText.slice(from, to);
  record.region = table.regions.id(table.region[c]!);
  record.store = table.stores.id(table.store[c]!);
  if (table.segment[c]! >= 0) record.segment = table.segments.id(table.segment[c]!);
  if (table.ageBand[c]! >= 0) record.ageBand = table.ageBands.id(table.ageBand[c]!);
  if (table.incomeBand[c]! >= 0) record.incomeBand = table.incomeBands.id(table.incomeBand[c]!);
  if (!Number.isNaN(table.householdSize[c]!)) record.householdSize = table.householdSize[c]!;
  if (!Number.isNaN(table.kidsCount[c]!)) record.kidsCount = table.kidsCount[c]!;
  record.consentMail = (flags & CustomerFlag.consentMail) !== 0;
  record.consentEmail = (flags & CustomerFlag.consentEmail) !== 0;
  record.consentSms = (flags & CustomerFlag.consentSms) !== 0;
  record.consentSensitive = (flags & CustomerFlag.consentSensitive) !== 0;
  record.profilingOptOut = (flags & CustomerFlag.profilingOptOut) !== 0;
  record.optedOutCategories = [...(table.optedOutNames.get(c) ?? [])];
  return record;
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
  const names = new Array<string>(n);
  const ageBands = new IdIndex();
  const incomeBands = new IdIndex();
  const ageBand = new Int32Array(n);
  const incomeBand = new Int32Array(n);
  const householdSize = new Float64Array(n);
  const kidsCount = new Float64Array(n);
  const optedOutNames = new Map<number, readonly string[]>();
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
    names[i] = c.name ?? '';
    ageBand[i] = c.ageBand === undefined ? -1 : ageBands.intern(c.ageBand);
    incomeBand[i] = c.incomeBand === undefined ? -1 : incomeBands.intern(c.incomeBand);
    householdSize[i] = c.householdSize ?? Number.NaN;
    kidsCount[i] = c.kidsCount ?? Number.NaN;
    if (c.optedOutCategories.length > 0) optedOutNames.set(i, [...c.optedOutCategories]);
    const cats: number[] = [];
    for (const name of c.optedOutCategories) {
      const k = categoryIndex.get(name);
      if (k >= 0) cats.push(k);
    }
    cats.sort((a, b) => a - b);
    optedOutLists.push(cats);
  }
  const joined = joinTexts(names);
  return {
    ids,
    regions,
    stores,
    segments,
    region,
    store,
    segment,
    flags,
    optedOut: csrFromLists(optedOutLists),
    nameText: joined.text,
    nameStart: joined.start,
    ageBands,
    ageBand,
    incomeBands,
    incomeBand,
    householdSize,
    kidsCount,
    optedOutNames,
  };
}
