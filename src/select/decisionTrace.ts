import { PlacementReason, type MailerPlan } from './mailerPlan.js';
import type { PlanChanges } from './planChanges.js';
import { REASON_NAME, REASON_TEXT, type ReasonCode } from './reason.js';
import type { Selection } from './selectOffers.js';

/** One candidate offer in a {@link DecisionTrace}. */
export interface DecisionTraceCandidate {
  /** Position in the customer's top-K (0 = best score). */
  readonly rank: number;
  readonly offer: string;
  readonly offerIndex: number;
  readonly score: number;
  /** Arbitration value (propensity x value x lever, or score x lever). */
  readonly value: number;
  /** The offer's capacity shadow price (clearing price) the value competed against. */
  readonly capacityPrice: number;
  readonly outcome: ReasonCode;
  /** Name of the outcome code (`chosen`, `diversity`, `capacity`, ...). */
  readonly reason: string;
  readonly text: string;
}

/** One printed line of the mailer in a {@link DecisionTrace}. */
export interface DecisionTraceSlot {
  readonly offer: string;
  /** `targeted`, `discovery`, `fallback`, `generic`, ... (a PlacementReason name). */
  readonly placement: string;
  readonly value: number;
  /** p(redeem) charged to budgets for this line. */
  readonly p: number;
}

/** What a stage after selection changed on the mailer, in a {@link DecisionTrace}. */
export interface DecisionTraceChange {
  /** `mask` (sensitive offers) or `kAnonymity`. */
  readonly stage: string;
  readonly action: 'removed' | 'added';
  readonly offer: string;
  /** Why (see `CHANGE_CAUSES`): `consent`, `decoy`, `cover`, `slots`, `merged`, ... */
  readonly cause: string;
}

/** Options of {@link traceFor}. */
export interface TraceForOptions {
  /**
   * The printed plan and the changes the stages after selection made (a `CampaignRun` fits): the
   * trace then shows the mailer as printed and every change. Default: the selection's own plan.
   */
  printed?: { readonly plan: MailerPlan; readonly changes?: PlanChanges };
}

/** Why a customer's mailer holds what it holds: every candidate with its score and fate. */
export interface DecisionTrace {
  readonly customer: string;
  readonly customerIndex: number;
  /** `eligible` for a targeted mailer, else why not (profilingOptOut, holdout, channelConsent, maxMailings). */
  readonly status: string;
  readonly statusText: string;
  /** The mailer as printed (`options.printed`), else as selection planned it. */
  readonly mailer: readonly DecisionTraceSlot[];
  readonly candidates: readonly DecisionTraceCandidate[];
  /** What masking and k-anonymity changed between selection and print, in order (empty without `options.printed`). */
  readonly changes: readonly DecisionTraceChange[];
}

const PLACEMENT_NAME: Record<number, string> = Object.fromEntries(Object.entries(PlacementReason).map(([k, v]) => [v, k]));

/**
 * Expands customer c's compact decision record (one byte a candidate) into a readable trace: each
 * candidate offer, its score and value, and why it was chosen or dropped; plus the mailer and, with
 * `options.printed`, the mailer as printed and what privacy and k-anonymity changed on the way.
 * O(k + stride + changes of c).
 *
 * @example
 * traceFor(selection, 0).candidates.map((x) => `${x.offer} ${x.reason}`); // ['o4 chosen', 'o9 diversity', ...]
 * traceFor(run.selection, 0, { printed: run }).changes; // [{ stage: 'mask', action: 'added', offer: 'o7', cause: 'decoy' }]
 */
export function traceFor(selection: Selection, c: number, options: TraceForOptions = {}): DecisionTrace {
  const { trace } = selection;
  const plan = options.printed?.plan ?? selection.plan;
  if (!Number.isInteger(c) || c < 0 || c >= plan.customerCount) {
    throw new RangeError(`traceFor: customer index ${c} is outside 0..${plan.customerCount - 1}`);
  }
  const k = trace.k;
  const cands = trace.candidates;
  const candidates: DecisionTraceCandidate[] = [];
  for (let j = 0; j < k; j++) {
    const e = c * k + j;
    const o = j < cands.count[c]! ? cands.offer[e]! : -1;
    if (o < 0) continue;
    const outcome = trace.outcome[e]! as ReasonCode;
    candidates.push({
      rank: j,
      offer: trace.offerIds.id(o),
      offerIndex: o,
      score: cands.score[e]!,
      value: trace.value[e]!,
      capacityPrice: trace.capacityPrice[o]!,
      outcome,
      reason: REASON_NAME[outcome]!,
      text: REASON_TEXT[outcome],
    });
  }
  const mailer: DecisionTraceSlot[] = [];
  for (let t = 0; t < plan.count[c]!; t++) {
    const i = c * plan.stride + t;
    mailer.push({ offer: trace.offerIds.id(plan.offer[i]!), placement: PLACEMENT_NAME[plan.reason[i]!]!, value: plan.value[i]!, p: plan.propensity[i]! });
  }
  const changes: DecisionTraceChange[] = (options.printed?.changes?.forCustomer(c) ?? []).map((x) => ({ stage: x.stage, action: x.action, offer: trace.offerIds.id(x.offer), cause: x.cause }));
  const status = trace.customerStatus[c]! as ReasonCode;
  return {
    customer: trace.customerIds.id(c),
    customerIndex: c,
    status: REASON_NAME[status]!,
    statusText: REASON_TEXT[status],
    mailer,
    candidates,
    changes,
  };
}
