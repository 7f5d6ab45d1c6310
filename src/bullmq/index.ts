export {
  DEFAULT_QUEUE,
  MERGE_JOB,
  PRICE_JOB,
  SHARD_JOB,
  mergeJobId,
  priceJobId,
  shardJobData,
  shardJobId,
  type PriceJobData,
  type PriceJobResult,
  type JobIngestOptions,
  type MergeJobData,
  type MergeJobResult,
  type ShardJobData,
  type ShardJobResult,
  type ShardProgress,
} from './campaignJobs.js';
export { enqueueCampaign, shardJobOptions, type EnqueueCampaignOptions, type EnqueuedCampaign } from './enqueueCampaign.js';
export { processCampaignJob, STAGING_DIR, type ProcessCampaignJobOptions } from './processCampaignJob.js';
export { redisConnection } from './redisConnection.js';
export { startWorker, type StartWorkerOptions } from './startWorker.js';
export { CampaignFailedError, waitForCampaign, type CampaignEvent, type WaitForCampaignOptions } from './waitForCampaign.js';
