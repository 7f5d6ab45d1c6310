import type { CampaignRun, CampaignStage } from '../campaign.js';
import { Cell } from '../measure/assignCells.js';
import type { SensitiveOfferReport } from '../protect/maskSensitive.js';
import type { SelectionReport } from '../select/selectOffers.js';

/**
 * What a campaign run (or one shard of it) did, as plain data: small enough to post from a shard's
 * worker thread, and all that the CLI prints and writes to `selection-report.json`.
 */
export interface RunSummary {
  /** Customers of the run (the shard's, for a shard). */
  readonly customers: number;
  readonly cells: { readonly targeted: number; readonly control: number; readonly holdout: number };
  readonly offers: number;
  /** Transaction lines held in memory by the run's data set (0 when they were spilled to part files). */
  readonly transactions: number;
  readonly selection: SelectionReport;
  /** Per sensitive offer, on the final plan (`CampaignRun.privacy`). */
  readonly privacy: readonly SensitiveOfferReport[];
  readonly tau: number;
  readonly decoysAdded: number;
  /**
   * What the stages after selection changed and gave up, each change through the same mailer
   * rules as selection: `changes` counts `stage.action.cause` (e.g. `mask.added.decoy`,
   * `kAnonymity.removed.merged`), `refused` the placements the rules refused, as
   * `stage.what.reason` (e.g. `mask.cover.diversity`, `fill.capacity`).
   */
  readonly protect: { readonly changes: Readonly<Record<string, number>>; readonly refused: Readonly<Record<string, number>> };
  /** Distinct mailer variants. */
  readonly variants: number;
  /** Whether the run was one shard of several. */
  readonly sharded: boolean;
  readonly outDir: string | undefined;
  /** Milliseconds per stage. */
  readonly timings: Readonly<Partial<Record<CampaignStage, number>>>;
}

/**
 * The {@link RunSummary} of a run.
 * @example const s = runSummary(run); s.variants;
 * Cost: O(customers) for the cell counts.
 */
export function runSummary(run: Omit<CampaignRun, 'prepared'>): RunSummary {
  const counts = [0, 0, 0];
  for (const c of run.cells) counts[c]!++;
  return {
    customers: run.data.customers.ids.size,
    cells: { targeted: counts[Cell.targeted]!, control: counts[Cell.control]!, holdout: counts[Cell.holdout]! },
    offers: run.data.offers.ids.size,
    transactions: run.data.transactions.length,
    selection: run.selection.report,
    privacy: run.privacy,
    tau: run.config.privacy.tau,
    decoysAdded: run.masking.decoysAdded,
    protect: { changes: run.changes.counts(), refused: refusedByStage(run) },
    variants: run.mailing.stats.variants,
    sharded: run.shard !== undefined,
    outDir: run.outDir,
    timings: { ...run.timings },
  };
}

/** The placements each stage's mailer rules refused, keyed `stage.what.reason`. */
function refusedByStage(run: Omit<CampaignRun, 'prepared'>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(run.selection.report.fill)) out[`fill.${k}`] = v;
  for (const [k, v] of Object.entries(run.masking.refused)) out[`mask.${k}`] = v;
  return out;
}
