import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const NEWLINE = 10;
const RETURN = 13;
const QUOTE = 34;

/** Records of `path` by csv-parse, leaving out the first `skip` (already yielded); parsing from the start keeps its checks (equal field counts) over the whole file. */
async function* parsedAfter(path: string, skip: number): AsyncGenerator<string[]> {
  let n = 0;
  for await (const record of createReadStream(path).pipe(parse({ relax_quotes: false })) as AsyncIterable<string[]>) if (n++ >= skip) yield record;
}

/**
 * The CSV records of `path`, header first, exactly as csv-parse reads them, but split on commas by
 * hand while the lines hold no quote, are not empty, end as the first line does (CRLF or LF) with no
 * other carriage return, and have as many fields as the first (as the files offerkit writes mostly do): at millions of rows csv-parse's
 * per-character state machine is most of the merge's time. From the first line that does not,
 * csv-parse reads the file instead (from the start, so its errors are the same), leaving out the
 * records already yielded.
 * @example for await (const row of csvRows('out/shard-0-of-4/assignments.csv')) ids.push(row[0]);
 * Cost: O(file size).
 */
export async function* csvRows(path: string, options: { readonly highWaterMark?: number } = {}): AsyncGenerator<string[]> {
  let carry: Buffer | undefined;
  let yielded = 0;
  let fields = -1;
  // Line ending of the file, set by its first line: offerkit writes CRLF; a file of LF lines may hold no carriage return at all.
  let crlf = false;
  const stream = createReadStream(path, options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buf = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
    let pos = 0;
    // The next quote and carriage return at or after `pos`, searched again only once passed (a scan per line would be quadratic).
    const quote = buf.indexOf(QUOTE);
    let cr = buf.indexOf(RETURN);
    for (let nl = buf.indexOf(NEWLINE); nl >= 0; nl = buf.indexOf(NEWLINE, pos)) {
      if (fields < 0) crlf = nl > pos && buf[nl - 1] === RETURN;
      const end = crlf ? nl - 1 : nl;
      // The line's only carriage return, if any, must be its CRLF ending.
      if (cr >= 0 && cr < pos) cr = buf.indexOf(RETURN, pos);
      const plain = end > pos && (quote < 0 || quote > nl) && (cr < 0 || cr >= end) && (!crlf || cr === end);
      const row = plain ? buf.toString('utf8', pos, end).split(',') : undefined;
      if (row === undefined || (fields >= 0 && row.length !== fields)) {
        stream.destroy();
        yield* parsedAfter(path, yielded);
        return;
      }
      fields = row.length;
      yielded++;
      yield row;
      pos = nl + 1;
    }
    carry = pos < buf.length ? buf.subarray(pos) : undefined;
  }
  if (carry !== undefined) {
    // A last line without a newline.
    const row = carry.includes(QUOTE) || carry.includes(RETURN) ? undefined : carry.toString('utf8').split(',');
    if (row === undefined || (fields >= 0 && row.length !== fields)) yield* parsedAfter(path, yielded);
    else yield row;
  }
}
