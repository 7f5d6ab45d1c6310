import type { CompleteJourney, CompleteJourneyCampaign } from '../adapter/completeJourney.js';
import type { Dataset } from '../../ingest/ingest.js';
import { buildProfiles, type ProfileOptions } from '../../profile/buildProfiles.js';
import type { Profiles } from '../../profile/profiles.js';
import { buildProductHistory } from '../../profile/productHistory.js';
import { OFFER_KINDS } from '../../schema/offer.js';
import { toDay } from '../../schema/days.js';
import { fitRelevanceModel, type RelevanceModel, type RelevanceModelOptions } from '../../score/relevanceModel.js';
import { scorePair } from '../../score/scorePair.js';
import { historySince } from './historySince.js';
import { earlierRedemptions, OFFER_FEATURE_COUNT, offerFeatures, type EarlierRedemptions, type OfferFeatures } from './offerFeatures.js';
import { productTreeLevels, type ProductTreeLevels } from './productTreeLevels.js';
import { couponUpcOf, redemptionHistory, type RedemptionHistory } from './redemptionHistory.js';

/** Names of the columns of {@link CampaignPairs.features}, in order. */
export const PAIR_FEATURES = [
  // the relevance engine's parts (scorePair)
  'affinity',
  'crossSell',
  'replenishment',
  'value',
  // this household and this coupon's products, product types (subcategories) and categories
  'productBought',
  'productBaskets',
  'productRecency',
  'subcategoryBaskets',
  'subcategoryRecency',
  'categoryBaskets',
  'categoryRecency',
  'subcategoryBought',
  'categoryBought',
  // the coupon, over all households before the start
  'productPopularity',
  'subcategoryPopularity',
  'categoryPopularity',
  'targetProducts',
  'couponPastRedemptions',
  'productPastRedemptions',
  'productBasketPopularity',
  'departmentRedemptionRate',
  'categoryRedemptionRate',
  'discountDepth',
  ...OFFER_KINDS.slice(1).map((k) => `kind:${k}`),
  // the household
  'historyVisits',
  'discountShare',
  'couponProneness',
  'pastRedemptions',
  'redeemedCouponBefore',
  'redeemedProductBefore',
] as const;

/** Every (recipient household, coupon) pair of one campaign, scored and described as of its start day. */
export interface CampaignPairs {
  readonly campaign: CompleteJourneyCampaign;
  /** The campaign's start day: only history strictly before it is used. */
  readonly asOfDay: number;
  /** Recipient household ids found in the data set, in campaign order (rows). */
  readonly households: readonly string[];
  /** The campaign's offer ids found in the data set (columns). Pair `h * offers.length + o`. */
  readonly offers: readonly string[];
  /** Row-major `pairs x PAIR_FEATURES.length`. */
  readonly features: Float64Array;
  /** The hand-weighted engine's score (see {@link campaignPairs} for the formula). */
  readonly engineScore: Float64Array;
  /** The campaign engine's own relevance (`scorePair(...).total`, with the product term unless `productHistory: false`) plus the coupon prior, weight 1: what `runCampaign` ranks by, with the prior. */
  readonly relevanceScore: Float64Array;
  /** Per offer: the popularity baseline's score (households that bought its products, then its categories). */
  readonly popularity: Float64Array;
  /** Per pair: 1 when the household redeemed the coupon in this campaign. */
  readonly label: Uint8Array;
  /** Redemption records of recipients for the campaign's coupons (a pair may redeem more than once). */
  readonly redemptions: number;
}

