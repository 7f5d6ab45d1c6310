import { PlacementReason } from './mailerPlan.js';
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
}

/** Why a customer's mailer holds what it holds: every candidate with its score and fate. */
export interface DecisionTrace {
  readonly customer: string;
  readonly customerIndex: number;
  /** `eligible` for a targeted mailer, else why not (profilingOptOut, holdout, channelConsent, maxMailings). */
  readonly status: string;
  readonly statusText: string;
  readonly mailer: readonly DecisionTraceSlot[];
  readonly candidates: readonly DecisionTraceCandidate[];
}

const PLACEMENT_NAME: Record<number, string> = Object.fromEntries(Object.entries(PlacementReason).map(([k, v]) => [v, k]));

/**
 * Expands customer c's compact decision record (one byte a candidate) into a readable trace: each
 * candidate offer, its score and value, and why it was chosen or dropped; plus the printed mailer.
 * O(k + stride).
 *
 * @example
 * traceFor(selection, 0).candidates.map((x) => `${x.offer} ${x.reason}`); // ['o4 chosen', 'o9 diversity', ...]
 */
export function traceFor(selection: Selection, c: number): DecisionTrace {
  const { trace, plan } = selection;
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
    mailer.push({ offer: trace.offerIds.id(plan.offer[i]!), placement: PLACEMENT_NAME[plan.reason[i]!]!, value: plan.value[i]! });
  }
  const status = trace.customerStatus[c]! as ReasonCode;
  return {
    customer: trace.customerIds.id(c),
    customerIndex: c,
    status: REASON_NAME[status]!,
    statusText: REASON_TEXT[status],
    mailer,
    candidates,
  };
}
