import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSV_COLUMNS, CSV_DAY_COLUMNS } from '../../src/ingest/csvColumns.js';
import { writeCsv } from '../../src/ingest/csvWriter.js';
import { ingestFiles, type DataFiles } from '../../src/ingest/ingestFiles.js';
import { ingest } from '../../src/ingest/ingest.js';
import { compareDatasets } from './compareDatasets.js';
import type { RecordKind } from '../../src/ingest/ingestReport.js';
import { inputsArb, SEED, sourcesOf, type Inputs } from '../schema/arbitraries.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offerkit-csveq-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeFiles(inputs: Inputs, tag: string): Promise<DataFiles> {
  const paths = {} as Record<RecordKind, string>;
  for (const kind of Object.keys(inputs) as RecordKind[]) {
    // Alternate plain and gzip files so both readers are covered.
    paths[kind] = join(dir, `${tag}-${kind}.csv${kind === 'transactions' && tag.endsWith('1') ? '.gz' : ''}`);
    await writeCsv(paths[kind], CSV_COLUMNS[kind], inputs[kind].map((i) => i.input), { dayColumns: CSV_DAY_COLUMNS[kind] });
  }
  return paths;
}

describe('ingestFiles(paths) vs ingest(objects)', () => {
  it('ingestFiles(files written by writeCsv) equals ingest(the same records as objects), column by column', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(inputsArb, async (inputs) => {
        const files = await writeFiles(inputs, `r${run++ % 2}`);
        const fromObjects = await ingest(sourcesOf(inputs), { onInvalid: 'collect' });
        const fromCsv = await ingestFiles(files, { onInvalid: 'collect' });
        compareDatasets(fromCsv, fromObjects, files);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
