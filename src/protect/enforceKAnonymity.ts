import { CustomerFlag } from '../ingest/customerTable.js';
import type { Dataset } from '../ingest/ingest.js';
import { PrivacySchema, type CampaignConfig } from '../schema/campaignConfig.js';
import type { Profiles } from '../profile/profiles.js';
import { campaignDay } from '../select/campaignDay.js';
import { PlacementReason, type MailerPlan } from '../select/mailerPlan.js';
import { MailerRules, type MailerRow, type MailerRulesOptions } from '../select/mailerRules.js';
import { PlanChanges, type ChangeCause } from '../select/planChanges.js';
import { Reason } from '../select/reason.js';
import { boundMet } from './maskSensitive.js';
import { optedOutOfOffer, sensitiveOfferMask } from './sensitiveOffers.js';
import { isEligible, WorkingPlan, type EligibilityBits, type PlanEntry } from './workingPlan.js';

/** Options of {@link enforceKAnonymity}. */
export interface KAnonymityOptions extends Omit<MailerRulesOptions, 'sensitive'> {
  /** The data set: enables the sensitive-offer, consent, opt-out and capacity re-checks. Default: none (content only). */
  data?: Dataset;
  /** Privacy settings for the re-checks (sensitive tags, decoys, tau, allowCover). Default: the schema defaults. */
  privacy?: CampaignConfig['privacy'];
  /** Restricts which (customer, offer) pairs a merge may add. Default: all eligible. */
  eligible?: EligibilityBits;
  /**
   * Look-alike key per customer (see `lookalikeKeys`): when a tau repair adds cover, variants whose
   * customers share keys with the offer's segment go first. Default: none (smallest variants first).
   */
  lookalike?: Int32Array;
  /**
   * Profiles and campaign config: with `data`, every merge and repair goes through the campaign's
   * {@link MailerRules} (slots, diversity, department, eligibility, consent, contact policy,
   * capacity and budgets; gained offers are charged `fallbackPropensity`). Default: none (the
   * privacy re-checks and capacity only).
   */
  profiles?: Profiles;
  config?: CampaignConfig;
  /** Log the changes are appended to. Default: a new one, returned as `changes`. */
  changes?: PlanChanges;
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
  /** Customers given a sensitive offer as cover by the tau repair (whole variants at a time). */
  coverAdded: number;
  /** Customers who lost a sensitive offer in the tau repair's last resort (whole variants at a time). */
  withdrawn: number;
  /** Customers moved to the most common generic-only mailer because no merge was allowed. */
  toGeneric: number;
  /** Customers left without a mailer because not even a generic-only variant could take them. */
  suppressed: number;
  /** Distinct contents in the result (customers without a mailer excluded). */
  variants: number;
  /**
   * Sensitive offers whose tau bound is not met on the result. Empty by construction (the repair can
   * always withdraw the offer); kept so callers can assert it.
   */
  boundBroken: number[];
  /** Every entry this stage removed or added, per customer. */
  changes: PlanChanges;
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
  /** Content passes the mailer rules (slots, diversity, department); true without rules. */
  rulesOk: boolean;
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
  const rules =
    data !== undefined && options.profiles !== undefined && options.config !== undefined
      ? MailerRules.forPlan(plan, data, options.profiles, options.config, campaignDay(data, options.config, options.day), { ...options, sensitive })
      : undefined;
  const changes = options.changes ?? new PlanChanges();

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
      v = { id: variants.length, offers, reasons, members: [], alive: true, genericOnly: false, contentOk: true, rulesOk: rules === undefined || contentRulesOk(rules, offers) };
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
  // Merging never creates contents, so the generic-only candidates are known up front.
  const genericIds: number[] = [];
  for (const v of variants) if (v.genericOnly) genericIds.push(v.id);
  const changed = new Uint8Array(n);

