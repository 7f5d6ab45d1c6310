import { PlacementReason } from '../../select/mailerPlan.js';
import type { ChangeCause } from '../../select/planChanges.js';
import { isTargeted } from '../isTargeted.js';
import type { PlanEntry } from '../workingPlan.js';
import type { PlanCounters } from './kAnonymityState.js';

/**
 * Sets customer c's mailer to `offers` in that order: entries for offers they already hold are kept
 * (value and reason), gained offers get value 0 and the template's reason (cover when sensitive), lost
 * ones leave the counts. Returns the plan value lost.
 *
 * Cost: O(stride).
 */
export function setContent(pc: PlanCounters, c: number, offers: readonly number[], reasons: readonly number[], cause: ChangeCause): number {
  const { work, usage, inSeg, recip, sensitive, rules } = pc;
  const gainedP = rules?.fallbackPropensity ?? 0;
  const keep = new Set(offers);
  const own = new Map<number, PlanEntry>();
  let lost = 0;
  for (const e of work.row(c)) {
    own.set(e.offer, e);
    if (keep.has(e.offer)) continue;
    lost += e.value;
    usage[e.offer]--;
    rules?.release(e.offer, e.p);
    pc.changes.record(c, 'kAnonymity', 'removed', e.offer, cause);
    if (sensitive[e.offer] === 1) {
      recip[e.offer]--;
      if (isTargeted(e.reason)) inSeg[e.offer]--;
    }
  }
  const next: PlanEntry[] = [];
  for (let j = 0; j < offers.length; j++) {
    const o = offers[j]!;
    const mine = own.get(o);
    if (mine !== undefined) next.push(mine);
    else {
      usage[o]++;
      rules?.take(o, gainedP);
      pc.changes.record(c, 'kAnonymity', 'added', o, cause);
      if (sensitive[o] === 1) recip[o]++;
      next.push({ offer: o, value: 0, reason: sensitive[o] === 1 ? PlacementReason.cover : reasons[j]!, p: gainedP });
    }
  }
  work.setRow(c, next);
  pc.changed[c] = 1;
  return lost;
}
