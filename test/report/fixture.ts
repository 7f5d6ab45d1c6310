import { runCampaign, type CampaignRun } from '../../src/campaign.js';
import { demoConfig } from '../../src/demo.js';
import { ingest, type Dataset } from '../../src/ingest/ingest.js';
import { backtestRanking, type RankingBacktest } from '../../src/measure/backtestRanking.js';
import type { StrategyQuality } from '../../src/measure/strategyQuality.js';
import { measureCampaign, type CampaignMeasurement } from '../../src/measure/measureCampaign.js';
import { generateRetailer } from '../../src/synth/generateRetailer.js';
import type { ReportInput } from '../../src/report/index.js';

/** Offer-name prefix that would run script if a report inserted names unescaped. */
export const HOSTILE = '<img src=x onerror=alert(1)>&"\'';
export const HOSTILE_CAMPAIGN = 'spring <b>sale</b> & "friends"';

export interface ReportFixture {
  readonly run: CampaignRun;
  readonly data: Dataset;
  readonly input: ReportInput;
}

/**
 * A small real run (1,500 synthetic households, 200 offers, every offer name prefixed with
 * {@link HOSTILE}), measured on the simulator's redemptions, with a backtest of offerkit's
 * candidates against a reversed ranking.
 */
export async function reportFixture(seed = 5): Promise<ReportFixture> {
  const retailer = generateRetailer({ customers: 1_500, offers: 200, seed });
  const offers = retailer.offers.map((o) => ({ ...o, name: `${HOSTILE} ${o.name}` }));
  const data = await ingest({ products: retailer.products, customers: retailer.customers, offers, transactions: retailer.transactions(), contacts: retailer.contacts });
  const run = await runCampaign({ ...demoConfig(retailer, seed), name: HOSTILE_CAMPAIGN }, data);
  const mailers: { customer: number; offers: number[] }[] = [];
  const rows: number[][] = [];
  const plan = run.plan;
  for (let c = 0; c < plan.customerCount; c++) {
    const row: number[] = [];
    for (let j = 0; j < plan.count[c]!; j++) row.push(plan.offer[c * plan.stride + j]!);
    rows.push(row);
    if (row.length > 0) mailers.push({ customer: c, offers: row });
  }
  const redeemed = retailer.simulator.simulate(mailers, seed + 1);
  const customerIds = data.customers.ids;
  const offerIds = data.offers.ids;
  const measurement: CampaignMeasurement = measureCampaign({
    customers: Array.from({ length: customerIds.size }, (_, c) => ({
      id: customerIds.id(c),
      cell: run.cells[c] as 0 | 1 | 2,
      offers: rows[c]!.map((o) => offerIds.id(o)),
    })),
    redemptions: redeemed.map((r) => ({ customer: customerIds.id(r.customer), offer: offerIds.id(r.offer) })),
  });
  const bySet: Set<number>[] = Array.from({ length: customerIds.size }, () => new Set<number>());
  for (const r of redeemed) bySet[r.customer]!.add(r.offer);
  // A deliberately bad ranking to compare against: each household's candidates in reverse order.
  const cand = run.candidates;
  const reversed = Array.from({ length: cand.customerCount }, (_, c) => {
    const offersRow = Array.from(cand.offer.subarray(c * cand.k, c * cand.k + cand.count[c]!));
    return { offers: offersRow, scores: offersRow.map((_, j) => j) };
  });
  const results: Record<string, RankingBacktest> = {
    offerkit: backtestRanking(run.candidates, bySet),
    reversed: backtestRanking(reversed, bySet),
  };
  // Rendering input only (the demo computes these from the simulator; the report just draws them).
  const quality: StrategyQuality[] = [
    { strategy: 'offerkit', expectedPer1000Mailers: 420, mailers: 900 },
    { strategy: 'popularity', expectedPer1000Mailers: 300, mailers: 900 },
    { strategy: 'random', expectedPer1000Mailers: 90, mailers: 900 },
  ];
  return { run, data, input: { run, data, measurement, quality, backtest: results } };
}
