import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import type { MergeJobResult, PriceJobResult, ShardJobResult, ShardProgress } from './campaignJobs.js';
import type { EnqueuedCampaign } from './enqueueCampaign.js';

/** What {@link waitForCampaign} reports about a campaign's jobs while it runs. */
export type CampaignEvent =
  | { readonly type: 'progress'; readonly jobId: string; readonly progress: ShardProgress }
  | { readonly type: 'completed'; readonly jobId: string; readonly result: ShardJobResult }
  | { readonly type: 'priced'; readonly jobId: string; readonly result: PriceJobResult }
  | { readonly type: 'stalled'; readonly jobId: string }
  | { readonly type: 'failed'; readonly jobId: string; readonly reason: string };

/** Options of {@link waitForCampaign}. */
export interface WaitForCampaignOptions {
  /** Called for every event of the campaign's pricing and shard jobs. */
  onEvent?: (event: CampaignEvent) => void;
}

/** A campaign's merge job failed: a shard failed for good, or the merge refused (`reason` lists why). */
export class CampaignFailedError extends Error {
  override readonly name = 'CampaignFailedError';
  constructor(
    readonly jobId: string,
    readonly reason: string,
  ) {
    super(`campaign job ${jobId} failed: ${reason}`);
  }
}

/**
 * Waits until a campaign's merge job completes, reporting the pricing job's result and its shard jobs' progress, completions,
 * stalls (a worker died; BullMQ requeues the job) and failed attempts through `onEvent`, from
 * BullMQ's QueueEvents. Resolves at once when the merge already completed.
 *
 * @throws CampaignFailedError when the merge job fails (after a shard failed for good, or when the merge refused).
 * @example
 * const merged = await waitForCampaign(redis, await enqueueCampaign(redis, options), { onEvent: console.log });
 * merged.dir; // '<outDir>/mailing'
 *
 * Cost: one Redis stream read loop until the merge finishes.
 */
export async function waitForCampaign(connection: ConnectionOptions, campaign: EnqueuedCampaign, options: WaitForCampaignOptions = {}): Promise<MergeJobResult> {
  const events = new QueueEvents(campaign.queueName, { connection });
  const queue = new Queue(campaign.queueName, { connection });
  const shards = new Set(campaign.shardJobIds);
  const price = campaign.priceJobId;
  // Stalls and failures are reported for the pricing job too (its id is not a shard's).
  const watched = new Set([...campaign.shardJobIds, ...(price === undefined ? [] : [price])]);
  const onEvent = options.onEvent ?? (() => undefined);
  try {
    return await new Promise<MergeJobResult>((resolve, reject) => {
      // A merge failed by a child names only the child: add the reasons of the shards that failed for good.
      const fail = (reason: string): void =>
        void (async () => {
          const lines = [reason];
          for (const id of watched) {
            const job = await queue.getJob(id);
            if (job !== undefined && (await job.getState()) === 'failed') lines.push(`${id}: ${job.failedReason}`);
          }
          return lines.join('\n');
        })().then((why) => reject(new CampaignFailedError(campaign.mergeJobId, why)), reject);
      events.on('progress', ({ jobId, data }) => {
        if (shards.has(jobId)) onEvent({ type: 'progress', jobId, progress: data as ShardProgress });
      });
      events.on('stalled', ({ jobId }) => {
        if (watched.has(jobId)) onEvent({ type: 'stalled', jobId });
      });
      events.on('completed', ({ jobId, returnvalue }) => {
        if (shards.has(jobId)) onEvent({ type: 'completed', jobId, result: returnvalue as unknown as ShardJobResult });
        if (jobId === price) onEvent({ type: 'priced', jobId, result: returnvalue as unknown as PriceJobResult });
        if (jobId === campaign.mergeJobId) resolve(returnvalue as unknown as MergeJobResult);
      });
      events.on('failed', ({ jobId, failedReason }) => {
        if (watched.has(jobId)) onEvent({ type: 'failed', jobId, reason: failedReason });
        if (jobId === campaign.mergeJobId) fail(failedReason);
      });
      // Listen first, then look: a merge that finished before we listened is caught here.
      void (async () => {
        await events.waitUntilReady();
        const job = await queue.getJob(campaign.mergeJobId);
        if (job === undefined) return reject(new Error(`waitForCampaign: no job ${campaign.mergeJobId} in queue ${campaign.queueName}; enqueue the campaign first`));
        const state = await job.getState();
        if (state === 'completed') resolve(job.returnvalue as MergeJobResult);
        else if (state === 'failed') fail(job.failedReason);
      })().catch(reject);
    });
  } finally {
    await events.close();
    await queue.close();
  }
}
