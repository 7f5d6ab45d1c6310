import { studentTQuantile, studentTTwoSidedP } from './distributions.js';

/** Summary of one group's values: size, mean and sample variance (n − 1 denominator). */
export interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  /** Sample variance (n − 1 denominator); ignored when `n < 2`. */
  readonly variance: number;
}

/** A mean with its Student t interval; bounds are `null` when `n < 2`, everything when `n = 0`. */
export interface MeanEstimate {
  readonly n: number;
  /** Mean, or `null` when `n` is 0. */
  readonly mean: number | null;
  /** Sample standard deviation, or `null` when `n < 2`. */
  readonly sd: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** Welch comparison of means A − B. */
export interface MeanComparison {
  readonly a: MeanEstimate;
  readonly b: MeanEstimate;
  /** `meanA - meanB`, or `null` when a group is empty. */
  readonly difference: number | null;
  /** Welch interval of the difference; `null` when a group has fewer than 2 values. */
  readonly lower: number | null;
  readonly upper: number | null;
  /** Welch t statistic; `null` when not available or when the standard error is 0. */
  readonly t: number | null;
  /** Welch–Satterthwaite degrees of freedom; `null` when not available or the standard error is 0. */
  readonly df: number | null;
  /** Two-sided p-value; with a standard error of 0 it is 1 for a zero difference and 0 otherwise. */
  readonly pValue: number | null;
  /** Why the comparison is (partly) unavailable, or `null`. */
  readonly note: string | null;
}

/** Options of {@link compareMeans} and {@link meanInterval}. */
export interface CompareMeansOptions {
  /** Two-sided confidence level in `(0, 1)`. Default `0.95`. */
  confidence?: number;
}

function checkSummary(s: SampleSummary, caller: string): void {
  if (!Number.isInteger(s.n) || s.n < 0) throw new RangeError(`${caller}: n must be an integer >= 0, got ${s.n}`);
  if (s.n > 0 && !Number.isFinite(s.mean)) throw new RangeError(`${caller}: mean must be finite, got ${s.mean}`);
  if (s.n > 1 && !(s.variance >= 0 && Number.isFinite(s.variance))) {
    throw new RangeError(`${caller}: variance must be finite and >= 0, got ${s.variance}`);
  }
}

function checkConfidence(confidence: number, caller: string): void {
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${caller}: confidence must be a number in (0, 1), got ${String(confidence)}`);
  }
}

/**
 * A group mean with its Student t interval `mean ± t(n−1) · sd / √n`.
 *
 * @example
 * meanInterval({ n: 10, mean: 5, variance: 4 }); // { mean: 5, lower: 3.569, upper: 6.431, ... }
 *
 * Cost: O(1).
 */
export function meanInterval(summary: SampleSummary, options?: CompareMeansOptions): MeanEstimate {
  checkSummary(summary, 'meanInterval');
  const confidence = options?.confidence ?? 0.95;
  checkConfidence(confidence, 'meanInterval');
  const { n, mean } = summary;
  if (n === 0) return { n, mean: null, sd: null, lower: null, upper: null };
  if (n === 1) return { n, mean, sd: null, lower: null, upper: null };
  const sd = Math.sqrt(summary.variance);
  const half = studentTQuantile(0.5 + confidence / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, lower: mean - half, upper: mean + half };
}

/**
 * Welch's unequal-variance comparison of two means: difference A − B, its interval with
 * Welch–Satterthwaite degrees of freedom, t statistic and two-sided p-value. Empty groups or groups
 * of one value give `null` fields and a `note`, never NaN.
 *
 * @throws RangeError on a negative or fractional `n`, non-finite mean or variance, or a confidence
 * outside `(0, 1)`.
 *
 * @example
 * const c = compareMeans({ n: 30, mean: 12, variance: 9 }, { n: 40, mean: 10, variance: 16 });
 * c.difference; // 2
 * c.pValue;     // 0.0196
 *
 * Cost: O(1).
 */
export function compareMeans(a: SampleSummary, b: SampleSummary, options?: CompareMeansOptions): MeanComparison {
  checkSummary(a, 'compareMeans');
  checkSummary(b, 'compareMeans');
  const confidence = options?.confidence ?? 0.95;
  checkConfidence(confidence, 'compareMeans');
  const ea = meanInterval(a, { confidence });
  const eb = meanInterval(b, { confidence });
  const empty = { a: ea, b: eb, lower: null, upper: null, t: null, df: null, pValue: null };
  if (a.n === 0 || b.n === 0) return { ...empty, difference: null, note: 'a group is empty' };
  const d = a.mean - b.mean;
  if (a.n < 2 || b.n < 2) return { ...empty, difference: d, note: 'a group has fewer than 2 values: no variance' };
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    return { a: ea, b: eb, difference: d, lower: d, upper: d, t: null, df: null, pValue: d === 0 ? 1 : 0, note: 'both groups have zero variance' };
  }
  const df = (va + vb) ** 2 / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const t = d / se;
  const half = studentTQuantile(0.5 + confidence / 2, df) * se;
  return { a: ea, b: eb, difference: d, lower: d - half, upper: d + half, t, df, pValue: studentTTwoSidedP(t, df), note: null };
}
