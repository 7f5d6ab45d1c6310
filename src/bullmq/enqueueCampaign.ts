import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { FlowProducer, type ConnectionOptions } from 'bullmq';
import { canonicalJson } from '../lib/canonicalJson.js';
import type { DataFiles } from '../ingest/ingestFiles.js';
import { configChecksum } from '../shard/shardRecord.js';
import { CampaignConfigSchema, type CampaignConfigInput } from '../schema/campaignConfig.js';
import { DEFAULT_PRICING_SAMPLE } from '../shard/shardPrices.js';
import { DEFAULT_QUEUE, MERGE_JOB, mergeJobId, PRICE_JOB, priceJobId, SHARD_JOB, shardJobId, type MergeJobData, type PriceJobData, type ShardJobData } from './campaignJobs.js';
import { inputChecksums, isUrl } from './fileSha256.js';
import { isHttpPrefix } from './remoteFolder.js';

/** Options of {@link enqueueCampaign}. */
export interface EnqueueCampaignOptions {
  /** BullMQ queue. Default `'offerkit'`. */
  queueName?: string;
  /**
   * Campaign id, the prefix of every job id (letters, digits, `.`, `_`, `-`). Default: the config's
   * name and 12 hex digits of a sha256 of the config, input checksums, shard count and output folder,
   * so enqueueing the same campaign again is a no-op and changing anything makes a new one.
   */
  campaignId?: string;
  /**
   * The CSV files, each a path every worker machine sees (made absolute here) or a URL every worker
   * can fetch (`http:`, `https:` or `file:`; workers download them once into a local cache, checked
   * against the sha256 taken here).
   */
  inputs: DataFiles;
  /** Campaign config (parsed and validated here). Default `{}`. */
  config?: CampaignConfigInput;
  /** Number of shards, an integer >= 1. */
  shards: number;
  /**
   * Output folder: a path every worker sees (made absolute here), or an `http(s)://` URL prefix on a
   * server that takes `PUT` and serves `GET` (workers then work in a local folder and upload). Shards go
   * to `shard-<i>-of-<n>/`, the first pass to `prices.json`, the merge to `mailing/`.
   */
  outDir: string;
  /** Attempts of each shard job; failures retry with exponential backoff. Default `3`. */
  attempts?: number;
  /** First retry delay in ms, doubled at each further attempt. Default `5000`. */
  backoffMs?: number;
  /** Stop at the first invalid record instead of collecting rejects (`offerkit run --strict`). Default `false`. */
  strict?: boolean;
  /** Skip unknown CSV columns (`offerkit run --ignore-unknown-columns`). Default `false`. */
  ignoreUnknownColumns?: boolean;
  /** offerkit version written into the manifests. Default `'unknown'`. */
  libraryVersion?: string;
  /**
   * The first pass: a pricing job finds the shadow prices of every capacity and budget on a sample of
   * about `sampleSize` customers, writes `outDir/prices.json`, and only then adds the shard jobs,
   * which all start from those prices. `false` skips it (shard jobs are enqueued at once). Default
   * `{ sampleSize: 20_000 }` when `shards > 1`, none for one shard.
   */
  pricing?: { readonly sampleSize?: number } | false;
}

/** The flow {@link enqueueCampaign} added (or found already there). */
export interface EnqueuedCampaign {
  readonly queueName: string;
  readonly campaignId: string;
  readonly count: number;
  readonly outDir: string;
  /** The merge (parent) job. */
  readonly mergeJobId: string;
  /** The pricing job (first pass), which adds the shard jobs when done; `undefined` without one. */
  readonly priceJobId: string | undefined;
  /** Shard jobs by shard index. */
  readonly shardJobIds: readonly string[];
  /** Input name -> sha256, as the shard jobs will check them. */
  readonly inputChecksums: Readonly<Record<string, string>>;
}

const CAMPAIGN_ID = /^[A-Za-z0-9._-]+$/;

/**
 * Enqueues a sharded campaign as one BullMQ flow: a shard job per shard (job id
 * `<campaign>-shard-<i>-of-<n>`, `attempts` with exponential backoff, failing the parent when its
 * last attempt fails) under a merge job (`<campaign>-merge-of-<n>`) that BullMQ starts once every
 * shard job completed. With more than one shard, a pricing job (`<campaign>-price-of-<n>`) comes
 * first: it writes the shadow prices of a sample to `outDir/prices.json` and then adds the shard jobs
 * under the merge job, so every shard starts from the same prices. Job ids are deterministic, so enqueueing the same campaign again adds no job.
 * Input files are hashed here; a worker refuses files that changed since.
 *
 * @throws RangeError when `shards` is not an integer >= 1 or `campaignId` has other characters;
 * the config's ZodError when it is invalid; the file system's error when an input cannot be read.
 * @example
 * const redis = redisConnection('redis://127.0.0.1:6379');
 * const flow = await enqueueCampaign(redis, { inputs, config: { seed: 7 }, shards: 8, outDir: '/mnt/shared/out' });
 * await waitForCampaign(redis, flow); // resolves when the merge is written
 *
 * Cost: one read of every input file (checksums) and one Redis round trip for the flow.
 */
