import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CompleteJourney } from '../../../src/completejourney/adapter/completeJourney.js';
import { fromCompleteJourney } from '../../../src/completejourney/adapter/fromCompleteJourney.js';
import { backtestCampaign } from '../../../src/completejourney/backtest/backtestCampaign.js';
import { campaignPairs, PAIR_FEATURES, type CampaignPairs } from '../../../src/completejourney/backtest/campaignPairs.js';
import { fitRedemptionModel } from '../../../src/completejourney/backtest/fitRedemptionModel.js';
import { historySince } from '../../../src/completejourney/backtest/historySince.js';
import { householdAucs } from '../../../src/completejourney/backtest/pairedAucDifference.js';
import { ingest, type Dataset } from '../../../src/ingest/ingest.js';
import type { TransactionTable } from '../../../src/ingest/transactionTable.js';
import { toDay } from '../../../src/schema/days.js';

const dir = fileURLToPath(new URL('../../../examples/data/completejourney', import.meta.url));
// Ingested once for the whole file (about 8 s); pairs are shared through one cache.
const loaded: Promise<{ cj: CompleteJourney; data: Dataset }> = (async () => {
  const cj = await fromCompleteJourney(dir);
  return { cj, data: await ingest(cj.sources, { onInvalid: 'collect' }) };
})();
const cache = new Map<string, CampaignPairs>();

/** The data set with every transaction line on or after `day` removed (the same catalog, customers and offers). */
function truncate(data: Dataset, day: number): Dataset {
  const tx = data.transactions;
  const keep: number[] = [];
  const rowPtr = new Int32Array(tx.rowPtr.length);
  for (let c = 0; c + 1 < tx.rowPtr.length; c++) {
    for (let i = tx.rowPtr[c]!; i < tx.rowPtr[c + 1]!; i++) if (tx.day[i]! < day) keep.push(i);
    rowPtr[c + 1] = keep.length;
  }
  const pick = <A extends Int32Array | Float32Array | Float64Array>(a: A): A => {
    const out = new (a.constructor as new (n: number) => A)(keep.length);
    keep.forEach((i, k) => (out[k] = a[i]!));
    return out;
  };
  const cut: TransactionTable = { ...tx, rowPtr, product: pick(tx.product), day: pick(tx.day), basket: pick(tx.basket), quantity: pick(tx.quantity), spend: pick(tx.spend), discount: pick(tx.discount), length: keep.length };
  return { ...data, transactions: cut };
}

