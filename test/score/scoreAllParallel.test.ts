import { describe, expect, it } from 'vitest';
import { buildProfiles } from '../../src/profile/index.js';
import { createEligibilityMask, fitRelevanceModel, resolveScoreWorker, scoreAll, scoreAllParallel } from '../../src/score/index.js';
import { randomRetailer } from './fixtures.js';

describe('scoreAllParallel', () => {
  it('resolveScoreWorker() finds src/score/worker.ts under vitest with a tsx bootstrap', () => {
    const { url, script } = resolveScoreWorker();
    expect(url.pathname.endsWith('/src/score/worker.ts')).toBe(true);
    expect(script).toMatch(/tsx.*worker\.ts/);
  });

  it('scoreAllParallel(model, { workers: 2 }) equals scoreAll on one thread', async () => {
    const data = await randomRetailer(21, { customers: 301, categories: 12, offers: 90, lines: 8, duplicateShare: 0.1 });
    const model = fitRelevanceModel(buildProfiles(data), data.offers, data.catalog, { dimensions: 6 });
    const mask = createEligibilityMask(model.customerCount, model.offerCount);
    for (let i = 0; i < mask.words.length; i += 3) mask.words[i] = 0x5555_5555;
    for (const [workers, eligible] of [[2, undefined], [3, mask]] as const) {
      const one = scoreAll(model, { k: 7, eligible });
      const par = await scoreAllParallel(model, { workers, k: 7, eligible });
      {
        expect(Array.from(par.offer)).toEqual(Array.from(one.offer));
        expect(Array.from(par.score)).toEqual(Array.from(one.score));
        expect(Array.from(par.count)).toEqual(Array.from(one.count));
      }
    }
  });
});
