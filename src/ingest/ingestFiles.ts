import { InvalidRecordError } from '../schema/invalidRecordError.js';
import { checkCsvHeader, csvSource, type CsvSourceOptions } from './csvSource.js';
import { ingest, type Dataset, type IngestOptions } from './ingest.js';
import type { RecordKind } from './ingestReport.js';

/** CSV file paths of a data set (each may end with `.gz`); contacts are optional. */
export interface DataFiles {
  products: string;
  customers: string;
  transactions: string;
  offers: string;
  contacts?: string;
}

/** Options of {@link ingestFiles}: those of `ingest` and of `csvSource`, with their defaults. */
export type IngestFilesOptions = IngestOptions & CsvSourceOptions;

const KINDS: readonly RecordKind[] = ['products', 'customers', 'transactions', 'offers', 'contacts'];

/**
 * Ingests a data set from CSV files: checks every file's header first (so a bad transactions
 * header fails in milliseconds, not after the products and customers were read), then streams each
 * file through {@link csvSource} into {@link ingest}. Rejects cite the file path and data row.
 *
 * Throws an {@link InvalidRecordError} with every header issue of every file; a `TypeError` when a
 * path is not a string; the file system's error when a file cannot be opened.
 * Cost: that of `ingest` plus CSV parsing, O(total file size); memory as `ingest` (typed columns).
 * @example
 * const data = await ingestFiles({ products: 'p.csv', customers: 'c.csv', transactions: 'tx.csv.gz', offers: 'o.csv' });
 */
export async function ingestFiles(paths: DataFiles, options: IngestFilesOptions = {}): Promise<Dataset> {
  const kinds = KINDS.filter((k) => k !== 'contacts' || paths.contacts !== undefined);
  for (const kind of kinds) {
    const p = paths[kind];
    if (typeof p !== 'string' || p === '') throw new TypeError(`ingestFiles: paths.${kind} must be a file path, got ${JSON.stringify(p)}`);
  }
  const headerIssues = (await Promise.all(kinds.map((k) => checkCsvHeader(paths[k]!, k, options)))).flat();
  if (headerIssues.length > 0) throw new InvalidRecordError(headerIssues);
  const { unknownColumns, delimiter, gzip, ...ingestOptions } = options;
  const csv: CsvSourceOptions = { unknownColumns, delimiter, gzip };
  return ingest(
    {
      products: csvSource(paths.products, 'products', csv),
      customers: csvSource(paths.customers, 'customers', csv),
      transactions: csvSource(paths.transactions, 'transactions', csv),
      offers: csvSource(paths.offers, 'offers', csv),
      ...(paths.contacts === undefined ? {} : { contacts: csvSource(paths.contacts, 'contacts', csv) }),
    },
    ingestOptions,
  );
}
