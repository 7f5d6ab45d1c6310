import { join } from 'node:path';
import { runCampaign, type CampaignRun, type PreparedCampaign, type RunCampaignOptions } from '../campaign.js';
import type { Dataset } from '../ingest/ingest.js';
import { CampaignConfigSchema, type CampaignConfigInput } from '../schema/campaignConfig.js';
import { checkShard } from './checkShard.js';
import { mergeShards, type MergeShardsResult } from './mergeShards.js';
import { shardSalt } from './partitionCustomers.js';
import { configChecksum, shardDirName } from './shardRecord.js';
import { ensureShardPrices, pricesChecksum, type ShardPrices } from './shardPrices.js';

/** One shard's outcome, reported to {@link RunShardsOptions.onShard}. */
export type ShardEvent =
  | { readonly index: number; readonly count: number; readonly status: 'skipped' }
  | { readonly index: number; readonly count: number; readonly status: 'starting'; readonly reason: string }
  | { readonly index: number; readonly count: number; readonly status: 'done'; readonly run: CampaignRun };

/** Options of {@link runShards}: those of `runCampaign` (but `outDir`, `shard`, `prepared`), plus: */
export interface RunShardsOptions extends Omit<RunCampaignOptions, 'outDir' | 'shard' | 'prepared'> {
  /** Called when a shard is skipped (finished earlier), starts, or is done. */
  onShard?: (event: ShardEvent) => void;
  /** Folder of the merged mailing. Default `<outDir>/mailing`. */
  mergedDir?: string;
  /**
   * The first pass: shadow prices found on a sample of about `sampleSize` customers, written to
   * `<outDir>/prices.json` (or read from there when it matches) and handed to every shard. `false`
   * skips it. Default: `{ sampleSize: 20_000 }` when `count > 1`, none for one shard.
   */
  pricing?: { readonly sampleSize?: number } | false;
}

/** What {@link runShards} did. */
export interface RunShardsResult {
  /** Shards run now, by index. */
  readonly ran: readonly number[];
  /** Shards found finished and skipped. */
  readonly skipped: readonly number[];
  readonly merge: MergeShardsResult;
}

/**
 * Runs every shard of a campaign in this process, one after the other, then merges them: the
 * resumable form of a sharded run. A shard whose folder already holds a finished shard of the same
 * config and inputs (`checkShard`: its `shard.json` matches and its manifest verifies) is skipped,
 * so after a crash or a kill the same call redoes only the unfinished shards, and the merged files
 * are byte-identical to those of an uninterrupted run. Profiles and the model are fitted once
 * (on every customer) and shared by the shards run now.
 *
 * Changes to in-memory data are only noticed through `inputChecksums`; pass them (the CLI does).
 *
 * @throws RangeError when `count` is not an integer >= 1; ShardMergeError when the merge refuses.
 * @example
 * const { ran, skipped, merge } = await runShards(config, data, 'out', 4, { inputChecksums });
 * merge.manifest.counts.customers; // every customer
 *
 * Cost: that of `runCampaign` on each unfinished shard plus one profile and model fit, plus
 * reading every shard's files twice (check, merge).
 */
export async function runShards(configInput: CampaignConfigInput, data: Dataset, outDir: string, count: number, options: RunShardsOptions = {}): Promise<RunShardsResult> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`runShards: count must be an integer >= 1, got ${count}`);
  const config = CampaignConfigSchema.parse(configInput);
  const expected = { count, salt: shardSalt(config), configSha256: configChecksum(config), inputs: options.inputChecksums ?? {} };
  const { onShard, mergedDir, pricing, ...campaignOptions } = options;
  const ran: number[] = [];
  const skipped: number[] = [];
  let prepared: PreparedCampaign | undefined;
  let prices: ShardPrices | undefined;
  if (pricing !== false && (pricing !== undefined || count > 1)) {
    const first = await ensureShardPrices(outDir, config, data, {
      ...(pricing?.sampleSize === undefined ? {} : { sampleSize: pricing.sampleSize }),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.select === undefined ? {} : { select: options.select }),
      inputChecksums: expected.inputs,
    });
    prices = first.prices;
    prepared = first.prepared;
  }
  const pricesSha256 = prices === undefined ? null : pricesChecksum(prices);
  for (let index = 0; index < count; index++) {
    const check = await checkShard(join(outDir, shardDirName(index, count)), { ...expected, index, pricesSha256 });
    if (check.ok) {
      skipped.push(index);
      onShard?.({ index, count, status: 'skipped' });
      continue;
    }
    onShard?.({ index, count, status: 'starting', reason: check.problems[0] ?? 'not run yet' });
    const run = await runCampaign(config, data, { ...campaignOptions, outDir, shard: { index, count }, ...(prepared === undefined ? {} : { prepared }), ...(prices === undefined ? {} : { prices }) });
    prepared = run.prepared;
    ran.push(index);
    onShard?.({ index, count, status: 'done', run });
  }
  const merge = await mergeShards(outDir, count, mergedDir === undefined ? {} : { mergedDir });
  return { ran, skipped, merge };
}
