import type { Dataset } from '../../ingest/ingest.js';
import { PlacementReason } from '../../select/mailerPlan.js';
import type { MailerRules } from '../../select/mailerRules.js';
import { isTargeted } from '../isTargeted.js';
import type { WorkingPlan } from '../workingPlan.js';
import { contentOk, contentRulesOk } from './contentOk.js';
import type { Variant } from './kAnonymityState.js';

/** The variants of a plan and the per-offer counts the merge and repair phases keep current. */
export interface VariantSet {
  variants: Variant[];
  byKey: Map<string, Variant>;
  postings: number[][];
  genericIds: number[];
  usage: Int32Array;
  inSeg: Int32Array;
  recip: Int32Array;
}

/**
 * Groups customers by mailer content (customers without a mailer are not a variant), in first-seen
 * order, and counts per offer its recipients (`usage`) and, for sensitive offers, recipients
 * (`recip`) and in-segment recipients (`inSeg`).
 *
 * Cost: O(customers × stride) plus one posting-list entry per (variant, offer).
 */
export function collectVariants(
  work: WorkingPlan,
  offerCount: number,
  sensitive: Uint8Array,
  rules: MailerRules | undefined,
  data: Dataset | undefined,
  requiredDecoys: number,
): VariantSet {
  const n = work.customerCount;
  const byKey = new Map<string, Variant>();
  const variants: Variant[] = [];
  const usage = new Int32Array(offerCount);
  const inSeg = new Int32Array(offerCount);
  const recip = new Int32Array(offerCount);
  for (let c = 0; c < n; c++) {
    const len = work.length(c);
    if (len === 0) continue;
    const offers: number[] = new Array(len);
    for (let j = 0; j < len; j++) {
      const o = work.offerAt(c, j);
      offers[j] = o;
      usage[o]++;
      if (sensitive[o] === 1) {
        recip[o]++;
        if (isTargeted(work.reasonAt(c, j))) inSeg[o]++;
      }
    }
    const key = offers.join(',');
    let v = byKey.get(key);
    if (v === undefined) {
      const reasons: number[] = new Array(len);
      for (let j = 0; j < len; j++) reasons[j] = work.reasonAt(c, j);
      v = { id: variants.length, offers, reasons, members: [], alive: true, genericOnly: false, contentOk: true, rulesOk: rules === undefined || contentRulesOk(rules, offers) };
      v.genericOnly = offers.every((o, j) => sensitive[o] === 0 && (reasons[j] === PlacementReason.fallback || reasons[j] === PlacementReason.generic));
      v.contentOk = contentOk(offers, sensitive, data, requiredDecoys);
      byKey.set(key, v);
      variants.push(v);
    }
    v.members.push(c);
  }
  const postings: number[][] = Array.from({ length: offerCount }, () => []);
  for (const v of variants) for (const o of v.offers) postings[o]!.push(v.id);
  // Merging never creates contents, so the generic-only candidates are known up front.
  const genericIds: number[] = [];
  for (const v of variants) if (v.genericOnly) genericIds.push(v.id);
  return { variants, byKey, postings, genericIds, usage, inSeg, recip };
}
