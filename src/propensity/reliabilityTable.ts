import { checkPair } from './brierScore.js';

/** One bin of a reliability table: predictions in `[lower, upper)` (the last bin includes 1). */
export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  /** Predictions that fell in the bin. */
  readonly count: number;
  /** Mean predicted probability in the bin (`NaN` when empty). */
  readonly meanPredicted: number;
  /** Share of positive outcomes in the bin (`NaN` when empty). */
  readonly observedRate: number;
}

/** Options of {@link reliabilityTable}. */
export interface ReliabilityTableOptions {
  /** Number of equal-width bins over [0, 1]. Default 10. */
  bins?: number;
}

/**
 * Calibration check: groups predictions into equal-width probability bins and compares, per bin,
 * the mean prediction with the observed rate. A calibrated model has `meanPredicted ≈ observedRate`
 * in every populated bin. `Σ count = n`, `Σ count·meanPredicted = Σ p` and `Σ count·observedRate = Σ y`.
 *
 * Cost: O(n + bins).
 * @throws RangeError when lengths differ or are zero, a value is outside [0, 1], or `bins` is not a whole number >= 1.
 * @example reliabilityTable([0.1, 0.15, 0.8], [0, 0, 1], { bins: 5 })[0] // { lower: 0, upper: 0.2, count: 2, meanPredicted: 0.125, observedRate: 0 }
 */
export function reliabilityTable(p: ArrayLike<number>, y: ArrayLike<number>, options: ReliabilityTableOptions = {}): ReliabilityBin[] {
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a whole number >= 1, got ${bins}`);
  checkPair(p, y);
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    let b = Math.min(bins - 1, Math.floor(p[i]! * bins));
    // p·bins can round across a bin edge; nudge so the bin agrees with its printed [lower, upper).
    if (p[i]! < b / bins) b--;
    else if (b + 1 < bins && p[i]! >= (b + 1) / bins) b++;
    count[b]++;
    sumP[b] += p[i]!;
    sumY[b] += y[i]!;
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b]!;
    out.push({ lower: b / bins, upper: (b + 1) / bins, count: c, meanPredicted: c > 0 ? sumP[b]! / c : Number.NaN, observedRate: c > 0 ? sumY[b]! / c : Number.NaN });
  }
  return out;
}
