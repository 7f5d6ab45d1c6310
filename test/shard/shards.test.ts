import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { campaignSalt, shardOf } from '../../src/measure/index.js';
import { buildProfiles } from '../../src/profile/index.js';
import { fitRelevanceModel, scoreAll } from '../../src/score/index.js';
import { partitionCustomers, shardLimits, shardRows, shardSalt, sliceModel, sliceProfiles, splitQuota } from '../../src/shard/index.js';
import { CONFIG, removeTempDirs, smallRetailer } from '../campaign/fixtures.js';

afterAll(removeTempDirs);
const SEED = Number(process.env.FC_SEED ?? 20_250_612);
const N = 3;

describe('splitQuota and shardLimits', () => {
  it('splitQuota(total, weights) matches a slow largest-remainder reference and sums to total (fast-check)', () => {
    // Reference: exact shares as fractions compared by cross-multiplication, one unit at a time.
    const reference = (total: number, w: number[]): number[] => {
      const W = w.reduce((a, b) => a + b, 0);
      if (W === 0) return w.map(() => 0);
      const parts = w.map((x) => Math.floor((total * x) / W));
      let left = total - parts.reduce((a, b) => a + b, 0);
      const order = w.map((x, i) => ({ i, r: (total * x) % W })).sort((a, b) => b.r - a.r || a.i - b.i);
      for (let j = 0; left > 0; j++, left--) parts[order[j]!.i]!++;
      return parts;
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 9 }), (total, w) => {
        const got = splitQuota(total, w);
        expect(got).toEqual(reference(total, w));
        const W = w.reduce((a, b) => a + b, 0);
        if (W > 0) {
          expect(got.reduce((a, b) => a + b, 0)).toBe(total);
          for (let i = 0; i < w.length; i++) expect(Math.abs(got[i]! - (total * w[i]!) / W)).toBeLessThan(1);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(splitQuota(Number.POSITIVE_INFINITY, [1, 2])).toEqual([Infinity, Infinity]);
    expect(() => splitQuota(5, [1, -1])).toThrow(RangeError);
  });

  it('shardLimits(offers, sizes, i) shares add up to each capacity exactly and to each budget within rounding', async () => {
    const data = await smallRetailer();
    const sizes = partitionCustomers(data.customers.ids.ids, 4, 'x').sizes;
    const parts = [0, 1, 2, 3].map((i) => shardLimits(data.offers, sizes, i, 1000));
    let capped = 0;
    for (let o = 0; o < data.offers.ids.size; o++) {
      const cap = data.offers.capacity[o]!;
      const sum = parts.reduce((s, p) => s + p.capacity[o]!, 0);
      if (Number.isFinite(cap)) {
        capped++;
        expect(sum).toBe(Math.floor(cap));
      } else expect(sum).toBe(Infinity);
      const b = data.offers.budget[o]!;
      if (Number.isFinite(b)) expect(Math.abs(parts.reduce((s, p) => s + p.budget[o]!, 0) - b)).toBeLessThan(1e-9 * Math.max(1, b));
    }
    expect(capped).toBeGreaterThan(0);
    expect(parts.reduce((s, p) => s + p.campaignBudget!, 0)).toBeCloseTo(1000, 9);
  });
});

describe('partition and slices', () => {
  it('partitionCustomers(ids, n, shardSalt(config)) puts every customer in shardOf(id) and uses a salt unlike the cell salt', async () => {
    const data = await smallRetailer();
    const salt = shardSalt(CONFIG);
    expect(salt).not.toBe(campaignSalt(CONFIG));
    const p = partitionCustomers(data.customers.ids.ids, N, salt);
    const seen = new Uint8Array(data.customers.ids.size);
    for (let i = 0; i < N; i++) {
      const rows = shardRows(p, i);
      expect(rows.length).toBe(p.sizes[i]);
      for (const c of rows) {
        expect(shardOf(data.customers.ids.id(c), salt, N)).toBe(i);
        seen[c]!++;
      }
    }
    expect(seen.every((x) => x === 1)).toBe(true);
    expect(() => shardRows(p, N)).toThrow(RangeError);
  });

  it('scoreAll(sliceModel(model, rows)) equals the rows of scoreAll(model): every shard scores with the same model', async () => {
    const data = await smallRetailer();
    const profiles = buildProfiles(data);
    const model = fitRelevanceModel(profiles, data.offers, data.catalog);
    const full = scoreAll(model, { k: 8 });
    const rows = shardRows(partitionCustomers(data.customers.ids.ids, N, 'slice-test'), 1);
    const part = scoreAll(sliceModel(model, rows, sliceProfiles(profiles, rows)), { k: 8 });
    for (let i = 0; i < rows.length; i++) {
      const c = rows[i]!;
      expect(part.count[i]).toBe(full.count[c]);
      for (let j = 0; j < 8; j++) {
        expect(part.offer[i * 8 + j]).toBe(full.offer[c * 8 + j]);
        expect(part.score[i * 8 + j]).toBe(full.score[c * 8 + j]);
      }
    }
  });
});
