import { createReadStream, existsSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { InvalidRecordError } from '../../schema/invalidRecordError.js';

/** A CSV row keyed by header name; every cell a string. */
export type CsvRow = Record<string, string>;

/**
 * Streams the rows of a gzipped CSV file (`.csv.gz`) as objects keyed by the header, checking once
 * that every `required` column is in the header. Memory stays at one chunk, whatever the file size.
 *
 * Cost: O(file size); gunzip and csv-parse run on the stream.
 *
 * @throws Error when the file does not exist; InvalidRecordError (row 0) when a required column is missing.
 * @example
 * for await (const row of readCsvGz('data/products.csv.gz', ['product_id'])) row.product_id;
 */
export async function* readCsvGz(path: string, required: readonly string[]): AsyncGenerator<CsvRow> {
  if (!existsSync(path)) throw new Error(`file not found: ${path}; pass the folder that holds the .csv.gz files`);
  const parser = parse({ columns: true, bom: true, skip_empty_lines: true });
  // pipeline (not pipe) so a read or gunzip error reaches the parser and ends the loop below.
  pipeline(createReadStream(path), createGunzip(), parser, (err) => {
    if (err) parser.destroy(err);
  });
  let first = true;
  for await (const row of parser as AsyncIterable<CsvRow>) {
    if (first) {
      first = false;
      const missing = required.filter((c) => !(c in row));
      if (missing.length > 0) {
        parser.destroy();
        throw new InvalidRecordError(
          missing.map((field) => ({ source: path, row: 0, field, reason: `missing column; the header needs ${required.join(', ')}` })),
        );
      }
    }
    yield row;
  }
}

/**
 * Every row of a gzipped CSV file, read with {@link readCsvGz}: for the small files, which are
 * mapped by row number.
 *
 * Cost: O(file size) time and O(rows) memory.
 * @throws as {@link readCsvGz}.
 * @example const rows = await readCsvGzRows('data/products.csv.gz', ['product_id']);
 */
export async function readCsvGzRows(path: string, required: readonly string[]): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const r of readCsvGz(path, required)) rows.push(r);
  return rows;
}
