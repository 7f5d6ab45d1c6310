import type { CampaignStage } from '../campaign.js';
import type { DataFiles } from '../ingest/ingestFiles.js';
import { shardDirName } from '../shard/shardRecord.js';
import type { CampaignConfig } from '../schema/campaignConfig.js';

/** Default BullMQ queue of offerkit campaigns. */
export const DEFAULT_QUEUE = 'offerkit';
/** Job name of a shard job (one per shard, children of the merge job). */
export const SHARD_JOB = 'shard';
/** Job name of the merge job (the parent, processed once every shard job completed). */
export const MERGE_JOB = 'merge';
/** Job name of the pricing job: the first pass, which then adds the shard jobs under the merge job. */
export const PRICE_JOB = 'price';

/** Ingest options of a job, as `offerkit run` takes them. */
export interface JobIngestOptions {
  /** `'collect'` keeps going and records rejects (`offerkit run`), `'throw'` stops at the first (`--strict`). */
  readonly onInvalid: 'collect' | 'throw';
  /** `'error'` rejects unknown CSV columns (`offerkit run`), `'ignore'` skips them (`--ignore-unknown-columns`). */
  readonly unknownColumns: 'error' | 'ignore';
}

/** Data of a shard job: everything that decides its output bytes, so any worker produces the same files. */
export interface ShardJobData {
  readonly campaignId: string;
  readonly index: number;
  readonly count: number;
  /** Absolute CSV paths on the shared file system. */
  readonly inputs: DataFiles;
  /** Input name -> sha256 at enqueue time; a worker refuses files that changed since. */
  readonly inputChecksums: Readonly<Record<string, string>>;
  /** The parsed campaign config. */
  readonly config: CampaignConfig;
  /** Absolute output folder on the shared file system; the shard goes to `outDir/shard-<i>-of-<n>/`. */
  readonly outDir: string;
  readonly libraryVersion: string;
  readonly ingest: JobIngestOptions;
  /** The first pass whose `outDir/prices.json` the shard starts from; `null` = none. */
  readonly pricing: { readonly sampleSize: number } | null;
}

/**
 * Data of the pricing job: the shard job data without the index (each shard job is this plus its
 * index), and the retry options the shard jobs it adds get.
 */
export interface PriceJobData extends Omit<ShardJobData, 'index' | 'pricing'> {
  readonly pricing: { readonly sampleSize: number };
  readonly shardJobs: { readonly attempts: number; readonly backoffMs: number };
}

/** What the pricing job returns. */
export interface PriceJobResult {
  /** `'read'`: `prices.json` was already there for this campaign. */
  readonly status: 'ran' | 'read';
  /** Customers in the pricing sample. */
  readonly sampleCustomers: number;
  readonly pricesSha256: string;
  /** Shard jobs added (or found already added) under the merge job. */
  readonly shardJobs: number;
  readonly worker: string;
}

/** Data of the merge job. */
export interface MergeJobData {
  readonly campaignId: string;
  readonly count: number;
  readonly outDir: string;
}

/** What a shard job returns. */
export interface ShardJobResult {
  readonly index: number;
  readonly count: number;
  /** `'skipped'`: the folder already held this shard, finished with the same config and inputs. */
  readonly status: 'ran' | 'skipped';
  /** Customers in the shard. */
  readonly customers: number;
  /** Input records rejected by the ingest (0 when skipped). */
  readonly rejects: number;
  readonly worker: string;
}

/** What the merge job returns. */
export interface MergeJobResult {
  /** Folder of the merged mailing. */
  readonly dir: string;
  readonly customers: number;
  readonly customersMailed: number;
  readonly variants: number;
  readonly offerLines: number;
}

/** Progress a shard job reports (`job.updateProgress`): `'ingest'`, then the stages of `runCampaign`. */
export interface ShardProgress {
  readonly index: number;
  readonly count: number;
  readonly stage: 'ingest' | CampaignStage;
  /** Stages finished so far, of `total` (`ingest` counts as one). */
  readonly done: number;
  readonly total: number;
  /** Name of the worker running the shard. */
  readonly worker: string;
}

/**
 * Job id of shard `index` of `count` of a campaign: `<campaignId>-shard-<i>-of-<n>`. Deterministic,
 * so enqueueing the same campaign twice adds nothing (BullMQ ignores a job id it already holds).
 * @example shardJobId('spring', 0, 4); // 'spring-shard-0-of-4'
 * Cost: O(1).
 */
export function shardJobId(campaignId: string, index: number, count: number): string {
  return `${campaignId}-${shardDirName(index, count)}`;
}

/**
 * Job id of a campaign's merge job: `<campaignId>-merge-of-<n>`.
 * @example mergeJobId('spring', 4); // 'spring-merge-of-4'
 * Cost: O(1).
 */
export function mergeJobId(campaignId: string, count: number): string {
  return `${campaignId}-merge-of-${count}`;
}

/**
 * Job id of a campaign's pricing job: `<campaignId>-price-of-<n>`.
 * @example priceJobId('spring', 4); // 'spring-price-of-4'
 * Cost: O(1).
 */
export function priceJobId(campaignId: string, count: number): string {
  return `${campaignId}-price-of-${count}`;
}

/**
 * The data of shard `index`'s job, from the pricing job's data.
 * @example const data = shardJobData(priceJob.data, 0);
 * Cost: O(1).
 */
export function shardJobData(d: PriceJobData, index: number): ShardJobData {
  const { shardJobs: _retries, ...common } = d;
  return { ...common, index };
}
