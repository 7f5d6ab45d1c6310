import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCampaign, type CampaignRun, type RunCampaignOptions } from './campaign.js';
import { ingest, type Dataset } from './ingest/ingest.js';
import { Cell, CELL_NAMES } from './measure/assignCells.js';
import { measureCampaign, type CampaignMeasurement } from './measure/measureCampaign.js';
import type { StrategyQuality } from './measure/strategyQuality.js';
import type { CampaignConfigInput } from './schema/campaignConfig.js';
import { generateRetailer, type SyntheticRetailer } from './synth/generateRetailer.js';
import { createRandom } from './lib/random.js';
import { writeReport } from './report/writeReport.js';
import type { SimulatedMailer } from './synth/redemptionSimulator.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Synthetic households. Default `20_000`. */
  customers?: number;
  /** Synthetic offers. Default `2_000`. */
  offers?: number;
  /** Seed of the retailer and the campaign. Default `1`. */
  seed?: number;
  /** Output folder. Default `'offerkit-out'`. */
  outDir?: string;
  /** Scoring worker threads. Default `1`. */
  workers?: number;
  libraryVersion?: string;
  onProgress?: RunCampaignOptions['onProgress'];
  /** Config fields that replace the demo's own (see {@link demoConfig}), e.g. `{ discoveryShare: 0 }`. Default: none. */
  config?: Partial<CampaignConfigInput>;
  /** Called with ingestion progress (records read per kind). */
  onIngest?: (kind: string, read: number) => void;
}

/** What the demo did. */
export interface DemoResult {
  readonly retailer: SyntheticRetailer;
  readonly data: Dataset;
  readonly run: CampaignRun;
  readonly measurement: CampaignMeasurement;
  readonly quality: readonly StrategyQuality[];
}

/** The campaign the demo runs on the synthetic retailer. */
export function demoConfig(retailer: SyntheticRetailer, seed: number): CampaignConfigInput {
  const generic = retailer.offers.filter((o) => o.kind === 'generic').map((o) => String(o.id));
  return {
    name: 'demo',
    seed,
    slots: 6,
    genericOffers: generic.slice(0, 1),
    topK: 16,
    holdoutShare: 0.05,
    controlShare: 0.1,
    privacy: { sensitiveTags: ['baby', 'health'], decoys: 3, tau: 0.5, kAnonymity: 1, allowCover: true },
  };
}

/**
 * Per targeted mailer, compares what offerkit printed with the same number of offers chosen by
 * popularity (the offers on the most-bought target categories overall, at most one offer per target
 * category, as a retailer would mail them) and at random, under the simulator's true redemption
 * probabilities. Seeded; O(offers log offers + mailers x slots x simulator cost).
 */
function compareStrategies(retailer: SyntheticRetailer, data: Dataset, run: CampaignRun, seed: number, sample: number): StrategyQuality[] {
  const offers = data.offers;
  const m = offers.ids.size;
  const popularity = new Float64Array(m);
  for (let o = 0; o < m; o++) {
    let best = 0;
    for (let k = offers.categories.rowPtr[o]!; k < offers.categories.rowPtr[o + 1]!; k++) {
      best = Math.max(best, run.profiles.penetration[offers.categories.index[k]!]!);
    }
    // Untargeted (generic) offers have no category to be popular in; they are not a targeting strategy.
    popularity[o] = offers.categories.rowPtr[o] === offers.categories.rowPtr[o + 1] ? -1 : best;
  }
  const byPopularity = Array.from({ length: m }, (_, o) => o).sort((a, b) => popularity[b]! - popularity[a]! || a - b);
  const plan = run.plan;
  // The popularity mailer: most popular targeted offers first, skipping any offer whose target category is already on it.
  const popularList: number[] = [];
  const usedCategory = new Uint8Array(data.catalog.categories.size);
  for (let i = 0; i < byPopularity.length && popularList.length < plan.stride; i++) {
    const o = byPopularity[i]!;
    if (popularity[o]! < 0) continue;
    let clash = false;
    for (let k = offers.categories.rowPtr[o]!; k < offers.categories.rowPtr[o + 1]!; k++) if (usedCategory[offers.categories.index[k]!] === 1) clash = true;
    if (clash) continue;
    for (let k = offers.categories.rowPtr[o]!; k < offers.categories.rowPtr[o + 1]!; k++) usedCategory[offers.categories.index[k]!] = 1;
    popularList.push(o);
  }
  const rng = createRandom(seed);
  const sums = { offerkit: 0, popularity: 0, random: 0 };
  let mailers = 0;
  const step = Math.max(1, Math.floor(plan.customerCount / sample));
  for (let c = 0; c < plan.customerCount && mailers < sample; c += step) {
    if (run.cells[c] !== Cell.targeted || plan.count[c] === 0) continue;
    const chosen: number[] = [];
    for (let j = 0; j < plan.count[c]!; j++) chosen.push(plan.offer[c * plan.stride + j]!);
    const n = chosen.length;
    for (const o of chosen) sums.offerkit += retailer.simulator.redemptionProbability(c, o);
    for (let i = 0; i < Math.min(n, popularList.length); i++) sums.popularity += retailer.simulator.redemptionProbability(c, popularList[i]!);
    for (let i = 0; i < n; i++) sums.random += retailer.simulator.redemptionProbability(c, Math.floor(rng.next() * m));
    mailers++;
  }
  const per1000 = (x: number): number => (mailers === 0 ? 0 : (1000 * x) / mailers);
  return [
    { strategy: 'offerkit', expectedPer1000Mailers: per1000(sums.offerkit), mailers },
    { strategy: 'popularity', expectedPer1000Mailers: per1000(sums.popularity), mailers },
    { strategy: 'random', expectedPer1000Mailers: per1000(sums.random), mailers },
  ];
}

