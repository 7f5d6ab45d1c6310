import { AtomicFile } from '../lib/atomicFile.js';
import { formatCsvValue, quoteCsvField } from './csvFormat.js';

/** Options of {@link writeCsv}. */
export interface WriteCsvOptions {
  /** Columns whose integer values are day numbers, printed as ISO dates (see `CSV_DAY_COLUMNS`). Default: none. */
  dayColumns?: readonly string[];
  /** Line ending. Default `'\n'`; RFC 4180 strictly asks for `'\r\n'`, which every reader also accepts. */
  lineEnding?: '\n' | '\r\n';
  /** Field delimiter. Default `','`. */
  delimiter?: string;
  /** Gzip the output. Default: when `path` ends with `.gz`. */
  gzip?: boolean;
}

/** What {@link writeCsv} wrote: data rows (header excluded) and bytes of CSV text (before any gzip). */
export interface WriteCsvResult {
  rows: number;
  bytes: number;
}

/**
 * Streams rows to a CSV file: a header of `columns`, then one line per row with each column's
 * value formatted by `formatCsvValue` (arrays joined with `|`, Dates as ISO dates, `undefined` as
 * empty) and quoted by RFC 4180 rules. Keys of a row not in `columns` are not written.
 *
 * The file appears atomically (an `AtomicFile`): rows go to a temp file beside `path`, renamed to
 * `path` once complete; on any error the temporary file is removed and `path` is untouched. Each
 * ~64 KiB of rows is written before the next row is pulled, so an async row source of any length
 * is written with bounded memory.
 *
 * Throws a `RangeError` for no columns, a `TypeError` for a duplicate column or an unwritable value.
 * Cost: O(total cell text); memory O(64 KiB) beyond the row source.
 * @example
 * await writeCsv('tx.csv', CSV_COLUMNS.transactions, lines, { dayColumns: CSV_DAY_COLUMNS.transactions });
 */
export async function writeCsv(
  path: string,
  columns: readonly string[],
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
  options: WriteCsvOptions = {},
): Promise<WriteCsvResult> {
  if (columns.length === 0) throw new RangeError('writeCsv: columns is empty; give at least one column name');
  if (new Set(columns).size !== columns.length) throw new TypeError(`writeCsv: duplicate column names in ${JSON.stringify(columns)}`);
  const eol = options.lineEnding ?? '\n';
  const delimiter = options.delimiter ?? ',';
  const dayCols = new Set(options.dayColumns ?? []);
  const cols = columns.slice();
  const isDay = cols.map((c) => dayCols.has(c));
  const gzip = options.gzip ?? path.endsWith('.gz');

  // gzip 'stream': one gzip stream over the file, the bytes this writer has always produced; no
  // fsync, as before: a data set can be generated again, and flushing gigabytes would cost seconds.
  const file = await AtomicFile.open(path, { gzip: gzip ? 'stream' : false, sync: false });
  let rowsWritten: number;
  try {
    file.add(cols.map((c) => quoteCsvField(c, delimiter)).join(delimiter) + eol);
    for await (const row of rows as AsyncIterable<Record<string, unknown>>) {
      let line = '';
      for (let i = 0; i < cols.length; i++) {
        const text = formatCsvValue(row[cols[i]!], isDay[i]!, cols[i]!);
        line += i === 0 ? quoteCsvField(text, delimiter) : delimiter + quoteCsvField(text, delimiter);
      }
      // Rows are batched into ~64 KiB strings: one write call per batch instead of per row.
      file.addRow(line + eol);
      if (file.full) await file.flush();
    }
    rowsWritten = (await file.close()).rows;
    await file.publish();
  } catch (err) {
    await file.abort();
    throw err;
  }
  return { rows: rowsWritten, bytes: file.uncompressedBytes };
}
