import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidates } from '../../src/score/candidates.js';
import { backtestRanking } from '../../src/measure/backtestRanking.js';
import { labelPairs, type HouseholdRanking } from '../../src/measure/labelPairs.js';
import { householdAuc, ndcgAtK, pooledAuc, precisionAtK, topDecileLift } from '../../src/measure/rankingMetrics.js';
import { SEED } from './seed.js';

/** A household: scores (small integers, so ties are common) and a redeemed flag per offer index. */
interface RawHousehold {
  scores: number[];
  redeemed: boolean[];
  /** Redemptions of offers outside the ranking. */
  unranked: number;
}

const rawHousehold = fc
  .integer({ min: 0, max: 14 })
  .chain((n) =>
    fc.record({
      scores: fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -1, max: 1, noNaN: true })), { minLength: n, maxLength: n }),
      redeemed: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      unranked: fc.integer({ min: 0, max: 2 }),
    }),
  );

function toInputs(households: RawHousehold[]): { rankings: HouseholdRanking[]; redeemed: string[][] } {
  const rankings = households.map((h) => ({ offers: h.scores.map((_, j) => `o${j}`), scores: h.scores }));
  const redeemed = households.map((h) => [
    ...h.redeemed.flatMap((r, j) => (r ? [`o${j}`] : [])),
    ...Array.from({ length: h.unranked }, (_, u) => `gone${u}`),
  ]);
  return { rankings, redeemed };
}

