import type { DecisionTrace } from '../select/decisionTrace.js';

/** Six significant digits: what a reader of a trace needs, at a third of the bytes of a full float. */
const short = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(6)) : 0);
/** Nine significant digits round-trip a float32 exactly: an audit recomputing budgets from `p` gets the charged figure. */
const exact32 = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(9)) : 0);

/**
 * One line of `trace.ndjson.gz`: a customer's decision trace as compact JSON (no newline), with the
 * customer's measurement cell. Fields: `customer`, `cell`, `status`, `mailer` (position, offer,
 * placement, value, p), `candidates` (rank, offer, score, value, outcome), `changes` (stage,
 * action, offer, cause). Numbers keep six significant digits, `p` nine (a float32 exactly, so budgets recompute to the charged figure).
 *
 * @example traceLine(traceFor(run.selection, c, { printed: run }), 'targeted'); // '{"customer":"C1","cell":"targeted",...}'
 * Cost: O(k + stride + changes).
 */
export function traceLine(trace: DecisionTrace, cell: string): string {
  return JSON.stringify({
    customer: trace.customer,
    cell,
    status: trace.status,
    mailer: trace.mailer.map((m, j) => ({ position: j + 1, offer: m.offer, placement: m.placement, value: short(m.value), p: exact32(m.p) })),
    candidates: trace.candidates.map((x) => ({ rank: x.rank, offer: x.offer, score: short(x.score), value: short(x.value), outcome: x.reason })),
    changes: trace.changes,
  });
}

