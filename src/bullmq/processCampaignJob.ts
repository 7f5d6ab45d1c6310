import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, UnrecoverableError, type ConnectionOptions, type Job } from 'bullmq';
import { CAMPAIGN_STAGES, runCampaign } from '../campaign.js';
import { canonicalJson } from '../lib/canonicalJson.js';
import type { Dataset } from '../ingest/ingest.js';
import { ingestFiles } from '../ingest/ingestFiles.js';
import { checkShard } from '../run/checkShard.js';
import { mergeShards, ShardMergeError } from '../run/mergeShards.js';
import { shardSalt } from '../shard/partitionCustomers.js';
import { configChecksum, shardDirName } from '../shard/shardRecord.js';
import { InvalidRecordError } from '../schema/invalidRecordError.js';
import { ensureShardPrices } from '../run/priceShards.js';
import { pricesChecksum, readShardPrices, SHARD_PRICES_FILE } from '../shard/shardPrices.js';
import { downloadMailing, downloadPrices, isHttpPrefix, putFile, uploadMailing, urlJoin } from './remoteFolder.js';
import {
  MERGE_JOB,
  PRICE_JOB,
  SHARD_JOB,
  shardJobData,
  shardJobId,
  type MergeJobData,
  type MergeJobResult,
  type PriceJobData,
  type PriceJobResult,
  type ShardJobData,
  type ShardJobResult,
  type ShardProgress,
} from './campaignJobs.js';
import { shardJobOptions } from './enqueueCampaign.js';
import { localInputs } from './fileSha256.js';

/**
 * The job's inputs, fetched when they are URLs, checked against their enqueue-time sha256 and
 * ingested as `offerkit run` does. Changed inputs and invalid records (under `--strict`) fail the job
 * for good: the same files fail the same way on any attempt.
 */
async function ingestJobInputs(d: Pick<ShardJobData, 'inputs' | 'inputChecksums' | 'ingest'>, what: string): Promise<Dataset> {
  const local = await localInputs(d.inputs);
  if (canonicalJson(local.checksums) !== canonicalJson(d.inputChecksums)) {
    throw new UnrecoverableError(`${what}: the input files changed since the campaign was enqueued (checksums ${canonicalJson(local.checksums)}, enqueued ${canonicalJson(d.inputChecksums)}); enqueue it again`);
  }
  try {
    return await ingestFiles(local.files, { onInvalid: d.ingest.onInvalid, unknownColumns: d.ingest.unknownColumns, spill: {} });
  } catch (error) {
    if (error instanceof InvalidRecordError) throw new UnrecoverableError(error.message);
    throw error;
  }
}

/** Folder, inside the campaign's output folder, where shards are written before being renamed into place. */
export const STAGING_DIR = '.staging';

/** Replaces folder `target` by `staged` with renames, so readers see the old folder, none, or the whole new one. */
async function publishDir(staged: string, target: string, trashDir: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const trash = join(trashDir, `replaced-${randomBytes(6).toString('hex')}`);
    await rename(target, trash).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    try {
      await rename(staged, target);
      await rm(trash, { recursive: true, force: true });
      return;
    } catch (error) {
      // Another worker published the same shard between our two renames: move theirs aside too (same bytes).
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 3) throw error;
    }
  }
}

/**
 * Runs one shard job: skips it when `checkShard` finds the shard finished with the same config and
 * inputs; otherwise checks the inputs still have their enqueue-time checksums, ingests them as
 * `offerkit run` does, runs the shard into a private staging folder and renames it over
 * `outDir/shard-<i>-of-<n>/`, so a retried or duplicated shard replaces the folder whole.
 * Reports `'ingest'` then each `runCampaign` stage through `job.updateProgress`.
 */
async function processShard(job: Job<ShardJobData>, worker: string, scoringThreads: number): Promise<ShardJobResult> {
  const remote = isHttpPrefix(job.data.outDir);
  // With a URL prefix, the job works in a local folder and moves files with GET / PUT.
  const workDir = remote ? await mkdtemp(join(tmpdir(), 'offerkit-shard-')) : job.data.outDir;
  try {
    if (remote) {
      await downloadPrices(job.data.outDir, workDir);
      await downloadMailing(urlJoin(job.data.outDir, shardDirName(job.data.index, job.data.count)), join(workDir, shardDirName(job.data.index, job.data.count)));
    }
    return await processShardIn(job, worker, scoringThreads, workDir);
  } finally {
    if (remote) await rm(workDir, { recursive: true, force: true });
  }
}

