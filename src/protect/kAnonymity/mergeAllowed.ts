import { CustomerFlag } from '../../ingest/customerTable.js';
import { PlacementReason } from '../../select/mailerPlan.js';
import { Reason } from '../../select/reason.js';
import { isTargeted } from '../isTargeted.js';
import { boundMet } from '../maskSensitive.js';
import { optedOutOfOffer } from '../sensitiveOffers.js';
import { isEligible } from '../../select/eligibilityBits.js';
import type { KAnonymityState, Variant } from './kAnonymityState.js';

/**
 * Whether variant a's members may all move onto content b: b's content passes the layout and mailer
 * rules, and every offer they would gain keeps capacity, the campaign's limits and pair rules,
 * eligibility, opt-outs and consent; with `checkTau`, no sensitive offer they would lose has its tau
 * bound broken or made worse.
 *
 * Cost: O(|b| × |a.members|) rule checks, plus the tau check's O(|a.offers| × |a.members| × stride).
 */
export function mergeAllowed(st: KAnonymityState, a: Variant, b: Variant, checkTau: boolean): boolean {
  if (!b.contentOk || !b.rulesOk) return false;
  const { capacity, usage, sensitive, rules, data, privacy } = st;
  const size = a.members.length;
  const inA = new Set(a.offers);
  const inB = new Set(b.offers);
  for (let j = 0; j < b.offers.length; j++) {
    const o = b.offers[j]!;
    if (inA.has(o)) continue;
    if (capacity !== undefined && usage[o]! + size > capacity[o]!) return false;
    const placement = sensitive[o] === 1 ? PlacementReason.cover : b.reasons[j]!;
    if (rules !== undefined && rules.limitReason(o, rules.fallbackPropensity, size) !== Reason.eligible) return false;
    for (const c of a.members) {
      if (rules !== undefined && rules.pairReason(c, o, placement) !== Reason.eligible) return false;
      if (!isEligible(st.eligible, c, o)) return false;
      if (data === undefined) continue;
      const f = data.customers.flags[c]!;
      if (optedOutOfOffer(data, c, o)) return false;
      if ((f & CustomerFlag.profilingOptOut) !== 0 && (sensitive[o] === 1 || isTargeted(b.reasons[j]!) || b.reasons[j] === PlacementReason.cover)) return false;
      if (sensitive[o] === 1 && (f & CustomerFlag.consentSensitive) === 0 && !privacy.allowCover) return false;
    }
  }
  return !checkTau || tauKept(st, a, inB);
}

/** Whether the tau bound of every sensitive offer a loses still holds or does not get worse (gains only add cover). */
function tauKept(st: KAnonymityState, a: Variant, inB: Set<number>): boolean {
  const { work, sensitive, inSeg, recip } = st;
  const size = a.members.length;
  for (const o of a.offers) {
    if (sensitive[o] === 0 || inB.has(o)) continue;
    let seg = 0;
    for (const c of a.members) {
      const j = work.indexOf(c, o);
      if (isTargeted(work.reasonAt(c, j))) seg++;
    }
    const s2 = inSeg[o]! - seg;
    const r2 = recip[o]! - size;
    if (!boundMet(s2, r2, st.privacy.tau) && s2 * recip[o]! > inSeg[o]! * r2) return false;
  }
  return true;
}
