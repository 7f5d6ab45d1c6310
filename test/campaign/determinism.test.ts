import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyManifest } from '../../src/assemble/index.js';
import { runCampaign } from '../../src/campaign.js';
import { CONFIG, differingFiles, filesOf, removeTempDirs, smallRetailer, tempDir } from './fixtures.js';

afterAll(removeTempDirs);

describe('runCampaign determinism', () => {
  it('runCampaign(config, data, { workers: 2 }) writes byte-identical files to workers: 1, and the same seed twice does too', async () => {
    const data = await smallRetailer();
    const out = await tempDir();
    const one = await runCampaign(CONFIG, data, { outDir: join(out, 'w1'), workers: 1 });
    const two = await runCampaign(CONFIG, data, { outDir: join(out, 'w2'), workers: 2 });
    await runCampaign(CONFIG, data, { outDir: join(out, 'again'), workers: 1 });
    const a = await filesOf(join(out, 'w1'));
    expect([...a.keys()].sort()).toEqual(['assignments.csv', 'manifest.json', 'offers.csv', 'offers.ndjson', 'trace.ndjson.gz', 'variants.csv']);
    expect(one.manifest!.counts.customersMailed).toBeGreaterThan(500);
    expect(differingFiles(a, await filesOf(join(out, 'w2')))).toEqual([]);
    expect(differingFiles(a, await filesOf(join(out, 'again')))).toEqual([]);
    // the scored candidates agree too, not just what survived selection
    expect(Buffer.from(two.candidates.offer.buffer).equals(Buffer.from(one.candidates.offer.buffer))).toBe(true);
    expect(Buffer.from(two.candidates.score.buffer).equals(Buffer.from(one.candidates.score.buffer))).toBe(true);
    expect((await verifyManifest(join(out, 'w2'))).ok).toBe(true);
  });

  it('runCampaign with another seed changes the outputs (cells and masking are seeded)', async () => {
    const data = await smallRetailer();
    const out = await tempDir();
    await runCampaign(CONFIG, data, { outDir: join(out, 'a') });
    await runCampaign({ ...CONFIG, seed: CONFIG.seed + 1 }, data, { outDir: join(out, 'b') });
    const diff = differingFiles(await filesOf(join(out, 'a')), await filesOf(join(out, 'b')));
    expect(diff).toContain('assignments.csv');
    expect(diff).toContain('manifest.json');
  });

  it('runCampaign with shard { index: 0, count: 1 } writes the same files as an unsharded run, plus shard.json', async () => {
    const data = await smallRetailer();
    const out = await tempDir();
    await runCampaign(CONFIG, data, { outDir: join(out, 'plain') });
    const run = await runCampaign(CONFIG, data, { outDir: join(out, 'sharded'), shard: { index: 0, count: 1 } });
    expect(run.outDir).toBe(join(out, 'sharded', 'shard-0-of-1'));
    const sharded = await filesOf(run.outDir!);
    expect(sharded.has('shard.json')).toBe(true);
    sharded.delete('shard.json');
    expect(differingFiles(await filesOf(join(out, 'plain')), sharded)).toEqual([]);
  });
});
