import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildProfiles } from '../../src/profile/buildProfiles.js';
import { discoveryMask, mergeCandidates } from '../../src/score/discoveryCandidates.js';
import type { Candidates } from '../../src/score/candidates.js';
import { randomRetailer, rng } from './fixtures.js';

const SEED = Number(process.env.FC_SEED ?? 20_261_209);

describe('discovery candidates', () => {
  it('discoveryMask(eligible, ...) keeps exactly the eligible targeted offers outside the customer\'s bought categories (fast-check vs a plain filter)', async () => {
    console.log(`discoveryMask: fast-check seed ${SEED}`);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0.2, max: 1, noNaN: true }), async (seed, share) => {
        const data = await randomRetailer(seed, { customers: 40, categories: 12, offers: 70, lines: 4 });
        const profiles = buildProfiles(data, { asOfDay: 130 });
        const n = data.customers.ids.size;
        const m = data.offers.ids.size;
        const wpc = Math.ceil(m / 32);
        const r = rng(seed + 1);
        const words = new Uint32Array(n * wpc);
        for (let c = 0; c < n; c++) for (let o = 0; o < m; o++) if (r() < share) words[c * wpc + (o >>> 5)]! |= 1 << (o & 31);
        const before = words.slice();
        const got = discoveryMask({ words }, wpc, profiles, data.offers);
        expect(words).toEqual(before); // input untouched
        for (let c = 0; c < n; c++) {
          const bought = new Set<number>();
          for (let j = profiles.rowPtr[c]!; j < profiles.rowPtr[c + 1]!; j++) bought.add(profiles.category[j]!);
          for (let o = 0; o < m; o++) {
            const cats = Array.from(data.offers.categories.index.subarray(data.offers.categories.rowPtr[o]!, data.offers.categories.rowPtr[o + 1]!));
            const eligible = ((words[c * wpc + (o >>> 5)]! >>> (o & 31)) & 1) === 1;
            const expected = eligible && data.offers.records[o]!.kind !== 'generic' && cats.every((k) => !bought.has(k));
            const bit = ((got.words[c * wpc + (o >>> 5)]! >>> (o & 31)) & 1) === 1;
            expect(bit).toBe(expected);
          }
        }
        // Bits past the last offer (padding of the last word) stay clear.
        for (let c = 0; c < n; c++) for (let o = m; o < wpc * 32; o++) expect((got.words[c * wpc + (o >>> 5)]! >>> (o & 31)) & 1).toBe(0);
      }),
      { seed: SEED, numRuns: 20 },
    );
  });

  it('mergeCandidates(main, extra) appends the extra offers not already in main, in order, with their scores', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const r = rng(seed);
        const n = 6;
        const make = (k: number): Candidates => {
          const offer = new Int32Array(n * k).fill(-1);
          const score = new Float32Array(n * k);
          const count = new Int32Array(n);
          for (let c = 0; c < n; c++) {
            const len = Math.floor(r() * (k + 1));
            const seen = new Set<number>();
            for (let j = 0; j < len; j++) {
              let o = Math.floor(r() * 12);
              while (seen.has(o)) o = (o + 1) % 12;
              seen.add(o);
              offer[c * k + j] = o;
              score[c * k + j] = Math.fround(r());
            }
            count[c] = len;
          }
          return { k, customerCount: n, offer, score, count };
        };
        const main = make(5);
        const extra = make(3);
        const merged = mergeCandidates(main, extra);
        expect(merged.k).toBe(8);
        for (let c = 0; c < n; c++) {
          const row = (x: Candidates) => Array.from({ length: x.count[c]! }, (_, j) => [x.offer[c * x.k + j]!, x.score[c * x.k + j]!] as const);
          const mainRow = row(main);
          const expected = [...mainRow, ...row(extra).filter(([o]) => !mainRow.some(([q]) => q === o))];
          expect(row(merged)).toEqual(expected);
          for (let j = merged.count[c]!; j < merged.k; j++) expect(merged.offer[c * merged.k + j]).toBe(-1);
        }
      }),
      { seed: SEED, numRuns: 50 },
    );
    const one: Candidates = { k: 1, customerCount: 1, offer: Int32Array.of(0), score: Float32Array.of(1), count: Int32Array.of(1) };
    const two: Candidates = { k: 1, customerCount: 2, offer: Int32Array.of(0, 0), score: Float32Array.of(1, 1), count: Int32Array.of(1, 1) };
    expect(() => mergeCandidates(one, two)).toThrow(RangeError);
  });
});
