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
  scoreAllReference,
  scoreInto,
  type RelevanceModel,
  type RelevanceModelOptions,
} from '../../src/score/index.js';
import { expectSame, randomRetailer, rng } from './fixtures.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`scoreAll property tests: fast-check seed ${SEED} (replay with FC_SEED=${SEED})`);


async function randomModel(seed: number, size: { customers: number; categories: number; offers: number }, options: RelevanceModelOptions = {}): Promise<RelevanceModel> {
  const data = await randomRetailer(seed, { ...size, lines: 6, duplicateShare: 0.15 });
  return fitRelevanceModel(buildProfiles(data, { halfLifeDays: 20 + (seed % 100) }), data.offers, data.catalog, options);
}

describe('scoreAll', () => {
  it('scoreAll(model) equals scoreAllReference on random retailers, with and without pruning, any k, weights, per-category cap and mask', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 ** 30 }),
        fc.integer({ min: 1, max: 9 }),
        fc.record({
          affinityWeight: fc.double({ min: 0, max: 2, noNaN: true }),
          crossSellWeight: fc.double({ min: 0, max: 3, noNaN: true }),
          replenishmentWeight: fc.double({ min: 0, max: 2, noNaN: true }),
          valueWeight: fc.double({ min: 0, max: 2, noNaN: true }),
          shrinkage: fc.double({ min: 0, max: 10, noNaN: true }),
          liftExponent: fc.double({ min: 0, max: 1, noNaN: true }),
          depthElasticity: fc.double({ min: 0, max: 2, noNaN: true }),
          dueFloor: fc.double({ min: 0.1, max: 5, noNaN: true }),
          dueCap: fc.double({ min: 1, max: 5, noNaN: true }),
          dimensions: fc.integer({ min: 0, max: 7 }),
        }),
        fc.boolean(),
        fc.constantFrom(1, 2, 3, Number.POSITIVE_INFINITY),
        async (seed, k, options, masked, maxPerCategory) => {
          const model = await randomModel(seed, { customers: 30, categories: 3 + (seed % 10), offers: 1 + (seed % 37) }, options);
          let eligible;
          if (masked) {
            eligible = createEligibilityMask(model.customerCount, model.offerCount);
            const r = rng(seed + 1);
            for (let i = 0; i < eligible.words.length; i++) eligible.words[i]! &= Math.floor(r() * 2 ** 32);
          }
          const reference = scoreAllReference(model, { k, eligible, maxPerCategory });
          expectSame(scoreAll(model, { k, eligible, maxPerCategory }), reference);
          expectSame(scoreAll(model, { k, eligible, maxPerCategory, prune: false }), reference);
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('scoreInto(model, from, to, out, scratch) gives the same rows whatever the block split, reusing one scratch', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 30 }), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 10 }), async (seed, blocks) => {
        const model = await randomModel(seed, { customers: 40, categories: 8, offers: 25 }, { dimensions: 5 });
        const whole = scoreAll(model, { k: 4 });
        const out = createCandidates(model.customerCount, 4);
        const scratch = createScoreScratch(model, 4);
        let from = 0;
        let written = 0;
        for (let i = 0; from < model.customerCount; i++) {
          const to = Math.min(model.customerCount, from + blocks[i % blocks.length]!);
          written += scoreInto(model, from, to, out, scratch);
          from = to;
        }
        expectSame(out, whole);
        expect(written).toBe(Array.from(whole.count).reduce((s, x) => s + x, 0));
      }),
      { seed: SEED, numRuns: 15 },
    );
  });

  it('scoreAll(model) keeps ties in offer order', async () => {
    const model = await randomModel(11, { customers: 20, categories: 6, offers: 30 }, { dimensions: 3 });
    const top = scoreAll(model, { k: 30, maxPerCategory: Number.POSITIVE_INFINITY });
    let ties = 0;
    for (let c = 0; c < model.customerCount; c++) {
      for (let j = 1; j < top.count[c]!; j++) {
        const a = top.score[c * top.k + j - 1]!;
        const b = top.score[c * top.k + j]!;
        expect(a).toBeGreaterThanOrEqual(b);
        if (a === b) {
          ties++;
          expect(top.offer[c * top.k + j - 1]!).toBeLessThan(top.offer[c * top.k + j]!);
        }
      }
    }
    // The fixture copies offers (duplicateShare), so exact ties must occur for the check to mean anything.
    expect(ties).toBeGreaterThan(0);
  });

  it('scoreInto(model, ...) with pruning evaluates fewer offers than brute force when values dominate, same result', async () => {
    const model = await randomModel(5, { customers: 60, categories: 10, offers: 200 }, { valueWeight: 5, crossSellWeight: 0.1, dimensions: 4 });
    const run = (prune: boolean) => {
      const out = createCandidates(model.customerCount, 3);
      const scratch = createScoreScratch(model, 3);
      scoreInto(model, 0, model.customerCount, out, scratch, { prune });
      return { out, evaluated: scratch.evaluated };
    };
    const pruned = run(true);
    const brute = run(false);
    expectSame(pruned.out, brute.out);
    expect(brute.evaluated).toBe(model.customerCount * compileKernel(model).paddedOfferCount);
    expect(pruned.evaluated).toBeLessThan(brute.evaluated * 0.5);
  });

  it('scoreInto(model, ...) rejects mismatched k, ranges and masks with RangeError', async () => {
    const model = await randomModel(3, { customers: 5, categories: 4, offers: 6 });
    const out = createCandidates(model.customerCount, 4);
    expect(() => scoreInto(model, 0, 5, out, createScoreScratch(model, 3))).toThrow(RangeError);
    expect(() => scoreInto(model, 0, 6, out, createScoreScratch(model, 4))).toThrow(RangeError);
    expect(() => scoreAll(model, { eligible: { words: new Uint32Array(1) } })).toThrow(/eligible/);
    expect(() => createScoreScratch(model, 0)).toThrow(RangeError);
    expect(() => scoreAll(model, { maxPerCategory: 0 })).toThrow(/maxPerCategory/);
    expect(() => scoreAll(model, { maxPerCategory: 1.5 })).toThrow(RangeError);
  });

  it('fitRelevanceModel(profiles, ...) does not mutate the profiles or offers', async () => {
    const data = await randomRetailer(9, { customers: 20, categories: 6, offers: 10, lines: 5 });
    const profiles = buildProfiles(data);
    const snapshot = () => [profiles.weightedSpend, profiles.rowPtr, profiles.cycleDays, profiles.spendShare, data.offers.categories.index, data.offers.priority].map((a) => Array.from(a));
    const before = snapshot();
    fitRelevanceModel(profiles, data.offers, data.catalog);
    expect(snapshot()).toEqual(before);
  });
});

