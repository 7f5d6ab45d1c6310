import { createRandom } from '../../lib/random.js';
import type { CompleteJourney } from '../adapter/completeJourney.js';
import type { Dataset } from '../../ingest/ingest.js';
import { backtestRanking } from '../../measure/backtestRanking.js';
import type { HouseholdRanking } from '../../measure/labelPairs.js';
import { brierScore } from '../../propensity/brierScore.js';
import { reliabilityTable, type ReliabilityBin } from '../../propensity/reliabilityTable.js';
import { PAIR_FEATURES, type CampaignPairs, type CampaignPairsOptions } from './campaignPairs.js';
import { cachedPairs, fitRedemptionModel, predictRedemption, redemptionFeatureWeights } from './fitRedemptionModel.js';
import { pairedAucDifference, type AucDifference } from './pairedAucDifference.js';

/** Ranking quality of one engine on one campaign; every value `null` when the campaign has no recorded redemption. */
export interface EngineMetrics {
  /** Mean per-household AUC over households with a redemption (the headline `auc` of the issue and the CLI). */
  readonly auc: number | null;
  /** AUC over all (household, coupon) pairs at once: also rewards ordering households (who redeems at all). */
  readonly pooledAuc: number | null;
  readonly precisionAtK: number | null;
  readonly ndcgAtK: number | null;
  readonly topDecileLift: number | null;
}

/** The learned engine's fit and calibration on the target campaign. */
export interface LearnedReport {
  readonly trainingCampaigns: readonly string[];
  readonly trainingPairs: number;
  readonly trainingPositives: number;
  /** Weight per standardised feature. */
  readonly weights: Readonly<Record<string, number>>;
  /** Brier score on the target's pairs (`null` without recorded redemptions), and that of predicting the base rate. */
  readonly brier: number | null;
  readonly baseRateBrier: number | null;
  /** Reliability table on the target's pairs (`null` without recorded redemptions). */
  readonly reliability: readonly ReliabilityBin[] | null;
}

/** The result of {@link backtestCampaign}. */
export interface CampaignBacktest {
  readonly campaign: string;
  readonly type: string;
  readonly start: string;
  readonly end: string;
  readonly k: number;
  /** Days of history before the start that were used (`pairs.historyDays`), or `null` for all of it. */
  readonly historyDays: number | null;
  /** Recipient households ranked. */
  readonly households: number;
  /** Coupons ranked for each. */
  readonly offers: number;
  /** Redemption records of recipients for the campaign's coupons (0 when none are recorded). */
  readonly redemptions: number;
  /** Distinct redeemed (household, coupon) pairs. */
  readonly redeemedPairs: number;
  readonly redeemingHouseholds: number;
  /**
   * Of `redeemedPairs`, how many were pairs whose household had bought one of the coupon's products, product
   * types or categories before the start. Where these are few, every household's ranking rests on the coupon
   * prior, and no household-level signal can move it.
   */
  readonly redeemedWithHistory: { readonly product: number; readonly subcategory: number; readonly category: number };
  /** The backtest's hand-weighted ranking (see {@link campaignPairs}): coupon prior, bought-before ladder, past redemption rates, propensity. */
  readonly offerkit: EngineMetrics;
  /** The campaign engine's relevance score (`scorePair(...).total`, what `runCampaign` ranks by) plus the coupon prior. */
  readonly relevance: EngineMetrics;
  /** Ranked by the propensity learned from earlier campaigns' redemptions (metrics null when it could not be fitted). */
  readonly offerkitLearned: EngineMetrics;
  readonly popularity: EngineMetrics;
  readonly random: EngineMetrics;
  /** `null` when fewer than `minPositives` earlier redemptions were available. */
  readonly learned: LearnedReport | null;
  /** `offerkit` minus `popularity` on per-household AUC, paired bootstrap 95% interval (`null` without redemptions). */
  readonly offerkitVsPopularity: AucDifference | null;
  /** Why some value is null, in words. */
  readonly notes: readonly string[];
}