export async function enqueueCampaign(connection: ConnectionOptions, options: EnqueueCampaignOptions): Promise<EnqueuedCampaign> {
  const count = options.shards;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`enqueueCampaign: shards must be an integer >= 1, got ${count}`);
  const config = CampaignConfigSchema.parse(options.config ?? {});
  // Paths are made absolute; URLs (http:, https:, file:) are kept as they are, for every worker to fetch.
  const inputs = Object.fromEntries(Object.entries(options.inputs).flatMap(([k, p]) => (p === undefined ? [] : [[k, isUrl(p as string) ? p : resolve(p as string)]]))) as unknown as DataFiles;
  const outDir = isHttpPrefix(options.outDir) ? options.outDir.replace(/\/+$/, '') : resolve(options.outDir);
  const checksums = await inputChecksums(inputs as unknown as Record<string, string>);
  const digest = createHash('sha256').update(canonicalJson([configChecksum(config), checksums, count, outDir])).digest('hex').slice(0, 12);
  const campaignId = options.campaignId ?? `${config.name.replace(/[^A-Za-z0-9._-]+/g, '-')}-${digest}`;
  if (!CAMPAIGN_ID.test(campaignId)) throw new RangeError(`enqueueCampaign: campaignId may hold letters, digits, '.', '_' and '-' only, got "${campaignId}"`);
  const queueName = options.queueName ?? DEFAULT_QUEUE;
  const pricing = options.pricing === false || (options.pricing === undefined && count === 1) ? null : { sampleSize: options.pricing?.sampleSize ?? DEFAULT_PRICING_SAMPLE };
  if (pricing !== null && !(Number.isInteger(pricing.sampleSize) && pricing.sampleSize >= 1)) {
    throw new RangeError(`enqueueCampaign: pricing.sampleSize must be a positive integer, got ${pricing.sampleSize}`);
  }
  const retries = { attempts: options.attempts ?? 3, backoffMs: options.backoffMs ?? 5000 };
  const common = {
    campaignId,
    count,
    inputs,
    inputChecksums: checksums,
    config,
    outDir,
    libraryVersion: options.libraryVersion ?? 'unknown',
    ingest: { onInvalid: options.strict === true ? 'throw' : 'collect', unknownColumns: options.ignoreUnknownColumns === true ? 'ignore' : 'error' },
  } as const;
  const merge: MergeJobData = { campaignId, count, outDir };
  const shardJobIds = Array.from({ length: count }, (_, i) => shardJobId(campaignId, i, count));
  const producer = new FlowProducer({ connection });
  try {
    // With a first pass, the merge waits on the pricing job, which adds the shard jobs under it when
    // the prices are written; without, the shard jobs are the merge's children from the start.
    const children =
      pricing === null
        ? shardJobIds.map((jobId, i) => ({ name: SHARD_JOB, queueName, data: { ...common, index: i, pricing: null } satisfies ShardJobData, opts: shardJobOptions(jobId, retries) }))
        : [{ name: PRICE_JOB, queueName, data: { ...common, pricing, shardJobs: retries } satisfies PriceJobData, opts: shardJobOptions(priceJobId(campaignId, count), retries) }];
    await producer.add({ name: MERGE_JOB, queueName, data: merge, opts: { jobId: mergeJobId(campaignId, count) }, children });
  } finally {
    await producer.close();
  }
  return {
    queueName,
    campaignId,
    count,
    outDir,
    mergeJobId: mergeJobId(campaignId, count),
    priceJobId: pricing === null ? undefined : priceJobId(campaignId, count),
    shardJobIds,
    inputChecksums: checksums,
  };
}

/**
 * Options of a shard (or pricing) job: retries with exponential backoff, and a last failure fails the
 * merge, so whoever waits on it hears of it.
 * @example queue.add(SHARD_JOB, data, shardJobOptions(id, { attempts: 3, backoffMs: 5000 }));
 * Cost: O(1).
 */
export function shardJobOptions(jobId: string, retries: { readonly attempts: number; readonly backoffMs: number }) {
  return { jobId, attempts: retries.attempts, backoff: { type: 'exponential', delay: retries.backoffMs }, failParentOnFailure: true } as const;
}
