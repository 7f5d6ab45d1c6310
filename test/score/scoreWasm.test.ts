import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildProfiles } from '../../src/profile/index.js';
import {
  compileKernel,
  createCandidates,
  createEligibilityMask,
  createScoreScratch,
  fitRelevanceModel,
  scoreAll,
  scoreAllParallel,
  scoreAllReference,
  scoreInto,
  wasmSimdSupported,
  type RelevanceModel,
  type RelevanceModelOptions,
} from '../../src/score/index.js';
import { DENSE_DOTS_CHUNK, prepareDenseDots } from '../../src/score/wasm/denseDots.js';
import { expectSame, randomRetailer, rng } from './fixtures.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`scoreWasm property tests: fast-check seed ${SEED} (replay with FC_SEED=${SEED})`);


/** A random retailer's model; with `dense`, random factors of dimension `dense` replace the fitted ones (every dot is non-trivial). */
async function randomModel(seed: number, size: { customers: number; categories: number; offers: number }, options: RelevanceModelOptions = {}, dense = 0): Promise<RelevanceModel> {
  const data = await randomRetailer(seed, { ...size, lines: 6, duplicateShare: 0.15 });
  const profiles = buildProfiles(data, { halfLifeDays: 30 });
  if (dense > 0) {
    const r = rng(seed + 2);
    const customer = Float32Array.from({ length: profiles.customerCount * dense }, () => r() * 2 - 1);
    const category = Float32Array.from({ length: profiles.categoryCount * dense }, () => r() * 2 - 1);
    options = { ...options, factors: { dimensions: dense, customer, category } };
  }
  return fitRelevanceModel(profiles, data.offers, data.catalog, options);
}

