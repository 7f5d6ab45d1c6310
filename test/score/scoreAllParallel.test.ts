import { afterAll, describe, expect, it } from 'vitest';
import { buildProfiles } from '../../src/profile/index.js';
import { createEligibilityMask, fitRelevanceModel, resolveScoreWorker, scoreAll, scoreAllParallel, terminateScoreWorkers } from '../../src/score/index.js';
import { randomRetailer } from './fixtures.js';

afterAll(() => terminateScoreWorkers());

describe('scoreAllParallel', () => {
  it('resolveScoreWorker() finds src/score/worker.ts under vitest with a tsx bootstrap', () => {
    const { url, script } = resolveScoreWorker();
    expect(url.pathname.endsWith('/src/score/worker.ts')).toBe(true);
    expect(script).toMatch(/tsx.*worker\.ts/);
  });

  it('scoreAllParallel(model, { workers }) equals scoreAll on one thread, for 1-3 workers reusing the pool, with a mask', async () => {
    const data = await randomRetailer(21, { customers: 301, categories: 12, offers: 90, lines: 8, duplicateShare: 0.1 });
    const model = fitRelevanceModel(buildProfiles(data), data.offers, data.catalog, { dimensions: 6 });
    const mask = createEligibilityMask(model.customerCount, model.offerCount);
    for (let i = 0; i < mask.words.length; i += 3) mask.words[i] = 0x5555_5555;
    for (const [workers, eligible] of [[2, undefined], [3, mask], [1, mask], [2, mask]] as const) {
      const one = scoreAll(model, { k: 7, eligible });
      const par = await scoreAllParallel(model, { workers, k: 7, eligible });
      expect(Array.from(par.offer)).toEqual(Array.from(one.offer));
      expect(Array.from(par.score)).toEqual(Array.from(one.score));
      expect(Array.from(par.count)).toEqual(Array.from(one.count));
    }
  });

  it('scoreAllParallel(model) runs concurrent calls on the shared pool with the same results', async () => {
    const data = await randomRetailer(5, { customers: 97, categories: 9, offers: 40, lines: 6 });
    const model = fitRelevanceModel(buildProfiles(data), data.offers, data.catalog, { dimensions: 4 });
    const one = scoreAll(model, { k: 5, maxPerCategory: 1 });
    const [a, b] = await Promise.all([scoreAllParallel(model, { k: 5, maxPerCategory: 1 }), scoreAllParallel(model, { workers: 3, k: 5, maxPerCategory: 1 })]);
    for (const par of [a, b]) {
      expect(Array.from(par.offer)).toEqual(Array.from(one.offer));
      expect(Array.from(par.score)).toEqual(Array.from(one.score));
    }
  });

  it('scoreAllParallel(model, { workers: 0 }) rejects with RangeError', async () => {
    const data = await randomRetailer(2, { customers: 5, categories: 3, offers: 4, lines: 2 });
    const model = fitRelevanceModel(buildProfiles(data), data.offers, data.catalog, { dimensions: 2 });
    await expect(scoreAllParallel(model, { workers: 0 })).rejects.toThrow(RangeError);
  });
});
