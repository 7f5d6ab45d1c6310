import type { Dataset } from './ingest.js';
import { spilledParts } from './lineBlocks.js';
import type { TransactionParts, TransactionTable } from './transactionTable.js';

/** One customer's transaction lines: rows `from .. to - 1` of `table`. */
export interface CustomerLines {
  readonly table: TransactionTable;
  readonly from: number;
  readonly to: number;
}

/** The last part each spilled data set loaded: explaining customers in order loads each part once. */
const lastPart = new WeakMap<TransactionParts, { part: number; table: TransactionTable }>();

/**
 * Customer `c`'s lines, from memory or, for a data set ingested with `spill`, from the part file that
 * holds them (the last part loaded is kept, so walking customers in order loads each part once).
 *
 * @throws RangeError for a slice of a spilled data set: its customers are not the parts' customers.
 * @example
 * const { table, from, to } = customerLines(data, 42);
 * for (let i = from; i < to; i++) table.spend[i];
 *
 * Cost: O(1) in memory; loading a part (O(lines of the part)) when the customer is in another part.
 */
export function customerLines(data: Dataset, c: number): CustomerLines {
  const t = data.transactions;
  const parts = spilledParts(t, 'customerLines');
  if (parts === undefined) return { table: t, from: t.rowPtr[c]!, to: t.rowPtr[c + 1]! };
  // Parts are equal customer ranges but for the last: find the part by its start.
  let part = 0;
  while (part + 1 < parts.partLines.length && parts.partStart[part + 1]! <= c) part++;
  let cached = lastPart.get(parts);
  if (cached === undefined || cached.part !== part) {
    cached = { part, table: parts.load(part) };
    lastPart.set(parts, cached);
  }
  const local = c - parts.partStart[part]!;
  return { table: cached.table, from: cached.table.rowPtr[local]!, to: cached.table.rowPtr[local + 1]! };
}
