import { CustomerFlag } from '../ingest/customerTable.js';
import type { Dataset } from '../ingest/ingest.js';
import { PrivacySchema, type CampaignConfig } from '../schema/campaignConfig.js';
import { PlacementReason, type MailerPlan } from '../select/mailerPlan.js';
import { boundMet } from './maskSensitive.js';
import { optedOutOfOffer, sensitiveOfferMask } from './sensitiveOffers.js';
import { isEligible, WorkingPlan, type EligibilityBits, type PlanEntry } from './workingPlan.js';

/** Options of {@link enforceKAnonymity}. */
export interface KAnonymityOptions {
  /** The data set: enables the sensitive-offer, consent, opt-out and capacity re-checks. Default: none (content only). */
  data?: Dataset;
  /** Privacy settings for the re-checks (sensitive tags, decoys, tau, allowCover). Default: the schema defaults. */
  privacy?: CampaignConfig['privacy'];
  /** Restricts which (customer, offer) pairs a merge may add. Default: all eligible. */
  eligible?: EligibilityBits;
}

/** The k-anonymous plan and what it cost. */
export interface KAnonymityResult {
  plan: MailerPlan;
  /** Variants (distinct contents) merged away. */
  merged: number;
  /** Sum of plan value of the entries swapped out. */
  valueLost: number;
  /** Customers whose mailer changed. */
  customersMoved: number;
  /** Customers moved to the most common generic-only mailer because no merge was allowed. */
  toGeneric: number;
  /** Customers left without a mailer because not even a generic-only variant could take them. */
  suppressed: number;
  /** Distinct contents in the result (customers without a mailer excluded). */
  variants: number;
  /** Sensitive offers whose tau bound a generic move or suppression broke (merges never do). */
  boundBroken: number[];
}

interface Variant {
  id: number;
  offers: number[];
  /** Reasons of the first member, the template for offers a merged customer gains. */
  reasons: number[];
  members: number[];
  alive: boolean;
  genericOnly: boolean;
  /** Content satisfies the sensitive-offer layout rules (not first, enough unrelated offers). */
  contentOk: boolean;
}

/**
 * Makes every distinct mailer content (ordered offer list) shared by at least `k` customers, so a
 * printed mailer never singles a customer out. Repeatedly takes the smallest variant under `k` and
 * merges it into the nearest other variant (most offers in common; ties: least value swapped out,
 * then larger, then first seen): its customers take that content, keeping their own value and reason
 * on offers in common, losing the offers not in common (their value is reported) and gaining the
 * others (value 0; a gained sensitive offer counts as cover). A merge is allowed only if it keeps
 * every rule maskSensitive guarantees: sensitive offer never first nor without enough unrelated
 * offers, no cover to opted-out customers or to non-consenting ones unless allowCover, no targeted
 * gain for opted-out customers, capacity, and the tau bound of each sensitive offer. Variants that
 * cannot merge go to the most common generic-only mailer; if none exists they get no mailer.
 * Customers with no mailer are not a variant. Inputs are never mutated.
 *
 * Cost: O(V log V + Σ posting-list walks) for V variants, worst case O(V²·stride).
 *
 * @example
 * const { plan: anon, merged, valueLost } = enforceKAnonymity(masked, 50, { data, privacy: config.privacy });
 */
