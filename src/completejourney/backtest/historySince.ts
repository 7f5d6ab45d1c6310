import type { Dataset } from '../../ingest/ingest.js';
import type { TransactionTable } from '../../ingest/transactionTable.js';

/**
 * The data set with every transaction line dated before `fromDay` removed; catalog, customers,
 * offers and contacts are shared, not copied. It lets a backtest ask how the engine ranks when a
 * campaign's recipients have only a few weeks of history (Complete Journey's campaign 27 starts 38
 * days into the data), on a campaign that has more.
 *
 * Baskets are renumbered within each customer in order of first appearance among the kept lines, as
 * `ingest` numbers them, so code that counts baskets from 0 sees a well-formed table.
 *
 * Cost: O(lines) time, one new set of columns for the kept lines.
 * @throws RangeError when the lines are spilled to disk (`transactions.parts`): this needs them in memory.
 * @example
 * const thin = historySince(data, toDay('2017-05-08') - 38); // campaign 8 with 27's 38 days of history
 */
export function historySince(data: Dataset, fromDay: number): Dataset {
  const tx = data.transactions;
  if (tx.parts !== undefined) {
    throw new RangeError('historySince: the transaction lines are spilled to disk; ingest without `spill` to cut the history in memory');
  }
  const customers = tx.rowPtr.length - 1;
  const rowPtr = new Int32Array(tx.rowPtr.length);
  let kept = 0;
  for (let c = 0; c < customers; c++) {
    for (let i = tx.rowPtr[c]!; i < tx.rowPtr[c + 1]!; i++) if (tx.day[i]! >= fromDay) kept++;
    rowPtr[c + 1] = kept;
  }
  const product = new Int32Array(kept);
  const day = new Int32Array(kept);
  const basket = new Int32Array(kept);
  const quantity = new Float32Array(kept);
  const spend = new Float64Array(kept);
  const discount = new Float64Array(kept);
  const renumber = new Map<number, number>();
  let k = 0;
  let minDay = 0;
  let maxDay = 0;
  for (let c = 0; c < customers; c++) {
    renumber.clear();
    for (let i = tx.rowPtr[c]!; i < tx.rowPtr[c + 1]!; i++) {
      const d = tx.day[i]!;
      if (d < fromDay) continue;
      let b = renumber.get(tx.basket[i]!);
      if (b === undefined) renumber.set(tx.basket[i]!, (b = renumber.size));
      if (k === 0 || d < minDay) minDay = d;
      if (k === 0 || d > maxDay) maxDay = d;
      product[k] = tx.product[i]!;
      day[k] = d;
      basket[k] = b;
      quantity[k] = tx.quantity[i]!;
      spend[k] = tx.spend[i]!;
      discount[k] = tx.discount[i]!;
      k++;
    }
  }
  const transactions: TransactionTable = { rowPtr, product, day, basket, quantity, spend, discount, length: kept, minDay, maxDay };
  return { ...data, transactions };
}
