import { normalTwoSidedP } from './distributions.js';
import { checkCounts, wilsonWithZ, zForConfidence, type RateEstimate } from './wilsonInterval.js';

/** Comparison of two proportions A (e.g. targeted) and B (e.g. control). */
export interface ProportionComparison {
  /** A's rate with its Wilson interval. */
  readonly a: RateEstimate;
  /** B's rate with its Wilson interval. */
  readonly b: RateEstimate;
  /** `rateA - rateB` (absolute lift), or `null` when either side has no trials. */
  readonly difference: number | null;
  /** Newcombe hybrid-score interval of the difference (lower), or `null`. */
  readonly lower: number | null;
  /** Newcombe hybrid-score interval of the difference (upper), or `null`. */
  readonly upper: number | null;
  /** `rateA / rateB - 1` (relative lift), or `null` when B's rate is 0 or unknown. */
  readonly relativeLift: number | null;
  /** Pooled two-proportion z statistic, or `null` when either side has no trials. */
  readonly z: number | null;
  /** Two-sided p-value of the z test, or `null` when either side has no trials. */
  readonly pValue: number | null;
  /** Why the comparison is not available (`null` when it is). */
  readonly note: string | null;
}

/** Options of {@link compareProportions}. */
export interface CompareProportionsOptions {
  /** Two-sided confidence level of the intervals, in `(0, 1)`. Default `0.95`. */
  confidence?: number;
}

/** Comparison for a known z (shared by measureCampaign so z is computed once). */
export function compareWithZ(
  successesA: number,
  trialsA: number,
  successesB: number,
  trialsB: number,
  zCrit: number,
): ProportionComparison {
  const a = wilsonWithZ(successesA, trialsA, zCrit);
  const b = wilsonWithZ(successesB, trialsB, zCrit);
  if (trialsA === 0 || trialsB === 0) {
    const note = trialsA === 0 && trialsB === 0 ? 'both groups are empty' : trialsA === 0 ? 'group A is empty' : 'group B is empty';
    return { a, b, difference: null, lower: null, upper: null, relativeLift: null, z: null, pValue: null, note };
  }
  const pa = a.rate as number;
  const pb = b.rate as number;
  const d = pa - pb;
  // Newcombe (1998) method 10: combine each side's Wilson interval; no NaN at 0 or 100 %
  const lower = d - Math.sqrt((pa - (a.lower as number)) ** 2 + ((b.upper as number) - pb) ** 2);
  const upper = d + Math.sqrt(((a.upper as number) - pa) ** 2 + (pb - (b.lower as number)) ** 2);
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  // se = 0 only when both rates are 0 or both are 1: the difference is exactly 0, so z = 0
  const z = se === 0 ? 0 : d / se;
  const pValue = normalTwoSidedP(z);
  return {
    a,
    b,
    difference: d,
    lower: Math.max(-1, lower),
    upper: Math.min(1, upper),
    relativeLift: pb === 0 ? null : pa / pb - 1,
    z,
    pValue,
    note: null,
  };
}

/**
 * Compares proportion A = `successesA / trialsA` with B: difference with Newcombe's hybrid score
 * interval (built from the two Wilson intervals), relative lift, and the pooled two-proportion z test
 * (two-sided). Empty groups give `null` fields and a `note`, never NaN.
 *
 * @throws RangeError when counts are not integers with `0 <= successes <= trials`, or the
 * confidence is outside `(0, 1)`.
 *
 * @example
 * const c = compareProportions(120, 1000, 90, 1000);
 * c.difference; // 0.03
 * c.pValue;     // 0.0287 (z = 2.188)
 *
 * Cost: O(1).
 */
export function compareProportions(
  successesA: number,
  trialsA: number,
  successesB: number,
  trialsB: number,
  options?: CompareProportionsOptions,
): ProportionComparison {
  checkCounts(successesA, trialsA, 'compareProportions');
  checkCounts(successesB, trialsB, 'compareProportions');
  const z = zForConfidence(options?.confidence ?? 0.95, 'compareProportions');
  return compareWithZ(successesA, trialsA, successesB, trialsB, z);
}
