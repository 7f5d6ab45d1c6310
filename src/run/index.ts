export { partitionCustomers, shardRows, shardSalt, type CustomerPartition } from './partitionCustomers.js';
export { splitQuota } from './splitQuota.js';
export { shardLimits, type ShardLimits } from './shardLimits.js';
export { sliceDataset, type SliceDatasetOptions } from './sliceDataset.js';
export { sliceProfiles } from './sliceProfiles.js';
export { sliceModel } from './sliceModel.js';
export {
  SHARD_RECORD_FILE,
  SHARD_RECORD_FORMAT,
  configChecksum,
  readShardRecord,
  shardDirName,
  writeShardRecord,
  type ShardRecord,
  type ShardRecordLimits,
} from './shardRecord.js';
export { checkShard, type ShardCheck, type ShardExpectation } from './checkShard.js';
export { mergeShards, ShardMergeError, type MergeShardsOptions, type MergeShardsResult } from './mergeShards.js';
export { runShards, type RunShardsOptions, type RunShardsResult, type ShardEvent } from './runShards.js';
export { runSummary, type RunSummary } from './runSummary.js';
export {
  DEFAULT_PRICING_SAMPLE,
  ensureShardPrices,
  initialPricesFor,
  priceShards,
  pricesChecksum,
  pricingSalt,
  readShardPrices,
  SHARD_PRICES_FILE,
  SHARD_PRICES_FORMAT,
  writeShardPrices,
  type InitialPrices,
  type PriceShardsOptions,
  type ShardPrices,
} from './shardPrices.js';