  // ---- validity of moving variant a's members onto content b ----
  const allowed = (a: Variant, b: Variant, checkTau: boolean): boolean => {
    if (!b.contentOk || !b.rulesOk) return false;
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
  // Moves every member of a onto content b (or no mailer when b is null), keeping own entries in common.
  const counters: PlanCounters = { work, usage, inSeg, recip, sensitive, changed, rules, changes };
  const move = (a: Variant, b: Variant | null, cause: ChangeCause): void => {
    for (const c of a.members) {
      valueLost += setContent(counters, c, b === null ? [] : b.offers, b === null ? [] : b.reasons, cause);
      if (b !== null) {
        b.members.push(c);
        variantOf[c] = b.id;
      } else variantOf[c] = -1;
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
      move(a, target, 'merged');
      merged++;
    } else {
      // Most common generic-only mailer that may take a's customers.
      let g: Variant | null = null;
      for (const gid of genericIds) {
        const v = variants[gid]!;
        if (!v.alive || v === a) continue;
        if (g !== null && (v.members.length < g.members.length || (v.members.length === g.members.length && v.id > g.id))) continue;
        // Generic moves may break tau (the repair below restores it); every other rule still applies.
        if (allowed(a, v, false)) g = v;
      }
      toGeneric += g === null ? 0 : a.members.length;
      suppressed += g === null ? a.members.length : 0;
      if (g !== null) merged++;
      move(a, g, g === null ? 'suppressed' : 'generic');
      if (g !== null && g.members.length < k) heap.push(g.members.length, g.id);
      continue;
    }
    if (target.members.length < k) heap.push(target.members.length, target.id);
  }
  const repair = restoreTau({ ...counters, variants, byKey, capacity, data, privacy, requiredDecoys, options, stride: plan.stride });
  valueLost += repair.valueLost;
  const boundBroken: number[] = [];
  for (let o = 0; o < offerCount; o++) if (sensitive[o] === 1 && !boundMet(inSeg[o]!, recip[o]!, privacy.tau)) boundBroken.push(o);
  let alive = 0;
  for (const v of variants) if (v.alive && v.members.length > 0) alive++;
  let customersMoved = 0;
  for (let c = 0; c < n; c++) customersMoved += changed[c]!;
  return {
    plan: work.toPlan(),
    merged,
    valueLost,
    customersMoved,
    coverAdded: repair.coverAdded,
    withdrawn: repair.withdrawn,
    toGeneric,
    suppressed,
    variants: alive,
    boundBroken,
    changes,
  };
}

/** The plan being rewritten and the per-offer counts every rewrite keeps current. */
interface PlanCounters {
  work: WorkingPlan;
  usage: Int32Array;
  inSeg: Int32Array;
  recip: Int32Array;
  sensitive: Uint8Array;
  changed: Uint8Array;
  /** The campaign's rules, charged for every entry gained and given back every entry lost; absent in content-only mode. */
  rules: MailerRules | undefined;
  changes: PlanChanges;
}

/**
 * Sets customer c's mailer to `offers` in that order: entries for offers they already hold are kept
 * (value and reason), gained offers get value 0 and the template's reason (cover when sensitive), lost
 * ones leave the counts. Returns the plan value lost.
 */
function setContent(pc: PlanCounters, c: number, offers: readonly number[], reasons: readonly number[], cause: ChangeCause): number {
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
      if (e.reason === PlacementReason.targeted || e.reason === PlacementReason.discovery) inSeg[e.offer]--;
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

interface RepairState extends PlanCounters {
  variants: Variant[];
  byKey: Map<string, Variant>;
  capacity: Float64Array | Int32Array | undefined;
  data: Dataset | undefined;
  privacy: CampaignConfig['privacy'];
  requiredDecoys: number;
  options: KAnonymityOptions;
  /** Mailer length of the input plan: cover is appended only below it. */
  stride: number;
}

/**
 * Restores tau for every sensitive offer the merge phase left above it, changing whole variants only
 * (see {@link enforceKAnonymity}). Variants stay keyed by content; two that end with the same content
 * become one.
 */
function restoreTau(st: RepairState): { valueLost: number; coverAdded: number; withdrawn: number } {
  const { work, variants, usage, inSeg, recip, sensitive, capacity, data, privacy } = st;
  const tau = privacy.tau;
  let valueLost = 0;
  let coverAdded = 0;
  let withdrawn = 0;
  const isTargetedReason = (r: number): boolean => r === PlacementReason.targeted || r === PlacementReason.discovery;

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
      if (!isEligible(st.options.eligible, c, o)) return null;
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
      if (st.options.lookalike === undefined) continue;
      for (const c of v.members) if (isTargetedReason(work.reasonAt(c, work.indexOf(c, o)))) segKeys.add(st.options.lookalike[c]!);
    }
    const ranked: { v: Variant; alike: number }[] = [];
    for (const v of variants) {
      if (!v.alive || v.members.length === 0 || v.offers.includes(o)) continue;
      let alike = 0;
      if (st.options.lookalike !== undefined) for (const c of v.members) if (segKeys.has(st.options.lookalike[c]!)) alike++;
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
      for (const c of v.members) if (isTargetedReason(work.reasonAt(c, work.indexOf(c, o)))) seg++;
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

/** Whether a content passes the mailer rules on its own: no duplicate, slots, one offer per diversity key, maxPerDepartment. */
function contentRulesOk(rules: MailerRules, offers: readonly number[]): boolean {
  const row: MailerRow = { length: offers.length, offerAt: (j) => offers[j]! };
  for (let j = 0; j < offers.length; j++) if (rules.contentReason(row, offers[j]!, j) !== Reason.eligible) return false;
  return true;
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