export function enforceKAnonymity(plan: MailerPlan, k: number, options: KAnonymityOptions = {}): KAnonymityResult {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`enforceKAnonymity: k must be a positive integer, got ${k}`);
  const work = new WorkingPlan(plan);
  const n = plan.customerCount;
  const data = options.data;
  const privacy = options.privacy ?? PrivacySchema.parse({});
  const requiredDecoys = Math.max(1, privacy.decoys);
  if (data !== undefined && data.customers.ids.size !== n) throw new RangeError(`enforceKAnonymity: plan has ${n} customers, data has ${data.customers.ids.size}`);
  let maxOffer = -1;
  for (let i = 0; i < plan.offer.length; i++) if (plan.offer[i]! > maxOffer) maxOffer = plan.offer[i]!;
  const offerCount = data === undefined ? maxOffer + 1 : data.offers.ids.size;
  const sensitive = data === undefined ? new Uint8Array(offerCount) : sensitiveOfferMask(data, privacy.sensitiveTags);
  const capacity = data?.offers.capacity;
  const isTargeted = (r: number): boolean => r === PlacementReason.targeted || r === PlacementReason.discovery;

  // ---- variants, usage and sensitive counts ----
  const byKey = new Map<string, Variant>();
  const variants: Variant[] = [];
  const variantOf = new Int32Array(n).fill(-1);
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
      v = { id: variants.length, offers, reasons, members: [], alive: true, genericOnly: false, contentOk: true };
      v.genericOnly = offers.every((o, j) => sensitive[o] === 0 && (reasons[j] === PlacementReason.fallback || reasons[j] === PlacementReason.generic));
      v.contentOk = contentOk(offers, sensitive, data, requiredDecoys);
      byKey.set(key, v);
      variants.push(v);
    }
    v.members.push(c);
    variantOf[c] = v.id;
  }
  const postings: number[][] = Array.from({ length: offerCount }, () => []);
  for (const v of variants) for (const o of v.offers) postings[o]!.push(v.id);

  // ---- validity of moving variant a's members onto content b ----
  const allowed = (a: Variant, b: Variant, checkTau: boolean): boolean => {
    if (!b.contentOk) return false;
    const size = a.members.length;
    const inA = new Set(a.offers);
    const inB = new Set(b.offers);
    for (let j = 0; j < b.offers.length; j++) {
      const o = b.offers[j]!;
      if (inA.has(o)) continue;
      if (capacity !== undefined && usage[o]! + size > capacity[o]!) return false;
      for (const c of a.members) {
        if (!isEligible(options.eligible, c, o)) return false;
        if (data === undefined) continue;
        const f = data.customers.flags[c]!;
        if (optedOutOfOffer(data, c, o)) return false;
        if ((f & CustomerFlag.profilingOptOut) !== 0 && (sensitive[o] === 1 || isTargeted(b.reasons[j]!) || b.reasons[j] === PlacementReason.cover)) return false;
        if (sensitive[o] === 1 && (f & CustomerFlag.consentSensitive) === 0 && !privacy.allowCover) return false;
      }
    }
    return !checkTau || tauKept(a, inB);
  };
  // Whether the tau bound of every sensitive offer a loses still holds or does not get worse (gains only add cover).
  const tauKept = (a: Variant, inB: Set<number>): boolean => {
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
      if (!boundMet(s2, r2, privacy.tau) && s2 * recip[o]! > inSeg[o]! * r2) return false;
    }
    return true;
  };

  let valueLost = 0;
  let customersMoved = 0;
  // Moves every member of a onto content b (or no mailer when b is null), keeping own entries in common.
  const move = (a: Variant, b: Variant | null): void => {
    const inB = new Set(b === null ? [] : b.offers);
    for (const c of a.members) {
      const old = work.row(c);
      const own = new Map<number, PlanEntry>();
      for (const e of old) {
        own.set(e.offer, e);
        if (inB.has(e.offer)) continue;
        valueLost += e.value;
        usage[e.offer]--;
        if (sensitive[e.offer] === 1) {
          recip[e.offer]--;
          if (isTargeted(e.reason)) inSeg[e.offer]--;
        }
      }
      const next: PlanEntry[] = [];
      if (b !== null) {
        for (let j = 0; j < b.offers.length; j++) {
          const o = b.offers[j]!;
          const mine = own.get(o);
          if (mine !== undefined) next.push(mine);
          else {
            usage[o]++;
            if (sensitive[o] === 1) recip[o]++;
            next.push({ offer: o, value: 0, reason: sensitive[o] === 1 ? PlacementReason.cover : b.reasons[j]! });
          }
        }
        b.members.push(c);
        variantOf[c] = b.id;
      } else variantOf[c] = -1;
      work.setRow(c, next);
      customersMoved++;
    }
    a.alive = false;
    a.members = [];
  };

  // ---- smallest-first merging with a lazy min-heap on (size, id) ----
  const heap = new MinHeap();
  for (const v of variants) if (v.members.length < k) heap.push(v.members.length, v.id);
  let merged = 0;
  let toGeneric = 0;
  let suppressed = 0;
  const kept = new Float64Array(variants.length);
  const common = new Int32Array(variants.length);
  while (heap.size > 0) {
    const [size, id] = heap.pop();
    const a = variants[id]!;
    if (!a.alive || a.members.length !== size || size >= k) continue;
    // Value each offer of a carries across its members, and common counts via the posting lists.
    const valueOfOffer = new Map<number, number>();
    let total = 0;
    for (const c of a.members) {
      const row = work.row(c);
      for (const e of row) {
        valueOfOffer.set(e.offer, (valueOfOffer.get(e.offer) ?? 0) + e.value);
        total += e.value;
      }
    }
    const touched: number[] = [];
    for (const o of a.offers) {
      for (const vid of postings[o]!) {
        if (vid === id || !variants[vid]!.alive) continue;
        if (common[vid] === 0) touched.push(vid);
        common[vid]++;
        kept[vid] += valueOfOffer.get(o)!;
      }
    }
    // Best-first selection without sorting every touched variant: scan for the best, test it, exclude it if refused.
    const better = (x: number, y: number): boolean => {
      if (common[x] !== common[y]) return common[x]! > common[y]!;
      if (kept[x] !== kept[y]) return kept[x]! > kept[y]!;
      const sx = variants[x]!.members.length;
      const sy = variants[y]!.members.length;
      return sx !== sy ? sx > sy : x < y;
    };
    let target: Variant | null = null;
    for (let remaining = touched.length; remaining > 0 && target === null; remaining--) {
      let best = -1;
      for (const vid of touched) if (common[vid]! > 0 && (best < 0 || better(vid, best))) best = vid;
      if (best < 0) break;
      if (allowed(a, variants[best]!, true)) target = variants[best]!;
      else common[best] = -1; // refused: out of the running for this variant
    }
    for (const vid of touched) {
      common[vid] = 0;
      kept[vid] = 0;
    }
    if (target !== null) {
      move(a, target);
      merged++;
    } else {
      // Most common generic-only mailer that may take a's customers.
      let g: Variant | null = null;
      for (const v of variants) {
        if (!v.alive || v === a || !v.genericOnly) continue;
        if (g !== null && (v.members.length < g.members.length || (v.members.length === g.members.length && v.id > g.id))) continue;
        // Generic moves may break tau (reported in boundBroken); every other rule still applies.
        if (allowed(a, v, false)) g = v;
      }
      toGeneric += g === null ? 0 : a.members.length;
      suppressed += g === null ? a.members.length : 0;
      if (g !== null) merged++;
      move(a, g);
      if (g !== null && g.members.length < k) heap.push(g.members.length, g.id);
      continue;
    }
    if (target.members.length < k) heap.push(target.members.length, target.id);
  }
  const boundBroken: number[] = [];
  for (let o = 0; o < offerCount; o++) if (sensitive[o] === 1 && !boundMet(inSeg[o]!, recip[o]!, privacy.tau)) boundBroken.push(o);
  let alive = 0;
  for (const v of variants) if (v.alive) alive++;
  return { plan: work.toPlan(), merged, valueLost, customersMoved, toGeneric, suppressed, variants: alive, boundBroken };
}

