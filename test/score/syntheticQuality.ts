/**
 * Targeting quality of the relevance model on the synthetic retailer, judged by the retailer's own
 * redemption simulator (ground truth). Shared by test/score/quality.test.ts and bench/score-quality.ts.
 *
 * Strategies compared per customer (each mails `top` offers):
 * - offerkit: the customer's raw top `top` candidates of `scoreAll`;
 * - offerkit (diverse): greedy over the top `topK` candidates, one offer per diversity key (first target
 *   category) and at most 2 per department, as the selection stage would;
 * - popularity: the same `top` offers for everyone, the most popular (highest target-category
 *   penetration) with at most one offer per target category;
 * - random: `top` distinct offers drawn uniformly (seeded).
 */
import { ingest, type Dataset } from '../../src/ingest/index.js';
import { backtestRanking, type RankingBacktest, type HouseholdRanking } from '../../src/measure/index.js';
import { buildProfiles, type Profiles } from '../../src/profile/index.js';
import { scoreAll, scorePair, type Candidates, type RelevanceModel } from '../../src/score/index.js';
import { diversityKeys } from '../../src/select/offerKeys.js';
import { generateRetailer, type SyntheticRetailer } from '../../src/synth/index.js';
import { rng } from './fixtures.js';

/** A generated retailer, ingested and profiled. */
export interface SyntheticSet {
  readonly seed: number;
  readonly retailer: SyntheticRetailer;
  readonly data: Dataset;
  readonly profiles: Profiles;
}

/** Generates, ingests and profiles a synthetic retailer (offer and customer indices equal the simulator's). */
export async function syntheticSet(seed: number, customers: number, offers = 2_000): Promise<SyntheticSet> {
  const retailer = generateRetailer({ customers, offers, seed });
  const data = await ingest({ products: retailer.products, customers: retailer.customers, offers: retailer.offers, transactions: retailer.transactions(), contacts: retailer.contacts });
  const rejected = Object.values(data.report.counts).reduce((s, k) => s + k.rejected, 0);
  if (rejected > 0) throw new Error(`syntheticSet: ${rejected} rejected records; indices would not match the simulator`);
  return { seed, retailer, data, profiles: buildProfiles(data) };
}

/** Max penetration over each offer's target categories; `-1` for generic (untargeted) offers. */
export function offerPopularity(data: Dataset, profiles: Profiles): Float64Array {
  const { rowPtr, index } = data.offers.categories;
  const out = new Float64Array(data.offers.ids.size);
  for (let o = 0; o < out.length; o++) {
    let best = rowPtr[o] === rowPtr[o + 1] ? -1 : 0;
    for (let q = rowPtr[o]!; q < rowPtr[o + 1]!; q++) best = Math.max(best, profiles.penetration[index[q]!]!);
    out[o] = best;
  }
  return out;
}

/** The popularity mailer: the `n` most popular targeted offers, at most one offer per target category. */
export function popularityList(data: Dataset, profiles: Profiles, n: number): number[] {
  const popularity = offerPopularity(data, profiles);
  const order = Array.from({ length: popularity.length }, (_, o) => o).sort((a, b) => popularity[b]! - popularity[a]! || a - b);
  const used = new Set<number>();
  const { rowPtr, index } = data.offers.categories;
  const out: number[] = [];
  for (const o of order) {
    if (out.length === n || popularity[o]! < 0) break;
    let clash = false;
    for (let q = rowPtr[o]!; q < rowPtr[o + 1]!; q++) if (used.has(index[q]!)) clash = true;
    if (clash) continue;
    for (let q = rowPtr[o]!; q < rowPtr[o + 1]!; q++) used.add(index[q]!);
    out.push(o);
  }
  return out;
}

/** Options of {@link measureQuality}. */
export interface QualityOptions {
  /** Offers per mailer. Default 6. */
  top?: number;
  /** Candidates per customer scored and simulated for AUC / precision. Default 30. */
  wide?: number;
  /** Candidates the diverse strategy picks from (the campaign's `topK`). Default 16. */
  topK?: number;
  /** Seed of the simulated redemptions and of the random strategy. Default 7. */
  simulationSeed?: number;
  /** Also compute the oracle (best `top` offers by true probability) on every `oracleStride`-th customer. Default off. */
  oracleStride?: number;
}