/** Options of {@link backtestCampaign}. */
export interface BacktestCampaignOptions {
  /** Cut-off of precision@K and NDCG@K. Default `16`. */
  k?: number;
  /** Seed of the random baseline. Default `1`. */
  seed?: number;
  /** How pairs are built. Default `{}`. */
  pairs?: CampaignPairsOptions;
  /** L2 penalty of the learned model. Default `1000` (ties 100 on mean AUC over Type B/C campaigns 9-23; 10 is worse). */
  l2?: number;
  /** Fewest earlier redemptions to fit the learned model. Default `10`. */
  minPositives?: number;
  /** Pairs already built, by campaign id (same data and `pairs` options); filled as a side effect. Default: none. */
  cache?: Map<string, CampaignPairs>;
}

const NULL_METRICS: EngineMetrics = { auc: null, pooledAuc: null, precisionAtK: null, ndcgAtK: null, topDecileLift: null };


function evaluate(pairs: CampaignPairs, score: ArrayLike<number>, perOffer: boolean, k: number): EngineMetrics {
  const H = pairs.households.length;
  const O = pairs.offers.length;
  const rankings: HouseholdRanking[] = [];
  const redeemed: string[][] = [];
  for (let h = 0; h < H; h++) {
    const s = new Float64Array(O);
    const r: string[] = [];
    for (let o = 0; o < O; o++) {
      s[o] = perOffer ? score[o]! : score[h * O + o]!;
      if (pairs.label[h * O + o] === 1) r.push(pairs.offers[o]!);
    }
    rankings.push({ offers: pairs.offers, scores: s });
    redeemed.push(r);
  }
  const b = backtestRanking(rankings, redeemed, { k });
  return { auc: b.auc, pooledAuc: b.pooledAuc, precisionAtK: b.precisionAtK, ndcgAtK: b.ndcgAtK, topDecileLift: b.topDecileLift };
}

/**
 * Backtests one Complete Journey campaign: for every recipient household, its history strictly before
 * the campaign's start ranks the campaign's coupons, and the coupons it really redeemed are located in
 * that ranking (AUC, precision@K, NDCG@K, top-decile lift), for five engines:
 *
 * - `offerkit`: the hand-weighted score of {@link campaignPairs} (coupon prior + the household's
 *   bought-before ladder + earlier campaigns' category redemption rate + household propensity), with a
 *   paired bootstrap interval of its per-household AUC gain over popularity (`offerkitVsPopularity`);
 * - `relevance`: the campaign engine's own relevance score (`scorePair(...).total`) plus the coupon prior,
 *   so the engine `runCampaign` ranks by is measured too (the `offerkit` ranking gives it weight 0 by default);
 * - `offerkitLearned`: the redemption propensity of {@link fitRedemptionModel}, trained only on campaigns
 *   that ended before this one started, with its Brier score and reliability table on this campaign;
 * - `popularity`: coupons by the households that bought their products before the start, the same for everyone;
 * - `random`: a seeded shuffle.
 *
 * A campaign without recorded redemptions (13 and 18 are withheld) reports `redemptions: 0`, null metrics
 * and a note instead of NaN. Inputs are not mutated.
 *
 * Cost: one {@link campaignPairs} for the target and one per training campaign (cache them across calls),
 * the logistic fit, and O(pairs log offers) for the metrics.
 * @throws RangeError when the campaign id is unknown or `k < 1`.
 * @example
 * const cj = await fromCompleteJourney('examples/data/completejourney');
 * const data = await ingest(cj.sources, { onInvalid: 'collect' });
 * const r = backtestCampaign(cj, data, '8');
 * r.offerkit.auc; r.popularity.auc; // ≈ 0.82 and 0.80
 */
