import type { CompleteJourney } from '../adapter/completeJourney.js';
import type { Dataset } from '../../ingest/ingest.js';
import { fitLogistic, type LogisticModel } from '../../propensity/fitLogistic.js';
import { splitByCampaignEnd } from '../../propensity/splitByCampaignEnd.js';
import { toDay } from '../../schema/days.js';
import { campaignPairs, PAIR_FEATURES, type CampaignPairs, type CampaignPairsOptions } from './campaignPairs.js';

/** A redemption propensity model fitted on past campaigns' (household, coupon) pairs. */
export interface RedemptionModel {
  /** The campaign it was fitted for: every training campaign ended before this one started. */
  readonly targetCampaign: string;
  /** Training campaigns, each ended strictly before the target's start and with recorded redemptions. */
  readonly trainingCampaigns: readonly string[];
  readonly trainingPairs: number;
  readonly trainingPositives: number;
  /** Column means and standard deviations of the training features (a constant column gets scale 0 and is ignored). */
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  /** Fitted on standardised features; see {@link redemptionFeatureWeights} for named weights. */
  readonly logistic: LogisticModel;
}

/** Options of {@link fitRedemptionModel}. */
export interface FitRedemptionModelOptions {
  /** L2 penalty of `fitLogistic` on standardised features. Default `10`. */
  l2?: number;
  /** Fewest training positives to fit at all; with fewer the result is `null`. Default `10`. */
  minPositives?: number;
  /** How pairs are built (the same options must be used to predict). Default `{}`. */
  pairs?: CampaignPairsOptions;
  /** Pairs already built, by campaign id, reused and filled (same data and `pairs` options). Default: a new map. */
  cache?: Map<string, CampaignPairs>;
}

/** `campaignPairs` through an optional cache. */
export function cachedPairs(cj: CompleteJourney, data: Dataset, id: string, options: CampaignPairsOptions, cache: Map<string, CampaignPairs> | undefined): CampaignPairs {
  const hit = cache?.get(id);
  if (hit !== undefined) return hit;
  const pairs = campaignPairs(cj, data, id, options);
  cache?.set(id, pairs);
  return pairs;
}

/**
 * Learns redemption propensity from earlier campaigns: the (recipient, coupon) pairs of every
 * campaign that ENDED before the target campaign's start (`splitByCampaignEnd`) and has recorded
 * redemptions, each described as of its own start ({@link campaignPairs}), labelled by what was
 * redeemed, standardised, and fitted with `fitLogistic` (L2). No pair of a campaign still running
 * at the target's start, nor of the target itself, enters training.
 *
 * Cost: one `campaignPairs` per training campaign plus O(iterations · pairs · features²) for the fit.
 * @returns the model, or `null` when the training campaigns hold fewer than `minPositives` redemptions.
 * @example
 * const model = fitRedemptionModel(cj, data, '8'); // trained on campaigns ended before 2017-05-08
 * const p = model && predictRedemption(model, campaignPairs(cj, data, '8'));
 */
export function fitRedemptionModel(cj: CompleteJourney, data: Dataset, targetCampaignId: string, options: FitRedemptionModelOptions = {}): RedemptionModel | null {
  const target = cj.campaigns.find((c) => c.id === targetCampaignId);
  if (target === undefined) throw new RangeError(`campaign ${JSON.stringify(targetCampaignId)} is not in the data set`);
  const l2 = options.l2 ?? 1000;
  const minPositives = options.minPositives ?? 10;
  const withRedemptions = new Set(cj.redemptions.map((r) => r.campaign));
  const candidates = cj.campaigns.filter((c) => c.id !== target.id && withRedemptions.has(c.id)).map((c) => ({ campaign: c.id }));
  const training = splitByCampaignEnd(candidates, cj.campaigns, toDay(target.start)).map((e) => e.campaign);

  const F = PAIR_FEATURES.length;
  const parts = training.map((id) => cachedPairs(cj, data, id, options.pairs ?? {}, options.cache));
  let n = 0;
  let positives = 0;
  for (const p of parts) {
    n += p.label.length;
    for (let i = 0; i < p.label.length; i++) positives += p.label[i]!;
  }
  if (positives < minPositives) return null;
  const mean = new Float64Array(F);
  const scale = new Float64Array(F);
  for (const p of parts) for (let i = 0; i < p.label.length; i++) for (let j = 0; j < F; j++) mean[j] += p.features[i * F + j]!;
  for (let j = 0; j < F; j++) mean[j] /= n;
  for (const p of parts) {
    for (let i = 0; i < p.label.length; i++) {
      for (let j = 0; j < F; j++) {
        const d = p.features[i * F + j]! - mean[j]!;
        scale[j] += d * d;
      }
    }
  }
  for (let j = 0; j < F; j++) {
    const sd = Math.sqrt(scale[j]! / n);
    scale[j] = sd > 1e-9 ? 1 / sd : 0;
  }
  const X: number[][] = [];
  const y: number[] = [];
  for (const p of parts) {
    for (let i = 0; i < p.label.length; i++) {
      const row = new Array<number>(F);
      for (let j = 0; j < F; j++) row[j] = (p.features[i * F + j]! - mean[j]!) * scale[j]!;
      X.push(row);
      y.push(p.label[i]!);
    }
  }
  const logistic = fitLogistic(X, y, { l2 });
  return { targetCampaign: target.id, trainingCampaigns: training, trainingPairs: n, trainingPositives: positives, mean, scale, logistic };
}

/**
 * Predicted redemption probability of every pair of `pairs` (built with the model's `pairs` options).
 * Cost: O(pairs · features).
 * @example const p = predictRedemption(model, campaignPairs(cj, data, '8')); // Float64Array, one per pair
 */
export function predictRedemption(model: RedemptionModel, pairs: CampaignPairs): Float64Array {
  const F = PAIR_FEATURES.length;
  const n = pairs.label.length;
  const out = new Float64Array(n);
  const w = model.logistic.weights;
  const { mean, scale } = model;
  for (let i = 0; i < n; i++) {
    let z = model.logistic.intercept;
    for (let j = 0; j < F; j++) z += w[j]! * (pairs.features[i * F + j]! - mean[j]!) * scale[j]!;
    out[i] = 1 / (1 + Math.exp(-z));
  }
  return out;
}

/**
 * The model's weights by feature name, on the standardised scale (weight per standard deviation).
 * Cost: O(features).
 * @example redemptionFeatureWeights(model).productPopularity // e.g. 0.8
 */
export function redemptionFeatureWeights(model: RedemptionModel): Record<string, number> {
  const out: Record<string, number> = {};
  PAIR_FEATURES.forEach((name, j) => {
    if (model.scale[j]! > 0) out[name] = model.logistic.weights[j]!;
  });
  return out;
}
