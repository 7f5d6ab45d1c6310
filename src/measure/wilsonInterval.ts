import { normalQuantile } from './distributions.js';

/** A proportion with its Wilson score interval; every number is `null` when there are no trials. */
export interface RateEstimate {
  /** Successes (e.g. customers who redeemed). */
  readonly successes: number;
  /** Trials (e.g. customers in the cell, or coupons mailed). */
  readonly trials: number;
  /** `successes / trials`, or `null` when `trials` is 0. */
  readonly rate: number | null;
  /** Lower bound of the Wilson score interval, or `null` when `trials` is 0. */
  readonly lower: number | null;
  /** Upper bound of the Wilson score interval, or `null` when `trials` is 0. */
  readonly upper: number | null;
}

/** Options of {@link wilsonInterval}. */
export interface WilsonIntervalOptions {
  /** Two-sided confidence level in `(0, 1)`. Default `0.95`. */
  confidence?: number;
}

/** Checks a confidence level and returns its two-sided normal quantile z. */
export function zForConfidence(confidence: number, caller: string): number {
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new RangeError(`${caller}: confidence must be a number in (0, 1), got ${String(confidence)}`);
  }
  return normalQuantile(0.5 + confidence / 2);
}

/** Wilson bounds for a known z (shared by measureCampaign so z is computed once). */
export function wilsonWithZ(successes: number, trials: number, z: number): RateEstimate {
  if (trials === 0) return { successes, trials, rate: null, lower: null, upper: null };
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  // clamp float dust: at p = 0 or 1 the exact bound is 0 or 1
  return {
    successes,
    trials,
    rate: p,
    lower: successes === 0 ? 0 : Math.max(0, center - half),
    upper: successes === trials ? 1 : Math.min(1, center + half),
  };
}

/**
 * Proportion `successes / trials` with its Wilson score interval (Wilson 1927), which stays inside
 * `[0, 1]` and keeps its coverage at small counts and at 0 or 100 % where the Wald interval fails.
 *
 * @param successes - Integer count in `0..trials`.
 * @param trials - Integer count ≥ 0; with 0 trials every estimate is `null` (not NaN).
 * @param options - Confidence level, see {@link WilsonIntervalOptions}.
 * @throws RangeError when counts are not integers with `0 <= successes <= trials`, or the
 * confidence is outside `(0, 1)`.
 *
 * @example
 * wilsonInterval(10, 100); // { rate: 0.1, lower: 0.0552, upper: 0.1744, ... }
 *
 * Cost: O(1).
 */
export function wilsonInterval(successes: number, trials: number, options?: WilsonIntervalOptions): RateEstimate {
  checkCounts(successes, trials, 'wilsonInterval');
  return wilsonWithZ(successes, trials, zForConfidence(options?.confidence ?? 0.95, 'wilsonInterval'));
}

/** Throws a RangeError unless `0 <= successes <= trials` are integers. */
export function checkCounts(successes: number, trials: number, caller: string): void {
  if (!Number.isInteger(trials) || trials < 0 || !Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(
      `${caller}: need integers 0 <= successes <= trials, got successes=${successes}, trials=${trials}`,
    );
  }
}