/**
 * The main job on the built-in synthetic retailer: generate it, ingest it through the public
 * readers, run the campaign (files into `outDir`), simulate redemptions with the retailer's own
 * simulator and measure the campaign by cell, plus a comparison of offerkit's picks with popularity
 * and random picks under the true redemption probabilities.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const seed = options.seed ?? 1;
  const outDir = options.outDir ?? 'offerkit-out';
  const retailer = generateRetailer({ customers: options.customers ?? 20_000, offers: options.offers ?? 2_000, seed });
  const data = await ingest(
    { products: retailer.products, customers: retailer.customers, offers: retailer.offers, transactions: retailer.transactions(), contacts: retailer.contacts },
    { onInvalid: 'collect', onProgress: options.onIngest },
  );
  // The simulator speaks generation indices; ingest keeps input order, so they must coincide.
  const rejected = Object.values(data.report.counts).reduce((s, k) => s + k.rejected, 0);
  if (rejected > 0) throw new Error(`demo: the synthetic retailer had ${rejected} rejected records; first: ${JSON.stringify(data.report.rejects[0])}`);
  const config = { ...demoConfig(retailer, seed), ...options.config };
  const run = await runCampaign(config, data, {
    outDir: join(outDir, 'mailing'),
    workers: options.workers ?? 1,
    libraryVersion: options.libraryVersion ?? 'unknown',
    onProgress: options.onProgress,
  });

  // Simulate the campaign: every mailed customer (targeted and control) responds per the simulator.
  const mailers: SimulatedMailer[] = [];
  for (let c = 0; c < run.plan.customerCount; c++) {
    if (run.plan.count[c] === 0) continue;
    const offers: number[] = [];
    for (let j = 0; j < run.plan.count[c]!; j++) offers.push(run.plan.offer[c * run.plan.stride + j]!);
    mailers.push({ customer: c, offers });
  }
  const redeemed = retailer.simulator.simulate(mailers, seed + 1);
  const ids = data.customers.ids;
  const offerIds = data.offers.ids;
  const measurement = measureCampaign({
    customers: Array.from({ length: ids.size }, (_, c) => {
      const offers: string[] = [];
      for (let j = 0; j < run.plan.count[c]!; j++) offers.push(offerIds.id(run.plan.offer[c * run.plan.stride + j]!));
      return { id: ids.id(c), cell: run.cells[c] as 0 | 1 | 2, offers };
    }),
    redemptions: redeemed.map((r) => ({ customer: ids.id(r.customer), offer: offerIds.id(r.offer) })),
  });
  const quality = compareStrategies(retailer, data, run, seed, 2_000);
  await mkdir(outDir, { recursive: true });
  await writeFile(
    join(outDir, 'measurement.json'),
    `${JSON.stringify({ cells: measurement.cells, lift: measurement.lift, quality, cellNames: CELL_NAMES }, null, 2)}\n`,
  );
  await writeReport(join(outDir, 'report.html'), { run, data, measurement, quality, title: 'offerkit demo: synthetic retailer' });
  return { retailer, data, run, measurement, quality };
}