async function processShardIn(job: Job<ShardJobData>, worker: string, scoringThreads: number, workDir: string): Promise<ShardJobResult> {
  const d = job.data;
  const remote = workDir !== d.outDir;
  const { index, count } = d;
  const target = join(workDir, shardDirName(index, count));
  // The pricing job wrote prices.json before adding this job; a valid file is all the skip check needs.
  const written = d.pricing === null ? undefined : await readShardPrices(workDir);
  const usable = written !== undefined && written.configSha256 === configChecksum(d.config) && canonicalJson(written.inputs) === canonicalJson(d.inputChecksums) ? written : undefined;
  const expected = { index, count, salt: shardSalt(d.config), configSha256: configChecksum(d.config), inputs: d.inputChecksums };
  if (d.pricing === null || usable !== undefined) {
    const before = await checkShard(target, { ...expected, pricesSha256: usable === undefined ? null : pricesChecksum(usable) });
    if (before.ok) return { index, count, status: 'skipped', customers: before.record!.customers, rejects: 0, worker };
  }

  const total = CAMPAIGN_STAGES.length + 1;
  const progress = (p: Omit<ShardProgress, 'index' | 'count' | 'worker' | 'total'>): Promise<void> => job.updateProgress({ index, count, total, worker, ...p } satisfies ShardProgress);
  await progress({ stage: 'ingest', done: 0 });
  const data = await ingestJobInputs(d, `shard ${index} of ${count}`);
  // A worker lives through many jobs: the lines each job spilled to disk go with the job.
  try {
    // Normally read; computed here only when prices.json went missing (the same bytes: the pass is deterministic).
    const first = d.pricing === null ? undefined : await ensureShardPrices(workDir, d.config, data, { inputChecksums: d.inputChecksums, sampleSize: d.pricing.sampleSize, workers: scoringThreads });
    if (remote && first?.computed === true) await putFile(urlJoin(d.outDir, SHARD_PRICES_FILE), { path: join(workDir, SHARD_PRICES_FILE) });
    const expectedNow = { ...expected, pricesSha256: first === undefined ? null : pricesChecksum(first.prices) };
    const staging = join(workDir, STAGING_DIR, `${shardDirName(index, count)}-${randomBytes(6).toString('hex')}`);
    await mkdir(staging, { recursive: true });
    try {
      const run = await runCampaign(d.config, data, {
        ...(first === undefined ? {} : { prices: first.prices, ...(first.prepared === undefined ? {} : { prepared: first.prepared }) }),
        outDir: staging,
        shard: { index, count },
        inputChecksums: d.inputChecksums,
        libraryVersion: d.libraryVersion,
        workers: scoringThreads,
        // Progress is fire-and-forget: a lost update must not fail the shard.
        onProgress: (stage, done) => void progress({ stage, done: done + 1 }).catch(() => undefined),
      });
      if (remote) {
        // PUT is idempotent and shard.json goes last: a reader that finds the record finds the files it names.
        await uploadMailing(join(staging, shardDirName(index, count)), urlJoin(d.outDir, shardDirName(index, count)));
      } else if (!(await checkShard(target, expectedNow)).ok) {
        // A duplicate run (a job taken for stalled) may have published the same bytes already: leave them be.
        await publishDir(join(staging, shardDirName(index, count)), target, join(d.outDir, STAGING_DIR));
      }
      return { index, count, status: 'ran', customers: run.shard!.customers, rejects: data.report.rejects.length, worker };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  } finally {
    data.transactions.parts?.remove();
  }
}

/**
 * Runs the pricing job: checks the inputs, ingests them, writes `outDir/prices.json` (the first pass,
 * or the file already there for this campaign), then adds every shard job under the merge job. The
 * merge still waits on this job while it adds them, so it cannot start early; shard job ids are
 * deterministic, so a retried pricing job adds nothing twice.
 */
async function processPrice(job: Job<PriceJobData>, worker: string, scoringThreads: number, connection: ConnectionOptions | undefined): Promise<PriceJobResult> {
  const d = job.data;
  if (connection === undefined) throw new UnrecoverableError('processCampaignJob: a pricing job needs options.connection to add the shard jobs');
  const parentId = job.parent?.id;
  const parentQueue = job.parent?.queueKey;
  if (parentId === undefined || parentQueue === undefined) throw new UnrecoverableError(`pricing job ${job.id} has no parent merge job`);
  const data = await ingestJobInputs(d, `pricing of ${d.campaignId}`);
  const remote = isHttpPrefix(d.outDir);
  const workDir = remote ? await mkdtemp(join(tmpdir(), 'offerkit-price-')) : d.outDir;
  let first;
  try {
    if (remote) await downloadPrices(d.outDir, workDir);
    first = await ensureShardPrices(workDir, d.config, data, { inputChecksums: d.inputChecksums, sampleSize: d.pricing.sampleSize, workers: scoringThreads });
    if (remote && first.computed) await putFile(urlJoin(d.outDir, SHARD_PRICES_FILE), { path: join(workDir, SHARD_PRICES_FILE) });
  } finally {
    data.transactions.parts?.remove();
    if (remote) await rm(workDir, { recursive: true, force: true });
  }
  // The queue's prefix is the part of its qualified name ('<prefix>:<name>') before the name.
  const prefix = job.queueQualifiedName.slice(0, job.queueQualifiedName.length - job.queueName.length - 1);
  const queue = new Queue(job.queueName, { connection, prefix });
  try {
    await queue.addBulk(
      Array.from({ length: d.count }, (_, i) => ({
        name: SHARD_JOB,
        data: shardJobData(d, i),
        opts: { ...shardJobOptions(shardJobId(d.campaignId, i, d.count), d.shardJobs), parent: { id: parentId, queue: parentQueue } },
      })),
    );
  } finally {
    await queue.close();
  }
  return { status: first.computed ? 'ran' : 'read', sampleCustomers: first.prices.sample.customers, pricesSha256: pricesChecksum(first.prices), shardJobs: d.count, worker };
}

/** Runs the merge job: `mergeShards`; a refusal fails the job for good with every problem listed. */
async function processMerge(job: Job<MergeJobData>): Promise<MergeJobResult> {
  const { outDir, count } = job.data;
  const remote = isHttpPrefix(outDir);
  // With a URL prefix: download every shard, merge locally (the same checks), upload the merged mailing.
  const workDir = remote ? await mkdtemp(join(tmpdir(), 'offerkit-merge-')) : outDir;
  try {
    if (remote) for (let i = 0; i < count; i++) await downloadMailing(urlJoin(outDir, shardDirName(i, count)), join(workDir, shardDirName(i, count)));
    const { dir, manifest } = await mergeShards(workDir, count);
    if (remote) await uploadMailing(dir, urlJoin(outDir, 'mailing'));
    const c = manifest.counts;
    return { dir: remote ? urlJoin(outDir, 'mailing') : dir, customers: c.customers, customersMailed: c.customersMailed, variants: c.variants, offerLines: c.offerLines };
  } catch (error) {
    if (error instanceof ShardMergeError) throw new UnrecoverableError(error.message);
    throw error;
  } finally {
    if (remote) await rm(workDir, { recursive: true, force: true });
  }
}

/** Options of {@link processCampaignJob}. */
export interface ProcessCampaignJobOptions {
  /** Name reported in progress and results. Default `'worker'`. */
  worker?: string;
  /** Scoring threads of `runCampaign` (`workers`); results are identical for any value. Default `1`. */
  scoringThreads?: number;
  /** Redis connection, for the pricing job to add the shard jobs. Required to process pricing jobs. */
  connection?: ConnectionOptions;
}

/**
 * The processor of offerkit's campaign jobs: a `'price'` job runs the first pass and adds the shard
 * jobs, a `'shard'` job runs (or skips) one shard, a `'merge'` job merges the shards. What {@link startWorker} runs; use it in a BullMQ `Worker` of your own.
 *
 * @throws UnrecoverableError (no retry) when inputs changed since enqueue, are invalid under
 * `--strict`, or the merge refuses; other errors are retried by BullMQ.
 * @example
 * new Worker('offerkit', (job) => processCampaignJob(job, { worker: 'a' }), { connection: redis });
 *
 * Cost: a shard job, that of `runCampaign` on the shard plus ingesting every input file; a merge
 * job, that of `mergeShards`.
 */
export async function processCampaignJob(job: Job, options: ProcessCampaignJobOptions = {}): Promise<ShardJobResult | MergeJobResult | PriceJobResult> {
  if (job.name === PRICE_JOB) return processPrice(job as Job<PriceJobData>, options.worker ?? 'worker', options.scoringThreads ?? 1, options.connection);
  if (job.name === SHARD_JOB) return processShard(job as Job<ShardJobData>, options.worker ?? 'worker', options.scoringThreads ?? 1);
  if (job.name === MERGE_JOB) return processMerge(job as Job<MergeJobData>);
  throw new UnrecoverableError(`processCampaignJob: unknown job name "${job.name}" (expected "${PRICE_JOB}", "${SHARD_JOB}" or "${MERGE_JOB}")`);
}
