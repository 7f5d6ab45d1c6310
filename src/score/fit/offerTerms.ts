import type { Catalog } from '../../ingest/catalog.js';
import type { OfferTable } from '../../ingest/offerTable.js';
import { median } from '../../lib/median.js';
import type { Profiles } from '../../profile/profiles.js';
import { referencePrices } from '../referencePrices.js';
import { priorAffinity } from '../relevanceFunctions.js';

/** The parameters of `fitRelevanceModel` that shape the offer terms. */
export interface OfferTermParameters {
  readonly liftExponent: number;
  readonly depthElasticity: number;
  readonly valueWeight: number;
}

/** What {@link fitOfferTerms} fits, per offer (see the fields of the same names on `RelevanceModel`). */
export interface OfferTerms {
  readonly offerReferencePrice: Float64Array;
  /** Offers x d: mean of the target categories' factors (zero for generic offers). */
  readonly offerFactor: Float32Array;
  readonly offerDepth: Float64Array;
  readonly offerBaseAffinity: Float64Array;
  readonly offerKey: Int32Array;
  readonly offerValue: Float64Array;
}

/**
 * The third phase of `fitRelevanceModel`, per offer: reference price and depth, the normalised worth
 * as value, the prior affinity (max over its target categories' priors, their median for generic
 * offers), the factor (mean of its target categories' factors) and the category key of the kernel's
 * per-category cap.
 *
 * @example const terms = fitOfferTerms(offers, catalog, profiles, factors.category, 16, rates.categoryPrior, { liftExponent: 0.25, depthElasticity: 0.5, valueWeight: 0.25 });
 * Cost: O(offers · targets · d + products log products) (the reference prices' category medians).
 */
export function fitOfferTerms(
  offers: OfferTable,
  catalog: Catalog,
  profiles: Profiles,
  V: Float32Array,
  d: number,
  categoryPrior: Float64Array,
  parameters: OfferTermParameters,
): OfferTerms {
  const { liftExponent, depthElasticity, valueWeight } = parameters;
  const T = profiles.categoryCount;
  const O = offers.ids.size;
  const offerReferencePrice = referencePrices(offers, catalog, profiles);
  const oc = offers.categories;
  const genericPrior = T > 0 ? median(categoryPrior) : priorAffinity(0, liftExponent);
  const offerFactor = new Float32Array(O * d);
  const offerDepth = new Float64Array(O);
  const offerBaseAffinity = new Float64Array(O);
  const worth = new Float64Array(O);
  let maxWorth = 0;
  for (let o = 0; o < O; o++) {
    const lo = oc.rowPtr[o]!;
    const hi = oc.rowPtr[o + 1]!;
    let base = hi > lo ? -Infinity : genericPrior;
    for (let q = lo; q < hi; q++) {
      const t = oc.index[q]!;
      if (categoryPrior[t]! > base) base = categoryPrior[t]!;
      for (let j = 0; j < d; j++) offerFactor[o * d + j] += V[t * d + j]!;
    }
    if (hi > lo) for (let j = 0; j < d; j++) offerFactor[o * d + j] /= hi - lo;
    offerBaseAffinity[o] = base;
    const ref = offerReferencePrice[o]!;
    const reward = offers.reward[o]!;
    const depth = ref > 0 ? reward / ref : reward > 0 ? 1 : 0;
    offerDepth[o] = depthElasticity === 0 ? 0 : depthElasticity * Math.log(Math.min(1, Math.max(0.01, depth)));
    // Base redemption propensity saturates with the reward relative to the price of what it applies to.
    worth[o] = -Math.expm1(-depth) * (offers.margin[o]! - offers.cost[o]!);
    if (Math.abs(worth[o]!) > maxWorth) maxWorth = Math.abs(worth[o]!);
  }
  const offerKey = new Int32Array(O);
  for (let o = 0; o < O; o++) {
    const listed = offers.records[o]?.targetCategories[0];
    const k = listed === undefined ? -1 : catalog.categories.get(listed);
    offerKey[o] = k >= 0 ? k : oc.rowPtr[o + 1]! > oc.rowPtr[o]! ? oc.index[oc.rowPtr[o]!]! : -1;
  }
  const offerValue = new Float64Array(O);
  for (let o = 0; o < O; o++) offerValue[o] = (valueWeight * offers.priority[o]! * worth[o]!) / (maxWorth > 0 ? maxWorth : 1);
  return { offerReferencePrice, offerFactor, offerDepth, offerBaseAffinity, offerKey, offerValue };
}
