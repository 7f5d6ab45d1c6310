import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTransactionFast } from '../../src/schema/parseTransactionFast.js';
import { TransactionSchema } from '../../src/schema/transaction.js';
import { parseRecord, fieldNames } from '../../src/schema/parseRecord.js';
import { toDay } from '../../src/schema/days.js';

const SEED = Number(process.env.FC_SEED ?? 20261125);

// Values a reader may hand over: plain forms the fast path takes and awkward ones it must leave to zod.
const idValue = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(' x ', '', '  ', 'C1'), fc.integer({ min: -5, max: 99 }), fc.double(), fc.constant(undefined), fc.constant(null));
const dateValue = fc.oneof(
  fc.date({ min: new Date('0050-01-01'), max: new Date('2200-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2024-02-29', '2023-02-29', '2024-13-01', '2024-04-31', '2024-1-01', ' 2024-05-06 ', '2024-05-06T10:00:00Z', '2024-05-06x', '', '0099-12-31'),
  fc.integer({ min: -1000, max: 30000 }),
  fc.double(),
  fc.date({ noInvalidDate: true }),
  fc.constant(undefined),
);
const numberValue = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer({ min: -3, max: 50 }),
  fc.constantFrom('1', ' 2.5 ', '', ' ', '-1', '0', 'abc', '1e3', '0x10', 'Infinity', 'NaN'),
  fc.constant(undefined),
  fc.constant(null),
);
const rawTransaction = fc.record(
  {
    customer: idValue,
    product: idValue,
    date: dateValue,
    basket: idValue,
    quantity: numberValue,
    spend: numberValue,
    discount: numberValue,
    extra: fc.constantFrom('x', undefined),
  },
  { requiredKeys: ['customer', 'product', 'date', 'basket', 'spend'] },
);

describe('parseTransactionFast', () => {
  it('parseTransactionFast(raw) returns exactly what TransactionSchema returns, or defers to it', () => {
    const known = fieldNames(TransactionSchema.shape);
    fc.assert(
      fc.property(rawTransaction, fc.boolean(), (raw, rejectUnknown) => {
        const fast = parseTransactionFast(raw, rejectUnknown);
        const slow = parseRecord(TransactionSchema, raw, 'tx', 1, rejectUnknown ? known : undefined);
        if (fast !== undefined) {
          expect(slow.ok).toBe(true);
          if (slow.ok) expect(fast).toEqual(slow.value);
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('parseTransactionFast(raw) takes the plain CSV form of a line', () => {
    const line = { customer: 'C1', product: 'P9', date: '2024-02-29', basket: 'B7', quantity: '2', spend: '3.50', discount: '' };
    expect(parseTransactionFast(line, true)).toEqual({ customer: 'C1', product: 'P9', date: toDay('2024-02-29'), basket: 'B7', quantity: 2, spend: 3.5, discount: 0 });
  });

  it('toDay(date before year 100) keeps the literal year (regression: Date.UTC maps 0-99 to 1900-1999)', () => {
    expect(toDay('0099-12-31')).toBe(toDay('0100-01-01') - 1);
    expect(toDay('2024-05-06x')).toBeNaN();
  });
});
