import type { RelevanceModel } from './relevanceModel.js';
import { dueness, shrunkAffinity } from './relevanceFunctions.js';

/** The score of one (customer, offer) pair and its parts, before weighting (except `value`, which carries its weight). */
export interface PairScore {
  /** `affinityWeight·affinity + crossSellWeight·crossSell + replenishmentWeight·replenishment + value`. */
  total: number;
  /** Max over the offer's target categories of the shrunk log lift (0 for generic offers). */
  affinity: number;
  /** Predicted interest in the offer's targets the customer does not buy yet. */
  crossSell: number;
  /** Max due-ness over the offer's bought target categories. */
  replenishment: number;
  /** `valueWeight · priority · worth · (1 + discountShare)`, weighted already. */
  value: number;
}

/**
 * Scores one (customer, offer) pair the slow, obvious way, straight from the profile and the model's
 * factors: the reference for the kernel's property tests and the numbers behind explanations.
 * Throws a `RangeError` for an index out of range.
 *
 * @example
 * const { total, affinity, crossSell } = scorePair(model, 0, 3);
 * Cost: O(|T(o)| · (entries of c + d)).
 */
export function scorePair(model: RelevanceModel, c: number, o: number): PairScore {
  if (!Number.isInteger(c) || c < 0 || c >= model.customerCount) throw new RangeError(`scorePair: customer ${c} is outside 0..${model.customerCount - 1}`);
  if (!Number.isInteger(o) || o < 0 || o >= model.offerCount) throw new RangeError(`scorePair: offer ${o} is outside 0..${model.offerCount - 1}`);
  const p = model.profiles;
  const d = model.dimensions;
  const U = model.customerFactor;
  const V = model.categoryFactor;
  const F = model.offerFactor;
  const targets = model.offerCategories;
  const lo = targets.rowPtr[o]!;
  const hi = targets.rowPtr[o + 1]!;

  let dense = 0;
  for (let j = 0; j < d; j++) dense += U[c * d + j]! * F[o * d + j]!;

  let affinity = hi > lo ? -Infinity : 0;
  let replenishment = 0;
  let correction = 0;
  for (let q = lo; q < hi; q++) {
    const t = targets.index[q]!;
    let entry = -1;
    for (let e = p.rowPtr[c]!; e < p.rowPtr[c + 1]!; e++) if (p.category[e] === t) entry = e;
    const share = entry >= 0 && model.customerShareTotal[c]! > 0 ? Math.max(0, p.weightedSpend[entry]!) / model.customerShareTotal[c]! : 0;
    affinity = Math.max(affinity, shrunkAffinity(share, model.customerEvidence[c]!, p.spendShare[t]!, model.shrinkage, model.affinityCap));
    if (entry >= 0) {
      const cycle = Number.isFinite(p.cycleDays[entry]!) ? p.cycleDays[entry]! : p.populationCycleDays[t]!;
      replenishment = Math.max(replenishment, dueness(model.asOfDay - p.lastDay[entry]!, cycle, model.dueShape));
      // Bought categories are not cross-sell: take their share of the offer factor back out.
      let uv = 0;
      for (let j = 0; j < d; j++) uv += U[c * d + j]! * V[t * d + j]!;
      correction += uv * (1 / (hi - lo));
    }
  }
  const crossSell = dense - correction;
  const value = model.customerValueScale[c]! * model.offerValue[o]!;
  const total = model.affinityWeight * affinity + model.crossSellWeight * crossSell + model.replenishmentWeight * replenishment + value;
  return { total, affinity, crossSell, replenishment, value };
}