export function backtestCampaign(cj: CompleteJourney, data: Dataset, campaignId: string, options: BacktestCampaignOptions = {}): CampaignBacktest {
  const k = options.k ?? 16;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`backtestCampaign: k must be a whole number >= 1, got ${k}`);
  const pairOptions = options.pairs ?? {};
  const pairs = cachedPairs(cj, data, campaignId, pairOptions, options.cache);
  const campaign = pairs.campaign;
  const O = pairs.offers.length;
  let redeemedPairs = 0;
  let redeemingHouseholds = 0;
  const F = PAIR_FEATURES.length;
  const bought = (['productBought', 'subcategoryBought', 'categoryBought'] as const).map((name) => PAIR_FEATURES.indexOf(name));
  const withHistory = [0, 0, 0];
  for (let h = 0; h < pairs.households.length; h++) {
    let any = 0;
    for (let o = 0; o < O; o++) {
      const pair = h * O + o;
      if (pairs.label[pair] !== 1) continue;
      any++;
      for (let level = 0; level < 3; level++) if (pairs.features[pair * F + bought[level]!]! > 0) withHistory[level]++;
    }
    redeemedPairs += any;
    if (any > 0) redeemingHouseholds++;
  }
  const redeemedWithHistory = { product: withHistory[0]!, subcategory: withHistory[1]!, category: withHistory[2]! };
  const notes: string[] = [];
  const model = fitRedemptionModel(cj, data, campaign.id, { l2: options.l2, minPositives: options.minPositives, pairs: pairOptions, cache: options.cache });
  if (model === null) {
    notes.push(`offerkitLearned: campaigns that ended before ${campaign.start} hold fewer than ${options.minPositives ?? 10} redemptions; no model was fitted`);
  }
  const probability = model === null ? null : predictRedemption(model, pairs);
  let learned: LearnedReport | null = null;
  const base = {
    campaign: campaign.id,
    type: campaign.type,
    start: campaign.start,
    end: campaign.end,
    k,
    historyDays: pairOptions.historyDays ?? null,
    households: pairs.households.length,
    offers: O,
    redemptions: pairs.redemptions,
    redeemedPairs,
    redeemingHouseholds,
    redeemedWithHistory,
  };
  if (redeemedPairs === 0) {
    notes.push(`campaign ${campaign.id} has no recorded redemption among its recipients (withheld or none): ranking metrics are null`);
    if (model !== null) {
      learned = { trainingCampaigns: model.trainingCampaigns, trainingPairs: model.trainingPairs, trainingPositives: model.trainingPositives, weights: redemptionFeatureWeights(model), brier: null, baseRateBrier: null, reliability: null };
    }
    return { ...base, offerkit: NULL_METRICS, relevance: NULL_METRICS, offerkitLearned: NULL_METRICS, popularity: NULL_METRICS, random: NULL_METRICS, learned, offerkitVsPopularity: null, notes };
  }
  if (model !== null && probability !== null) {
    const rate = redeemedPairs / pairs.label.length;
    learned = {
      trainingCampaigns: model.trainingCampaigns,
      trainingPairs: model.trainingPairs,
      trainingPositives: model.trainingPositives,
      weights: redemptionFeatureWeights(model),
      brier: brierScore(probability, pairs.label),
      baseRateBrier: rate * (1 - rate),
      reliability: reliabilityTable(probability, pairs.label, { bins: 10 }),
    };
  }
  const rng = createRandom(options.seed ?? 1);
  const random = new Float64Array(pairs.label.length);
  for (let i = 0; i < random.length; i++) random[i] = rng.next();
  const popularityPerPair = new Float64Array(pairs.label.length);
  for (let i = 0; i < popularityPerPair.length; i++) popularityPerPair[i] = pairs.popularity[i % O]!;
  return {
    ...base,
    offerkit: evaluate(pairs, pairs.engineScore, false, k),
    relevance: evaluate(pairs, pairs.relevanceScore, false, k),
    offerkitLearned: probability === null ? NULL_METRICS : evaluate(pairs, probability, false, k),
    popularity: evaluate(pairs, pairs.popularity, true, k),
    random: evaluate(pairs, random, false, k),
    learned,
    offerkitVsPopularity: pairedAucDifference(pairs.label, O, pairs.engineScore, popularityPerPair, { seed: options.seed ?? 1 }),
    notes,
  };
}
