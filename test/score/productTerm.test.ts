import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dataset, OfferTable } from '../../src/ingest/index.js';
import { buildProductHistory, buildProfiles } from '../../src/profile/index.js';
import { sliceModel, sliceProfiles } from '../../src/shard/index.js';
import {
  createCandidates,
  createEligibilityMask,
  createScoreScratch,
  fitRelevanceModel,
  scoreAll,
  scoreAllParallel,
  scoreAllReference,
  scoreInto,
  scorePair,
  terminateScoreWorkers,
  wasmSimdSupported,
  type RelevanceModel,
  type RelevanceModelOptions,
} from '../../src/score/index.js';
import { expectSame, productRetailer, rng } from './fixtures.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`product term property tests: fast-check seed ${SEED} (replay with FC_SEED=${SEED})`);
afterAll(() => terminateScoreWorkers());

/** The offers with each offer's resolved categories dropped with probability 1/2: offers reached only through their products, and generic offers with products. */
function dropCategories(offers: OfferTable, seed: number): OfferTable {
  const r = rng(seed);
  const rowPtr = new Int32Array(offers.categories.rowPtr.length);
  const index: number[] = [];
  for (let o = 0; o + 1 < rowPtr.length; o++) {
    if (r() < 0.5) for (let q = offers.categories.rowPtr[o]!; q < offers.categories.rowPtr[o + 1]!; q++) index.push(offers.categories.index[q]!);
    rowPtr[o + 1] = index.length;
  }
  return { ...offers, categories: { rowPtr, index: Int32Array.from(index) } };
}

interface ProductCase {
  data: Dataset;
  model: RelevanceModel;
  asOfDay: number;
  halfLifeDays: number;
}

async function productCase(seed: number, size: { customers: number; categories: number; offers: number }, options: RelevanceModelOptions = {}, drop = false): Promise<ProductCase> {
  const data = await productRetailer(seed, { ...size, productsPerCategory: 3, lines: 7 });
  const halfLifeDays = 20 + (seed % 100);
  const asOfDay = 60 + (seed % 70);
  const profiles = buildProfiles(data, { halfLifeDays, asOfDay });
  const productHistory = buildProductHistory(data.transactions, data.offers, data.catalog, { asOfDay, halfLifeDays });
  const offers = drop ? dropCategories(data.offers, seed + 7) : data.offers;
  return { data, asOfDay, halfLifeDays, model: fitRelevanceModel(profiles, offers, data.catalog, { ...options, productHistory }) };
}

