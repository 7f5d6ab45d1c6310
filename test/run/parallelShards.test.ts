import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_STAGES, prepareCampaign } from '../../src/campaign.js';
import { sliceShard } from '../../src/shard/sliceShard.js';
import { IdIndex } from '../../src/ingest/idIndex.js';
import { ingest, type Dataset } from '../../src/ingest/index.js';
import { mergeShards, runShards, ShardMergeError, type ShardEvent } from '../../src/run/index.js';
import { partitionCustomers, shardSalt } from '../../src/shard/index.js';
import { reviveShardTask, shardTask } from '../../src/run/shardTask.js';
import { arrayBuffersOf, transferList } from '../../src/run/transferList.js';
import { CampaignConfigSchema } from '../../src/schema/campaignConfig.js';
import { generateRetailer } from '../../src/synth/index.js';
import { CONFIG, differingFiles, filesOf, removeTempDirs, smallRetailer, tempDir } from '../campaign/fixtures.js';

afterAll(removeTempDirs);
const SUMS = { data: 'b'.repeat(64) };

/** Every shard folder's files and the merged mailing's, by folder/name. */
async function outputs(out: string, count: number): Promise<Map<string, Buffer>> {
  const all = new Map<string, Buffer>();
  for (const dir of [...Array.from({ length: count }, (_, i) => `shard-${i}-of-${count}`), 'mailing']) {
    for (const [name, bytes] of await filesOf(join(out, dir))) all.set(`${dir}/${name}`, bytes);
  }
  return all;
}

/** Paths (as `a.b[3]`) of every IdIndex reachable from `root`, skipping typed arrays. */
function idIndexPaths(root: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown, path: string): void => {
    if (v === null || typeof v !== 'object' || seen.has(v) || ArrayBuffer.isView(v)) return;
    seen.add(v);
    if (v instanceof IdIndex) {
      found.push(path);
      return;
    }
    // Records (the validated input rows) hold no id index; skipping them keeps the walk short.
    if (Array.isArray(v)) return;
    for (const [k, child] of Object.entries(v)) walk(child, `${path}.${k}`);
  };
  walk(root, '$');
  return found.sort();
}

