import type { OfferTable } from '../ingest/offerTable.js';
import { splitQuota } from './splitQuota.js';

/** One shard's share of every offer's limits (and of the campaign budget). */
export interface ShardLimits {
  /** Per offer: coupons this shard may place (largest-remainder share of `capacity`; `Infinity` when uncapped). */
  readonly capacity: Float64Array;
  /** Per offer: this shard's share of the budget on expected cost, `budget x size / total` (`Infinity` when uncapped). */
  readonly budget: Float64Array;
  /** Per offer: this shard's share of the minimum volume (largest remainder). */
  readonly minVolume: Int32Array;
  /** This shard's share of the campaign budget; `undefined` when there is none. */
  readonly campaignBudget: number | undefined;
}

/**
 * The limits shard `index` works under, so that the shards together never exceed a global limit:
 * each offer's capacity and minimum volume are split over the shards in proportion to their
 * customer counts by {@link splitQuota} (the shares sum to the limit exactly), and budgets (money,
 * not counts) in exact proportion (the shares sum to the budget up to float rounding, ~1e-16
 * relative).
 *
 * The trade-off: a shard cannot lend unused capacity to another, so an offer popular in one shard
 * and not in another may place fewer coupons than a single run would (at most shards - 1 short per
 * binding offer from rounding, plus the imbalance of demand between shards, which shrinks as shards
 * grow since they are random samples). Exchanging shadow prices between shards is future work.
 *
 * @throws RangeError when `sizes` is empty or `index` is outside it.
 * @example
 * const limits = shardLimits(data.offers, partition.sizes, 0, 50_000);
 * limits.capacity[o]; // shard 0's coupons of offer o
 *
 * Cost: O(offers x shards log shards).
 */
export function shardLimits(offers: Pick<OfferTable, 'capacity' | 'budget' | 'minVolume'>, sizes: ArrayLike<number>, index: number, campaignBudget?: number): ShardLimits {
  if (sizes.length === 0 || !Number.isInteger(index) || index < 0 || index >= sizes.length) {
    throw new RangeError(`shardLimits: index must be an integer in 0..${sizes.length - 1}, got ${index}`);
  }
  let total = 0;
  for (let i = 0; i < sizes.length; i++) total += sizes[i]!;
  const fraction = total === 0 ? 0 : sizes[index]! / total;
  const m = offers.capacity.length;
  const capacity = new Float64Array(m);
  const budget = new Float64Array(m);
  const minVolume = new Int32Array(m);
  for (let o = 0; o < m; o++) {
    const cap = offers.capacity[o]!;
    capacity[o] = cap === Number.POSITIVE_INFINITY ? cap : splitQuota(Math.max(0, cap), sizes)[index]!;
    const b = offers.budget[o]!;
    budget[o] = b === Number.POSITIVE_INFINITY ? b : b * fraction;
    const mv = offers.minVolume[o]!;
    minVolume[o] = mv > 0 ? splitQuota(mv, sizes)[index]! : 0;
  }
  const share = campaignBudget === undefined || campaignBudget === Number.POSITIVE_INFINITY ? campaignBudget : campaignBudget * fraction;
  return { capacity, budget, minVolume, campaignBudget: share };
}
