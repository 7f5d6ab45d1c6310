import type { Dataset } from '../ingest/ingest.js';
import type { Profiles } from '../profile/profiles.js';
import type { RelevanceModel } from '../score/relevanceModel.js';
import { shardRows, type CustomerPartition } from './partitionCustomers.js';
import { shardLimits } from './shardLimits.js';
import { sliceDataset } from './sliceDataset.js';
import { sliceModel } from './sliceModel.js';
import { sliceProfiles } from './sliceProfiles.js';

/** One shard's customers, data, profiles and model, and the limits it selects under. */
export interface ShardSlice {
  readonly partition: { readonly salt: string; readonly sizes: Int32Array };
  readonly limits: ReturnType<typeof shardLimits>;
  readonly data: Dataset;
  readonly profiles: Profiles;
  readonly model: RelevanceModel;
}

/**
 * The slice of one shard of `partition` (`partitionCustomers` of the data set's customers): its
 * customers (input order) and its share of every limit; population fits stay global, so every shard
 * scores with the same model.
 *
 * @example
 * const partition = partitionCustomers(data.customers.ids.ids, 4, shardSalt(config));
 * const slice = sliceShard(data, prepared.profiles, prepared.model, partition, 0, undefined);
 * Cost: O(the shard's customers, transaction lines and profile entries + offers).
 */
export function sliceShard(
  data: Dataset,
  profiles: Profiles,
  model: RelevanceModel,
  partition: CustomerPartition,
  index: number,
  campaignBudget: number | undefined,
): ShardSlice {
  const rows = shardRows(partition, index);
  const limits = shardLimits(data.offers, partition.sizes, index, campaignBudget);
  const shardData = sliceDataset(data, rows, { limits: { capacity: limits.capacity, budget: limits.budget, minVolume: limits.minVolume } });
  const shardProfiles = sliceProfiles(profiles, rows);
  return { partition: { salt: partition.salt, sizes: partition.sizes }, limits, data: shardData, profiles: shardProfiles, model: sliceModel(model, rows, shardProfiles) };
}
