import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { householdAucs, pairedAucDifference } from '../../../src/completejourney/backtest/pairedAucDifference.js';
import { backtestRanking } from '../../../src/measure/backtestRanking.js';

/** Slow obvious reference: count wins over every (redeemed, unredeemed) pair of a household. */
function slowAuc(label: ArrayLike<number>, score: ArrayLike<number>, from: number, to: number): number {
  let wins = 0;
  let n = 0;
  for (let i = from; i < to; i++) {
    if (label[i] !== 1) continue;
    for (let j = from; j < to; j++) {
      if (label[j] === 1) continue;
      wins += score[i]! > score[j]! ? 1 : score[i] === score[j] ? 0.5 : 0;
      n++;
    }
  }
  return n === 0 ? Number.NaN : wins / n;
}

const rows = fc.integer({ min: 1, max: 12 }).chain((offers) =>
  fc.tuple(
    fc.constant(offers),
    fc.array(fc.tuple(fc.constantFrom(0, 1), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), { minLength: offers, maxLength: offers * 8 }),
  ),
);

describe('pairedAucDifference', () => {
  it('householdAucs(label, offers, score) matches the pairwise reference and the mean of backtestRanking (fast-check, seed logged)', () => {
    const seed = Date.now() % 2 ** 31;
    console.log(`householdAucs property seed ${seed}`);
    fc.assert(
      fc.property(rows, ([offers, cells]) => {
        const H = Math.floor(cells.length / offers);
        const n = H * offers;
        const label = Uint8Array.from(cells.slice(0, n).map((c) => c[0]));
        const score = Float64Array.from(cells.slice(0, n).map((c) => c[1])); // small integers: many ties
        const got = householdAucs(label, offers, score);
        let sum = 0;
        let count = 0;
        for (let h = 0; h < H; h++) {
          const want = slowAuc(label, score, h * offers, (h + 1) * offers);
          if (Number.isNaN(want)) expect(got[h]).toBeNaN();
          else {
            expect(got[h]).toBeCloseTo(want, 12);
            sum += want;
            count++;
          }
        }
        const ids = Array.from({ length: offers }, (_, o) => `o${o}`);
        const b = backtestRanking(
          Array.from({ length: H }, (_, h) => ({ offers: ids, scores: score.subarray(h * offers, (h + 1) * offers) })),
          Array.from({ length: H }, (_, h) => ids.filter((_, o) => label[h * offers + o] === 1)),
        );
        if (count === 0) expect(b.auc).toBeNull();
        else expect(b.auc!).toBeCloseTo(sum / count, 12);
      }),
      { seed, numRuns: 200 },
    );
  });

  it('pairedAucDifference(label, offers, a, b) is the mean paired gain, its interval brackets it, and inputs are not mutated', () => {
    // 3 households x 3 offers; a ranks the redeemed offer first everywhere, b puts it last in household 1.
    const label = Uint8Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
    const a = Float64Array.of(3, 2, 1, 2, 3, 1, 1, 2, 3);
    const b = Float64Array.of(3, 2, 1, 3, 1, 2, 1, 2, 3);
    const copy = Float64Array.from(b);
    const d = pairedAucDifference(label, 3, a, b, { resamples: 500, seed: 7 });
    expect(d.households).toBe(3);
    expect(d.difference).toBeCloseTo((0 + 1 + 0) / 3, 12); // household 1: AUC 1 vs 0
    expect(d.low!).toBeLessThanOrEqual(d.difference!);
    expect(d.high!).toBeGreaterThanOrEqual(d.difference!);
    expect(d.low!).toBeGreaterThanOrEqual(0);
    expect(d.high!).toBeLessThanOrEqual(1);
    expect(Array.from(b)).toEqual(Array.from(copy));
    // Same seed, same interval; a ranking against itself gains exactly 0.
    expect(pairedAucDifference(label, 3, a, b, { resamples: 500, seed: 7 })).toEqual(d);
    const self = pairedAucDifference(label, 3, a, a);
    expect([self.difference, self.low, self.high]).toEqual([0, 0, 0]);
  });

  it('pairedAucDifference(...) returns nulls without a redeemed offer and throws RangeError on bad sizes', () => {
    expect(pairedAucDifference(new Uint8Array(4), 2, [1, 2, 3, 4], [4, 3, 2, 1]).difference).toBeNull();
    expect(() => householdAucs(new Uint8Array(5), 2, new Float64Array(5))).toThrow(RangeError);
    expect(() => householdAucs(new Uint8Array(4), 2, new Float64Array(3))).toThrow(RangeError);
    expect(() => pairedAucDifference(new Uint8Array(2), 2, [1, 2], [1, 2], { resamples: 0 })).toThrow(RangeError);
    expect(() => pairedAucDifference(new Uint8Array(2), 2, [1, 2], [1, 2], { level: 1 })).toThrow(RangeError);
  });
});
