import type { RelevanceModel } from './relevanceModel.js';
import { customerPriorWeight, dueness, entryCycle, exposureMonths, purchaseWeight, shrunkAffinity } from './relevanceFunctions.js';

/** The score of one (customer, offer) pair and its parts, before weighting (except `value` and `depth`, which carry their weights). */
export interface PairScore {
  /** Log score `affinityWeight·affinity + crossSellWeight·crossSell + replenishmentWeight·replenishment + value + depth + productWeight·product`. */
  total: number;
  /** `exp(total)`: the relative redemption propensity the kernel stores (rounded to float32). */
  score: number;
  /** Max over the offer's targets of the log monthly chance to buy minus `liftExponent` x log population rate. */
  affinity: number;
  /** Predicted interest in the offer's targets the customer does not buy yet. */
  crossSell: number;
  /** Log due-ness: max over bought targets (and 0, neutral, when a target is unbought). */
  replenishment: number;
  /** `valueWeight · priority · worth · (1 + discountShare)`, weighted already. */
  value: number;
  /** `depthElasticity · ln(clamped reward / reference price)`, weighted already. */
  depth: number;
  /**
   * Product term before its weight: `ln(1 + S / (shrinkage · r[o]))`, S the customer's recency-weighted
   * baskets of the offer's target products (0 without a product history or when none was bought).
   */
  product: number;
}

/**
 * Scores one (customer, offer) pair the slow, obvious way, straight from the profile and the model's
 * population rates and factors: the reference for the kernel's property tests and the numbers behind
 * explanations. Throws a `RangeError` for an index out of range.
 *
 * @example
 * const { score, affinity, replenishment } = scorePair(model, 0, 3);
 * Cost: O(|T(o)| · (entries of c + d) + products of c · target products of o).
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

  const exposure = p.visits[c]! > 0 ? exposureMonths(p.asOfDay - p.firstDay[c]!, p.halfLifeDays) : 0;
  // Every target's affinity is at least the prior-only value; the offer's prior is the max over its targets.
  let affinity = customerPriorWeight(exposure, model.shrinkage) + model.offerBaseAffinity[o]!;
  let due = -Infinity;
  let bought = 0;
  let correction = 0;
  for (let q = lo; q < hi; q++) {
    const t = targets.index[q]!;
    let entry = -1;
    for (let e = p.rowPtr[c]!; e < p.rowPtr[c + 1]!; e++) if (p.category[e] === t) entry = e;
    if (entry < 0) continue;
    bought++;
    const count = purchaseWeight(p, entry) * p.purchases[entry]!;
    const rate = model.categoryRate[t]!;
    affinity = Math.max(affinity, shrunkAffinity(count, exposure, rate, model.shrinkage, model.liftExponent));
    const cycle = entryCycle(p.cycleDays[entry]!, p.populationCycleDays[t]!);
    due = Math.max(due, Math.log(dueness(model.asOfDay - p.lastDay[entry]!, cycle, model.dueFloor, model.dueCap)));
    // Bought categories are not cross-sell: take their share of the offer factor back out.
    let uv = 0;
    for (let j = 0; j < d; j++) uv += U[c * d + j]! * V[t * d + j]!;
    correction += uv * (1 / (hi - lo));
  }
  // A target never bought is neutral (log due-ness 0), so it caps how un-due the offer can look; generic offers are neutral.
  const replenishment = bought > 0 && bought === hi - lo ? due : Math.max(due, 0);
  const crossSell = dense - correction;
  const value = model.customerValueScale[c]! * model.offerValue[o]!;
  const depth = model.offerDepth[o]!;
  // Product term: the customer's products in ascending order (the kernel's summation order), those the offer targets.
  let product = 0;
  const ptr = model.customerProductPtr;
  if (ptr.length > 0) {
    const op = model.offerProducts;
    let sum = 0;
    for (let e = ptr[c]!; e < ptr[c + 1]!; e++) {
      const pr = model.customerProduct[e]!;
      let targeted = false;
      for (let q = op.rowPtr[o]!; q < op.rowPtr[o + 1]! && !targeted; q++) targeted = op.index[q] === pr;
      if (targeted) sum += model.customerProductCount[e]!;
    }
    product = Math.log1p(sum * model.offerProductScale[o]!);
  }
  let total = model.affinityWeight * affinity + model.crossSellWeight * crossSell + model.replenishmentWeight * replenishment + value + depth;
  if (ptr.length > 0) total += model.productWeight * product;
  return { total, score: Math.exp(total), affinity, crossSell, replenishment, value, depth, product };
}
