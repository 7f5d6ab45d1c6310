import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clearingPrice } from '../../src/select/clearingPrice.js';
import { heapify, heapPop, sortByKeyDesc } from '../../src/lib/typedHeap.js';

/** The slow obvious clearing price: the smallest candidate (0 or a bid) whose strict excess demand fits. */
function referencePrice(bids: readonly number[], weights: readonly number[], limit: number): number {
  const candidates = [0, ...bids.filter((x) => x > 0)].sort((a, b) => a - b);
  for (const x of candidates) {
    let above = 0;
    for (let i = 0; i < bids.length; i++) if (bids[i]! > x) above += weights[i]!;
    if (above <= limit) return x;
  }
  return Number.NaN;
}

describe('clearingPrice', () => {
  it('clearingPrice(bids, weights, count, limit) matches the sorted reference, ties and zero weights included (fast-check)', () => {
    const seed = 918273;
    // small integer-ish bids force ties; weights mix unit recipients and fractional expected costs
    const bid = fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double({ min: -1, max: 5, noNaN: true }));
    const weight = fc.oneof(fc.constant(1), fc.double({ min: 0, max: 3, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.tuple(bid, weight), { minLength: 1, maxLength: 60 }), fc.double({ min: 0, max: 40, noNaN: true }), (pairs, limit) => {
        const bids = pairs.map((x) => x[0]);
        const weights = pairs.map((x) => x[1]);
        const got = clearingPrice(Float64Array.from(bids), Float64Array.from(weights), pairs.length, limit);
        expect(got).toBe(referencePrice(bids, weights, limit));
      }),
      { seed, numRuns: 400 },
    );
  });

  it('clearingPrice(bids, weights, count, limit) returns 0 when every positive bid fits', () => {
    expect(clearingPrice(Float64Array.of(5, 3, -1), Float64Array.of(1, 1, 9), 3, 2)).toBe(0);
    expect(clearingPrice(Float64Array.of(5, 3, 9, 1), Float64Array.of(1, 1, 1, 1), 4, 2)).toBe(3);
  });
});

describe('typedHeap', () => {
  it('sortByKeyDesc(keys, idx, n) gives the order of Array.sort by key descending then index (fast-check)', () => {
    const seed = 5511;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 80 }), (raw) => {
        const keys = Float64Array.from(raw);
        const idx = Int32Array.from(raw, (_, i) => (i * 7919) % 1009); // distinct, not in key order
        const want = [...idx].map((x, i) => ({ x, k: keys[i]! })).sort((a, b) => b.k - a.k || a.x - b.x);
        sortByKeyDesc(keys, idx, raw.length);
        expect([...idx]).toEqual(want.map((w) => w.x));
        expect([...keys]).toEqual(want.map((w) => w.k));
      }),
      { seed, numRuns: 300 },
    );
  });

  it('heapPop(keys, idx, n) after heapify yields entries first-to-last, so a partial pop is a sorted prefix', () => {
    const keys = Float64Array.of(0.5, 2, 2, -1, 7, 0.5);
    const idx = Int32Array.of(10, 4, 3, 8, 1, 2);
    heapify(keys, idx, 6);
    const out: number[] = [];
    let n = 6;
    for (let i = 0; i < 4; i++) {
      n = heapPop(keys, idx, n);
      out.push(idx[n]!);
    }
    expect(out).toEqual([1, 3, 4, 2]);
  });
});
