import type { Profiles } from '../../profile/profiles.js';
import { exposureMonths, priorAffinity, purchaseWeight } from '../relevanceFunctions.js';

/** What {@link fitPopulationRates} fits: per-customer exposure and spend, per-entry counts, per-category rates. */
export interface PopulationRates {
  /** Per customer: recency-weighted months observed, `exposureMonths(asOfDay - firstDay)` (0 without a visit). */
  readonly customerEvidence: Float64Array;
  /** Per customer: positive recency-weighted spend. */
  readonly customerShareTotal: Float64Array;
  /**
   * Per profile entry: its recency-weighted purchase count. {@link fitCustomerTerms} turns it into the
   * entry's shrunk affinity in place, so the fit holds one entry-sized float64 array, not two.
   */
  readonly entryCount: Float64Array;
  /** Per category: population purchase visits per customer-month (recency-weighted). */
  readonly categoryRate: Float64Array;
  /** Per category: {@link priorAffinity} of its rate, the affinity of a customer who never bought it (before the customer's prior weight). */
  readonly categoryPrior: Float64Array;
  /** Sum of `customerEvidence`: the population's exposure months, the denominator of every population rate. */
  readonly exposureTotal: number;
}

/**
 * The first phase of `fitRelevanceModel`: exposure per customer, recency-weighted purchase visits per
 * profile entry, and from their sums the population rate and prior affinity of each category.
 *
 * @example const rates = fitPopulationRates(profiles, 0.25); rates.categoryRate[t];
 * Cost: O(customers + profile entries + categories).
 */
export function fitPopulationRates(profiles: Profiles, liftExponent: number): PopulationRates {
  const C = profiles.customerCount;
  const T = profiles.categoryCount;
  const { rowPtr, category, weightedSpend, purchases } = profiles;
  const nnz = rowPtr[C]!;
  const customerEvidence = new Float64Array(C);
  const customerShareTotal = new Float64Array(C);
  const entryCount = new Float64Array(nnz);
  const categoryCount = new Float64Array(T);
  let exposureTotal = 0;
  for (let c = 0; c < C; c++) {
    const exposure = profiles.visits[c]! > 0 ? exposureMonths(profiles.asOfDay - profiles.firstDay[c]!, profiles.halfLifeDays) : 0;
    customerEvidence[c] = exposure;
    exposureTotal += exposure;
    let positiveWeighted = 0;
    for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
      positiveWeighted += Math.max(0, weightedSpend[e]!);
      const count = purchaseWeight(profiles, e) * purchases[e]!;
      entryCount[e] = count;
      categoryCount[category[e]!] += count;
    }
    customerShareTotal[c] = positiveWeighted;
  }
  const categoryRate = new Float64Array(T);
  const categoryPrior = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    categoryRate[t] = exposureTotal > 0 ? categoryCount[t]! / exposureTotal : 0;
    categoryPrior[t] = priorAffinity(categoryRate[t]!, liftExponent);
  }
  return { customerEvidence, customerShareTotal, entryCount, categoryRate, categoryPrior, exposureTotal };
}