/** Brute-force Mann-Whitney: every (redeemed, unredeemed) pair, ties 0.5. */
function bruteAuc(pos: number[], neg: number[]): number | null {
  if (pos.length === 0 || neg.length === 0) return null;
  let wins = 0;
  for (const p of pos) for (const q of neg) wins += p > q ? 1 : p === q ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

/** Offer indices of a household ordered by score descending, ties by index. */
function order(h: RawHousehold): number[] {
  return h.scores.map((_, j) => j).sort((a, b) => h.scores[b] - h.scores[a] || a - b);
}

function meanOrNull(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function bruteMetrics(households: RawHousehold[], k: number) {
  const aucs: number[] = [];
  const precisions: number[] = [];
  const ndcgs: number[] = [];
  const allPos: number[] = [];
  const allNeg: number[] = [];
  let topPairs = 0;
  let topHits = 0;
  let hits = 0;
  let pairs = 0;
  for (const h of households) {
    const pos = h.scores.filter((_, j) => h.redeemed[j]);
    const neg = h.scores.filter((_, j) => !h.redeemed[j]);
    allPos.push(...pos);
    allNeg.push(...neg);
    const a = bruteAuc(pos, neg);
    if (a !== null) aucs.push(a);
    const ranked = order(h).map((j) => (h.redeemed[j] ? 1 : 0));
    if (pos.length > 0) {
      const top = ranked.slice(0, Math.min(k, ranked.length));
      precisions.push(top.reduce((s: number, x) => s + x, 0) / top.length);
      let dcg = 0;
      for (let i = 0; i < top.length; i++) dcg += top[i] / Math.log2(i + 2);
      let idcg = 0;
      for (let i = 0; i < Math.min(k, pos.length); i++) idcg += 1 / Math.log2(i + 2);
      ndcgs.push(dcg / idcg);
    }
    if (ranked.length > 0) {
      const m = Math.max(1, Math.ceil(Math.round(ranked.length * 10) / 100 - 1e-9));
      topPairs += m;
      topHits += ranked.slice(0, m).reduce((s: number, x) => s + x, 0);
    }
    hits += pos.length;
    pairs += ranked.length;
  }
  const baseRate = pairs === 0 ? null : hits / pairs;
  const topRate = pairs === 0 ? null : topHits / topPairs;
  return {
    auc: meanOrNull(aucs),
    householdsForAuc: aucs.length,
    pooledAuc: bruteAuc(allPos, allNeg),
    precisionAtK: meanOrNull(precisions),
    ndcgAtK: meanOrNull(ndcgs),
    householdsWithPositive: precisions.length,
    topDecileLift: baseRate ? (topRate as number) / baseRate : null,
    baseRate,
    topDecileRate: topRate,
  };
}

const close = (a: number | null, b: number | null): void => {
  if (b === null) expect(a).toBeNull();
  else expect(a as number).toBeCloseTo(b, 10);
};

describe('backtestRanking', () => {
  it('backtestRanking(rankings, redeemed, { k }) equals brute-force AUC (Mann-Whitney), pooled AUC, precision@K, NDCG@K and top-decile lift', () => {
    fc.assert(
      fc.property(fc.array(rawHousehold, { maxLength: 25 }), fc.integer({ min: 1, max: 8 }), (households, k) => {
        const { rankings, redeemed } = toInputs(households);
        const r = backtestRanking(rankings, redeemed, { k });
        const b = bruteMetrics(households, k);
        close(r.auc, b.auc);
        close(r.pooledAuc, b.pooledAuc);
        close(r.precisionAtK, b.precisionAtK);
        close(r.ndcgAtK, b.ndcgAtK);
        close(r.topDecileLift, b.topDecileLift);
        close(r.topDecileRate, b.topDecileRate);
        close(r.baseRate, b.baseRate);
        expect(r.householdsForAuc).toBe(b.householdsForAuc);
        expect(r.householdsWithPositive).toBe(b.householdsWithPositive);
        expect(r.unrankedPositives).toBe(households.reduce((s, h) => s + h.unranked, 0));
        expect(r.households).toBe(households.length);
        expect(r.pairs).toBe(households.reduce((s, h) => s + h.scores.length, 0));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('ndcgAtK is in [0, 1] and equals 1 for the ideal ranking (every redeemed offer scored above the rest)', () => {
    fc.assert(
      fc.property(fc.array(rawHousehold, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 8 }), (households, k) => {
        const { rankings, redeemed } = toInputs(households);
        const v = ndcgAtK(labelPairs(rankings, redeemed), k).value;
        if (v !== null) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
        }
        const ideal = households.map((h) => ({ ...h, scores: h.redeemed.map((r) => (r ? 1 : 0)) }));
        const idealInputs = toInputs(ideal);
        const pairs = labelPairs(idealInputs.rankings, idealInputs.redeemed);
        const n = ndcgAtK(pairs, k);
        if (n.households > 0) expect(n.value as number).toBeCloseTo(1, 12);
        const auc = householdAuc(pairs);
        if (auc.households > 0) expect(auc.value as number).toBe(1);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('backtestRanking(candidates, redeemed) equals backtestRanking on the same rankings given as lists', () => {
    fc.assert(
      fc.property(fc.array(rawHousehold, { maxLength: 20 }), fc.integer({ min: 1, max: 6 }), (households, k) => {
        const K = 16;
        const n = households.length;
        const candidates: Candidates = {
          k: K,
          customerCount: n,
          offer: new Int32Array(n * K).fill(-1),
          score: new Float32Array(n * K),
          count: new Int32Array(n),
        };
        const rankings: HouseholdRanking[] = [];
        const redeemed: number[][] = [];
        households.forEach((h, c) => {
          const f32 = h.scores.map((s) => Math.fround(s)); // Candidates stores Float32 scores
          const ord = f32.map((_, j) => j).sort((a, b) => f32[b] - f32[a] || a - b);
          ord.forEach((j, slot) => {
            candidates.offer[c * K + slot] = j;
            candidates.score[c * K + slot] = f32[j];
          });
          candidates.count[c] = ord.length;
          rankings.push({ offers: f32.map((_, j) => j), scores: f32 });
          redeemed.push([...h.redeemed.flatMap((r, j) => (r ? [j] : [])), ...(h.unranked > 0 ? [99] : [])]);
        });
        expect(backtestRanking(candidates, redeemed, { k })).toEqual(backtestRanking(rankings, redeemed, { k }));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('backtestRanking(candidates) ranks rows that are not in score order (mergeCandidates appends discovery candidates) as labelPairs would; regression: householdAuc threw "not sorted" on a campaign with discovery slots', () => {
    fc.assert(
      fc.property(fc.array(rawHousehold, { maxLength: 20 }), fc.integer({ min: 1, max: 6 }), (households, k) => {
        const K = 16;
        const n = households.length;
        const candidates: Candidates = { k: K, customerCount: n, offer: new Int32Array(n * K).fill(-1), score: new Float32Array(n * K), count: new Int32Array(n) };
        const rankings: HouseholdRanking[] = [];
        const redeemed: number[][] = [];
        households.forEach((h, c) => {
          // Slot j holds offer j in the drawn order: rows are usually not sorted by score.
          const f32 = h.scores.map((s) => Math.fround(s));
          f32.forEach((s, j) => {
            candidates.offer[c * K + j] = j;
            candidates.score[c * K + j] = s;
          });
          candidates.count[c] = f32.length;
          rankings.push({ offers: f32.map((_, j) => j), scores: f32 });
          redeemed.push(h.redeemed.flatMap((r, j) => (r ? [j] : [])));
        });
        expect(backtestRanking(candidates, redeemed, { k })).toEqual(backtestRanking(rankings, redeemed, { k }));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('backtestRanking on two mirrored households gives AUC 0.5 and precision@1 0.5', () => {
    const r = backtestRanking(
      [
        { offers: ['a', 'b', 'c'], scores: [3, 2, 1] },
        { offers: ['a', 'b', 'c'], scores: [1, 2, 3] },
      ],
      [['a'], ['a']],
      { k: 1 },
    );
    expect(r.auc).toBe(0.5);
    expect(r.pooledAuc).toBe(0.5);
    expect(r.precisionAtK).toBe(0.5);
    expect(r.ndcgAtK).toBe(0.5);
    expect(r.positives).toBe(2);
  });

  it('pooledAuc differs from the per-household mean when scores are not comparable across households', () => {
    // each household ranks perfectly, but household 2's negatives outscore household 1's positive
    const pairs = labelPairs(
      [
        { offers: ['a', 'b'], scores: [2, 1] },
        { offers: ['a', 'b'], scores: [10, 5] },
      ],
      [['a'], ['a']],
    );
    expect(householdAuc(pairs).value).toBe(1);
    expect(pooledAuc(pairs)).toBe(0.75);
  });

  it('backtestRanking with no redemptions or no households reports null metrics, not NaN', () => {
    const none = backtestRanking([{ offers: ['a', 'b'], scores: [1, 2] }], [[]]);
    expect([none.auc, none.pooledAuc, none.precisionAtK, none.ndcgAtK, none.topDecileLift]).toEqual([null, null, null, null, null]);
    expect(none.baseRate).toBe(0);
    const empty = backtestRanking([], []);
    expect([empty.auc, empty.pooledAuc, empty.topDecileLift, empty.baseRate]).toEqual([null, null, null, null]);
  });

  it('labelPairs does not mutate its inputs and rejects mismatched lengths, repeated offers and NaN scores', () => {
    const rankings = [{ offers: Object.freeze(['a', 'b']), scores: Object.freeze([1, 2]) }];
    const redeemed = [Object.freeze(['a'])];
    const pairs = labelPairs(rankings, redeemed);
    expect(Array.from(pairs.label)).toEqual([0, 1]);
    expect(rankings[0].scores).toEqual([1, 2]);
    expect(() => labelPairs(rankings, [])).toThrow(RangeError);
    expect(() => labelPairs([{ offers: ['a'], scores: [1, 2] }], [[]])).toThrow(RangeError);
    expect(() => labelPairs([{ offers: ['a', 'a'], scores: [1, 2] }], [[]])).toThrow(/twice/);
    expect(() => labelPairs([{ offers: ['a'], scores: [Number.NaN] }], [[]])).toThrow(/NaN/);
    expect(() => backtestRanking(rankings, redeemed, { k: 0 })).toThrow(RangeError);
    expect(() => topDecileLift(pairs, { fraction: 0 })).toThrow(RangeError);
  });

  it('rankingMetrics reject pairs whose rows are not sorted by score descending', () => {
    const unsorted = { rowPtr: Int32Array.of(0, 2), score: Float64Array.of(1, 2), label: Uint8Array.of(1, 0) };
    expect(() => householdAuc(unsorted)).toThrow(/not sorted/);
    expect(() => precisionAtK(unsorted, 1)).toThrow(RangeError);
  });
});
