import type { CompleteJourney, CompleteJourneyCampaign } from '../adapters/completeJourney.js';
import type { Dataset } from '../ingest/ingest.js';
import { buildProfiles, type ProfileOptions } from '../profile/buildProfiles.js';
import { buildProductHistory } from '../profile/productHistory.js';
import { OFFER_KINDS } from '../schema/offer.js';
import { toDay } from '../schema/days.js';
import { fitRelevanceModel, type RelevanceModelOptions } from '../score/relevanceModel.js';
import { scorePair } from '../score/scorePair.js';
import { historySince } from './historySince.js';
import { couponUpcOf, redemptionHistory } from './redemptionHistory.js';

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

/** Per (household, offer) basket counts and last days at one level of the product tree, plus households per offer. */
interface LevelScratch {
  readonly baskets: Float64Array;
  readonly lastDay: Float64Array;
  readonly lastBasket: Int32Array;
  readonly households: Float64Array;
}

/** Inverted index key -> offer positions of the campaign, for one level of the product tree (product, subcategory, category). */
function invertOffers(data: Dataset, offerIdx: Int32Array, productKey: Int32Array | null, keyCount: number): { ptr: Int32Array; pos: Int32Array } {
  const lists: number[][] = Array.from({ length: keyCount }, () => []);
  const prod = data.offers.products;
  for (let o = 0; o < offerIdx.length; o++) {
    const seen = new Set<number>();
    for (let q = prod.rowPtr[offerIdx[o]!]!; q < prod.rowPtr[offerIdx[o]! + 1]!; q++) {
      const p = prod.index[q]!;
      const key = productKey === null ? p : productKey[p]!;
      if (key >= 0 && !seen.has(key)) {
        seen.add(key);
        lists[key]!.push(o);
      }
    }
  }
  const ptr = new Int32Array(keyCount + 1);
  for (let k = 0; k < keyCount; k++) ptr[k + 1] = ptr[k]! + lists[k]!.length;
  const pos = new Int32Array(ptr[keyCount]!);
  for (let k = 0; k < keyCount; k++) pos.set(lists[k]!, ptr[k]!);
  return { ptr, pos };
}

/**
 * Walks every household's lines before `asOfDay` once and accumulates, per campaign offer, the
 * distinct baskets and last day at which the household bought one of the offer's keys; `households`
 * counts, per offer, the households (of all customers) that did. `out[h]` receives the recipients' rows.
 */
