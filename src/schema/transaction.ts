import { z } from 'zod';
import { dayField, finiteNumber, idField, nonNegativeOr, positiveOr } from './fields.js';
import type { RecordInput } from './recordInput.js';

/**
 * One line of a till receipt. `spend` is what the customer paid for the line, `discount` the money
 * taken off it (promotions and coupons), so `discount / (spend + discount)` is the line's discount share.
 * `spend` may be negative for refunds.
 */
export const TransactionSchema = z.object({
  customer: idField,
  product: idField,
  date: dayField,
  basket: idField,
  quantity: positiveOr(1),
  spend: finiteNumber,
  discount: nonNegativeOr(0),
});

/** A validated transaction line; `date` is a day number. */
export type Transaction = z.output<typeof TransactionSchema>;
/** A transaction line as given to the readers, before validation. */
export type TransactionInput = RecordInput<Transaction, 'date'>;