describe('scoreAll log-space comparisons', () => {
  it('scoreAll(model) equals scoreAllReference when scores overflow float32 (Infinity ties) or fall to subnormals (regression: log-space rejection)', async () => {
    for (const options of [{ valueWeight: 400, affinityWeight: 0.1 }, { affinityWeight: 40, shrinkage: 0.01 }, { crossSellWeight: 60, dimensions: 3 }]) {
      const model = await randomModel(17, { customers: 25, categories: 7, offers: 30 }, options);
      for (const k of [3, 8]) {
        const reference = scoreAllReference(model, { k });
        expectSame(scoreAll(model, { k }), reference);
        expectSame(scoreAll(model, { k, prune: false }), reference);
      }
    }
  });

  it('scoreInto(model, ...) with pruning scores fewer touched and untouched dot products than brute force on a retailer, same result', async () => {
    const model = await randomModel(8, { customers: 80, categories: 30, offers: 300 }, { dimensions: 8 });
    const run = (prune: boolean) => {
      const out = createCandidates(model.customerCount, 4);
      const scratch = createScoreScratch(model, 4);
      scoreInto(model, 0, model.customerCount, out, scratch, { prune });
      return { out, dots: scratch.evaluated + scratch.touchedEvaluated };
    };
    const pruned = run(true);
    const brute = run(false);
    expectSame(pruned.out, brute.out);
    expect(pruned.dots).toBeLessThan(brute.dots * 0.6);
  });
});