/** Index of the first element where two arrays differ (NaN equals NaN), or -1: a plain loop, as deep equality is slow on millions of values. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

describe('backtestCampaign on the Complete Journey sample', () => {
  it('backtestCampaign(cj, data, "8") beats popularity clearly on AUC, pooled AUC, P@16 and top-decile lift', async () => {
    const { cj, data } = await loaded;
    const r = backtestCampaign(cj, data, '8', { cache });
    // Measured 2026-11-25 (weights chosen on the Type B/C campaigns, not on 8): offerkit 0.816, learned 0.793,
    // popularity 0.798, random 0.530 (mean per-household AUC); pooled 0.827 / 0.795 / 0.778; gain 0.018 [0.008, 0.029].
    expect(r.households).toBe(1076);
    expect(r.offers).toBe(209);
    expect(r.redemptions).toBe(372);
    expect(r.offerkit.auc!).toBeGreaterThan(0.81);
    expect(r.offerkitLearned.auc!).toBeGreaterThan(0.77);
    expect(r.popularity.auc!).toBeGreaterThan(0.78);
    // The campaign engine's own relevance (plus the coupon prior), now with the product term (weight 0.25): measured
    // 0.798 (0.796 without it), a tie with popularity, still under the backtest's offerkit ranking.
    expect(r.relevance.auc!).toBeGreaterThan(0.78);
    expect(r.relevance.auc!).toBeLessThan(r.offerkit.auc!);
    expect(r.random.auc!).toBeGreaterThan(0.4);
    expect(r.random.auc!).toBeLessThan(0.6);
    // Clearly better: the paired bootstrap interval of the per-household gain excludes 0.
    expect(r.offerkit.auc!).toBeGreaterThan(r.popularity.auc! + 0.01);
    expect(r.offerkitVsPopularity!.low!).toBeGreaterThan(0);
    expect(r.offerkitVsPopularity!.difference!).toBeCloseTo(r.offerkit.auc! - r.popularity.auc!, 10);
    expect(r.offerkit.pooledAuc!).toBeGreaterThan(r.popularity.pooledAuc! + 0.03);
    expect(r.offerkit.precisionAtK!).toBeGreaterThan(r.popularity.precisionAtK!);
    expect(r.offerkit.topDecileLift!).toBeGreaterThan(r.popularity.topDecileLift!);
    expect(r.learned!.trainingCampaigns).toEqual(['1', '2', '4', '5', '25', '26', '27']);
    expect(r.learned!.brier!).toBeGreaterThan(0);
    expect(r.learned!.reliability!.reduce((s, b) => s + b.count, 0)).toBe(r.households * r.offers);
  });

  it('backtestCampaign(cj, data, "27") edges popularity (not clearly) and beats it on pooled AUC; no learned model', async () => {
    const { cj, data } = await loaded;
    const r = backtestCampaign(cj, data, '27', { cache });
    // Measured 2026-12-06: offerkit 0.664, popularity 0.652 (per-household, 36 households: gain 0.013 [-0.007, 0.032]);
    // pooled 0.676 vs 0.628; relevance + prior 0.665. Only campaigns 24 (no redemptions) and 25 (1 redemption) ended before 27 started.
    expect(r.redemptions).toBe(64);
    expect(r.offerkit.auc!).toBeGreaterThan(0.64);
    expect(r.offerkit.auc!).toBeGreaterThan(r.popularity.auc!);
    expect(r.offerkit.pooledAuc!).toBeGreaterThan(r.popularity.pooledAuc! + 0.03);
    expect(r.offerkitLearned.auc).toBeNull();
    expect(r.learned).toBeNull();
    expect(r.notes.join(' ')).toMatch(/fewer than 10 redemptions/);
  });

  it('campaign 27 ranks on the coupon prior: 60 of its 64 redeemed pairs have no history for the household at any level', async () => {
    const { cj, data } = await loaded;
    const r27 = backtestCampaign(cj, data, '27', { cache });
    const r8 = backtestCampaign(cj, data, '8', { cache });
    // Counted from each pair's productBought / subcategoryBought / categoryBought, before the start.
    expect(r27.redeemedPairs).toBe(64);
    expect(r27.redeemedWithHistory).toEqual({ product: 2, subcategory: 4, category: 4 });
    expect(r8.redeemedWithHistory).toEqual({ product: 130, subcategory: 160, category: 160 });
    expect(r27.historyDays).toBeNull();
  });

  it('campaignPairs(..., { historyDays: 38 }) is the campaign on the data cut to those days, and backtestCampaign says so', async () => {
    const { cj, data } = await loaded;
    const start = toDay('2017-05-08');
    const thin = campaignPairs(cj, data, '8', { historyDays: 38 });
    const byHand = campaignPairs(cj, historySince(data, start - 38), '8');
    expect(firstDifference(thin.features, byHand.features)).toBe(-1);
    expect(firstDifference(thin.engineScore, byHand.engineScore)).toBe(-1);
    expect(firstDifference(thin.relevanceScore, byHand.relevanceScore)).toBe(-1);
    const full = cache.get('8') ?? campaignPairs(cj, data, '8');
    expect(firstDifference(thin.popularity, full.popularity)).toBeGreaterThanOrEqual(0);
    expect(() => campaignPairs(cj, data, '8', { historyDays: 0 })).toThrow(/historyDays must be a whole number >= 1, got 0/);
    expect(() => campaignPairs(cj, data, '8', { historyDays: 1.5 })).toThrow(RangeError);
  });

  it('backtestCampaign(cj, data, "8", { pairs: { historyDays: 38 } }): with 27\'s 38 days of history it still beats popularity clearly over 158 households', async () => {
    const { cj, data } = await loaded;
    const r = backtestCampaign(cj, data, '8', { pairs: { historyDays: 38 }, cache: new Map() });
    // Measured 2026-12-06: offerkit 0.800, popularity 0.785, gain 0.014 [0.006, 0.024] over 158 households
    // (27: gain 0.013 [-0.007, 0.032] over 36). Redeemed pairs with history: 61 / 78 / 78 of 368 (130 / 160 / 160 with all of it).
    expect(r.historyDays).toBe(38);
    expect(r.redeemedWithHistory).toEqual({ product: 61, subcategory: 78, category: 78 });
    expect(r.offerkit.auc!).toBeGreaterThan(0.79);
    expect(r.offerkitVsPopularity!.households).toBe(158);
    expect(r.offerkitVsPopularity!.low!).toBeGreaterThan(0);
    // The learned model trains on its campaigns cut the same way (each to its own 38 days): still the same campaigns.
    expect(r.learned!.trainingCampaigns).toEqual(['1', '2', '4', '5', '25', '26', '27']);
  });

  it('backtestCampaign(cj, data, "13" | "18") reports withheld redemptions as 0 with null metrics, never NaN', async () => {
    const { cj, data } = await loaded;
    for (const id of ['13', '18']) {
      const r = backtestCampaign(cj, data, id, { cache });
      expect(r.redemptions).toBe(0);
      for (const engine of [r.offerkit, r.offerkitLearned, r.popularity, r.random]) for (const v of Object.values(engine)) expect(v).toBeNull();
      expect(r.notes.some((n) => /no recorded redemption/.test(n))).toBe(true);
      expect(r.offerkitVsPopularity).toBeNull();
      expect(JSON.stringify(r)).not.toMatch(/NaN/);
      // Withheld campaigns never train: 13 is not among 18's training campaigns although it ended before 18 started.
      if (id === '18') expect(r.learned!.trainingCampaigns).not.toContain('13');
    }
  });

  it('campaignPairs(cj, data, "8").engineScore is the documented formula over its own features', async () => {
    const { cj, data } = await loaded;
    const p = cache.get('8') ?? campaignPairs(cj, data, '8');
    const F = PAIR_FEATURES.length;
    const at = (i: number, name: (typeof PAIR_FEATURES)[number]) => p.features[i * F + PAIR_FEATURES.indexOf(name)]!;
    let checked = 0;
    for (let i = 0; i < p.label.length; i += 97) {
      const want =
        at(i, 'productPopularity') + 0.5 * at(i, 'subcategoryPopularity') +
        2 * (at(i, 'productBought') + 0.5 * at(i, 'subcategoryBought') + 0.25 * at(i, 'categoryBought')) +
        at(i, 'categoryRedemptionRate') + 0.5 * at(i, 'historyVisits') + 2 * at(i, 'pastRedemptions');
      expect(p.engineScore[i]).toBeCloseTo(want, 9);
      checked++;
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('campaignPairs(cj, data, "8") does not look ahead: lines on or after the start change nothing', async () => {
    const { cj, data } = await loaded;
    const start = toDay('2017-05-08');
    const full = cache.get('8') ?? campaignPairs(cj, data, '8');
    const cut = campaignPairs(cj, truncate(data, start), '8');
    expect(firstDifference(cut.features, full.features)).toBe(-1);
    expect(firstDifference(cut.engineScore, full.engineScore)).toBe(-1);
    expect(firstDifference(cut.popularity, full.popularity)).toBe(-1);
    // The engine's relevance too, product history included.
    expect(firstDifference(cut.relevanceScore, full.relevanceScore)).toBe(-1);
    // And the check can fail: cutting before the start does change them.
    const earlier = campaignPairs(cj, truncate(data, start - 30), '8');
    expect(firstDifference(earlier.popularity, full.popularity)).toBeGreaterThanOrEqual(0);
  });

  it('campaignPairs(cj, data, "8") gives the engine the product history: its relevance ranks redemptions better than without it', async () => {
    const { cj, data } = await loaded;
    const withTerm = cache.get('8') ?? campaignPairs(cj, data, '8');
    const without = campaignPairs(cj, data, '8', { productHistory: false });
    const meanAuc = (score: Float64Array): number => {
      const a = householdAucs(withTerm.label, withTerm.offers.length, score).filter((x) => Number.isFinite(x));
      return a.reduce((s, x) => s + x, 0) / a.length;
    };
    // Measured 2026-11-25: 0.798 with the product term (weight 0.25, chosen on Type B/C), 0.796 without.
    expect(firstDifference(withTerm.relevanceScore, without.relevanceScore)).toBeGreaterThanOrEqual(0);
    expect(meanAuc(withTerm.relevanceScore)).toBeGreaterThan(meanAuc(without.relevanceScore));
    // The learned model's features do not include the product term: unchanged.
    expect(firstDifference(withTerm.features, without.features)).toBe(-1);
  });

  it('fitRedemptionModel(cj, data, "8") trains only on campaigns ended before the start: later redemptions change nothing', async () => {
    const { cj, data } = await loaded;
    const start = toDay('2017-05-08');
    const endOf = new Map(cj.campaigns.map((c) => [c.id, toDay(c.end)]));
    const past: CompleteJourney = { ...cj, redemptions: cj.redemptions.filter((r) => endOf.get(r.campaign)! < start) };
    const a = fitRedemptionModel(cj, data, '8', { cache })!;
    const b = fitRedemptionModel(past, data, '8')!;
    for (const id of a.trainingCampaigns) expect(endOf.get(id)!).toBeLessThan(start);
    expect(b.trainingCampaigns).toEqual(a.trainingCampaigns);
    expect(b.logistic.intercept).toBeCloseTo(a.logistic.intercept, 10);
    expect(Array.from(b.logistic.weights)).toEqual(Array.from(a.logistic.weights));
  });
});
