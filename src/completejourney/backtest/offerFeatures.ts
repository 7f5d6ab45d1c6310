import type { Dataset } from '../../ingest/ingest.js';
import type { CompleteJourney } from '../adapter/completeJourney.js';
import type { ProductTreeLevels } from './productTreeLevels.js';
import { couponUpcOf, type RedemptionHistory } from './redemptionHistory.js';

/** Columns of the per-offer block of `PAIR_FEATURES` (`productPopularity` .. `discountDepth`). */
export const OFFER_FEATURE_COUNT = 10;

/** Redemptions of campaigns that ended before the start, by product and by recipient. */
export interface EarlierRedemptions {
  /** Per catalog product, earlier redemptions of any coupon naming it. */
  readonly productRedeemed: Float64Array;
  /** Per recipient household id, the catalog products of the coupons it redeemed. */
  readonly redeemedProducts: Map<string, Set<number>>;
}

/**
 * Earlier redemptions (of the `counted` campaigns) per product, and each recipient's redeemed products.
 *
 * Cost: O(redemptions · products per coupon).
 * @example earlierRedemptions(cj, data, new Set(history.campaigns), recipientRow).productRedeemed
 */
export function earlierRedemptions(cj: CompleteJourney, data: Dataset, counted: ReadonlySet<string>, recipientRow: Int32Array): EarlierRedemptions {
  const productRedeemed = new Float64Array(data.catalog.products.size);
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
  return { productRedeemed, redeemedProducts };
}

/** Exposures and redemptions of earlier campaigns per department and category, with the shrunk log ratio to the pooled rate. */
interface RedemptionRates {
  readonly deptExposure: Float64Array;
  readonly deptRedeemed: Float64Array;
  readonly catExposure: Float64Array;
  readonly catRedeemed: Float64Array;
  /** `log(((redeemed + shrink · base) / (exposure + shrink)) / base)`. */
  readonly rateRatio: (redeemed: number, exposure: number) => number;
}

/** Target encoding of earlier campaigns: redemptions per (recipient x coupon) exposure by department and category, shrunk. */
function redemptionRates(cj: CompleteJourney, data: Dataset, counted: ReadonlySet<string>, rateShrink: number): RedemptionRates {
  const catalog = data.catalog;
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
  const rateRatio = (red: number, exp: number): number => Math.log((red + rateShrink * baseRate) / (exp + rateShrink) / baseRate);
  return { deptExposure, deptRedeemed, catExposure, catRedeemed, rateRatio };
}

/** Per offer of the campaign: the popularity baseline, the coupon prior and the offer block of the features. */
export interface OfferFeatures {
  /** Households that bought the coupon's products, ties broken by its categories. */
  readonly popularity: Float64Array;
  /** `productPopularity + 0.5 · subcategoryPopularity` (log shares). */
  readonly prior: Float64Array;
  /** Row-major `offers x OFFER_FEATURE_COUNT`. */
  readonly features: Float64Array;
}

/** What {@link offerFeatures} reads beside the data set. */
export interface OfferFeatureInputs {
  readonly offerIdx: Int32Array;
  /** The campaign's offer ids, in column order. */
  readonly offers: readonly string[];
  readonly levels: ProductTreeLevels;
  /** Households with at least one visit before the start (the denominator of the log shares). */
  readonly withHistory: number;
  readonly history: RedemptionHistory;
  /** The campaigns that ended before the start (`history.campaigns`). */
  readonly counted: ReadonlySet<string>;
  readonly earlier: EarlierRedemptions;
  /** Pseudo-exposures of the department/category rate shrinkage. */
  readonly rateShrinkage: number;
}

/**
 * The per-offer features of a campaign as of its start: log shares of households that bought the
 * coupon's products, product types and categories, target count, past redemptions of the coupon and
 * of its products, basket popularity, department and category redemption rates, discount depth.
 *
 * Cost: O(campaigns' coupons + redemptions + offers · (products + categories)).
 * @example const { prior, features } = offerFeatures(cj, data, inputs);
 */
export function offerFeatures(cj: CompleteJourney, data: Dataset, inputs: OfferFeatureInputs): OfferFeatures {
  const { offerIdx, offers, levels, withHistory, history } = inputs;
  const { productRedeemed } = inputs.earlier;
  const levelHouseholds = levels.households;
  const productBasketTotals = levels.productBasketTotals;
  const O = offerIdx.length;
  const OF = OFFER_FEATURE_COUNT;
  const logShare = (n: number): number => Math.log((n + 1) / (withHistory + 1));
  const popularity = new Float64Array(O);
  const offerFeatures = new Float64Array(O * OF);
  const { deptExposure, deptRedeemed, catExposure, catRedeemed, rateRatio } = redemptionRates(cj, data, inputs.counted, inputs.rateShrinkage);
  const prod = data.offers.products;
  const oc = data.offers.categories;
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
  return { popularity, prior, features: offerFeatures };
}