function accumulateLevel(
  data: Dataset,
  asOfDay: number,
  index: { ptr: Int32Array; pos: Int32Array },
  productKey: Int32Array | null,
  offerCount: number,
  recipientRow: Int32Array,
  rowBaskets: Float64Array,
  rowLastDay: Float64Array,
): { households: Float64Array; baskets: Float64Array } {
  const tx = data.transactions;
  const scratch: LevelScratch = {
    baskets: new Float64Array(offerCount),
    lastDay: new Float64Array(offerCount).fill(-1),
    lastBasket: new Int32Array(offerCount).fill(-1),
    households: new Float64Array(offerCount),
  };
  const { baskets, lastDay, lastBasket, households } = scratch;
  const { ptr, pos } = index;
  const touched = new Int32Array(offerCount);
  const basketTotals = new Float64Array(offerCount);
  const customerCount = tx.rowPtr.length - 1;
  for (let c = 0; c < customerCount; c++) {
    let nTouched = 0;
    for (let i = tx.rowPtr[c]!; i < tx.rowPtr[c + 1]!; i++) {
      const day = tx.day[i]!;
      // Lines are sorted by day within a customer: the first one on or after the start ends the history.
      if (day >= asOfDay) break;
      const p = tx.product[i]!;
      const key = productKey === null ? p : productKey[p]!;
      if (key < 0) continue;
      const b = tx.basket[i]!;
      for (let q = ptr[key]!; q < ptr[key + 1]!; q++) {
        const o = pos[q]!;
        if (lastBasket[o] === -1) touched[nTouched++] = o;
        if (lastBasket[o] !== b) {
          lastBasket[o] = b;
          baskets[o]++;
        }
        lastDay[o] = day;
      }
    }
    const row = recipientRow[c]!;
    for (let t = 0; t < nTouched; t++) {
      const o = touched[t]!;
      households[o]++;
      basketTotals[o] += baskets[o]!;
      if (row >= 0) {
        rowBaskets[row * offerCount + o] = baskets[o]!;
        rowLastDay[row * offerCount + o] = lastDay[o]!;
      }
      // Reset only what this household touched: O(lines), not O(customers x offers).
      baskets[o] = 0;
      lastDay[o] = -1;
      lastBasket[o] = -1;
    }
  }
  return { households, baskets: basketTotals };
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
  const priorWeight = options.priorWeight ?? 1;
  const affinityWeight = options.affinityWeight ?? 2;
  const redemptionRateWeight = options.redemptionRateWeight ?? 1;
  const relevanceWeight = options.relevanceWeight ?? 0;
  const visitsWeight = options.propensityWeights?.visits ?? 0.5;
  const redemptionsWeight = options.propensityWeights?.redemptions ?? 2;
  const halfLife = options.recencyHalfLifeDays ?? 60;
  const shrink = options.pronenessShrinkage ?? 2;
  const asOfDay = toDay(campaign.start);
  const catalog = data.catalog;

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
  const offerIdx = Int32Array.from(offerList);
  const H = households.length;
  const O = offers.length;
  const F = PAIR_FEATURES.length;
  const N = H * O;

  // ---- three levels of the product tree: product, product type, category ----
  const levels = [
    { key: null, count: catalog.products.size },
    { key: catalog.productSubcategory, count: catalog.subcategories.size },
    { key: catalog.productCategory, count: catalog.categories.size },
  ];
  const levelBaskets: Float64Array[] = [];
  const levelLastDay: Float64Array[] = [];
  const levelHouseholds: Float64Array[] = [];
  let productBasketTotals: Float64Array = new Float64Array(O);
  for (const level of levels) {
    const index = invertOffers(data, offerIdx, level.key, level.count);
    const b = new Float64Array(N);
    const d = new Float64Array(N).fill(-1);
    const acc = accumulateLevel(data, asOfDay, index, level.key, O, recipientRow, b, d);
    levelHouseholds.push(acc.households);
    if (level.key === null) productBasketTotals = acc.baskets;
    levelBaskets.push(b);
    levelLastDay.push(d);
  }
  const profiles = buildProfiles(data, { ...options.profile, asOfDay });
  let withHistory = 0;
  for (let c = 0; c < profiles.customerCount; c++) if (profiles.visits[c]! > 0) withHistory++;
  const logShare = (n: number): number => Math.log((n + 1) / (withHistory + 1));

  // ---- per offer ----
  const popularity = new Float64Array(O);
  const OF = 10;
  const offerFeatures = new Float64Array(O * OF);
  const history = redemptionHistory(cj, asOfDay);
  // Earlier redemptions per product (of any coupon naming it), and each recipient's redeemed products.
  const counted = new Set(history.campaigns);
  const productRedeemed = new Float64Array(catalog.products.size);
  const redeemedProducts = new Map<string, Set<number>>();
  const prod = data.offers.products;
  for (const r of cj.redemptions) {
    const oi = data.offers.ids.get(r.offer);
    if (!counted.has(r.campaign) || oi < 0) continue;
    const c = data.customers.ids.get(r.household);
    let mine: Set<number> | undefined;
    if (c >= 0 && recipientRow[c]! >= 0) {
      mine = redeemedProducts.get(r.household);
      if (mine === undefined) redeemedProducts.set(r.household, (mine = new Set()));
    }
    for (let q = prod.rowPtr[oi]!; q < prod.rowPtr[oi + 1]!; q++) {
      productRedeemed[prod.index[q]!]++;
      mine?.add(prod.index[q]!);
    }
  }
  // Target encoding of earlier campaigns: redemptions per (recipient x coupon) exposure by department and category, shrunk.
  const T = catalog.categories.size;
  const deptExposure = new Float64Array(catalog.departments.size);
  const deptRedeemed = new Float64Array(catalog.departments.size);
  const catExposure = new Float64Array(T);
  const catRedeemed = new Float64Array(T);
  let exposureTotal = 0;
  let redeemedTotal = 0;
  const oc = data.offers.categories;
  const addCoupon = (oi: number, weight: number, into: Float64Array, intoCat: Float64Array): void => {
    const dep = data.offers.department[oi]!;
    if (dep >= 0) into[dep] += weight;
    for (let q = oc.rowPtr[oi]!; q < oc.rowPtr[oi + 1]!; q++) intoCat[oc.index[q]!] += weight;
  };
  for (const c of cj.campaigns) {
    if (!counted.has(c.id)) continue;
    for (const id of c.offers) {
      const oi = data.offers.ids.get(id);
      if (oi < 0) continue;
      addCoupon(oi, c.recipients.length, deptExposure, catExposure);
      exposureTotal += c.recipients.length;
    }
  }
  for (const r of cj.redemptions) {
    const oi = data.offers.ids.get(r.offer);
    if (!counted.has(r.campaign) || oi < 0) continue;
    addCoupon(oi, 1, deptRedeemed, catRedeemed);
    redeemedTotal++;
  }
  const baseRate = exposureTotal > 0 ? (redeemedTotal + 1) / (exposureTotal + 1) : 1;
  const rateShrink = options.rateShrinkage ?? 2000;
  const rateRatio = (red: number, exp: number): number => Math.log((red + rateShrink * baseRate) / (exp + rateShrink) / baseRate);
  let maxReward = 0;
  for (let o = 0; o < O; o++) maxReward = Math.max(maxReward, data.offers.reward[offerIdx[o]!]!);
  const prior = new Float64Array(O);
  for (let o = 0; o < O; o++) {
    const oi = offerIdx[o]!;
    const prodHh = levelHouseholds[0]![o]!;
    const catHh = levelHouseholds[2]![o]!;
    popularity[o] = prodHh + catHh / (withHistory + 1);
    prior[o] = logShare(prodHh) + 0.5 * logShare(levelHouseholds[1]![o]!);
    let pastByProduct = 0;
    for (let q = prod.rowPtr[oi]!; q < prod.rowPtr[oi + 1]!; q++) pastByProduct = Math.max(pastByProduct, productRedeemed[prod.index[q]!]!);
    offerFeatures[o * OF] = logShare(prodHh);
    offerFeatures[o * OF + 1] = logShare(levelHouseholds[1]![o]!);
    offerFeatures[o * OF + 2] = logShare(catHh);
    offerFeatures[o * OF + 3] = Math.log(prod.rowPtr[oi + 1]! - prod.rowPtr[oi]!);
    offerFeatures[o * OF + 4] = Math.log1p(history.couponRedemptions.get(couponUpcOf(offers[o]!)) ?? 0);
    offerFeatures[o * OF + 5] = Math.log1p(pastByProduct);
    offerFeatures[o * OF + 6] = logShare(productBasketTotals[o]!);
    const dep = data.offers.department[oi]!;
    offerFeatures[o * OF + 7] = dep >= 0 ? rateRatio(deptRedeemed[dep]!, deptExposure[dep]!) : 0;
    let catRate = -Infinity;
    for (let q = oc.rowPtr[oi]!; q < oc.rowPtr[oi + 1]!; q++) catRate = Math.max(catRate, rateRatio(catRedeemed[oc.index[q]!]!, catExposure[oc.index[q]!]!));
    offerFeatures[o * OF + 8] = Number.isFinite(catRate) ? catRate : 0;
    offerFeatures[o * OF + 9] = maxReward > 0 ? data.offers.reward[oi]! / maxReward : 0;
  }

  // ---- pairs ----
  const productHistory =
    options.productHistory === false ? undefined : buildProductHistory(data.transactions, data.offers, catalog, { asOfDay, halfLifeDays: profiles.halfLifeDays });
  const model = fitRelevanceModel(profiles, data.offers, catalog, { ...options.model, productHistory });
  const features = new Float64Array(N * F);
  const engineScore = new Float64Array(N);
  const relevanceScore = new Float64Array(N);
  const label = new Uint8Array(N);
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

  // ---- labels: this campaign's redemptions by its recipients ----
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
  return { campaign, asOfDay, households, offers, features, engineScore, relevanceScore, popularity, label, redemptions };
}