/** Options of {@link campaignPairs}. */
export interface CampaignPairsOptions {
  /** Passed to `buildProfiles` (its `asOfDay` is always the campaign start). Default `{}` (half-life 90 days). */
  profile?: Omit<ProfileOptions, 'asOfDay'>;
  /** Passed to `fitRelevanceModel` (its `productHistory` is built here, see `productHistory`). Default `{}` (the engine's defaults). */
  model?: Omit<RelevanceModelOptions, 'productHistory'>;
  /**
   * Give the engine the households' product history as of the start (`buildProductHistory`, same
   * half-life as the profiles), so its relevance has the product term. Default `true`.
   */
  productHistory?: boolean;
  /** Weight of the coupon prior (`productPopularity + 0.5 · subcategoryPopularity`, log shares) in `engineScore`. Default `1`. */
  priorWeight?: number;
  /**
   * Weight of the household's bought-before ladder in `engineScore`: `productBought + 0.5 · subcategoryBought +
   * 0.25 · categoryBought`. Default `2` (chosen on the Type B/C campaigns, see bench/results/backtest.md).
   */
  affinityWeight?: number;
  /** Weight of `categoryRedemptionRate` (earlier campaigns' redemptions per exposure, log ratio) in `engineScore`. Default `1`. */
  redemptionRateWeight?: number;
  /**
   * Weight of the relevance engine's `scorePair(...).total` (with its product term) in `engineScore`. Default `0`.
   * On the Type B/C campaigns, 0.1 has the best equal-weight mean (0.6902 vs 0.6820 at 0), but only through campaign
   * 25's single redeeming household (0.500 -> 0.833); without campaign 25, 0 is best (0.691 vs 0.683) and 0.1 loses on
   * 11 of the other 20 campaigns, wins on 2 (see bench/results/backtest.md).
   */
  relevanceWeight?: number;
  /**
   * Weights of the household's propensity `historyVisits` and `pastRedemptions` in `engineScore`. They are
   * constant within a household, so they move only the pooled AUC. Default `{ visits: 0.5, redemptions: 2 }`.
   */
  propensityWeights?: { visits?: number; redemptions?: number };
  /** Half-life in days of the product/category recency features. Default `60`. */
  recencyHalfLifeDays?: number;
  /** Pseudo-exposures of the department/category redemption-rate shrinkage toward the pooled rate. Default `2000`. */
  rateShrinkage?: number;
  /** Pseudo-contacts of the coupon-proneness shrinkage toward the pooled redemption rate. Default `2`. */
  pronenessShrinkage?: number;
  /**
   * Use only the transaction lines of the last `historyDays` days before the start (`historySince`), as if
   * the data began then: how the engine ranks for households with thin histories. Campaign 27 starts 38 days
   * into the data, so `historyDays: 38` puts a later campaign in its regime. Default: all history.
   */
  historyDays?: number;
}

/** The campaign's recipients and offers found in the data set: the rows and columns of its pairs. */
interface Participants {
  /** Recipient household ids, in campaign order, each once (rows). */
  readonly households: string[];
  /** Dense customer index of each row. */
  readonly customerIdx: number[];
  /** Per customer of the data set, its row, or -1. */
  readonly recipientRow: Int32Array;
  /** Offer ids, in campaign order (columns). */
  readonly offers: string[];
  /** Dense offer index of each column. */
  readonly offerIdx: Int32Array;
}

function campaignParticipants(data: Dataset, campaign: CompleteJourneyCampaign): Participants {
  const households: string[] = [];
  const customerIdx: number[] = [];
  const recipientRow = new Int32Array(data.customers.ids.size).fill(-1);
  for (const h of campaign.recipients) {
    const c = data.customers.ids.get(h);
    if (c < 0 || recipientRow[c]! >= 0) continue;
    recipientRow[c] = households.length;
    households.push(h);
    customerIdx.push(c);
  }
  const offers: string[] = [];
  const offerList: number[] = [];
  for (const id of campaign.offers) {
    const o = data.offers.ids.get(id);
    if (o >= 0) {
      offers.push(id);
      offerList.push(o);
    }
  }
  return { households, customerIdx, recipientRow, offers, offerIdx: Int32Array.from(offerList) };
}

/** Everything the pair phase reads, built by the phases before it. */
interface PairInputs {
  readonly data: Dataset;
  readonly asOfDay: number;
  readonly who: Participants;
  readonly levels: ProductTreeLevels;
  readonly profiles: Profiles;
  readonly history: RedemptionHistory;
  readonly earlier: EarlierRedemptions;
  readonly perOffer: OfferFeatures;
  readonly model: RelevanceModel;
}

