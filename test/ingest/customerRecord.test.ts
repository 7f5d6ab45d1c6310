import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerRecord } from '../../src/ingest/customerTable.js';
import { ingest } from '../../src/ingest/ingest.js';
import { sliceDataset } from '../../src/shard/sliceDataset.js';
import { CustomerSchema } from '../../src/schema/customer.js';

const text = fc.constantFrom('a', 'b', 'north', 'Ann Lee', '  padded  ', '', 'x|y');
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
const customerInput = (i: number) =>
  fc.record(
    {
      id: fc.constant(`c${i}`),
      name: maybe(text),
      region: fc.constantFrom('north', 'south'),
      store: fc.constantFrom('s1', 's2', 's3'),
      segment: maybe(fc.constantFrom('expecting', 'students')),
      ageBand: maybe(fc.constantFrom('18-24', '25-34', '65+')),
      incomeBand: maybe(fc.constantFrom('low', 'high')),
      householdSize: maybe(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom('3', ' 2 '))),
      kidsCount: maybe(fc.integer({ min: 0, max: 4 })),
      consentMail: maybe(fc.constantFrom(true, false, 'yes', '0')),
      consentEmail: maybe(fc.boolean()),
      consentSms: maybe(fc.boolean()),
      consentSensitive: maybe(fc.boolean()),
      profilingOptOut: maybe(fc.boolean()),
      optedOutCategories: maybe(fc.oneof(fc.array(fc.constantFrom('dairy', 'bread', 'no-such-category'), { maxLength: 3 }), fc.constant('dairy|bread'))),
    },
    { requiredKeys: ['id', 'region', 'store'] },
  );

describe('customerRecord: the validated record, rebuilt from the customer columns', () => {
  it('equals what the schema gave, field for field and in key order, in the table and in any slice of it (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => customerInput(i)))),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (customers, picks) => {
          const products = [{ id: 'p1', name: 'Milk', department: 'fresh', category: 'dairy', price: 1 }];
          const data = await ingest({ products, customers, transactions: [], offers: [] });
          expect(data.customers.ids.size).toBe(customers.length);
          const expected = customers.map((c) => JSON.stringify(CustomerSchema.parse(c)));
          for (let c = 0; c < customers.length; c++) expect(JSON.stringify(customerRecord(data.customers, c))).toBe(expected[c]);
          const rows = Int32Array.from(picks.map((p) => p % customers.length));
          const slice = sliceDataset(data, Int32Array.from(new Set(rows)));
          [...new Set(rows)].forEach((row, i) => expect(JSON.stringify(customerRecord(slice.customers, i))).toBe(expected[row]));
        },
      ),
      { numRuns: 150, seed: 8 },
    );
  });

  it('returns a fresh object each time: changing it does not change the table', async () => {
    const data = await ingest({ products: [], customers: [{ id: 'c1', region: 'r', store: 's', optedOutCategories: ['x'] }], transactions: [], offers: [] });
    customerRecord(data.customers, 0).optedOutCategories.push('y');
    expect(customerRecord(data.customers, 0).optedOutCategories).toEqual(['x']);
    expect(() => customerRecord(data.customers, 1)).toThrow(RangeError);
  });
});
