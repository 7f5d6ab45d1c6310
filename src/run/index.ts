export { checkShard, type ShardCheck, type ShardExpectation } from './checkShard.js';
export { mergeShards, ShardMergeError, type MergeShardsOptions, type MergeShardsResult } from './mergeShards.js';
export { runShards, type RunShardsOptions, type RunShardsResult, type ShardEvent } from './runShards.js';
export { runSummary, type RunSummary } from './runSummary.js';
export { ensureShardPrices, priceShards, type PriceShardsOptions } from './priceShards.js';