/** Per pair: the {@link PAIR_FEATURES} row, the hand-weighted engine's score and the campaign engine's relevance plus the prior. */
function pairFeatures(inputs: PairInputs, options: CampaignPairsOptions): { features: Float64Array; engineScore: Float64Array; relevanceScore: Float64Array } {
  const { data, asOfDay, profiles, history, model } = inputs;
  const { households, customerIdx, offers, offerIdx } = inputs.who;
  const { baskets: levelBaskets, lastDay: levelLastDay } = inputs.levels;
  const { prior, features: offerFeatures } = inputs.perOffer;
  const redeemedProducts = inputs.earlier.redeemedProducts;
  const priorWeight = options.priorWeight ?? 1;
  const affinityWeight = options.affinityWeight ?? 2;
  const redemptionRateWeight = options.redemptionRateWeight ?? 1;
  const relevanceWeight = options.relevanceWeight ?? 0;
  const visitsWeight = options.propensityWeights?.visits ?? 0.5;
  const redemptionsWeight = options.propensityWeights?.redemptions ?? 2;
  const halfLife = options.recencyHalfLifeDays ?? 60;
  const shrink = options.pronenessShrinkage ?? 2;
  const prod = data.offers.products;
  const H = households.length;
  const O = offers.length;
  const F = PAIR_FEATURES.length;
  const N = H * O;
  const OF = OFFER_FEATURE_COUNT;
  const features = new Float64Array(N * F);
  const engineScore = new Float64Array(N);
  const relevanceScore = new Float64Array(N);
  const decay = Math.LN2 / halfLife;
  const recency = (last: number): number => (last < 0 ? 0 : Math.exp(-decay * (asOfDay - last)));
  const offerBase = 13;
  const kindBase = offerBase + OF;
  const householdBase = kindBase + OFFER_KINDS.length - 1;
  for (let h = 0; h < H; h++) {
    const c = customerIdx[h]!;
    const id = households[h]!;
    const contacts = history.contacts.get(id) ?? 0;
    const redeemedBefore = history.redemptions.get(id) ?? 0;
    const mine = redeemedProducts.get(id);
    const proneness = (Math.min(contacts, history.redeemingCampaigns.get(id) ?? 0) + shrink * history.redemptionsPerContact) / (contacts + shrink);
    for (let o = 0; o < O; o++) {
      const pair = h * O + o;
      const oi = offerIdx[o]!;
      const s = scorePair(model, c, oi);
      const row = pair * F;
      features[row] = s.affinity;
      features[row + 1] = s.crossSell;
      features[row + 2] = s.replenishment;
      features[row + 3] = s.value;
      features[row + 4] = levelBaskets[0]![pair]! > 0 ? 1 : 0;
      features[row + 5] = Math.log1p(levelBaskets[0]![pair]!);
      features[row + 6] = recency(levelLastDay[0]![pair]!);
      features[row + 7] = Math.log1p(levelBaskets[1]![pair]!);
      features[row + 8] = recency(levelLastDay[1]![pair]!);
      features[row + 9] = Math.log1p(levelBaskets[2]![pair]!);
      features[row + 10] = recency(levelLastDay[2]![pair]!);
      const subBought = levelBaskets[1]![pair]! > 0 ? 1 : 0;
      const catBought = levelBaskets[2]![pair]! > 0 ? 1 : 0;
      features[row + 11] = subBought;
      features[row + 12] = catBought;
      for (let j = 0; j < OF; j++) features[row + offerBase + j] = offerFeatures[o * OF + j]!;
      const kind = data.offers.kind[oi]!;
      if (kind > 0) features[row + kindBase + kind - 1] = 1;
      features[row + householdBase] = Math.log1p(profiles.visits[c]!);
      features[row + householdBase + 1] = profiles.discountShare[c]!;
      features[row + householdBase + 2] = proneness;
      features[row + householdBase + 3] = Math.log1p(redeemedBefore);
      features[row + householdBase + 4] = (history.householdCoupon.get(`${id}|${couponUpcOf(offers[o]!)}`) ?? 0) > 0 ? 1 : 0;
      let overlap = 0;
      if (mine !== undefined) for (let q = prod.rowPtr[oi]!; q < prod.rowPtr[oi + 1]! && overlap === 0; q++) if (mine.has(prod.index[q]!)) overlap = 1;
      features[row + householdBase + 5] = overlap;
      const ladder = features[row + 4]! + 0.5 * subBought + 0.25 * catBought;
      engineScore[pair] =
        priorWeight * prior[o]! +
        affinityWeight * ladder +
        redemptionRateWeight * features[row + offerBase + 8]! +
        relevanceWeight * s.total +
        visitsWeight * features[row + householdBase]! +
        redemptionsWeight * features[row + householdBase + 3]!;
      relevanceScore[pair] = s.total + prior[o]!;
    }
  }
  return { features, engineScore, relevanceScore };
}

/** This campaign's redemptions by its recipients: a label per pair, and the records counted (a pair may redeem more than once). */
function campaignLabels(cj: CompleteJourney, campaign: CompleteJourneyCampaign, who: Participants): { label: Uint8Array; redemptions: number } {
  const { households, offers } = who;
  const O = offers.length;
  const label = new Uint8Array(households.length * O);
  const offerPos = new Map<string, number>();
  offers.forEach((id, o) => offerPos.set(id, o));
  const householdRow = new Map<string, number>();
  households.forEach((id, h) => householdRow.set(id, h));
  let redemptions = 0;
  for (const r of cj.redemptions) {
    if (r.campaign !== campaign.id) continue;
    const h = householdRow.get(r.household);
    const o = offerPos.get(r.offer);
    if (h === undefined || o === undefined) continue;
    label[h * O + o] = 1;
    redemptions++;
  }
  return { label, redemptions };
}

