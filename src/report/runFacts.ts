import type { CampaignRun } from '../campaign.js';
import type { Dataset } from '../ingest/ingest.js';
import { Cell } from '../measure/assignCells.js';
import { redeemProbability } from '../select/arbitration.js';
import { PlacementReason } from '../select/mailerPlan.js';
import { Reason } from '../select/reason.js';

/** One bar of a histogram over `[from, to)`. */
export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/** Who got what, one row per audience group, in display order. */
export interface AudienceRow {
  readonly group: string;
  readonly customers: number;
}

/** Numbers the report derives by scanning a run (everything else it reads straight from the run's reports). */
export interface RunFacts {
  readonly customers: number;
  /** Customers with a printed mailer. */
  readonly mailers: number;
  /** Distinct offers on the final plan, and in the offer table. */
  readonly offersUsed: number;
  readonly offersTotal: number;
  /** Expected redemptions and their cost on the final plan (see {@link RunFactsOptions}). */
  readonly expectedRedemptions: number;
  readonly expectedCost: number;
  readonly audience: readonly AudienceRow[];
  /** Histogram of each scored customer's best candidate score. */
  readonly topScore: readonly HistogramBin[];
  readonly scoredCustomers: number;
  /** `mailers[r]`: targeted-cell mailers (eligible customers) that got `r` relevant offers, `r = 0..slots`. */
  readonly relevantPerMailer: readonly number[];
  /** Of those mailers, how many had fewer relevant offers than slots, and the fallback coupons printed. */
  readonly shortMailers: number;
  readonly fallbackCoupons: number;
  /** Per offer index: coupons on the final plan. */
  readonly printed: Int32Array;
}

/** Options of {@link runFacts}. */
export interface RunFactsOptions {
  /** Ceiling of the score -> p(redeem) mapping used for expected redemptions. Default `0.3` (the selection default). */
  maxPropensity?: number;
  /** Scale of that mapping. Default `1`. */
  propensityScale?: number;
  /** p(redeem) of an offer placed without a score (generic, fallback, decoy). Default `0.05` (the selection default). */
  fallbackPropensity?: number;
  /** Bars of the score histogram (about). Default `30`. */
  bins?: number;
}

/** 1, 2 or 5 times a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/** Histogram with nice bin edges of the values `values[i]` where `keep[i] !== 0`. O(n). */
export function histogram(values: Float32Array | Float64Array, keep: Uint8Array | null, bins: number): HistogramBin[] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    if (keep !== null && keep[i] === 0) continue;
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [];
  const step = niceStep((hi - lo) / Math.max(1, bins));
  const start = Math.floor(lo / step) * step;
  const n = Math.max(1, Math.floor((hi - start) / step) + 1);
  const counts = new Float64Array(n);
  for (let i = 0; i < values.length; i++) {
    if (keep !== null && keep[i] === 0) continue;
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    counts[Math.min(n - 1, Math.floor((v - start) / step))]!++;
  }
  const out: HistogramBin[] = [];
  // Edges from integer multiples of the step, so float drift never shows as 0.30000000000000004.
  const round = (x: number): number => Number(x.toPrecision(12));
  for (let b = 0; b < n; b++) out.push({ from: round(start + b * step), to: round(start + (b + 1) * step), count: counts[b]! });
  return out;
}

/**
 * Scans a campaign run for the report: audience groups, top-score histogram, relevant offers per
 * targeted mailer (who needed fallback fill), coupons per offer and the model's expected
 * redemptions and cost on the final plan (p(redeem) from each placed offer's candidate score by the
 * selection stage's documented mapping; offers placed without a score at `fallbackPropensity`).
 *
 * Cost: O(customers x (stride x k)) time, O(customers + offers) memory.
 *
 * @example
 * const facts = runFacts(run, data);
 * facts.shortMailers; // targeted mailers that needed generic fill
 */
export function runFacts(run: CampaignRun, data: Dataset, options: RunFactsOptions = {}): RunFacts {
  const maxP = options.maxPropensity ?? 0.3;
  const scale = options.propensityScale ?? 1;
  const fallbackP = options.fallbackPropensity ?? 0.05;
  const { plan, candidates, cells } = run;
  const selected = run.selection.plan;
  const status = run.selection.trace.customerStatus;
  const n = plan.customerCount;
  const m = data.offers.ids.size;
  const k = candidates.k;
  const cost = data.offers.cost;
  const slots = run.config.slots;

  const printed = new Int32Array(m);
  let mailers = 0;
  let expectedRedemptions = 0;
  let expectedCost = 0;
  let holdout = 0;
  let control = 0;
  let targetedMailer = 0;
  let genericOnly = 0;
  let noMailer = 0;
  for (let c = 0; c < n; c++) {
    const count = plan.count[c]!;
    if (cells[c] === Cell.holdout) holdout++;
    if (count === 0) {
      if (cells[c] !== Cell.holdout) noMailer++;
      continue;
    }
    mailers++;
    let relevant = 0;
    const row = c * plan.stride;
    for (let j = 0; j < count; j++) {
      const o = plan.offer[row + j]!;
      const reason = plan.reason[row + j]!;
      printed[o]!++;
      if (reason === PlacementReason.targeted || reason === PlacementReason.discovery) relevant++;
      let p = fallbackP;
      if (reason !== PlacementReason.generic && reason !== PlacementReason.fallback) {
        // Rows are k long: a scan is cheaper than any index.
        for (let e = c * k; e < c * k + candidates.count[c]!; e++) {
          if (candidates.offer[e] === o) {
            p = redeemProbability(candidates.score[e]!, maxP, scale);
            break;
          }
        }
      }
      expectedRedemptions += p;
      expectedCost += p * cost[o]!;
    }
    if (cells[c] === Cell.control) control++;
    else if (relevant > 0) targetedMailer++;
    else genericOnly++;
  }

  const relevantPerMailer = new Array<number>(slots + 1).fill(0);
  let shortMailers = 0;
  let fallbackCoupons = 0;
  for (let c = 0; c < n; c++) {
    const count = selected.count[c]!;
    const row = c * selected.stride;
    let relevant = 0;
    for (let j = 0; j < count; j++) {
      const reason = selected.reason[row + j]!;
      if (reason === PlacementReason.targeted || reason === PlacementReason.discovery) relevant++;
      else if (reason === PlacementReason.fallback) fallbackCoupons++;
    }
    if (count === 0 || cells[c] !== Cell.targeted || status[c] !== Reason.eligible) continue;
    relevantPerMailer[Math.min(slots, relevant)]!++;
    if (relevant < slots) shortMailers++;
  }

  const best = new Float32Array(n);
  const scored = new Uint8Array(n);
  let scoredCustomers = 0;
  for (let c = 0; c < n; c++) {
    if (candidates.count[c]! === 0) continue;
    best[c] = candidates.score[c * k]!;
    scored[c] = 1;
    scoredCustomers++;
  }
  let offersUsed = 0;
  for (let o = 0; o < m; o++) if (printed[o]! > 0) offersUsed++;

  return {
    customers: n,
    mailers,
    offersUsed,
    offersTotal: m,
    expectedRedemptions,
    expectedCost,
    audience: [
      { group: 'targeted mailer', customers: targetedMailer },
      { group: 'generic only', customers: genericOnly },
      { group: 'control cell', customers: control },
      { group: 'holdout', customers: holdout },
      { group: 'no mailer', customers: noMailer },
    ],
    topScore: histogram(best, scored, options.bins ?? 30),
    scoredCustomers,
    relevantPerMailer,
    shortMailers,
    fallbackCoupons,
    printed,
  };
}
