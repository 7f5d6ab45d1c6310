import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRandom, hashUnit, mixSeed } from '../../src/lib/random.js';

const FC_SEED = 20240601;

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe('createRandom(seed)', () => {
  it('createRandom(seed) repeats the same sequence for the same seed and differs across seeds', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    const ys = Array.from({ length: 100 }, () => c.next());
    expect(ys.filter((y, i) => y === xs[i]).length).toBe(0);
  });

  it('createRandom(seed).reseed(s) restarts exactly like a fresh generator', () => {
    const r = createRandom(1);
    r.normal();
    r.reseed(99);
    const fresh = createRandom(99);
    for (let i = 0; i < 50; i++) expect(r.normal()).toBe(fresh.normal());
  });

  it('createRandom(seed).next() is uniform on [0, 1): mean 1/2, variance 1/12, decile counts pass chi-square', () => {
    const r = createRandom(7);
    const n = 200_000;
    const bins = new Array(10).fill(0);
    let s = 0;
    let s2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      if (!(x >= 0 && x < 1)) outside++;
      bins[Math.floor(x * 10)]++;
      s += x;
      s2 += x * x;
    }
    expect(outside).toBe(0);
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 2);
    const expected = n / 10;
    const chi2 = bins.reduce((acc, b) => acc + (b - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(chi2 > 27.9) = 0.001.
    expect(chi2).toBeLessThan(27.9);
  });

  it('createRandom(seed) draws normal, exponential, gamma and poisson with the right mean and variance', () => {
    const r = createRandom(11);
    const n = 100_000;
    const norm = moments(() => r.normal(3, 2), n);
    expect(norm.mean).toBeCloseTo(3, 1);
    expect(norm.variance).toBeGreaterThan(3.9);
    expect(norm.variance).toBeLessThan(4.1);
    const expo = moments(() => r.exponential(4), n);
    expect(expo.mean).toBeCloseTo(0.25, 2);
    const gam = moments(() => r.gamma(2.5, 2), n); // mean 5, variance 10
    expect(gam.mean).toBeGreaterThan(4.95);
    expect(gam.mean).toBeLessThan(5.05);
    expect(gam.variance).toBeGreaterThan(9.6);
    expect(gam.variance).toBeLessThan(10.4);
    const small = moments(() => r.gamma(0.5, 1), n); // shape < 1 path: mean 0.5
    expect(small.mean).toBeGreaterThan(0.49);
    expect(small.mean).toBeLessThan(0.51);
    for (const lambda of [0.7, 4, 25, 400]) {
      const m = moments(() => r.poisson(lambda), n);
      const se = Math.sqrt(lambda / n);
      expect(Math.abs(m.mean - lambda)).toBeLessThan(5 * se);
      expect(m.variance / lambda).toBeGreaterThan(0.97);
      expect(m.variance / lambda).toBeLessThan(1.03);
    }
    const geo = moments(() => r.geometric(0.2), n); // mean 5
    expect(geo.mean).toBeGreaterThan(4.9);
    expect(geo.mean).toBeLessThan(5.1);
  });

  it('createRandom(seed).pickCumulative(cum, from, to) matches a linear scan for the same uniform draw', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 1_000_000 }),
        (weights, a, b, seed) => {
          const cum = new Float64Array(weights.length);
          let acc = 0;
          weights.forEach((w, i) => (cum[i] = acc += w + 0.001));
          const from = a % weights.length;
          const to = from + 1 + (b % (weights.length - from));
          const fast = createRandom(seed).pickCumulative(cum, from, to);
          // Slow reference: same uniform, first index whose cumulative exceeds the target.
          const u = createRandom(seed).next();
          const base = from > 0 ? cum[from - 1]! : 0;
          const target = base + u * (cum[to - 1]! - base);
          let ref = to - 1;
          for (let k = from; k < to; k++) {
            if (cum[k]! > target) {
              ref = k;
              break;
            }
          }
          expect(fast).toBe(ref);
        },
      ),
      { seed: FC_SEED, numRuns: 300 },
    );
  });

  it('createRandom(seed).shuffle(items) returns a permutation and leaves the input unchanged', () => {
    const items = Object.freeze([1, 2, 3, 4, 5, 6, 7, 8]);
    const out = createRandom(3).shuffle(items);
    expect([...out].sort((x, y) => x - y)).toEqual([...items]);
    expect(items).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('createRandom(seed) rejects a non-finite seed and bad distribution parameters', () => {
    expect(() => createRandom(Number.NaN)).toThrow(TypeError);
    expect(() => createRandom(1).gamma(0)).toThrow(RangeError);
    expect(() => createRandom(1).poisson(-1)).toThrow(RangeError);
    expect(() => createRandom(1).choice([])).toThrow(RangeError);
  });
});

describe('mixSeed(seed, key) and hashUnit(seed, a, b)', () => {
  it('mixSeed(seed, key) gives distinct, uncorrelated sub-streams for neighbouring keys', () => {
    const seeds = new Set<number>();
    for (let k = 0; k < 10_000; k++) seeds.add(mixSeed(1, k));
    expect(seeds.size).toBe(10_000);
    // First draws of neighbouring streams: lag-1 correlation near zero.
    const xs = Array.from({ length: 5_000 }, (_, k) => createRandom(mixSeed(1, k)).next());
    let num = 0;
    let den = 0;
    for (let k = 1; k < xs.length; k++) num += (xs[k]! - 0.5) * (xs[k - 1]! - 0.5);
    for (const x of xs) den += (x - 0.5) ** 2;
    expect(Math.abs(num / den)).toBeLessThan(0.05);
  });

  it('hashUnit(seed, a, b) is a pure function in [0, 1) with mean 1/2', () => {
    let s = 0;
    let outside = 0;
    for (let a = 0; a < 200; a++) {
      for (let b = 0; b < 100; b++) {
        const u = hashUnit(5, a, b);
        if (!(u >= 0 && u < 1)) outside++;
        s += u;
      }
    }
    expect(outside).toBe(0);
    expect(s / 20_000).toBeCloseTo(0.5, 2);
    expect(hashUnit(5, 3, 4)).toBe(hashUnit(5, 3, 4));
    expect(hashUnit(5, 3, 4)).not.toBe(hashUnit(6, 3, 4));
    expect(hashUnit(5, 3, 4)).not.toBe(hashUnit(5, 4, 3));
  });
});