describe('scoreInto WebAssembly SIMD tile', () => {
  it('wasmSimdSupported() is true on Node 20, so the tests below run the WebAssembly path', () => {
    expect(wasmSimdSupported()).toBe(true);
  });

  it('prepareDenseDots(model).tiles gives the scalar JS sums bit for bit, for any d (0, odd, > 64) and wide exponents, and clears exactly the bits the JS tile bound rejects', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 1, max: 3 * DENSE_DOTS_CHUNK }), (seed, d, offers) => {
        const r = rng(seed);
        const padded = Math.ceil(offers / 4) * 4;
        // Magnitudes from 1e-8 to 1e8 with both signs: sums cancel and round, so a fused multiply-add or another order would show.
        const value = () => (r() < 0.5 ? -1 : 1) * r() * 10 ** Math.floor(r() * 17 - 8);
        const tiledFactor = Float64Array.from({ length: padded * d }, value);
        const tileConstant = Float64Array.from({ length: padded / 4 }, () => r() * 4 - 2);
        const tileValue = Float64Array.from({ length: padded / 4 }, () => r() * 4 - 2);
        const x = Float64Array.from({ length: 4 * d }, value);
        const dd = prepareDenseDots({ tiledFactor, tileConstant, tileValue, dimensions: d, paddedOfferCount: padded })!;
        dd.factor.set(x);
        const wX = r() * 2;
        const slack = 1e-6;
        const tiles = padded / 4;
        for (let first = 0; first < tiles; first += DENSE_DOTS_CHUNK) {
          const count = Math.min(DENSE_DOTS_CHUNK, tiles - first);
          const bitsIn = Array.from({ length: count }, () => Math.floor(r() * 16));
          for (let z = 0; z < count; z++) dd.need[z] = bitsIn[z]!;
          // Thresholds around the bounds' range, so some slots are rejected and some are not; -Infinity never rejects.
          for (let i = 0; i < 4; i++) {
            dd.slots[i] = r() * 2 - 1;
            dd.slots[4 + i] = r() * 2;
            dd.slots[8 + i] = r() < 0.2 ? -Infinity : value();
          }
          dd.dots.fill(Number.NaN);
          dd.tiles(dd.fOffset, dd.xOffset, dd.needOffset, dd.dotsOffset, first, count, d, dd.slotsOffset, dd.tileConstantOffset, dd.tileValueOffset, wX, slack);
          for (let z = 0; z < count; z++) {
            const t = first + z;
            let bitsOut = bitsIn[z]!;
            for (let slot = 0; slot < 4; slot++) {
              const sums: number[] = [];
              for (let lane = 0; lane < 4; lane++) {
                const got = dd.dots[z * 16 + slot * 4 + lane]!;
                if (bitsIn[z] === 0) {
                  // A tile no customer needs is skipped: its output keeps the old values.
                  expect(got).toBeNaN();
                  continue;
                }
                let s = 0;
                for (let j = 0; j < d; j++) s += x[j * 4 + slot]! * tiledFactor[t * d * 4 + j * 4 + lane]!;
                expect(Object.is(got, s)).toBe(true);
                sums.push(s);
              }
              if (bitsIn[z] === 0 || (bitsIn[z]! & (1 << slot)) === 0) continue;
              let best = sums[0]!;
              for (let lane = 1; lane < 4; lane++) if (sums[lane]! > best) best = sums[lane]!;
              if (dd.slots[slot]! + tileConstant[t]! + wX * best + dd.slots[4 + slot]! * tileValue[t]! + slack < dd.slots[8 + slot]!) bitsOut &= ~(1 << slot);
            }
            expect(dd.need[z]).toBe(bitsOut);
          }
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('scoreAll(model, { simd: true }) equals scoreAll(model, { simd: false }) and scoreAllReference on random retailers and dense factors, with and without pruning, masks and caps', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 30 }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(0, 1, 3, 8, 17, 64),
        fc.record({
          affinityWeight: fc.double({ min: 0, max: 2, noNaN: true }),
          crossSellWeight: fc.double({ min: 0, max: 3, noNaN: true }),
          valueWeight: fc.double({ min: 0, max: 2, noNaN: true }),
        }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(1, 2, Number.POSITIVE_INFINITY),
        async (seed, k, dense, weights, masked, prune, maxPerCategory) => {
          // Up to 300 offers: several WebAssembly chunks of 32 tiles, and a ragged last tile.
          const model = await randomModel(seed, { customers: 1 + (seed % 27), categories: 3 + (seed % 13), offers: 1 + (seed % 300) }, { ...weights, dimensions: 1 + (seed % 7) }, dense);
          let eligible;
          if (masked) {
            eligible = createEligibilityMask(model.customerCount, model.offerCount);
            const r = rng(seed + 1);
            for (let i = 0; i < eligible.words.length; i++) eligible.words[i]! &= Math.floor(r() * 2 ** 32);
          }
          const js = scoreAll(model, { k, eligible, maxPerCategory, prune, simd: false });
          expectSame(scoreAll(model, { k, eligible, maxPerCategory, prune, simd: true }), js);
          expectSame(js, scoreAllReference(model, { k, eligible, maxPerCategory }));
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('scoreInto(model, ...) with simd: true reloads the offer factors when the thread switches between models of the same size', async () => {
    const a = await randomModel(21, { customers: 12, categories: 9, offers: 80 }, {}, 16);
    const b = await randomModel(22, { customers: 12, categories: 9, offers: 80 }, {}, 16);
    expect(compileKernel(b).paddedOfferCount).toBe(compileKernel(a).paddedOfferCount);
    const run = (model: RelevanceModel, simd: boolean) => {
      const out = createCandidates(model.customerCount, 5);
      scoreInto(model, 0, model.customerCount, out, createScoreScratch(model, 5), { simd });
      return out;
    };
    const jsA = run(a, false);
    const jsB = run(b, false);
    expect(Array.from(jsA.offer)).not.toEqual(Array.from(jsB.offer));
    for (let i = 0; i < 3; i++) {
      expectSame(run(a, true), jsA);
      expectSame(run(b, true), jsB);
    }
  });

  it('scoreAllParallel(model, { simd: false }) equals scoreAll(model, { simd: true }) on a dense model', async () => {
    const model = await randomModel(31, { customers: 90, categories: 12, offers: 150 }, {}, 24);
    const wasm = scoreAll(model, { k: 6, simd: true });
    expectSame(await scoreAllParallel(model, { workers: 2, k: 6, simd: false }), wasm);
    expectSame(await scoreAllParallel(model, { workers: 2, k: 6, simd: true }), wasm);
  });
});
