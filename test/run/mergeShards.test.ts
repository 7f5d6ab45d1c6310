import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyManifest } from '../../src/assemble/index.js';
import { runCampaign } from '../../src/campaign.js';
import { merge } from '../../src/cli/merge.js';
import { mergeShards, ShardMergeError } from '../../src/run/index.js';
import { readShardRecord } from '../../src/shard/index.js';
import { CONFIG, differingFiles, filesOf, removeTempDirs, smallRetailer, tempDir } from '../campaign/fixtures.js';

afterAll(removeTempDirs);
const N = 3;

/** The three shards of CONFIG on the small retailer, run once for the file. */
let sharded: Promise<string> | undefined;
function threeShards(): Promise<string> {
  sharded ??= (async () => {
    const data = await smallRetailer();
    const out = await tempDir();
    let prepared;
    for (let i = 0; i < N; i++) prepared = (await runCampaign(CONFIG, data, { outDir: out, shard: { index: i, count: N }, prepared })).prepared;
    return out;
  })();
  return sharded;
}

describe('sharded runs and mergeShards', () => {
  it('runCampaign shards cover every customer once and stay within their capacity shares', async () => {
    const data = await smallRetailer();
    const out = await threeShards();
    let customers = 0;
    const usedPerOffer = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const dir = join(out, `shard-${i}-of-${N}`);
      expect((await verifyManifest(dir)).ok).toBe(true);
      const record = (await readShardRecord(dir))!;
      customers += record.customers;
      const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest.counts.customers).toBe(record.customers);
      const lines = parse(await readFile(join(dir, 'offers.csv')), { columns: true }) as { offer_id: string }[];
      const mine = new Map<string, number>();
      for (const l of lines) mine.set(l.offer_id, (mine.get(l.offer_id) ?? 0) + 1);
      for (let j = 0; j < record.limits.offers.length; j++) {
        const share = record.limits.capacityShare[j];
        if (share !== null) expect(mine.get(record.limits.offers[j]!) ?? 0).toBeLessThanOrEqual(share!);
      }
      for (const [id, n] of mine) usedPerOffer.set(id, (usedPerOffer.get(id) ?? 0) + n);
    }
    expect(customers).toBe(data.customers.ids.size);
    let atCapacity = 0;
    for (let o = 0; o < data.offers.ids.size; o++) {
      const used = usedPerOffer.get(data.offers.ids.id(o)) ?? 0;
      expect(used).toBeLessThanOrEqual(data.offers.capacity[o]!);
      if (used === data.offers.capacity[o]) atCapacity++;
    }
    expect(atCapacity).toBeGreaterThan(0); // the capacity check is not vacuous
  });

  it('mergeShards(out, n) writes a verifying mailing whose variants sum to the shards and whose rows are the shards\' rows', async () => {
    const out = await threeShards();
    const { manifest, dir, capacityUsed } = await mergeShards(out, N);
    expect((await verifyManifest(dir)).ok).toBe(true);
    const variants = parse(await readFile(join(dir, 'variants.csv')), { columns: true }) as { variant_id: string; customers: string }[];
    const assignments = parse(await readFile(join(dir, 'assignments.csv')), { columns: true }) as { customer_id: string; variant_id: string }[];
    expect(manifest.counts.customersMailed).toBe(assignments.length);
    const perVariant = new Map<string, number>();
    for (const a of assignments) perVariant.set(a.variant_id, (perVariant.get(a.variant_id) ?? 0) + 1);
    expect(variants.length).toBe(perVariant.size);
    for (const v of variants) expect(Number(v.customers)).toBe(perVariant.get(v.variant_id));
    expect(variants.map((v) => v.variant_id)).toEqual(variants.map((v) => v.variant_id).sort());
    expect(new Set(assignments.map((a) => a.customer_id)).size).toBe(assignments.length);
    let shardLines = 0;
    for (let i = 0; i < N; i++) shardLines += (parse(await readFile(join(out, `shard-${i}-of-${N}`, 'offers.csv')), { columns: true }) as unknown[]).length;
    expect(manifest.counts.offerLines).toBe(shardLines);
    for (const { used, capacity } of Object.values(capacityUsed)) expect(used).toBeLessThanOrEqual(capacity);
  });

  it('mergeShards of a single shard reproduces its files byte for byte', async () => {
    const data = await smallRetailer();
    const out = await tempDir();
    const run = await runCampaign(CONFIG, data, { outDir: out, shard: { index: 0, count: 1 } });
    const { dir } = await mergeShards(out, 1);
    const shardFiles = await filesOf(run.outDir!);
    shardFiles.delete('shard.json');
    expect(differingFiles(shardFiles, await filesOf(dir))).toEqual([]);
  });

  it('mergeShards refuses a missing shard, an altered file and a shard of another config, and the merge CLI exits 1', async () => {
    const data = await smallRetailer();
    const src = await threeShards();
    const expectRefusal = async (out: string, pattern: RegExp): Promise<void> => {
      const error = await mergeShards(out, N).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ShardMergeError);
      expect((error as ShardMergeError).problems.join('\n')).toMatch(pattern);
    };
    // Copies of the shard folders only (an earlier test merged into src/mailing).
    const copyShards = async (): Promise<string> => {
      const out = await tempDir();
      await cp(src, out, { recursive: true });
      await rm(join(out, 'mailing'), { recursive: true, force: true });
      return out;
    };
    const missing = await copyShards();
    await rm(join(missing, 'shard-1-of-3'), { recursive: true });
    await expectRefusal(missing, /shard 1 of 3 is missing/);
    const errors: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args.join(' '));
    try {
      expect(await merge(['--out', missing, '--shards', '3'])).toBe(1);
      expect(await merge(['--out', missing])).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toMatch(/refused.*\n.*shard 1 of 3 is missing/);

    const altered = await copyShards();
    const path = join(altered, 'shard-2-of-3', 'offers.csv');
    const bytes = await readFile(path);
    bytes[bytes.length - 3] = bytes[bytes.length - 3] === 0x41 ? 0x42 : 0x41;
    await writeFile(path, bytes);
    await expectRefusal(altered, /shard-2-of-3: offers\.csv: sha256/);

    const mixed = await copyShards();
    await runCampaign({ ...CONFIG, seed: CONFIG.seed + 1 }, data, { outDir: mixed, shard: { index: 0, count: N } });
    await expectRefusal(mixed, /shard 1 disagrees with shard 0 on the sharding salt[\s\S]*campaign config/);

    // A union over capacity: lower one used offer's capacity in every record (shares kept within it).
    const over = await copyShards();
    const { capacityUsed } = await mergeShards(src, N, { mergedDir: join(over, 'probe') });
    const [offer, { used }] = Object.entries(capacityUsed).find(([, u]) => u.used > 1)!;
    for (let i = 0; i < N; i++) {
      const file = join(over, `shard-${i}-of-${N}`, 'shard.json');
      const record = JSON.parse(await readFile(file, 'utf8'));
      const j = record.limits.offers.indexOf(offer);
      record.limits.capacity[j] = used - 1;
      record.limits.capacityShare[j] = i === 0 ? 0 : Math.floor((used - 1) / N);
      await writeFile(file, JSON.stringify(record));
    }
    await expectRefusal(over, new RegExp(`offer ${offer}: ${used} customers hold it across shards, over its capacity ${used - 1}`));

    // nothing was written by the refused merges
    for (const out of [missing, altered, mixed, over]) await expect(readFile(join(out, 'mailing', 'manifest.json'))).rejects.toThrow();
  });
});
