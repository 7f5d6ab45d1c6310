import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { MailingReadError } from './mailingReadError.js';

/**
 * The data records of a CSV file offerkit wrote, after checking that its header starts with
 * `expected` (a `RegExp` matches each further column). Internal to the mailing reader.
 * @throws MailingReadError when the file cannot be read or parsed, or its header is not the expected one.
 */
export async function* csvRecords(path: string, expected: readonly string[], more?: RegExp): AsyncGenerator<string[]> {
  const parser = parse({ bom: true, skip_empty_lines: true });
  pipeline(createReadStream(path), parser, () => {});
  let header = true;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header) {
        header = false;
        const ok = expected.every((name, i) => record[i] === name) && record.slice(expected.length).every((name) => more?.test(name) ?? false);
        if (!ok) throw new MailingReadError(path, `header is "${record.join(',')}", expected "${expected.join(',')}${more === undefined ? '' : ',...'}"`);
        continue;
      }
      yield record;
    }
  } catch (error) {
    if (error instanceof MailingReadError) throw error;
    throw new MailingReadError(path, `cannot be read as CSV (${(error as Error).message})`, { cause: error });
  }
  if (header) throw new MailingReadError(path, 'is empty; expected a header line');
}

/** One printed entry of the decision trace: what the audit needs of it. */
export interface TraceEntry {
  readonly position: number;
  readonly offer: string;
  readonly placement: string;
  readonly p: number | undefined;
}

/**
 * The mailer of every customer of `trace.ndjson.gz` (gzip, possibly several members; one JSON
 * object a line), entries sorted by position. Internal to the mailing reader.
 * @throws MailingReadError when the file cannot be read, is not gzip, or a line is not a trace record.
 */
export async function readTrace(path: string): Promise<Map<string, TraceEntry[]>> {
  const out = new Map<string, TraceEntry[]>();
  const gunzip = createGunzip();
  pipeline(createReadStream(path), gunzip, () => {});
  let line = 0;
  try {
    for await (const text of createInterface({ input: gunzip, crlfDelay: Infinity })) {
      line++;
      if (text.trim() === '') continue;
      const record = JSON.parse(text) as { customer?: unknown; mailer?: unknown };
      if (record === null || typeof record !== 'object' || typeof record.customer !== 'string' || !Array.isArray(record.mailer)) {
        throw new MailingReadError(path, `line ${line} is not a trace record (expected "customer" and a "mailer" list)`);
      }
      const entries: TraceEntry[] = [];
      for (const raw of record.mailer as unknown[]) {
        const e = raw as { position?: unknown; offer?: unknown; placement?: unknown; p?: unknown };
        if (e === null || typeof e !== 'object' || typeof e.offer !== 'string' || typeof e.position !== 'number' || typeof e.placement !== 'string') {
          throw new MailingReadError(path, `line ${line}: a mailer entry needs "position", "offer" and "placement", got ${JSON.stringify(raw)}`);
        }
        entries.push({ position: e.position, offer: e.offer, placement: e.placement, p: typeof e.p === 'number' ? e.p : undefined });
      }
      entries.sort((a, b) => a.position - b.position);
      out.set(record.customer, entries);
    }
  } catch (error) {
    if (error instanceof MailingReadError) throw error;
    throw new MailingReadError(path, `cannot be read${line > 0 ? ` at line ${line}` : ''} (${(error as Error).message})`, { cause: error });
  }
  return out;
}