describe('the product term', () => {
  it('scoreAll(model) with a product history equals scoreAllReference (scorePair per pair), with and without pruning, masks, caps, both tiles', async () => {
    const simds = wasmSimdSupported() ? [false, true] : [false];
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
          productWeight: fc.double({ min: 0, max: 3, noNaN: true }),
          dimensions: fc.integer({ min: 0, max: 6 }),
        }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(1, 2, Number.POSITIVE_INFINITY),
        async (seed, k, options, masked, drop, maxPerCategory) => {
          const { model } = await productCase(seed, { customers: 30, categories: 3 + (seed % 6), offers: 1 + (seed % 37) }, options, drop);
          let eligible;
          if (masked) {
            eligible = createEligibilityMask(model.customerCount, model.offerCount);
            const r = rng(seed + 1);
            for (let i = 0; i < eligible.words.length; i++) eligible.words[i]! &= Math.floor(r() * 2 ** 32);
          }
          const reference = scoreAllReference(model, { k, eligible, maxPerCategory });
          for (const simd of simds) {
            expectSame(scoreAll(model, { k, eligible, maxPerCategory, simd }), reference);
            expectSame(scoreAll(model, { k, eligible, maxPerCategory, simd, prune: false }), reference);
          }
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('scorePair(model, c, o).product is ln(1 + S / (shrinkage · r[o])) with S recounted from the raw transaction lines', async () => {
    const { data, model, asOfDay, halfLifeDays } = await productCase(17, { customers: 40, categories: 5, offers: 20 }, { shrinkage: 3 });
    const tx = data.transactions;
    const op = data.offers.products;
    // S[c][o] from the lines: distinct (product, basket) pairs of the offer's products before asOfDay, weighted by recency.
    const S = (c: number, o: number): number => {
      const targets = new Set(Array.from(op.index.subarray(op.rowPtr[o]!, op.rowPtr[o + 1]!)));
      const seen = new Map<string, number>();
      for (let i = tx.rowPtr[c]!; i < tx.rowPtr[c + 1]!; i++) {
        if (tx.day[i]! < asOfDay && targets.has(tx.product[i]!)) seen.set(`${tx.product[i]}|${tx.basket[i]}`, tx.day[i]!);
      }
      let s = 0;
      for (const day of seen.values()) s += 0.5 ** ((asOfDay - day) / halfLifeDays);
      return s;
    };
    const exposure = Array.from(model.customerEvidence).reduce((a, b) => a + b, 0);
    let bought = 0;
    for (let o = 0; o < model.offerCount; o++) {
      let population = 0;
      for (let c = 0; c < model.customerCount; c++) population += S(c, o);
      const scale = 1 / Math.max(3 * (population / exposure), 1e-6);
      for (let c = 0; c < model.customerCount; c++) {
        const s = S(c, o);
        const pair = scorePair(model, c, o);
        expect(pair.product).toBeCloseTo(Math.log1p(s * scale), 5);
        if (s > 0) bought++;
      }
    }
    // Many pairs have bought targets, so the check means something.
    expect(bought).toBeGreaterThan(50);
  });

  it('fitRelevanceModel(..., { productHistory, productWeight: 0 }) scores bit for bit as without a history; a positive weight changes rankings', async () => {
    const data = await productRetailer(23, { customers: 80, categories: 6, productsPerCategory: 3, offers: 40, lines: 8 });
    const profiles = buildProfiles(data, { asOfDay: 100 });
    const productHistory = buildProductHistory(data.transactions, data.offers, data.catalog, { asOfDay: 100 });
    const plain = fitRelevanceModel(profiles, data.offers, data.catalog, { dimensions: 4 });
    const zero = fitRelevanceModel(profiles, data.offers, data.catalog, { dimensions: 4, productHistory, productWeight: 0 });
    const withTerm = fitRelevanceModel(profiles, data.offers, data.catalog, { dimensions: 4, productHistory, productWeight: 1 });
    const base = scoreAll(plain, { k: 5 });
    expectSame(scoreAll(zero, { k: 5 }), base);
    expectSame(scoreAllReference(zero, { k: 5 }), base);
    for (let c = 0; c < 10; c++) for (let o = 0; o < 10; o++) expect(scorePair(zero, c, o).total).toBe(scorePair(plain, c, o).total);
    const changed = scoreAll(withTerm, { k: 5 });
    expect(Array.from(changed.offer)).not.toEqual(Array.from(base.offer));
  });

  it('scoreInto(model, from, to, out, scratch) with a product history gives the same rows whatever the block split', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 30 }), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 10 }), async (seed, blocks) => {
        const { model } = await productCase(seed, { customers: 40, categories: 6, offers: 25 }, { dimensions: 5, productWeight: 1 }, seed % 2 === 0);
        const whole = scoreAll(model, { k: 4 });
        const out = createCandidates(model.customerCount, 4);
        const scratch = createScoreScratch(model, 4);
        let from = 0;
        for (let i = 0; from < model.customerCount; i++) {
          const to = Math.min(model.customerCount, from + blocks[i % blocks.length]!);
          scoreInto(model, from, to, out, scratch);
          from = to;
        }
        expectSame(out, whole);
      }),
      { seed: SEED, numRuns: 10 },
    );
  });

  it('scoreAllParallel(model) with a product history equals scoreAll on one thread, with a mask', async () => {
    const { model } = await productCase(31, { customers: 203, categories: 8, offers: 60 }, { dimensions: 4, productWeight: 1.5 }, true);
    const mask = createEligibilityMask(model.customerCount, model.offerCount);
    for (let i = 0; i < mask.words.length; i += 3) mask.words[i] = 0x5555_5555;
    for (const eligible of [undefined, mask]) {
      const one = scoreAll(model, { k: 6, eligible });
      const par = await scoreAllParallel(model, { workers: 2, k: 6, eligible });
      expectSame(par, one);
    }
  });

  it('sliceModel(model, rows, profiles) with a product history scores the chosen rows as the whole model does', async () => {
    const { model } = await productCase(41, { customers: 60, categories: 6, offers: 30 }, { dimensions: 3, productWeight: 1 }, true);
    const rows = Int32Array.from([5, 0, 59, 17, 17, 33, 2]);
    const shard = sliceModel(model, rows, sliceProfiles(model.profiles, rows));
    const whole = scoreAll(model, { k: 5 });
    const part = scoreAll(shard, { k: 5 });
    for (let i = 0; i < rows.length; i++) {
      expect(Array.from(part.offer.subarray(i * 5, i * 5 + 5))).toEqual(Array.from(whole.offer.subarray(rows[i]! * 5, rows[i]! * 5 + 5)));
      expect(Array.from(part.score.subarray(i * 5, i * 5 + 5))).toEqual(Array.from(whole.score.subarray(rows[i]! * 5, rows[i]! * 5 + 5)));
    }
    expectSame(part, scoreAllReference(shard, { k: 5 }));
  });

  it('fitRelevanceModel(...) rejects a product history of another day, half-life or customer count with RangeError', async () => {
    const data = await productRetailer(3, { customers: 10, categories: 3, productsPerCategory: 2, offers: 5, lines: 4 });
    const profiles = buildProfiles(data, { asOfDay: 80 });
    const fit = (productHistory: ReturnType<typeof buildProductHistory>) => fitRelevanceModel(profiles, data.offers, data.catalog, { productHistory });
    expect(() => fit(buildProductHistory(data.transactions, data.offers, data.catalog, { asOfDay: 81 }))).toThrow(/asOfDay|as of day/);
    expect(() => fit(buildProductHistory(data.transactions, data.offers, data.catalog, { asOfDay: 80, halfLifeDays: 30 }))).toThrow(RangeError);
    const tx = data.transactions;
    expect(() => fit(buildProductHistory({ ...tx, rowPtr: tx.rowPtr.subarray(0, 5) }, data.offers, data.catalog, { asOfDay: 80 }))).toThrow(/customers/);
    expect(() => fitRelevanceModel(profiles, data.offers, data.catalog, { productWeight: -1 })).toThrow(RangeError);
  });
});
