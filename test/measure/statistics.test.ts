import fc from 'fast-check';
import { tTestTwoSample, mean, sampleVariance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { compareMeans, meanInterval } from '../../src/measure/compareMeans.js';
import { compareProportions } from '../../src/measure/compareProportions.js';
import {
  normalCdf,
  normalQuantile,
  normalTwoSidedP,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
} from '../../src/measure/distributions.js';
import { wilsonInterval } from '../../src/measure/wilsonInterval.js';
import { nanPaths, SEED } from './seed.js';

// Golden values below come from published tables / scipy.stats (noted per value).

describe('distributions', () => {
  it('normalQuantile(p) and normalCdf(z) match the normal tables', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 6);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829304, 6);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963985, 6);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902, 5);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.6)).toBeCloseTo(0.253347103, 7);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 7);
  });

  it('normalTwoSidedP(z) keeps relative accuracy deep in the tail (scipy norm.sf · 2)', () => {
    expect(normalTwoSidedP(1.959963985)).toBeCloseTo(0.05, 7);
    expect(normalTwoSidedP(-3)).toBeCloseTo(0.0026997961, 9);
    expect(normalTwoSidedP(8) / 1.244192115e-15).toBeCloseTo(1, 5);
    expect(normalTwoSidedP(12.75) / 3.117452578e-37).toBeCloseTo(1, 5);
    expect(normalTwoSidedP(0)).toBe(1);
  });

  it('studentTQuantile(p, df) and studentTCdf(t, df) match scipy.stats.t', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138852, 7);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736, 6);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272456, 7);
    expect(studentTQuantile(0.995, 2.5)).toBeCloseTo(7.163728139, 6);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138852, 7);
    expect(studentTQuantile(0.9, 1e6)).toBeCloseTo(1.281552412, 5);
    expect(studentTCdf(2, 5)).toBeCloseTo(0.949030261, 8);
    expect(studentTCdf(-40, 3)).toBeCloseTo(1.719034039e-5, 12);
    expect(studentTTwoSidedP(3, 4.3)).toBeCloseTo(0.036424836, 8);
    expect(studentTTwoSidedP(0, 4)).toBe(1);
  });

  it('studentTQuantile(studentTCdf(t, df), df) round-trips', () => {
    fc.assert(
      fc.property(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: 0.5, max: 500, noNaN: true }), (t, df) => {
        const p = studentTCdf(t, df);
        fc.pre(p > 1e-9 && p < 1 - 1e-9);
        expect(studentTQuantile(p, df)).toBeCloseTo(t, 5);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('wilsonInterval', () => {
  it('wilsonInterval(10, 100) is [0.0552, 0.1744] at 95%', () => {
    const w = wilsonInterval(10, 100);
    expect(w.rate).toBe(0.1);
    expect(w.lower).toBeCloseTo(0.0552291, 6);
    expect(w.upper).toBeCloseTo(0.1743657, 6);
  });

  it('wilsonInterval at 0 and 100 % stays inside [0, 1] with the closed-form bounds z²/(n+z²)', () => {
    const zero = wilsonInterval(0, 10);
    expect(zero.lower).toBe(0);
    expect(zero.upper).toBeCloseTo(0.2775328, 6);
    const all = wilsonInterval(10, 10);
    expect(all.lower).toBeCloseTo(0.7224672, 6);
    expect(all.upper).toBe(1);
  });

  it('wilsonInterval(s, 0) is null everywhere (n/a), never NaN', () => {
    expect(wilsonInterval(0, 0)).toEqual({ successes: 0, trials: 0, rate: null, lower: null, upper: null });
  });

  it('wilsonInterval(s, n) bounds solve (p̂ − p)² = z² p(1 − p) / n and contain p̂', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0.8, 0.9, 0.95, 0.99), (n, f, confidence) => {
        const s = Math.round(f * n);
        const w = wilsonInterval(s, n, { confidence });
        const z = normalQuantile(0.5 + confidence / 2);
        const phat = s / n;
        const lower = w.lower as number;
        const upper = w.upper as number;
        expect(lower).toBeLessThanOrEqual(phat + 1e-12);
        expect(upper).toBeGreaterThanOrEqual(phat - 1e-12);
        for (const p of [lower, upper]) {
          expect((phat - p) ** 2).toBeCloseTo((z * z * p * (1 - p)) / n, 9);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('wilsonInterval rejects impossible counts and confidences with RangeError', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, { confidence: 1 })).toThrow(RangeError);
  });
});

describe('compareProportions', () => {
  it('compareProportions(120, 1000, 90, 1000) matches the hand-computed pooled z test', () => {
    // pooled p = 0.105, se = sqrt(0.105 · 0.895 · (1/1000 + 1/1000)) = 0.0137095, z = 0.03 / se
    const c = compareProportions(120, 1000, 90, 1000);
    expect(c.difference).toBeCloseTo(0.03, 12);
    expect(c.z).toBeCloseTo(2.188266, 5);
    expect(c.pValue).toBeCloseTo(0.0286502, 6);
    expect(c.relativeLift).toBeCloseTo(120 / 90 - 1, 12);
    expect(c.note).toBeNull();
  });

  it("compareProportions(56, 70, 48, 80) gives Newcombe's (1998) method-10 interval [0.0524, 0.3339]", () => {
    const c = compareProportions(56, 70, 48, 80);
    expect(c.difference).toBeCloseTo(0.2, 12);
    expect(c.lower).toBeCloseTo(0.0524, 4);
    expect(c.upper).toBeCloseTo(0.3339, 4);
  });

  it('compareProportions with zero counts or empty groups gives numbers or explicit nulls, never NaN', () => {
    const zeros = compareProportions(0, 100, 0, 100);
    expect(zeros.difference).toBe(0);
    expect(zeros.pValue).toBe(1);
    expect(zeros.relativeLift).toBeNull();
    expect((zeros.lower as number) < 0 && (zeros.upper as number) > 0).toBe(true);
    const empty = compareProportions(3, 10, 0, 0);
    expect(empty.difference).toBeNull();
    expect(empty.pValue).toBeNull();
    expect(empty.note).toMatch(/empty/);
    expect(nanPaths([zeros, empty, compareProportions(0, 0, 0, 0), compareProportions(5, 5, 5, 5)])).toEqual([]);
  });

  it('compareProportions(a, b) is antisymmetric, contains its difference and has p in [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (na, nb, fa, fb) => {
        const sa = Math.round(fa * na);
        const sb = Math.round(fb * nb);
        const ab = compareProportions(sa, na, sb, nb);
        const ba = compareProportions(sb, nb, sa, na);
        expect(nanPaths([ab, ba])).toEqual([]);
        if (na === 0 || nb === 0) {
          expect(ab.pValue).toBeNull();
          return;
        }
        expect(ab.difference).toBeCloseTo(-(ba.difference as number), 12);
        expect(ab.pValue).toBeCloseTo(ba.pValue as number, 12);
        expect(ab.lower).toBeCloseTo(-(ba.upper as number), 12);
        expect(ab.pValue as number).toBeGreaterThanOrEqual(0);
        expect(ab.pValue as number).toBeLessThanOrEqual(1);
        expect(ab.lower as number).toBeLessThanOrEqual((ab.difference as number) + 1e-12);
        expect(ab.upper as number).toBeGreaterThanOrEqual((ab.difference as number) - 1e-12);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('compareMeans', () => {
  it('compareMeans(a, b) matches scipy ttest_ind_from_stats(equal_var=False)', () => {
    const c = compareMeans({ n: 30, mean: 12, variance: 9 }, { n: 40, mean: 10, variance: 16 });
    expect(c.difference).toBe(2);
    expect(c.t).toBeCloseTo(2.390457219, 8);
    expect(c.df).toBeCloseTo(67.998773006, 6);
    expect(c.pValue).toBeCloseTo(0.019602885, 7);
    expect(c.lower).toBeCloseTo(0.330470365, 6);
    expect(c.upper).toBeCloseTo(3.669529635, 6);
  });

  it('meanInterval({ n: 10, mean: 5, variance: 4 }) is 5 ± t(0.975, 9) · 2 / √10', () => {
    const m = meanInterval({ n: 10, mean: 5, variance: 4 });
    expect(m.lower).toBeCloseTo(5 - 1.430713812, 7);
    expect(m.upper).toBeCloseTo(5 + 1.430713812, 7);
  });

  it('compareMeans equals the pooled Student t of simple-statistics when both groups have the same size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }).chain((n) => fc.tuple(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n, maxLength: n }),
      )), ([x, y]) => {
        const sx = { n: x.length, mean: mean(x), variance: sampleVariance(x) };
        const sy = { n: y.length, mean: mean(y), variance: sampleVariance(y) };
        fc.pre(sx.variance + sy.variance > 1e-6);
        const c = compareMeans(sx, sy);
        expect(c.t as number).toBeCloseTo(tTestTwoSample(x, y, 0) as number, 6);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('compareMeans with empty, single-value or zero-variance groups gives nulls or exact values, never NaN', () => {
    const empty = compareMeans({ n: 0, mean: 0, variance: 0 }, { n: 5, mean: 1, variance: 1 });
    expect(empty.difference).toBeNull();
    const single = compareMeans({ n: 1, mean: 3, variance: 0 }, { n: 5, mean: 1, variance: 1 });
    expect(single.difference).toBe(2);
    expect(single.lower).toBeNull();
    const flat = compareMeans({ n: 4, mean: 3, variance: 0 }, { n: 5, mean: 1, variance: 0 });
    expect([flat.lower, flat.upper, flat.pValue]).toEqual([2, 2, 0]);
    expect(nanPaths([empty, single, flat])).toEqual([]);
    expect(() => compareMeans({ n: -1, mean: 0, variance: 0 }, { n: 1, mean: 0, variance: 0 })).toThrow(RangeError);
  });
});
