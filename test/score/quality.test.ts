import { beforeAll, describe, expect, it } from 'vitest';
import { fitRelevanceModel } from '../../src/score/index.js';
import { measureQuality, syntheticSet, type QualityReport } from './syntheticQuality.js';

/*
 * Targeting quality against the synthetic retailer's ground truth (its redemption simulator), through
 * the whole public path: generateRetailer -> ingest -> buildProfiles -> fitRelevanceModel (defaults)
 * -> scoreAll. Seed-fixed (retailer seed 2, simulation seed 7); 2,000 customers, 2,000 offers.
 *
 * Measured with bench/score-quality.ts (2,000 customers, default options), seeds 1 / 2 / 3:
 *   expected redemptions per 1,000 mailers of 6 offers (true probabilities):
 *     offerkit raw top-6        1127 / 1180 / 1087
 *     offerkit diverse top-6    1056 / 1116 /  990   (from the top 16, <= 1 per category, <= 2 per department)
 *     popularity, 1/category     470 /  316 /  534
 *     random                      17a /  131 /  134   (a: seed 1, the simulator gives offer O0183 a negative probability)
 *   over each customer's offerkit top 30 ∪ the popularity top 30, against simulated redeemers:
 *     household AUC offerkit / popularity   0.718 / 0.556, 0.724 / 0.537, 0.715 / 0.590
 *     precision@6 offerkit / popularity     0.196 / 0.131, 0.200 / 0.129, 0.190 / 0.154
 * Ratios raw / popularity 2.40 / 3.73 / 2.04, diverse / popularity 2.25 / 3.53 / 1.85, raw / random
 * 9.0 / 8.1 (seeds 2, 3), AUC margin 0.16 / 0.19 / 0.13, precision ratio 1.50 / 1.55 / 1.23.
 * The thresholds below sit under the worst of the three seeds, so they pin the improvement (the
 * previous lift-based model scored 696 raw / 470 popularity on seed 1) without being tuned to one seed.
 */
describe('relevance model quality on the synthetic retailer', () => {
  let q: QualityReport;
  beforeAll(async () => {
    const set = await syntheticSet(2, 2_000);
    const model = fitRelevanceModel(set.profiles, set.data.offers, set.data.catalog);
    q = measureQuality(set, model, { top: 6, wide: 30, simulationSeed: 7 });
    console.log(`quality seed 2: ${JSON.stringify(q.perThousand)}; AUC ${q.offerkit.auc} vs ${q.popularity.auc}; precision@6 ${q.offerkit.precisionAtK} vs ${q.popularity.precisionAtK}`);
  }, 60_000);

  it('scoreAll(model) top-6 expects clearly more redemptions per 1,000 mailers than popularity (one per category) and random', () => {
    const p = q.perThousand;
    expect(p.offerkit).toBeGreaterThan(1.8 * p.popularity);
    expect(p.offerkitDiverse).toBeGreaterThan(1.6 * p.popularity);
    expect(p.offerkit).toBeGreaterThan(5 * p.random);
    // Every mailer can be filled with 6 distinct categories from the top 16 (the per-category cap).
    expect(q.diverseFilled).toBeGreaterThan(5.9);
  });

  it('scoreAll(model) ranks simulated redeemers better than popularity: household AUC and precision@6', () => {
    expect(q.offerkit.auc!).toBeGreaterThan(q.popularity.auc! + 0.08);
    expect(q.offerkit.precisionAtK!).toBeGreaterThan(1.15 * q.popularity.precisionAtK!);
    expect(q.offerkit.positives).toBeGreaterThan(500);
  });
});
