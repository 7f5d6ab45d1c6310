import type { OfferTable } from '../ingest/offerTable.js';

/** Options of the arbitration score (see {@link arbitrationValue}). */
export interface ArbitrationOptions {
  /**
   * `product` (default): p(redeem) x offer value x lever, an expected value in money.
   * `score`: candidate score x lever (relevance only, ignores margins).
   */
  arbitration?: 'product' | 'score';
  /** Offer value per redemption: `margin` (default) or `net` (margin - cost). */
  offerValue?: 'margin' | 'net';
  /** Lever per offer group name, multiplied with the offer's `priority`. Default 1 for every group. */
  groupLevers?: Readonly<Record<string, number>>;
  /** p(redeem) per candidate entry (`c * k + j`, same layout as Candidates); default from the score mapping. */
  propensity?: Float32Array;
  /** Ceiling of the score -> p(redeem) mapping. Default 0.3. */
  maxPropensity?: number;
  /** Score at which p reaches 63% of `maxPropensity`. Default 1. */
  propensityScale?: number;
}

/**
 * The documented monotone score -> p(redeem) mapping: `0` for `score <= 0`, else
 * `maxPropensity * (1 - exp(-score / propensityScale))`, increasing and below `maxPropensity`. O(1).
 *
 * @example redeemProbability(1, 0.3, 1) // 0.3 * (1 - 1/e) ≈ 0.19
 */
export function redeemProbability(score: number, maxPropensity = 0.3, propensityScale = 1): number {
  if (!(score > 0)) return 0;
  return maxPropensity * (1 - Math.exp(-score / propensityScale));
}

/**
 * Business lever per offer: `priority x groupLevers[group]` (1 for an offer without a group or
 * with an unlisted group). Throws a TypeError for a non-finite or negative lever. O(offers).
 *
 * @example offerLevers(data.offers, { groupLevers: { summer: 1.5 } })
 */
export function offerLevers(offers: OfferTable, options: ArbitrationOptions = {}): Float64Array {
  const m = offers.ids.size;
  const groupLever = new Float64Array(offers.groups.size).fill(1);
  for (const [name, lever] of Object.entries(options.groupLevers ?? {})) {
    if (!Number.isFinite(lever) || lever < 0) throw new TypeError(`groupLevers['${name}'] is ${lever}; expected a finite number >= 0`);
    const g = offers.groups.get(name);
    if (g >= 0) groupLever[g] = lever;
  }
  const out = new Float64Array(m);
  for (let o = 0; o < m; o++) {
    const g = offers.group[o]!;
    out[o] = offers.priority[o]! * (g >= 0 ? groupLever[g]! : 1);
  }
  return out;
}

/**
 * Arbitration value of one candidate: `p x value x lever` (`product`) or `score x lever` (`score`),
 * where value is the offer's margin (or margin - cost with `offerValue: 'net'`). O(1).
 *
 * @example arbitrationValue(0.1, 2.5, 12, 3, 1.5, {}) // 0.1 * 12 * 1.5 = 1.8
 */
export function arbitrationValue(p: number, score: number, margin: number, cost: number, lever: number, options: ArbitrationOptions): number {
  if (options.arbitration === 'score') return score * lever;
  const value = options.offerValue === 'net' ? margin - cost : margin;
  return p * value * lever;
}
