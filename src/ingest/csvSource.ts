import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CsvError, parse, type Parser } from 'csv-parse';
import { InvalidRecordError, type RecordIssue } from '../schema/invalidRecordError.js';
import { CSV_COLUMNS, CSV_REQUIRED_COLUMNS } from './csvColumns.js';
import type { RecordKind } from './ingestReport.js';
import type { NamedSource } from './recordSource.js';

/** Options of {@link csvSource}. */
export interface CsvSourceOptions {
  /** `error` (default): a header column the schema does not know makes the file unusable; `ignore`: it is dropped before validation. */
  unknownColumns?: 'error' | 'ignore';
  /** Field delimiter. Default `','`. */
  delimiter?: string;
  /** Gunzip the file while reading. Default: when the path ends with `.gz`. */
  gzip?: boolean;
}

/** A CSV row as a record: header name -> cell text, empty cells left out (absent). */
export type CsvRow = Record<string, string>;

interface ColumnPlan {
  /** Number of cells a row must have. */
  readonly width: number;
  /** Cell positions kept, in header order. */
  readonly keep: readonly number[];
  /** Field name of each kept position (parallel to `keep`). */
  readonly names: readonly string[];
}

function assertKind(kind: RecordKind): void {
  if (typeof kind !== 'string' || !Object.hasOwn(CSV_COLUMNS, kind)) {
    throw new TypeError(`csvSource: unknown record kind ${JSON.stringify(kind)}; expected one of ${Object.keys(CSV_COLUMNS).join(', ')}`);
  }
}

function openCsv(path: string, options: CsvSourceOptions): Parser {
  const parser = parse({
    delimiter: options.delimiter ?? ',',
    bom: true,
    skip_empty_lines: true,
    // Cell counts are checked here, so the error can name the file and row.
    relax_column_count: true,
  });
  const file = createReadStream(path);
  const gzip = options.gzip ?? path.endsWith('.gz');
  // pipeline forwards a file or gunzip error into the parser, so the reading loop sees it.
  if (gzip) pipeline(file, createGunzip(), parser, () => {});
  else pipeline(file, parser, () => {});
  return parser;
}

/** Checks a header against the schema of `kind`; returns the issues (row 0) and the plan to read rows. */
function planColumns(path: string, kind: RecordKind, header: readonly string[], options: CsvSourceOptions): { issues: RecordIssue[]; plan: ColumnPlan } {
  const known = new Set(CSV_COLUMNS[kind]);
  const ignore = (options.unknownColumns ?? 'error') === 'ignore';
  const issues: RecordIssue[] = [];
  const seen = new Set<string>();
  const keep: number[] = [];
  const names: string[] = [];
  for (let i = 0; i < header.length; i++) {
    const name = header[i]!.trim();
    if (!known.has(name)) {
      if (!ignore) {
        issues.push({
          source: path,
          row: 0,
          field: name,
          reason: `unknown column; ${kind} columns are ${CSV_COLUMNS[kind].join(', ')} (or set unknownColumns: 'ignore')`,
        });
      }
    } else if (seen.has(name)) {
      issues.push({ source: path, row: 0, field: name, reason: 'duplicate column; each column may appear once' });
    } else {
      seen.add(name);
      keep.push(i);
      names.push(name);
    }
  }
  for (const name of CSV_REQUIRED_COLUMNS[kind]) {
    if (!seen.has(name)) issues.push({ source: path, row: 0, field: name, reason: `missing required column; add a "${name}" column to the header` });
  }
  return { issues, plan: { width: header.length, keep, names } };
}

function wrapStreamError(path: string, row: number, err: unknown): unknown {
  if (err instanceof CsvError) {
    return new InvalidRecordError([{ source: path, row, field: '', reason: `malformed CSV (${err.code}): ${err.message}` }]);
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new Error(`${path}: cannot gunzip (${(err as Error).message}); is it a gzip file?`, { cause: err });
  }
  return err;
}

const EMPTY_FILE = (path: string): RecordIssue => ({ source: path, row: 0, field: '', reason: 'empty file; expected a header row naming the columns' });