/**
 * Builds every (recipient household, coupon) pair of a Complete Journey campaign as of its start day,
 * with the hand-weighted engine's score, the popularity baseline, the learned model's features
 * ({@link PAIR_FEATURES}) and the redemption labels. Everything is computed from transactions dated
 * strictly before the start and from campaigns that ended before it: nothing later leaks in.
 *
 * - engine (`engineScore`), an additive log-scale score, weights in {@link CampaignPairsOptions}:
 *   `priorWeight · (productPopularity + 0.5 · subcategoryPopularity)` (log share of households that bought
 *   the coupon's products / product types: the coupon prior) `+ affinityWeight · (productBought +
 *   0.5 · subcategoryBought + 0.25 · categoryBought)` (this household's bought-before ladder) `+
 *   redemptionRateWeight · categoryRedemptionRate` (earlier campaigns) `+ relevanceWeight · scorePair(...).total`
 *   (the campaign engine, given the households' product history as of the start: see `productHistory`)
 *   `+ 0.5 · historyVisits + 2 · pastRedemptions` (household propensity: constant within a household, it
 *   only orders households for the pooled AUC). A household without history is ranked by the coupon prior;
 * - popularity: households that bought one of the coupon's products before the start, ties broken by
 *   households that bought one of its categories (the same for everyone).
 *
 * Cost: O(lines · offers per product + pairs · (targets · profile entries + d)); memory O(pairs · features).
 * @throws RangeError when the campaign id is unknown or `historyDays` is not a whole number >= 1.
 * @example
 * const pairs = campaignPairs(cj, data, '8');
 * pairs.features[0 * PAIR_FEATURES.length + 4]; // productBought of the first household's first coupon
 */
export function campaignPairs(cj: CompleteJourney, allData: Dataset, campaignId: string, options: CampaignPairsOptions = {}): CampaignPairs {
  const campaign = cj.campaigns.find((c) => c.id === campaignId);
  if (campaign === undefined) {
    throw new RangeError(`campaign ${JSON.stringify(campaignId)} is not in the data set; known: ${cj.campaigns.map((c) => c.id).join(', ')}`);
  }
  const historyDays = options.historyDays;
  if (historyDays !== undefined && !(Number.isInteger(historyDays) && historyDays >= 1)) {
    throw new RangeError(`campaignPairs: historyDays must be a whole number >= 1, got ${historyDays}`);
  }
  const data = historyDays === undefined ? allData : historySince(allData, toDay(campaign.start) - historyDays);
  const asOfDay = toDay(campaign.start);
  const who = campaignParticipants(data, campaign);

  const levels = productTreeLevels(data, asOfDay, who.offerIdx, who.recipientRow, who.households.length);
  const profiles = buildProfiles(data, { ...options.profile, asOfDay });
  let withHistory = 0;
  for (let c = 0; c < profiles.customerCount; c++) if (profiles.visits[c]! > 0) withHistory++;

  const history = redemptionHistory(cj, asOfDay);
  const counted = new Set(history.campaigns);
  const earlier = earlierRedemptions(cj, data, counted, who.recipientRow);
  const perOffer = offerFeatures(cj, data, {
    offerIdx: who.offerIdx,
    offers: who.offers,
    levels,
    withHistory,
    history,
    counted,
    earlier,
    rateShrinkage: options.rateShrinkage ?? 2000,
  });

  const productHistory =
    options.productHistory === false ? undefined : buildProductHistory(data.transactions, data.offers, data.catalog, { asOfDay, halfLifeDays: profiles.halfLifeDays });
  const model = fitRelevanceModel(profiles, data.offers, data.catalog, { ...options.model, productHistory });
  const scored = pairFeatures({ data, asOfDay, who, levels, profiles, history, earlier, perOffer, model }, options);
  const { label, redemptions } = campaignLabels(cj, campaign, who);
  return {
    campaign,
    asOfDay,
    households: who.households,
    offers: who.offers,
    features: scored.features,
    engineScore: scored.engineScore,
    relevanceScore: scored.relevanceScore,
    popularity: perOffer.popularity,
    label,
    redemptions,
  };
}
