import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { csvRow } from '../../src/assemble/csvCell.js';
import { csvRows } from '../../src/run/csvRows.js';
import { removeTempDirs, tempDir } from '../campaign/fixtures.js';

afterAll(removeTempDirs);

async function collect(rows: AsyncIterable<string[]>): Promise<string[][]> {
  const out: string[][] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** The records, or the error code when reading fails (csv-parse refuses rows whose field count differs from the first's). */
async function outcome(rows: Promise<string[][]>): Promise<{ rows: string[][] } | { error: unknown }> {
  try {
    return { rows: await rows };
  } catch (error) {
    return { error: (error as { code?: unknown }).code ?? String(error) };
  }
}

const byCsvParse = (path: string): Promise<string[][]> => collect(createReadStream(path).pipe(parse({ relax_quotes: false })) as AsyncIterable<string[]>);

// Mostly plain cells, sometimes ones that need quoting (commas, quotes, newlines, carriage returns) or are empty.
const cell = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.é-]{1,12}$/) },
  { weight: 1, arbitrary: fc.constantFrom('', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', '"', ',') },
);

describe('csvRows', () => {
  it('yields exactly the records csv-parse reads, or fails as it does, with quoting anywhere in the file and any chunk size (fast-check)', async () => {
    const dir = await tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        // Rows of one width, or (sometimes) of any width, which csv-parse refuses.
        fc.oneof(
          fc.integer({ min: 1, max: 5 }).chain((w) => fc.array(fc.array(cell, { minLength: w, maxLength: w }), { maxLength: 40 })),
          fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 40 }),
        ),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        // Raw bytes spliced in somewhere: bare CR or LF, stray quotes, empty lines.
        fc.array(fc.constantFrom('a', ',', '\r', '\n', '\r\n', '"', 'é'), { maxLength: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (rows, trailingNewline, lf, highWaterMark, raw, at) => {
          // offerkit writes CRLF; a file of LF lines takes the other branch.
          let text = rows.map((r) => csvRow(r)).join('');
          if (lf) text = text.replaceAll('\r\n', '\n');
          const cut = Math.floor(at * text.length);
          text = text.slice(0, cut) + raw.join('') + text.slice(cut);
          if (!trailingNewline) text = text.replace(/\r?\n$/, '');
          const path = join(dir, `rows-${n++}.csv`);
          await writeFile(path, text);
          expect(await outcome(collect(csvRows(path, { highWaterMark })))).toEqual(await outcome(byCsvParse(path)));
        },
      ),
      { numRuns: 600, seed: 42 },
    );
  });

  it('reads a large plain file by hand and hands a late quoted line to csv-parse', async () => {
    const dir = await tempDir();
    const path = join(dir, 'late.csv');
    const lines = ['customer_id,variant_id'];
    for (let i = 0; i < 50_000; i++) lines.push(`C${i},v${i % 97}`);
    lines.push('"C,quoted",v1', 'C-after,v2');
    await writeFile(path, `${lines.join('\r\n')}\r\n`);
    const rows = await collect(csvRows(path));
    expect(rows).toEqual(await byCsvParse(path));
    expect(rows.at(-2)).toEqual(['C,quoted', 'v1']);
  });
});
