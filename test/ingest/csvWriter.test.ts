import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { writeCsv } from '../../src/ingest/csvWriter.js';
import { formatCsvValue, quoteCsvField } from '../../src/ingest/csvFormat.js';
import { SEED } from '../schema/arbitraries.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offerkit-csvwriter-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Cells that stress quoting: delimiter, quotes, CR, LF, CRLF, spaces, the list separator, non-ASCII.
const cellArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(',', '"', '\n', '\r', ' ', 'a', 'Z', '|', ';', 'é', '😀', '\t'), maxLength: 8 }),
  fc.string({ maxLength: 8 }),
);

describe('writeCsv(path, columns, rows)', () => {
  it('writeCsv(path, columns, rows) round-trips any text cells through csv-parse (RFC 4180 quoting)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }).chain((w) =>
          fc.tuple(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }).filter((s) => !s.startsWith('\uFEFF')), { minLength: w, maxLength: w }), fc.array(fc.array(cellArb, { minLength: w, maxLength: w }), { maxLength: 20 })),
        ),
        fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
        async ([columns, cells], lineEnding) => {
          const path = join(dir, `rt-${run++}.csv`);
          const rows = cells.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]])));
          const result = await writeCsv(path, columns, rows, { lineEnding });
          const text = await readFile(path, 'utf8');
          expect(result).toEqual({ rows: rows.length, bytes: Buffer.byteLength(text) });
          expect(parse(text, { relax_column_count: false })).toEqual([columns, ...cells]);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('quoteCsvField(text) quotes exactly the fields holding a comma, quote, CR or LF', () => {
    fc.assert(
      fc.property(cellArb, (s) => {
        const q = quoteCsvField(s);
        const special = /[",\r\n]/.test(s);
        expect(q).toBe(special ? `"${s.split('"').join('""')}"` : s);
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(quoteCsvField('a;b', ';')).toBe('"a;b"');
    expect(quoteCsvField('a,b', ';')).toBe('a,b');
  });

  it('writeCsv(path, columns, rows) writes arrays joined with |, Dates and day columns as ISO dates, undefined as empty', async () => {
    const path = join(dir, 'values.csv');
    await writeCsv(
      path,
      ['id', 'list', 'when', 'day', 'n', 'flag', 'missing'],
      [{ id: 'x', list: ['a', 'b c'], when: new Date('2024-03-01T23:59:59Z'), day: 19_783, n: 0.1 + 0.2, flag: false, extra: 'not written' }],
      { dayColumns: ['day'] },
    );
    expect(await readFile(path, 'utf8')).toBe('id,list,when,day,n,flag,missing\nx,a|b c,2024-03-01,2024-03-01,0.30000000000000004,false,\n');
  });

  it('writeCsv(path.gz, ...) writes gzip whose text equals the plain file', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ a: i, b: `line "${i}", ok` }));
    const plain = await writeCsv(join(dir, 'g.csv'), ['a', 'b'], rows);
    const gz = await writeCsv(join(dir, 'g.csv.gz'), ['a', 'b'], rows);
    expect(gz).toEqual(plain);
    const raw = await readFile(join(dir, 'g.csv.gz'));
    expect([raw[0], raw[1]]).toEqual([0x1f, 0x8b]);
    expect(raw.length).toBeLessThan(plain.bytes);
    expect(gunzipSync(raw).toString('utf8')).toBe(await readFile(join(dir, 'g.csv'), 'utf8'));
  });

  it('writeCsv(path, columns, asyncRows) streams 300k rows from an async source without reading ahead', async () => {
    const path = join(dir, 'big.csv');
    let produced = 0;
    let maxAhead = 0;
    let written = 0;
    async function* rows() {
      for (let i = 0; i < 300_000; i++) {
        produced++;
        yield { i, s: 'abcdefghij' };
      }
    }
    // The writer pulls one row at a time, so the producer is never more than one row ahead of the writer.
    const source = rows();
    const tracked: AsyncIterable<Record<string, unknown>> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const r = await source.next();
          if (!r.done) written++;
          maxAhead = Math.max(maxAhead, produced - written);
          return r;
        },
      }),
    };
    const result = await writeCsv(path, ['i', 's'], tracked);
    expect(result.rows).toBe(300_000);
    expect(maxAhead).toBeLessThanOrEqual(1);
    expect((await stat(path)).size).toBe(result.bytes);
    const text = await readFile(path, 'utf8');
    expect(text.split('\n').length).toBe(300_002);
    expect(text.endsWith('299999,abcdefghij\n')).toBe(true);
  });

  it('writeCsv(path, ...) is atomic: a failing row source leaves the old file and no temporary file', async () => {
    const path = join(dir, 'atomic.csv');
    await writeFile(path, 'old content\n');
    function* rows() {
      for (let i = 0; i < 100_000; i++) {
        if (i === 90_000) throw new Error('source broke');
        yield { a: i };
      }
    }
    await expect(writeCsv(path, ['a'], rows())).rejects.toThrow('source broke');
    expect(await readFile(path, 'utf8')).toBe('old content\n');
    expect((await readdir(dir)).filter((f) => f.startsWith('.') || f.includes('.tmp'))).toEqual([]);
    await writeCsv(path, ['a'], [{ a: 1 }]);
    expect(await readFile(path, 'utf8')).toBe('a\n1\n');
    expect((await readdir(dir)).filter((f) => f.startsWith('.') || f.includes('.tmp'))).toEqual([]);
  });

  it('writeCsv(path, columns, rows) rejects bad columns and unwritable values with typed errors, writing nothing', async () => {
    const path = join(dir, 'bad.csv');
    await expect(writeCsv(path, [], [])).rejects.toBeInstanceOf(RangeError);
    await expect(writeCsv(path, ['a', 'a'], [])).rejects.toBeInstanceOf(TypeError);
    await expect(writeCsv(path, ['a'], [{ a: ['x|y'] }])).rejects.toThrow(/list separator/);
    await expect(writeCsv(path, ['a'], [{ a: { nested: 1 } }])).rejects.toBeInstanceOf(TypeError);
    await expect(writeCsv(path, ['a'], [{ a: new Date(Number.NaN) }])).rejects.toBeInstanceOf(RangeError);
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
    expect((await readdir(dir)).filter((f) => f.startsWith('.') || f.includes('.tmp'))).toEqual([]);
  });

  it('writeCsv(path in a missing folder, ...) rejects with the file system error', async () => {
    await expect(writeCsv(join(dir, 'no', 'such', 'dir.csv'), ['a'], [{ a: 1 }])).rejects.toThrow(/ENOENT/);
  });

  it('formatCsvValue(value) formats lists item by item', () => {
    expect(formatCsvValue([1, true, new Date('2024-01-02T00:00:00Z')], false, 'c')).toBe('1|true|2024-01-02');
    expect(formatCsvValue([19_783], true, 'c')).toBe('2024-03-01');
    expect(formatCsvValue([], false, 'c')).toBe('');
    expect(formatCsvValue(null, false, 'c')).toBe('');
  });
});
