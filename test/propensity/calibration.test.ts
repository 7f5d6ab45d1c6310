import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brierScore, reliabilityTable } from '../../src/propensity/index.js';

describe('reliabilityTable', () => {
  it('reliabilityTable(p, y) sums back to n, Σp and Σy and matches a per-bin filter reference (fast-check, seed logged)', () => {
    const seed = Date.now() % 2 ** 31;
    console.log(`reliabilityTable property seed ${seed}`);
    const pair = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(pair, fc.integer({ min: 1, max: 20 }), (rows, bins) => {
        const p = rows.map((r) => r[0]);
        const y: number[] = rows.map((r) => r[1]);
        const table = reliabilityTable(p, y, { bins });
        expect(table).toHaveLength(bins);
        const sum = (f: (b: (typeof table)[number]) => number) => table.reduce((s, b) => s + (b.count > 0 ? f(b) : 0), 0);
        expect(sum((b) => b.count)).toBe(p.length);
        expect(sum((b) => b.count * b.meanPredicted)).toBeCloseTo(p.reduce((s, v) => s + v, 0), 9);
        expect(sum((b) => b.count * b.observedRate)).toBeCloseTo(y.reduce((s, v) => s + v, 0), 9);
        table.forEach((b, k) => {
          const inBin = rows.filter(([q]) => q >= b.lower && (k === bins - 1 ? q <= 1 : q < b.upper));
          expect(b.count).toBe(inBin.length);
        });
      }),
      { seed, numRuns: 100 },
    );
  });

  it('reliabilityTable(p, y, { bins: 5 }) puts 1 in the last bin and leaves empty bins NaN', () => {
    const table = reliabilityTable([0.1, 0.15, 0.8, 1], [0, 0, 1, 1], { bins: 5 });
    expect(table[0]).toEqual({ lower: 0, upper: 0.2, count: 2, meanPredicted: 0.125, observedRate: 0 });
    expect(table[4]).toEqual({ lower: 0.8, upper: 1, count: 2, meanPredicted: 0.9, observedRate: 1 });
    expect(table[2]!.count).toBe(0);
    expect(table[2]!.meanPredicted).toBeNaN();
  });

  it('reliabilityTable(p, y) throws RangeError on mismatched lengths, values outside [0, 1] and bad bins', () => {
    expect(() => reliabilityTable([0.5], [1, 0])).toThrow(RangeError);
    expect(() => reliabilityTable([1.5], [1])).toThrow(/probability/);
    expect(() => reliabilityTable([0.5], [1], { bins: 0 })).toThrow(RangeError);
    expect(() => reliabilityTable([], [])).toThrow(RangeError);
  });
});

describe('brierScore', () => {
  it('brierScore(p, y) is 0 for perfect predictions, 1 for confidently wrong ones and r(1 − r) for the base rate', () => {
    expect(brierScore([1, 0, 1, 0], [1, 0, 1, 0])).toBe(0);
    expect(brierScore([0, 1], [1, 0])).toBe(1);
    const y = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0];
    expect(brierScore(y.map(() => 0.2), y)).toBeCloseTo(0.2 * 0.8, 12);
    expect(brierScore([0.9, 0.2], [1, 0])).toBeCloseTo(0.025, 12);
    expect(() => brierScore([0.5], [])).toThrow(RangeError);
  });
});
