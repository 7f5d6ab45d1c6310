import type { RelevanceModel } from '../relevanceModel.js';

/** The kernel's offer order and the per-offer quantities its bounds are built from. */
export interface OfferOrder {
  /** Offer indices by descending score bound (ties by lower offer index): `order[p]` is the offer at position p. */
  readonly order: readonly number[];
  /** Per offer `||F_o||₂`. */
  readonly factorNorm: Float64Array;
  /** Per offer `affinityWeight · offerBaseAffinity + offerDepth`: the part of its log score no customer term changes. */
  readonly constant: Float64Array;
}

/**
 * Orders the offers by an upper bound of the best log score any customer can give them:
 * `crossSellWeight · max||U|| · ||F_o|| + g · h_o + constant_o`, with the population's largest factor
 * norm and the value scale `g` at the end of its range that maximises `g · h_o` (a customer's prior
 * weight is ≤ 0, so it only lowers the score). Offers likely to score high come first, which lets a
 * customer's scan stop early.
 *
 * @example const { order } = offerOrder(model); // order[0]: the offer with the highest bound
 * Cost: O(offers · d + offers log offers).
 */
export function offerOrder(model: RelevanceModel): OfferOrder {
  const O = model.offerCount;
  const d = model.dimensions;
  const { offerFactor, offerValue, offerBaseAffinity, offerDepth, affinityWeight, crossSellWeight } = model;
  const maxNorm = model.maxCustomerNorm;
  const minG = model.minCustomerValueScale;
  const maxG = model.maxCustomerValueScale;
  const factorNorm = new Float64Array(O);
  const constant = new Float64Array(O);
  const key = new Float64Array(O);
  for (let o = 0; o < O; o++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += offerFactor[o * d + j]! * offerFactor[o * d + j]!;
    factorNorm[o] = Math.sqrt(s);
    const h = offerValue[o]!;
    constant[o] = affinityWeight * offerBaseAffinity[o]! + offerDepth[o]!;
    key[o] = crossSellWeight * maxNorm * factorNorm[o]! + (h > 0 ? maxG * h : minG * h) + constant[o]!;
  }
  const order = Array.from({ length: O }, (_, o) => o).sort((a, b) => key[b]! - key[a]! || a - b);
  return { order, factorNorm, constant };
}
