/**
 * Seeded pseudo-random numbers for offerkit: the synthetic retailer, control-group assignment and
 * every other seeded decision. The generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator, 128-bit state, period at least 2^32, passes PractRand to 2^40+ bytes), seeded through
 * splitmix32 so nearby seeds (1, 2, 3) give unrelated streams.
 *
 * Sub-streams: derive an independent seed with {@link mixSeed} (`mixSeed(mixSeed(seed, STREAM), i)`)
 * and either `createRandom` it or `reseed` an existing generator, so customer `i`'s draws do not
 * depend on how many draws customers `0..i-1` made. That keeps generated data re-iterable and lets
 * any single customer be regenerated alone.
 *
 * Same seed, same calls => same numbers, on every platform (pure 32-bit integer arithmetic and
 * IEEE-754 double math only; `Math.log`/`Math.exp` are deterministic on a given Node version).
 */

const TWO_POW_32 = 4_294_967_296;

/** splitmix32 finaliser: a bijective 32-bit avalanche hash. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** Folds any finite number (fractions, negatives, beyond 2^32) to a 32-bit seed; NaN/Infinity are rejected. */
function foldSeed(seed: number): number {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new TypeError(`seed must be a finite number, got ${String(seed)}; pass an integer such as 1`);
  }
  if (Number.isInteger(seed) && seed >= -0x80000000 && seed <= 0xffffffff) return seed >>> 0;
  // Large or fractional seeds: hash the low and high 32-bit halves of the integer part and the fraction.
  const int = Math.trunc(seed);
  const lo = int % TWO_POW_32 >>> 0;
  const hi = Math.floor(int / TWO_POW_32) >>> 0;
  const frac = Math.floor((seed - int) * TWO_POW_32) >>> 0;
  return mix32(mix32(lo) ^ hi) ^ frac;
}

/**
 * Derives a new 32-bit seed from `seed` and an integer `key` (a stream id, a customer index):
 * distinct keys give statistically independent streams. Chain it for several keys.
 *
 * Cost: O(1), no allocation.
 * @example
 * const customerSeed = mixSeed(mixSeed(seed, 3), customerIndex);
 */
export function mixSeed(seed: number, key: number): number {
  return mix32(foldSeed(seed) ^ mix32(key | 0));
}

/**
 * A uniform number in [0, 1) that depends only on `(seed, a, b)`: a stateless draw, so the result for
 * one pair does not depend on which other pairs were drawn or in what order (common random numbers).
 *
 * Cost: O(1), no allocation.
 * @example
 * const redeemed = hashUnit(seed, customer, offer) < probability;
 */
export function hashUnit(seed: number, a: number, b: number): number {
  const h = mix32(mix32(mixSeed(seed, a) ^ 0x5bd1e995) ^ mix32(b | 0));
  return h / TWO_POW_32;
}

/**
 * A seeded generator with the distributions the synthetic retailer needs. Create it with
 * {@link createRandom}. Methods draw from one stream in call order.
 */
export class Random {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private spare = Number.NaN;

  /** Use {@link createRandom}. */
  constructor(seed: number) {
    this.reseed(seed);
  }

  /**
   * Restarts the stream from `seed` without allocating (for per-customer sub-streams in a loop).
   * @example rng.reseed(mixSeed(seed, customer));
   */
  reseed(seed: number): void {
    const s = foldSeed(seed);
    // `| 0` keeps the state fields small integers (Smi/int32), so V8 never boxes them as heap numbers.
    this.a = mix32(s) | 0;
    this.b = mix32(s ^ 0x6a09e667) | 0;
    this.c = mix32(s ^ 0xbb67ae85) | 0;
    this.d = 1;
    this.spare = Number.NaN;
    // Discard the first outputs: sfc32 needs a few rounds to diffuse a fresh state.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A fresh generator whose stream is derived from this one's next output and `key`. */
  fork(key: number): Random {
    return new Random(mixSeed(this.uint32(), key));
  }

  /** A uniform 32-bit unsigned integer (one sfc32 step). */
  uint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** A uniform number in [min, max). */
  uniform(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }

  /** A uniform integer in [0, n) (`n` a positive integer up to 2^32). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** `true` with probability `p`. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** A normal draw (Marsaglia polar method; the second value of each pair is kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (this.spare === this.spare) {
      // NaN !== NaN: a cached spare exists exactly when it equals itself.
      const z = this.spare;
      this.spare = Number.NaN;
      return mean + sd * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.next() - 1;
      v = 2 * this.next() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return mean + sd * u * f;
  }

  /** `exp(normal(mu, sigma))`: median `exp(mu)`, right-skewed like prices and incomes. */
  logNormal(mu = 0, sigma = 1): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** An exponential draw with the given rate (mean `1 / rate`). */
  exponential(rate = 1): number {
    // 1 - next() lies in (0, 1], so the log is finite.
    return -Math.log(1 - this.next()) / rate;
  }

  /**
   * A gamma draw with `shape` k > 0 and `scale` θ (mean kθ), by Marsaglia and Tsang (2000); shapes
   * below 1 use the `U^(1/k)` boost.
   */
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || !(scale > 0)) throw new RangeError(`gamma needs shape > 0 and scale > 0, got ${shape}, ${scale}`);
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(1 - this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /**
   * A Poisson count with mean `lambda` >= 0: multiplication of uniforms for small means, Hörmann's
   * PTRS transformed rejection (1993) from 10 on, so the cost stays O(1) for large means.
   */
  poisson(lambda: number): number {
    if (!(lambda >= 0)) throw new RangeError(`poisson needs lambda >= 0, got ${lambda}`);
    if (lambda < 10) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) return k;
    }
  }

  /** A geometric count >= 1 of trials up to and including the first success with probability `p` in (0, 1]. */
  geometric(p: number): number {
    if (p >= 1) return 1;
    return 1 + Math.floor(Math.log(1 - this.next()) / Math.log(1 - p));
  }

  /** A uniformly chosen element of a non-empty array. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('choice needs a non-empty array');
    return items[this.int(items.length)]!;
  }

  /**
   * An index drawn from a cumulative weight table (`cumulative[k]` = sum of weights 0..k, last entry
   * the total) restricted to `[from, to)`: binary search, O(log n), no allocation.
   * @example rng.pickCumulative(cum, 0, cum.length) // index k with probability w[k] / total
   */
  pickCumulative(cumulative: Float64Array, from = 0, to = cumulative.length): number {
    const base = from > 0 ? cumulative[from - 1]! : 0;
    const target = base + this.next() * (cumulative[to - 1]! - base);
    let lo = from;
    let hi = to - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** A shuffled copy of `items` (Fisher-Yates); the input is not mutated. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }
}

function logFactorial(k: number): number {
  if (k < 2) return 0;
  // Stirling series; exact enough (error < 1e-10) for the k >= 10 that PTRS asks about.
  const x = k + 1;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
}

/**
 * Creates a seeded generator (sfc32 seeded via splitmix32). Same seed, same sequence of calls =>
 * same numbers.
 *
 * Cost: O(1) to create; each uniform draw is a few integer operations.
 * @example
 * const rng = createRandom(42);
 * rng.next();          // uniform in [0, 1)
 * rng.normal(0, 1);    // standard normal
 * rng.poisson(3.5);    // count with mean 3.5
 * rng.gamma(2, 0.5);   // mean 1
 * rng.choice(['a', 'b']);
 */
export function createRandom(seed: number): Random {
  return new Random(seed);
}