describe('runShards({ parallel }): shards on worker threads', () => {
  it('a shard task survives structured cloning: every id index comes back as an IdIndex and no function is left in it', async () => {
    const data = await smallRetailer();
    const config = CampaignConfigSchema.parse(CONFIG);
    const prepared = prepareCampaign(config, data);
    const slice = sliceShard(data, prepared.profiles, prepared.model, partitionCustomers(data.customers.ids.ids, 3, shardSalt(config)), 1, undefined);
    const task = shardTask(config, prepared.day, slice, { index: 1, count: 3 }, data.offers, { outDir: '/tmp/x' });
    const paths = idIndexPaths(task);
    expect(paths.length).toBeGreaterThanOrEqual(12);
    const revived = reviveShardTask(structuredClone(task));
    expect(idIndexPaths(revived)).toEqual(paths);
    expect(revived.input.data.customers.ids.ids).toEqual(slice.data.customers.ids.ids);
    expect(revived.input.model.profiles).toBe(revived.input.profiles);
    expect(revived.input.data.transactions.minDay).toBe(data.transactions.minDay);
  });

  it('a posted task moves the slice\'s own columns and copies what it shares with the whole data set, which stays intact', async () => {
    const data = await smallRetailer();
    const config = CampaignConfigSchema.parse(CONFIG);
    const prepared = prepareCampaign(config, data);
    const partition = partitionCustomers(data.customers.ids.ids, 3, shardSalt(config));
    const options = { outDir: '/tmp/x' };
    const kept = arrayBuffersOf([config, data, prepared, partition, options]);
    const sum = (roots: unknown[]): number => [...arrayBuffersOf(roots)].reduce((s, b) => s + Array.from(new Uint8Array(b)).reduce((t, x, i) => (t + x * (i + 1)) % 1_000_003, 0), 0);
    const before = { bytes: sum([data, prepared]), buffers: arrayBuffersOf([data, prepared]).size };
    const slice = sliceShard(data, prepared.profiles, prepared.model, partition, 1, undefined);
    const task = shardTask(config, prepared.day, slice, { index: 1, count: 3 }, data.offers, options);
    const copy = structuredClone(task);
    const moved = transferList(task, kept);
    // The per-customer columns move: profiles, model rows, customer columns, the empty transaction table's row pointer.
    for (const column of [task.input.profiles.weightedSpend, task.input.model.entryAffinity, task.input.model.customerFactor, task.input.data.customers.region, task.input.data.transactions.rowPtr]) {
      expect(moved).toContain(column.buffer);
    }
    for (const buffer of moved) expect(kept.has(buffer)).toBe(false);
    // The slice's model shares the sliced profiles' row pointers and categories: one copy of each goes.
    expect(task.input.model.entryCategory).toBe(task.input.profiles.category);
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage(task, moved);
    const arrived = reviveShardTask((await received) as typeof task);
    port1.close();
    port2.close();
    expect(task.input.profiles.weightedSpend.length).toBe(0); // detached here
    expect(arrived).toEqual(reviveShardTask(copy));
    expect(arrived.input.model.entryCategory).toBe(arrived.input.profiles.category);
    expect({ bytes: sum([data, prepared]), buffers: arrayBuffersOf([data, prepared]).size }).toEqual(before);
  });

  it('writes byte-identical shard folders and merged mailing to the one-thread run, for any shard count and thread count, from task files or moved slices (fast-check)', async () => {
    const data = await smallRetailer();
    const prepared = prepareCampaign(CONFIG, data);
    // A run that fits its own profiles frees them by detaching their buffers: none of the data's or the given fit's may go.
    const byteLengths = (): number[] => [...arrayBuffersOf([data, prepared])].map((b) => b.byteLength);
    const lengthsBefore = byteLengths();
    const reference = new Map<number, Map<string, Buffer>>();
    await fc.assert(
      // Without `prepared` the run fits its own and goes through task files; with it, slices are moved to the threads.
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 3 }), fc.boolean(), async (count, parallel, givePrepared) => {
        if (!reference.has(count)) {
          const one = await tempDir();
          const seen: string[] = [];
          const progress: string[] = [];
          await runShards(CONFIG, data, one, count, {
            inputChecksums: SUMS,
            pricing: false,
            onShard: (e) => seen.push(`${e.index} ${e.status === 'stage' ? `${e.done}/${e.total} ${e.stage}` : e.status}`),
            onProgress: (stage, done, total) => progress.push(`${done}/${total} ${stage}`),
          });
          // On this thread each shard reports every stage to onShard and to onProgress, in order.
          const stages = CAMPAIGN_STAGES.map((stage, k) => `${k}/${CAMPAIGN_STAGES.length} ${stage}`);
          expect(seen).toEqual(Array.from({ length: count }, (_, i) => [`${i} starting`, ...stages.map((s) => `${i} ${s}`), `${i} done`]).flat());
          expect(progress).toEqual(Array.from({ length: count }, () => stages).flat());
          reference.set(count, await outputs(one, count));
        }
        const out = await tempDir();
        const events: ShardEvent[] = [];
        const mainThread: string[] = [];
        const result = await runShards(CONFIG, data, out, count, {
          inputChecksums: SUMS,
          pricing: false,
          parallel,
          onShard: (e) => events.push(e),
          onProgress: (stage, done, total) => mainThread.push(`${done}/${total} ${stage}`),
          ...(givePrepared ? { prepared } : {}),
        });
        // This thread fits (unless given the fit) and slices; the shards' own stages come through onShard.
        expect(mainThread).toEqual([...(givePrepared ? [] : ['0/10 profile', '1/10 model']), '2/10 shard']);
        expect((await readdir(out)).filter((name) => name.startsWith('.'))).toEqual([]); // task files are gone
        expect(byteLengths()).toEqual(lengthsBefore);
        expect(result.ran).toEqual(Array.from({ length: count }, (_, i) => i));
        const done = events.filter((e) => e.status === 'done');
        expect(done).toHaveLength(count);
        for (const e of done) if (e.status === 'done') expect(e.run).toBeUndefined();
        expect(done.reduce((s, e) => s + (e.status === 'done' ? e.summary.customers : 0), 0)).toBe(data.customers.ids.size);
        // Each shard's stages on its thread reach onShard in order, between its start and its end; the fit and slicing were this thread's.
        for (let index = 0; index < count; index++) {
          const mine = events.filter((e) => e.index === index).map((e) => (e.status === 'stage' ? `${e.done}/${e.total} ${e.stage}` : e.status));
          const onThread = CAMPAIGN_STAGES.slice(CAMPAIGN_STAGES.indexOf('cells'));
          expect(mine).toEqual(['starting', ...onThread.map((stage, k) => `${CAMPAIGN_STAGES.length - onThread.length + k}/${CAMPAIGN_STAGES.length} ${stage}`), 'done']);
        }
        expect(differingFiles(await outputs(out, count), reference.get(count)!)).toEqual([]);
      }),
      { numRuns: 6, seed: 17 },
    );
  }, 180_000);

  it('runs on spilled data (lines in part files) and matches the in-memory one-thread run; the first pass prices reach the threads', async () => {
    const r = generateRetailer({ customers: 1_200, offers: 150, seed: 11 });
    const spilled: Dataset = await ingest(
      { products: r.products, customers: r.customers, offers: r.offers, transactions: r.transactions(), contacts: r.contacts },
      { spill: { partCustomers: 250 } },
    );
    try {
      const data = await smallRetailer();
      const [a, b] = [await tempDir(), await tempDir()];
      await runShards(CONFIG, data, a, 3, { inputChecksums: SUMS, pricing: { sampleSize: 300 } });
      await runShards(CONFIG, spilled, b, 3, { inputChecksums: SUMS, pricing: { sampleSize: 300 }, parallel: 2 });
      expect(differingFiles(await outputs(b, 3), await outputs(a, 3))).toEqual([]);
    } finally {
      spilled.transactions.parts?.remove();
    }
  }, 60_000);

  it('writes into a folder that does not exist yet, without a first pass to create it (its task files go there first)', async () => {
    const data = await smallRetailer();
    const fresh = join(await tempDir(), 'not', 'yet');
    const result = await runShards(CONFIG, data, fresh, 2, { inputChecksums: SUMS, pricing: false, parallel: 2 });
    expect(result.ran).toEqual([0, 1]);
    expect(result.merge.manifest.counts.customers).toBe(data.customers.ids.size);
  });

  it('removes task folders that killed runs of this host left, and leaves those of live processes and other hosts', async () => {
    const data = await smallRetailer();
    const out = await tempDir();
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const host = hostname();
      const left = [`.shard-tasks-${host}-${deadPid}-aB3dE9`, `.shard-tasks-${host}-${running.pid!}-live01`, `.shard-tasks-elsewhere-${deadPid}-other1`];
      for (const name of left) await mkdir(join(out, name));
      await writeFile(join(out, left[0]!, 'shard-0.task'), 'stale');
      await runShards(CONFIG, data, out, 2, { inputChecksums: SUMS, pricing: false, parallel: 2 });
      expect((await readdir(out)).filter((name) => name.startsWith('.')).sort()).toEqual([left[1]!, left[2]!].sort());
    } finally {
      running.kill();
    }
  });

  it('resumes: a rerun skips finished shards and redoes only the one whose record was removed', async () => {
    const data = await smallRetailer();
    const out = await tempDir();
    await runShards(CONFIG, data, out, 3, { inputChecksums: SUMS, pricing: false, parallel: 2 });
    const before = await outputs(out, 3);
    await rm(join(out, 'shard-1-of-3', 'shard.json'));
    const again = await runShards(CONFIG, data, out, 3, { inputChecksums: SUMS, pricing: false, parallel: 2 });
    expect(again.ran).toEqual([1]);
    expect(again.skipped).toEqual([0, 2]);
    expect(differingFiles(await outputs(out, 3), before)).toEqual([]);
  }, 60_000);

  it('a shard that fails on its thread fails the run with the worker error once the shards in flight are done, and those stay finished', async () => {
    const data = await smallRetailer();
    const out = await tempDir();
    // A file where shard 2's folder should be: its writer cannot create the folder.
    await writeFile(join(out, 'shard-2-of-3'), 'in the way');
    const error = await runShards(CONFIG, data, out, 3, { inputChecksums: SUMS, pricing: false, parallel: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/shard worker failed: .*(EEXIST|ENOTDIR)/s);
    await rm(join(out, 'shard-2-of-3'));
    const resumed = await runShards(CONFIG, data, out, 3, { inputChecksums: SUMS, pricing: false, parallel: 2 });
    expect(resumed.ran).toEqual([2]);
  }, 60_000);

  it('mergeShards takes the checks runShards made while the shards ran, and refuses on a failed one without checking again', async () => {
    const data = await smallRetailer();
    const out = await tempDir();
    await runShards(CONFIG, data, out, 2, { inputChecksums: SUMS, pricing: false, parallel: 2 });
    const failed = { ok: false, problems: ['shard 1: checked earlier and found altered'], record: undefined };
    const error = await mergeShards(out, 2, { mergedDir: join(out, 'again'), checks: new Map([[1, failed]]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShardMergeError);
    expect((error as ShardMergeError).problems).toEqual(['shard 1: checked earlier and found altered']);
    // Without the stale check, the same folders merge to the same bytes as runShards wrote.
    await mergeShards(out, 2, { mergedDir: join(out, 'again') });
    expect(differingFiles(await filesOf(join(out, 'again')), await filesOf(join(out, 'mailing')))).toEqual([]);
  }, 60_000);

  it('refuses a parallel count that is not a positive integer', async () => {
    const data = await smallRetailer();
    await expect(runShards(CONFIG, data, await tempDir(), 2, { parallel: 0 })).rejects.toThrow(/parallel must be an integer >= 1/);
  });
});