/** What {@link measureQuality} found. */
export interface QualityReport {
  /** Expected redemptions per 1,000 mailers under the simulator's true probabilities. */
  readonly perThousand: { offerkit: number; offerkitDiverse: number; popularity: number; random: number; oracle: number | null };
  /** Mean offers the diverse strategy could place from the top `topK` (out of `top`). */
  readonly diverseFilled: number;
  /** Rankings of each customer's candidate set (offerkit top `wide` ∪ popularity top `wide`) against simulated redeemers. */
  readonly offerkit: RankingBacktest;
  readonly popularity: RankingBacktest;
  readonly customers: number;
}

/**
 * Scores `model` (fitted on `set.profiles`), and measures expected redemptions per 1,000 mailers of
 * each strategy plus AUC / precision@top against simulated redemptions over a wide candidate set.
 */
export function measureQuality(set: SyntheticSet, model: RelevanceModel, options: QualityOptions = {}): QualityReport {
  const top = options.top ?? 6;
  const wide = options.wide ?? 30;
  const topK = Math.min(wide, options.topK ?? 16);
  const simSeed = options.simulationSeed ?? 7;
  const { data, profiles, retailer } = set;
  const sim = retailer.simulator;
  const C = profiles.customerCount;
  const O = data.offers.ids.size;
  const candidates: Candidates = scoreAll(model, { k: wide });
  const popularity = offerPopularity(data, profiles);
  const popList = popularityList(data, profiles, wide);
  const keys = diversityKeys(data.offers, data.catalog, 'category');
  const department = data.offers.department;
  const random = rng(simSeed * 7919 + 1);

  let offerkit = 0;
  let diverse = 0;
  let filled = 0;
  let pop = 0;
  let rand = 0;
  let oracle = 0;
  let oracleCustomers = 0;
  const rankingsK: HouseholdRanking[] = [];
  const rankingsP: HouseholdRanking[] = [];
  const redeemed: number[][] = [];
  for (let c = 0; c < C; c++) {
    // The simulator regenerates a customer's history when the customer changes: keep calls grouped by customer.
    const row = c * candidates.k;
    const n = candidates.count[c]!;
    for (let j = 0; j < Math.min(top, n); j++) offerkit += sim.redemptionProbability(c, candidates.offer[row + j]!);
    const usedKeys = new Set<number>();
    const perDept = new Map<number, number>();
    let placed = 0;
    for (let j = 0; j < Math.min(n, topK) && placed < top; j++) {
      const o = candidates.offer[row + j]!;
      const key = keys[o]!;
      if (key < 0 || usedKeys.has(key) || (perDept.get(department[o]!) ?? 0) >= 2) continue;
      usedKeys.add(key);
      perDept.set(department[o]!, (perDept.get(department[o]!) ?? 0) + 1);
      diverse += sim.redemptionProbability(c, o);
      placed++;
    }
    filled += placed;
    for (let j = 0; j < top; j++) pop += sim.redemptionProbability(c, popList[j]!);
    const picked = new Set<number>();
    while (picked.size < Math.min(top, O)) picked.add(Math.floor(random() * O));
    for (const o of picked) rand += sim.redemptionProbability(c, o);
    if (options.oracleStride !== undefined && c % options.oracleStride === 0) {
      const p = new Float64Array(O);
      for (let o = 0; o < O; o++) p[o] = sim.redemptionProbability(c, o);
      const best = Array.from(p).sort((a, b) => b - a);
      for (let j = 0; j < top; j++) oracle += best[j]!;
      oracleCustomers++;
    }

    // Candidate set for AUC: both strategies' wide lists, scored by both, simulated once.
    const set = new Set<number>(popList);
    for (let j = 0; j < n; j++) set.add(candidates.offer[row + j]!);
    const offers = [...set];
    rankingsK.push({ offers, scores: offers.map((o) => scorePair(model, c, o).total) });
    rankingsP.push({ offers, scores: offers.map((o) => popularity[o]!) });
    redeemed.push(sim.simulate([{ customer: c, offers }], simSeed).map((r) => r.offer));
  }
  const per = (x: number, n: number): number => (n === 0 ? 0 : (1000 * x) / n);
  return {
    perThousand: {
      offerkit: per(offerkit, C),
      offerkitDiverse: per(diverse, C),
      popularity: per(pop, C),
      random: per(rand, C),
      oracle: oracleCustomers > 0 ? per(oracle, oracleCustomers) : null,
    },
    diverseFilled: C === 0 ? 0 : filled / C,
    offerkit: backtestRanking(rankingsK, redeemed, { k: top }),
    popularity: backtestRanking(rankingsP, redeemed, { k: top }),
    customers: C,
  };
}
