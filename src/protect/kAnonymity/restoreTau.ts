import { CustomerFlag } from '../../ingest/customerTable.js';
import { PlacementReason } from '../../select/mailerPlan.js';
import type { ChangeCause } from '../../select/planChanges.js';
import { Reason } from '../../select/reason.js';
import { isTargeted } from '../isTargeted.js';
import { boundMet } from '../maskSensitive.js';
import { optedOutOfOffer } from '../sensitiveOffers.js';
import { isEligible } from '../../select/eligibilityBits.js';
import { contentOk, contentRulesOk } from './contentOk.js';
import type { KAnonymityState, Variant } from './kAnonymityState.js';
import { setContent } from './setContent.js';

/** What the tau repair did. */
export interface TauRepair {
  /** Plan value of the entries swapped out, summed in rewrite order. */
  valueLost: number;
  /** Customers given a sensitive offer as cover. */
  coverAdded: number;
  /** Customers who lost a sensitive offer. */
  withdrawn: number;
}

/**
 * Restores tau for every sensitive offer the merge phase left above it, changing whole variants only
 * (see `enforceKAnonymity`). Variants stay keyed by content; two that end with the same content
 * become one. Rewrites `st` in place.
 *
 * Cost: O(sensitive offers × variants × members) rule checks in the worst case.
 */
export function restoreTau(st: KAnonymityState): TauRepair {
  const { work, variants, usage, inSeg, recip, sensitive, capacity, data, privacy } = st;
  const tau = privacy.tau;
  let valueLost = 0;
  let coverAdded = 0;
  let withdrawn = 0;

  // Rewrites every member of v to `offers` (same content for all), keeping their own entries for offers kept.
  const rewrite = (v: Variant, offers: number[], reasons: number[], cause: ChangeCause): void => {
    for (const c of v.members) valueLost += setContent(st, c, offers, reasons, cause);
    st.byKey.delete(v.offers.join(','));
    v.offers = offers;
    v.reasons = reasons;
    const key = offers.join(',');
    const same = st.byKey.get(key);
    if (same !== undefined && same !== v && same.alive) {
      for (const c of v.members) same.members.push(c);
      v.members = [];
      v.alive = false;
    } else st.byKey.set(key, v);
  };

  // Content v would have with o as cover, or null when a rule forbids it for any member.
  const withCover = (v: Variant, o: number): { offers: number[]; reasons: number[] } | null => {
    if (v.offers.includes(o)) return null;
    const size = v.members.length;
    if (capacity !== undefined && usage[o]! + size > capacity[o]!) return null;
    const rules = st.rules;
    if (rules !== undefined && rules.limitReason(o, rules.fallbackPropensity, size) !== Reason.eligible) return null;
    for (const c of v.members) {
      if (rules !== undefined && rules.pairReason(c, o, PlacementReason.cover) !== Reason.eligible) return null;
      if (!isEligible(st.eligible, c, o)) return null;
      if (data === undefined) continue;
      const f = data.customers.flags[c]!;
      if ((f & CustomerFlag.profilingOptOut) !== 0 || optedOutOfOffer(data, c, o)) return null;
      if ((f & CustomerFlag.consentSensitive) === 0 && !privacy.allowCover) return null;
    }
    if (v.offers.length < st.stride) {
      const offers = [...v.offers, o];
      const reasons = [...v.reasons, PlacementReason.cover];
      return contentOk(offers, sensitive, data, st.requiredDecoys) && (rules === undefined || contentRulesOk(rules, offers)) ? { offers, reasons } : null;
    }
    // Full mailer: o takes the non-lead, non-sensitive, non-generic slot whose members value it least.
    let best: { offers: number[]; reasons: number[] } | null = null;
    let bestValue = Number.POSITIVE_INFINITY;
    for (let j = 1; j < v.offers.length; j++) {
      const q = v.offers[j]!;
      if (sensitive[q] === 1 || v.reasons[j] === PlacementReason.generic) continue;
      const offers = v.offers.slice();
      offers[j] = o;
      if (!contentOk(offers, sensitive, data, st.requiredDecoys) || (rules !== undefined && !contentRulesOk(rules, offers))) continue;
      let value = 0;
      for (const c of v.members) value += work.valueAt(c, work.indexOf(c, q));
      if (value < bestValue) {
        bestValue = value;
        const reasons = v.reasons.slice();
        reasons[j] = PlacementReason.cover;
        best = { offers, reasons };
      }
    }
    return best;
  };

  for (let o = 0; o < sensitive.length; o++) {
    if (sensitive[o] === 0 || boundMet(inSeg[o]!, recip[o]!, tau)) continue;
    // Look-alike keys of the offer's segment, to rank cover variants.
    const segKeys = new Set<number>();
    const holders: Variant[] = [];
    for (const v of variants) {
      if (!v.alive || v.members.length === 0) continue;
      if (!v.offers.includes(o)) continue;
      holders.push(v);
      if (st.lookalike === undefined) continue;
      for (const c of v.members) if (isTargeted(work.reasonAt(c, work.indexOf(c, o)))) segKeys.add(st.lookalike[c]!);
    }
    const ranked: { v: Variant; alike: number }[] = [];
    for (const v of variants) {
      if (!v.alive || v.members.length === 0 || v.offers.includes(o)) continue;
      let alike = 0;
      if (st.lookalike !== undefined) for (const c of v.members) if (segKeys.has(st.lookalike[c]!)) alike++;
      ranked.push({ v, alike: alike / v.members.length });
    }
    ranked.sort((x, y) => y.alike - x.alike || x.v.members.length - y.v.members.length || x.v.id - y.v.id);
    for (const { v } of ranked) {
      if (boundMet(inSeg[o]!, recip[o]!, tau)) break;
      if (!v.alive) continue;
      const content = withCover(v, o);
      if (content === null) continue;
      coverAdded += v.members.length;
      rewrite(v, content.offers, content.reasons, 'tauCover');
    }
    if (boundMet(inSeg[o]!, recip[o]!, tau)) continue;
    // Last resort: withdraw o from the variants that hold it mostly as a targeted offer.
    const share = (v: Variant): number => {
      let seg = 0;
      for (const c of v.members) if (isTargeted(work.reasonAt(c, work.indexOf(c, o)))) seg++;
      return seg / v.members.length;
    };
    const byShare = holders.filter((v) => v.alive && v.members.length > 0).map((v) => ({ v, share: share(v) }));
    byShare.sort((x, y) => y.share - x.share || x.v.members.length - y.v.members.length || x.v.id - y.v.id);
    for (const { v } of byShare) {
      if (boundMet(inSeg[o]!, recip[o]!, tau)) break;
      if (!v.alive || !v.offers.includes(o)) continue;
      const j = v.offers.indexOf(o);
      withdrawn += v.members.length;
      rewrite(v, v.offers.filter((_, i) => i !== j), v.reasons.filter((_, i) => i !== j), 'tauWithdraw');
    }
  }
  return { valueLost, coverAdded, withdrawn };
}
