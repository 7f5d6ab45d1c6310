import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historySince } from '../../../src/completejourney/backtest/historySince.js';
import type { Dataset } from '../../../src/ingest/ingest.js';
import type { TransactionTable } from '../../../src/ingest/transactionTable.js';

interface Line {
  product: number;
  day: number;
  basket: number;
  quantity: number;
  spend: number;
  discount: number;
}

/** A CSR table from per-customer lines (sorted by day, as `ingest` keeps them; baskets numbered from 0 by first appearance). */
function table(customers: Line[][]): TransactionTable {
  const all = customers.flat();
  const rowPtr = new Int32Array(customers.length + 1);
  customers.forEach((lines, c) => (rowPtr[c + 1] = rowPtr[c]! + lines.length));
  const days = all.map((l) => l.day);
  return {
    rowPtr,
    product: Int32Array.from(all.map((l) => l.product)),
    day: Int32Array.from(days),
    basket: Int32Array.from(all.map((l) => l.basket)),
    quantity: Float32Array.from(all.map((l) => l.quantity)),
    spend: Float64Array.from(all.map((l) => l.spend)),
    discount: Float64Array.from(all.map((l) => l.discount)),
    length: all.length,
    minDay: days.length === 0 ? 0 : Math.min(...days),
    maxDay: days.length === 0 ? 0 : Math.max(...days),
  };
}

/** Only `transactions` matters to `historySince`; the other parts must be passed through as they are. */
const shared = { catalog: {}, customers: {}, offers: {}, contacts: {}, report: {} };
const dataset = (transactions: TransactionTable): Dataset => ({ ...shared, transactions }) as unknown as Dataset;

const line = fc.record({
  product: fc.integer({ min: 0, max: 9 }),
  day: fc.integer({ min: 0, max: 60 }),
  basket: fc.integer({ min: 0, max: 6 }),
  quantity: fc.integer({ min: 1, max: 4 }),
  spend: fc.double({ min: -5, max: 50, noNaN: true }),
  discount: fc.double({ min: 0, max: 5, noNaN: true }),
});
/** Per customer: lines sorted by day, baskets renumbered 0, 1, ... by first appearance. */
const customerLines = fc.array(line, { maxLength: 12 }).map((lines) => {
  const sorted = [...lines].sort((a, b) => a.day - b.day);
  const seen = new Map<number, number>();
  return sorted.map((l) => {
    if (!seen.has(l.basket)) seen.set(l.basket, seen.size);
    return { ...l, basket: seen.get(l.basket)! };
  });
});

describe('historySince', () => {
  it('keeps exactly the lines on or after fromDay, in order, with baskets renumbered per customer (fast-check vs a plain filter, seed logged)', () => {
    const seed = Date.now() % 2 ** 31;
    console.log(`historySince property seed ${seed}`);
    fc.assert(
      fc.property(fc.array(customerLines, { maxLength: 6 }), fc.integer({ min: -1, max: 62 }), (customers, fromDay) => {
        const before = table(customers);
        const got = historySince(dataset(before), fromDay);
        // The reference: filter each customer's lines, then number baskets by first appearance among the kept ones.
        const want = table(
          customers.map((lines) => {
            const kept = lines.filter((l) => l.day >= fromDay);
            const renumber = new Map<number, number>();
            return kept.map((l) => {
              if (!renumber.has(l.basket)) renumber.set(l.basket, renumber.size);
              return { ...l, basket: renumber.get(l.basket)! };
            });
          }),
        );
        expect(got.transactions).toEqual(want);
        for (const key of Object.keys(shared) as (keyof typeof shared)[]) expect(got[key]).toBe((dataset(before) as unknown as typeof shared)[key]);
        // The input is not mutated.
        expect(before).toEqual(table(customers));
      }),
      { seed, numRuns: 300 },
    );
  });

  it('refuses a table whose lines are spilled to disk, naming the way out', () => {
    const spilled = { ...table([]), parts: {} } as unknown as TransactionTable;
    expect(() => historySince(dataset(spilled), 0)).toThrow(/spilled to disk; ingest without `spill`/);
  });
});
