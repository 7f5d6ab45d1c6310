import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashId, shardOf } from '../../src/lib/hashId.js';
import { murmur3 } from '../../src/lib/murmur3.js';
import { SEED } from '../measure/seed.js';

const seqIds = (n: number, prefix = 'C'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(7, '0')}`);

/** |observed - expected| in binomial standard deviations. */
function sigmas(observed: number, n: number, p: number): number {
  return Math.abs(observed - n * p) / Math.sqrt(n * p * (1 - p));
}

describe('hashId', () => {
  it('hashId(id, salt) is murmur3(id, murmur3(salt, 0)) / 2^32, in [0, 1)', () => {
    expect(hashId('hello', '')).toBe(murmur3('hello', murmur3('', 0)) / 2 ** 32);
    expect(hashId('C0000001', 'spring#7')).toBe(murmur3('C0000001', murmur3('spring#7', 0)) / 2 ** 32);
    fc.assert(
      fc.property(fc.string(), fc.string(), (id, salt) => {
        const u = hashId(id, salt);
        expect(u).toBeGreaterThanOrEqual(0);
        expect(u).toBeLessThan(1);
        expect(hashId(id, salt)).toBe(u);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('hashId(id, salt) spreads sequential ids uniformly over 100 bins (chi-square)', () => {
    const n = 200_000;
    const bins = new Float64Array(100);
    for (const id of seqIds(n)) bins[Math.floor(hashId(id, 'spring#7') * 100)]++;
    let chi2 = 0;
    for (const b of bins) chi2 += (b - n / 100) ** 2 / (n / 100);
    // 99 degrees of freedom: the 99.99th percentile is about 157
    expect(chi2).toBeLessThan(157);
  });

  it('shardOf(id, salt, n) gives equal shares in 0..n-1 and rejects a bad n', () => {
    const shards = new Int32Array(7);
    const ids = seqIds(70_000);
    let outside = 0;
    for (const id of ids) {
      const s = shardOf(id, 'run:shard', 7);
      if (!(Number.isInteger(s) && s >= 0 && s < 7)) outside++;
      else shards[s]++;
    }
    expect(outside).toBe(0);
    for (const c of shards) expect(sigmas(c, ids.length, 1 / 7)).toBeLessThan(4.5);
    expect(shardOf('x', 's', 1)).toBe(0);
    expect(() => shardOf('x', 's', 0)).toThrow(RangeError);
    expect(() => shardOf('x', 's', 2.5)).toThrow(RangeError);
  });
});
