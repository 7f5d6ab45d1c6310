import { describe, expect, it } from 'vitest';
import { buildProductHistory, buildProfiles } from '../../src/profile/index.js';
import { sliceModel, sliceProfiles } from '../../src/shard/index.js';
import { compileKernel, createCandidates, createScoreScratch, fitRelevanceModel, scoreAll, scoreInto, type KernelModel } from '../../src/score/index.js';
import { expectSame, productRetailer } from './fixtures.js';

async function productModel(seed: number) {
  const data = await productRetailer(seed, { customers: 70, categories: 7, offers: 41, productsPerCategory: 3, lines: 7 });
  const profiles = buildProfiles(data, { halfLifeDays: 45 });
  const productHistory = buildProductHistory(data.transactions, data.offers, data.catalog, { asOfDay: profiles.asOfDay, halfLifeDays: 45 });
  return fitRelevanceModel(profiles, data.offers, data.catalog, { dimensions: 5, productWeight: 1, productHistory });
}

/** The offer side of a kernel: everything laid out by position, not by customer. */
const OFFER_SIDE = [
  'positionOffer',
  'offerKey',
  'tiledFactor',
  'positionValue',
  'positionBaseAffinity',
  'positionDepth',
  'positionTargetCount',
  'suffixFactorNorm',
  'suffixValue',
  'suffixConstant',
  'positionFactorNorm',
  'tileValue',
  'tileConstant',
  'positionConstant',
  'positionTailNorm',
  'categoryOfferPtr',
  'categoryOfferPos',
  'categoryOfferInvSize',
  'productOfferPtr',
  'productOfferPos',
  'positionProductScale',
] as const satisfies readonly (keyof KernelModel)[];

describe('compileKernel', () => {
  it('compileKernel(sliceModel(model, rows, ...)) lays the offers out as compileKernel(model): shards share the population offer order', async () => {
    const model = await productModel(11);
    const rows = Int32Array.from([69, 3, 3, 40, 0]);
    const whole = compileKernel(model);
    const shard = compileKernel(sliceModel(model, rows, sliceProfiles(model.profiles, rows)));
    for (const key of OFFER_SIDE) expect(Array.from(shard[key]), key).toEqual(Array.from(whole[key]));
    expect(whole.productOfferPtr.length).toBe(model.productCount + 1);
    expect(shard.customerCount).toBe(rows.length);
    expect(shard.customerNorm).toEqual(Float64Array.from(rows, (c) => model.customerNorm[c]!));
  });

  it('compileKernel(model) shares the customer arrays and does not mutate the model', async () => {
    const model = await productModel(12);
    const snapshot = () => [model.offerFactor, model.offerValue, model.offerProductScale, model.entryAffinity, model.customerNorm, model.offerCategories.index].map((a) => Array.from(a));
    const before = snapshot();
    const kernel = compileKernel(model);
    expect(snapshot()).toEqual(before);
    expect(kernel.customerFactor).toBe(model.customerFactor);
    expect(kernel.entryAffinity).toBe(model.entryAffinity);
    expect(kernel.customerProduct).toBe(model.customerProduct);
  });

  it('scoreAll and scoreInto give the same candidates for a fitted model and its compiled kernel', async () => {
    const model = await productModel(13);
    const kernel = compileKernel(model);
    const fromFitted = scoreAll(model, { k: 4 });
    expectSame(scoreAll(kernel, { k: 4 }), fromFitted);
    const out = createCandidates(model.customerCount, 4);
    const scratch = createScoreScratch(model, 4);
    for (let c = 0; c < model.customerCount; c += 16) scoreInto(model, c, Math.min(c + 16, model.customerCount), out, scratch);
    expectSame(out, fromFitted);
  });
});