/** Layout rules of a content: no sensitive offer first, and enough unrelated non-sensitive offers. */
function contentOk(offers: number[], sensitive: Uint8Array, data: Dataset | undefined, requiredDecoys: number): boolean {
  if (data === undefined) return true;
  const dept = data.offers.department;
  let anySensitive = false;
  for (const o of offers) if (sensitive[o] === 1) anySensitive = true;
  if (!anySensitive) return true;
  if (sensitive[offers[0]!] === 1) return false;
  let unrelated = 0;
  for (const o of offers) {
    if (sensitive[o] === 1) continue;
    let related = false;
    for (const s of offers) if (sensitive[s] === 1 && dept[s] === dept[o]) related = true;
    if (!related) unrelated++;
  }
  return unrelated >= requiredDecoys;
}

/** Binary min-heap of (size, id) pairs, ordered by size then id. */
class MinHeap {
  private readonly a: number[] = [];
  get size(): number {
    return this.a.length / 2;
  }
  private less(i: number, j: number): boolean {
    const a = this.a;
    return a[2 * i]! < a[2 * j]! || (a[2 * i] === a[2 * j] && a[2 * i + 1]! < a[2 * j + 1]!);
  }
  private swap(i: number, j: number): void {
    const a = this.a;
    [a[2 * i], a[2 * j]] = [a[2 * j]!, a[2 * i]!];
    [a[2 * i + 1], a[2 * j + 1]] = [a[2 * j + 1]!, a[2 * i + 1]!];
  }
  push(size: number, id: number): void {
    this.a.push(size, id);
    for (let i = this.size - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): [number, number] {
    const top: [number, number] = [this.a[0]!, this.a[1]!];
    const last = this.size - 1;
    this.swap(0, last);
    this.a.length -= 2;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.less(l, m)) m = l;
      if (r < this.size && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}