async function* readCsvRows(path: string, kind: RecordKind, options: CsvSourceOptions): AsyncGenerator<CsvRow> {
  const parser = openCsv(path, options);
  let row = 0;
  try {
    let plan: ColumnPlan | undefined;
    for await (const cells of parser as AsyncIterable<string[]>) {
      if (plan === undefined) {
        const checked = planColumns(path, kind, cells, options);
        if (checked.issues.length > 0) throw new InvalidRecordError(checked.issues);
        plan = checked.plan;
        continue;
      }
      row++;
      if (cells.length !== plan.width) {
        throw new InvalidRecordError([
          {
            source: path,
            row,
            field: '',
            reason: `row has ${cells.length} cells but the header has ${plan.width} columns; quote cells that contain "${options.delimiter ?? ','}", quotes or newlines`,
          },
        ]);
      }
      const keep = plan.keep;
      const names = plan.names;
      const record: CsvRow = {};
      for (let k = 0; k < keep.length; k++) {
        const v = cells[keep[k]!]!;
        // Empty and blank cells mean "absent"; the first-char test skips trim() for ordinary cells.
        if (v.length > 0 && (v.charCodeAt(0) > 32 || v.trim() !== '')) record[names[k]!] = v;
      }
      yield record;
    }
    if (plan === undefined) throw new InvalidRecordError([EMPTY_FILE(path)]);
  } catch (err) {
    throw wrapStreamError(path, row + 1, err);
  } finally {
    parser.destroy();
  }
}

/**
 * A streaming CSV reader of one record kind, for {@link ingest}. The file is opened each time its
 * records are iterated (never before), read through `csv-parse` with backpressure, and gunzipped on
 * the fly when the path ends with `.gz`.
 *
 * Format: one header row whose column names are the schema's field names (see `CSV_COLUMNS`);
 * empty cells mean absent; list cells hold items separated by `|`. The source's `name` is `path`, so
 * every reject cites file and row. Data row N is record N: it sits on line N + 1 of the file when no
 * cell holds a quoted newline and no line is blank (blank lines are skipped).
 *
 * The whole source is unusable, and iterating it throws an {@link InvalidRecordError} in every
 * `onInvalid` mode, when: the header has unknown columns (unless `unknownColumns: 'ignore'`),
 * duplicate columns or lacks a required column (each issue at row 0 naming the column); the file is
 * empty; a row's cell count differs from the header's; the CSV is malformed (an unclosed quote).
 *
 * Cost: O(file size); memory O(one row) beyond the consumer.
 * @example
 * const data = await ingest({ ...sources, transactions: csvSource('data/tx.csv.gz', 'transactions') });
 */
export function csvSource(path: string, kind: RecordKind, options: CsvSourceOptions = {}): NamedSource {
  assertKind(kind);
  if (typeof path !== 'string' || path === '') throw new TypeError(`csvSource: path must be a non-empty string, got ${JSON.stringify(path)}`);
  const opts = { ...options };
  const records: AsyncIterable<CsvRow> = { [Symbol.asyncIterator]: () => readCsvRows(path, kind, opts) };
  return { name: path, records };
}

/**
 * Reads only the header of a CSV file and returns its problems for record kind `kind` (unknown,
 * duplicate or missing required columns, empty file), each at row 0 naming the column. Empty when
 * the header is usable. {@link ingestFiles} runs it on every file before reading any rows.
 *
 * Cost: reads the first chunk of the file.
 * @example (await checkCsvHeader('products.csv', 'products')).length === 0
 */
export async function checkCsvHeader(path: string, kind: RecordKind, options: CsvSourceOptions = {}): Promise<RecordIssue[]> {
  assertKind(kind);
  const parser = openCsv(path, options);
  try {
    for await (const cells of parser as AsyncIterable<string[]>) return planColumns(path, kind, cells, options).issues;
    return [EMPTY_FILE(path)];
  } catch (err) {
    throw wrapStreamError(path, 0, err);
  } finally {
    parser.destroy();
  }
}
