import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
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

// Rows are batched into ~64 KiB strings: one write call per batch instead of per row.
const FLUSH_AT = 1 << 16;

async function writeChunk(out: Writable, chunk: string): Promise<void> {
  // Backpressure: wait for 'drain' when the stream's buffer is full, so memory stays bounded.
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Streams rows to a CSV file: a header of `columns`, then one line per row with each column's
 * value formatted by `formatCsvValue` (arrays joined with `|`, Dates as ISO dates, `undefined` as
 * empty) and quoted by RFC 4180 rules. Keys of a row not in `columns` are not written.
 *
 * The file appears atomically: rows go to `path.tmp-<pid>`, renamed to `path` once complete; on any
 * error the temporary file is removed and `path` is untouched. Backpressure is respected, so an
 * async row source of any length is written with bounded memory.
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

  const tmp = `${path}.tmp-${process.pid}`;
  const file = createWriteStream(tmp);
  const gz = gzip ? createGzip() : undefined;
  if (gz !== undefined) gz.pipe(file);
  const out: Writable = gz ?? file;
  // Errors of either stream surface through `done`; a failing stream also rejects pending writes via 'error'.
  const done = finished(file);
  const failed = new Promise<never>((_, reject) => {
    out.once('error', reject);
    file.once('error', reject);
  });
  // Both are raced below; mark them handled so an early failure is not an unhandled rejection.
  failed.catch(() => {});
  done.catch(() => {});

  let count = 0;
  let bytes = 0;
  try {
    let buf = cols.map((c) => quoteCsvField(c, delimiter)).join(delimiter) + eol;
    for await (const row of rows as AsyncIterable<Record<string, unknown>>) {
      let line = '';
      for (let i = 0; i < cols.length; i++) {
        const text = formatCsvValue(row[cols[i]!], isDay[i]!, cols[i]!);
        line += i === 0 ? quoteCsvField(text, delimiter) : delimiter + quoteCsvField(text, delimiter);
      }
      buf += line + eol;
      count++;
      if (buf.length >= FLUSH_AT) {
        bytes += Buffer.byteLength(buf);
        await Promise.race([writeChunk(out, buf), failed]);
        buf = '';
      }
    }
    bytes += Buffer.byteLength(buf);
    out.end(buf);
    await Promise.race([done, failed]);
    await rename(tmp, path);
  } catch (err) {
    out.destroy();
    file.destroy();
    // Wait for the close: a stream destroyed while still opening creates the file afterwards.
    if (!file.closed) await once(file, 'close').catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
  return { rows: count, bytes };
}
