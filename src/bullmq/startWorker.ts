import { hostname } from 'node:os';
import { Worker, type ConnectionOptions } from 'bullmq';
import { DEFAULT_QUEUE, type MergeJobResult, type PriceJobResult, type ShardJobResult } from './campaignJobs.js';
import { processCampaignJob } from './processCampaignJob.js';

/** Options of {@link startWorker}. */
export interface StartWorkerOptions {
  /** BullMQ queue. Default `'offerkit'`. */
  queueName?: string;
  /** Jobs this worker runs at once (each shard holds its whole data set in memory). Default `1`. */
  concurrency?: number;
  /** Scoring threads per shard (`runCampaign`'s `workers`). Default `1`. */
  scoringThreads?: number;
  /** Worker name, shown in progress. Default `<hostname>:<pid>`. */
  name?: string;
  /**
   * Lock of an active job in ms, renewed every half of it. The pipeline from profiles to assembly
   * runs without yielding, so this must exceed the longest such stretch of a shard, or the job is
   * taken for stalled and run twice (harmless: the same bytes, renamed into place). A killed
   * worker's shard is picked up after at most `lockDuration + stalledInterval`. Default `300_000`.
   */
  lockDuration?: number;
  /** How often this worker looks for stalled jobs, in ms. Default `30_000`. */
  stalledInterval?: number;
  /** Times a job may stall (its worker died) and be requeued before it fails. Default `1`. */
  maxStalledCount?: number;
}

/**
 * Starts a BullMQ worker for offerkit campaigns on `queueName`: it runs pricing, shard and merge jobs
 * ({@link processCampaignJob}). Retries (`attempts`, backoff) come from the jobs' options set by
 * {@link enqueueCampaign}; a job whose worker died is requeued by BullMQ's stalled-job check, run by
 * every worker. Close it with `await worker.close()` (waits for the active jobs).
 *
 * @example
 * const worker = startWorker(redisConnection('redis://queue:6379'), { concurrency: 1 });
 * process.on('SIGTERM', () => void worker.close());
 *
 * Cost: O(1) to start; each job as {@link processCampaignJob}.
 */
export function startWorker(connection: ConnectionOptions, options: StartWorkerOptions = {}): Worker<unknown, ShardJobResult | MergeJobResult | PriceJobResult> {
  const name = options.name ?? `${hostname()}:${process.pid}`;
  return new Worker(options.queueName ?? DEFAULT_QUEUE, (job) => processCampaignJob(job, { worker: name, scoringThreads: options.scoringThreads ?? 1, connection }), {
    connection,
    name,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDuration ?? 300_000,
    stalledInterval: options.stalledInterval ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 1,
  });
}
