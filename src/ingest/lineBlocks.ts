import type { TransactionParts, TransactionTable } from './transactionTable.js';

/**
 * The parts holding `tx`'s lines, or `undefined` when they are in memory.
 *
 * @throws RangeError for a slice of a spilled data set: its customers are not the parts' customers,
 * and it has no lines of its own (naming `caller`).
 * @example const parts = spilledParts(data.transactions, 'dataView');
 * Cost: O(1).
 */
export function spilledParts(tx: TransactionTable, caller: string): TransactionParts | undefined {
  const parts = tx.parts;
  if (parts !== undefined && parts.customerCount !== tx.rowPtr.length - 1) {
    throw new RangeError(
      `${caller}: the lines on disk cover ${parts.customerCount} customers but this data set has ${tx.rowPtr.length - 1}; a slice of a spilled data set has no lines: work on the whole data set (and slice the result)`,
    );
  }
  return parts;
}

/**
 * Visits `tx`'s lines as tables over consecutive customer ranges, in customer order: the table
 * itself when its lines are in memory, else each spilled part (`TransactionParts.scan`, buffers
 * reused, so a visited table is valid only during its call). Whatever is built per block and
 * concatenated in order equals one pass over the whole table.
 *
 * @throws RangeError for a slice of a spilled data set (see {@link spilledParts}).
 * @example forEachLineBlock(data.transactions, 'buildProfiles', (table, first) => profileBlock(table, first));
 * Cost: O(lines), plus reading the part files when spilled.
 */
export function forEachLineBlock(tx: TransactionTable, caller: string, visit: (table: TransactionTable, firstCustomer: number) => void): void {
  const parts = spilledParts(tx, caller);
  if (parts === undefined) visit(tx, 0);
  else parts.scan((table, first) => visit(table, first));
}
