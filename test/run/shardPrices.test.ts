import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCampaign } from '../../src/campaign.js';
import { shardOf } from '../../src/measure/index.js';
import { ensureShardPrices, mergeShards, priceShards, runShards, ShardMergeError } from '../../src/run/index.js';
import { initialPricesFor, pricesChecksum, pricingSalt, readShardPrices, readShardRecord, SHARD_PRICES_FILE, shardSalt } from '../../src/shard/index.js';
import { CONFIG, removeTempDirs, smallRetailer, tempDir } from '../campaign/fixtures.js';

afterAll(removeTempDirs);
const SUMS = { data: 'a'.repeat(64) };

describe('shard prices (the first pass)', () => {
  it('priceShards(config, data, { sampleSize }) samples one part of a pricing-salted partition and is deterministic', async () => {
    const data = await smallRetailer();
    const a = await priceShards(CONFIG, data, { sampleSize: 400 });
    const b = await priceShards(CONFIG, data, { sampleSize: 400, prepared: a.prepared });
    expect(pricesChecksum(b.prices)).toBe(pricesChecksum(a.prices));
    const parts = Math.round(data.customers.ids.size / 400);
    expect(a.prices.sample).toMatchObject({ of: data.customers.ids.size, parts, salt: pricingSalt(CONFIG), requested: 400 });
    expect(pricingSalt(CONFIG)).not.toBe(shardSalt(CONFIG));
    let inSample = 0;
    for (const id of data.customers.ids.ids) if (shardOf(id, pricingSalt(CONFIG), parts) === 0) inSample++;
    expect(a.prices.sample.customers).toBe(inSample);
    // Every offer with a finite capacity or budget is listed, and only those.
    const limited = data.customers.ids.size > 0 ? [...Array(data.offers.ids.size).keys()].filter((o) => Number.isFinite(data.offers.capacity[o]!) || Number.isFinite(data.offers.budget[o]!)) : [];
    expect(a.prices.offers).toEqual(limited.map((o) => data.offers.ids.id(o)));
    expect(limited.length).toBeGreaterThan(0);
    // Some capacity binds on the sample: at least one positive price, none negative.
    expect(a.prices.capacityPrice.some((p) => p > 0)).toBe(true);
    expect(a.prices.capacityPrice.every((p) => p >= 0)).toBe(true);
    // Mapped back by id onto the offer table.
    const initial = initialPricesFor(a.prices, data.offers);
    a.prices.offers.forEach((id, j) => expect(initial.capacity[data.offers.ids.get(id)!]).toBe(a.prices.capacityPrice[j]));
  });

  it('runShards writes prices.json once, every shard records its checksum, and a resumed run reads it instead of pricing again', async () => {
    const data = await smallRetailer();
    const out = await tempDir();
    const first = await runShards(CONFIG, data, out, 3, { pricing: { sampleSize: 400 }, inputChecksums: SUMS });
    expect(first.ran).toEqual([0, 1, 2]);
    const prices = (await readShardPrices(out))!;
    expect(prices.inputs).toEqual(SUMS);
    for (let i = 0; i < 3; i++) expect((await readShardRecord(join(out, `shard-${i}-of-3`)))!.pricesSha256).toBe(pricesChecksum(prices));
    const again = await ensureShardPrices(out, CONFIG, data, { sampleSize: 400, inputChecksums: SUMS });
    expect(again.computed).toBe(false);
    // Another sample size is another first pass: the shards no longer match and run again.
    const bytes = await readFile(join(out, SHARD_PRICES_FILE));
    const resumed = await runShards(CONFIG, data, out, 3, { pricing: { sampleSize: 400 }, inputChecksums: SUMS });
    expect(resumed.skipped).toEqual([0, 1, 2]);
    expect((await readFile(join(out, SHARD_PRICES_FILE))).equals(bytes)).toBe(true);
    const other = await ensureShardPrices(out, CONFIG, data, { sampleSize: 300, inputChecksums: SUMS });
    expect(other.computed).toBe(true);
    const rerun = await runShards(CONFIG, data, out, 3, { pricing: { sampleSize: 300 }, inputChecksums: SUMS });
    expect(rerun.ran).toEqual([0, 1, 2]);
  });

  it('mergeShards refuses shards that started from different prices', async () => {
    const data = await smallRetailer();
    const out = await tempDir();
    const { prices, prepared } = await priceShards(CONFIG, data, { sampleSize: 400 });
    await runCampaign(CONFIG, data, { outDir: out, shard: { index: 0, count: 2 }, prices, prepared });
    await runCampaign(CONFIG, data, { outDir: out, shard: { index: 1, count: 2 }, prepared });
    const error = await mergeShards(out, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShardMergeError);
    expect(String((error as Error).message)).toMatch(/first-pass prices/);
    await rm(join(out, 'mailing'), { recursive: true, force: true });
  });

  it('runCampaign(config, data, { prices }) rejects prices found for another config', async () => {
    const data = await smallRetailer();
    const { prices, prepared } = await priceShards(CONFIG, data, { sampleSize: 400 });
    await expect(runCampaign({ ...CONFIG, seed: 6 }, data, { prices, prepared, shard: { index: 0, count: 2 } })).rejects.toThrow(RangeError);
  });
});
