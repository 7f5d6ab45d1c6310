import { errorFunction, gammaln, probit } from 'simple-statistics';

// simple-statistics' cumulativeStdNormalProbability reads a 2-decimal table (z rounded to 0.01),
// too coarse for p-values; its errorFunction (relative error < 1.2e-7) is used instead.

/**
 * Standard normal cumulative distribution function Φ(z), from simple-statistics' `errorFunction`.
 *
 * @example
 * normalCdf(1.959964); // 0.975
 *
 * Cost: O(1). Absolute error below 1e-7.
 */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/**
 * Complementary error function erfc(x) for x ≥ 0, evaluated directly with the Numerical Recipes
 * Chebyshev fit (fractional error < 1.2e-7 everywhere). It is the same fit simple-statistics'
 * `errorFunction` uses, but that returns `1 - erfc`, which rounds tail probabilities below ~1e-16 to 0.
 */
function erfcPositive(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  return (
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  );
}

/**
 * Two-sided normal tail P(|Z| ≥ |z|) = erfc(|z| / √2), accurate in relative terms far into the tail
 * (e.g. 3.12e-37 at z = 12.75), where `2 · (1 − Φ(z))` would round to 0.
 *
 * @example
 * normalTwoSidedP(1.959964); // 0.05
 *
 * Cost: O(1).
 */
export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalTwoSidedP: z is NaN');
  return Math.min(1, erfcPositive(Math.abs(z) / Math.SQRT2));
}

function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/**
 * Standard normal quantile Φ⁻¹(p): simple-statistics' `probit` (Winitzki's approximation, error
 * about 3e-3) polished by three Newton steps on {@link normalCdf}.
 *
 * @param p - Probability; `0` gives `-Infinity`, `1` gives `Infinity`.
 * @throws RangeError when `p` is outside `[0, 1]`.
 *
 * @example
 * normalQuantile(0.975); // 1.959964
 *
 * Cost: O(1). Absolute error below 1e-6 for p in [1e-12, 1 - 1e-12].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  let x = probit(p);
  for (let i = 0; i < 3; i++) {
    const d = normalPdf(x);
    if (d < 1e-300) break;
    x -= (normalCdf(x) - p) / d;
  }
  return x;
}

/** Continued fraction of the incomplete beta function (modified Lentz, Numerical Recipes `betacf`). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 500; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/**
 * Regularized incomplete beta function I_x(a, b), with simple-statistics' `gammaln`.
 *
 * @example
 * regularizedBeta(0.5, 2, 2); // 0.5
 *
 * Cost: O(1) (a continued fraction of at most 500 terms, usually under 50).
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x));
  // the continued fraction converges fast only on this side of the mean; use symmetry otherwise
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * Two-sided p-value of a Student t statistic: P(|T| ≥ |t|) with `df` degrees of freedom
 * (`df = Infinity` gives the normal tail).
 *
 * @example
 * studentTTwoSidedP(2.228139, 10); // 0.05
 *
 * Cost: O(1).
 */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTTwoSidedP: df must be positive, got ${df}`);
  const a = Math.abs(t);
  if (a === Infinity) return 0;
  if (df === Infinity || df > 1e7) return normalTwoSidedP(a);
  return regularizedBeta(df / (df + a * a), df / 2, 0.5);
}

/**
 * Student t cumulative distribution function P(T ≤ t).
 *
 * @example
 * studentTCdf(2, 5); // 0.94903
 *
 * Cost: O(1).
 */
export function studentTCdf(t: number, df: number): number {
  const tail = studentTTwoSidedP(t, df) / 2;
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Student t quantile: the `t` with `studentTCdf(t, df) = p`, by bisection on the exact CDF
 * (bracketed by the normal quantile, which is never further from 0 than the t quantile).
 *
 * @throws RangeError when `p` is outside `[0, 1]` or `df` is not positive.
 *
 * @example
 * studentTQuantile(0.975, 10); // 2.228139
 *
 * Cost: O(1): about 100 CDF evaluations.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`studentTQuantile: p must be in [0, 1], got ${p}`);
  if (!(df > 0)) throw new RangeError(`studentTQuantile: df must be positive, got ${df}`);
  if (p === 0.5) return 0;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (df === Infinity || df > 1e7) return normalQuantile(p);
  const upper = p > 0.5;
  const target = upper ? p : 1 - p; // solve in the upper half, then mirror
  let lo = Math.max(0, normalQuantile(target) - 1e-6);
  let hi = Math.max(1, lo * 2);
  while (studentTCdf(hi, df) < target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, df) < target) lo = mid;
    else hi = mid;
  }
  const t = 0.5 * (lo + hi);
  return upper ? t : -t;
}
