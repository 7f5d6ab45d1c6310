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
export {
  DEFAULT_PRICING_SAMPLE,
  initialPricesFor,
  pricesChecksum,
  pricingSalt,
  readShardPrices,
  SHARD_PRICES_FILE,
  SHARD_PRICES_FORMAT,
  writeShardPrices,
  type InitialPrices,
  type ShardPrices,
} from './shardPrices.js';
