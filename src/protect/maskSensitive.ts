import type { Dataset } from '../ingest/ingest.js';
import { CustomerFlag } from '../ingest/customerTable.js';
import type { Profiles } from '../profile/profiles.js';
import type { Candidates } from '../score/candidates.js';
import type { CampaignConfig } from '../schema/campaignConfig.js';
import { PlacementReason, type MailerPlan } from '../select/mailerPlan.js';
import { campaignDay } from '../select/campaignDay.js';
import { entryRow, MailerRules, type MailerRulesOptions } from '../select/mailerRules.js';
import { PlanChanges } from '../select/planChanges.js';
import { Reason, REASON_NAME } from '../select/reason.js';
import { isTargeted } from './isTargeted.js';
import { lookalikeKeys } from './lookalikeKeys.js';
import { createRandom } from '../lib/random.js';
import { shuffleInPlace } from './shuffleInPlace.js';
import { optedOutOfOffer, sensitiveOfferMask } from './sensitiveOffers.js';
import { isEligible, type EligibilityBits } from '../select/eligibilityBits.js';
import { WorkingPlan, type PlanEntry } from './workingPlan.js';

/** Options of {@link maskSensitive}. */
export interface MaskOptions extends Omit<MailerRulesOptions, 'sensitive'> {
  /** Seed of every random choice (cover recipients, slot of the sensitive offer). Default `config.seed`. */
  seed?: number;
  /** Restricts cover recipients, decoys and replacements to eligible (customer, offer) pairs. Default: all eligible. */
  eligible?: EligibilityBits;
  /** Scored candidates; a removed offer is replaced by the customer's next non-sensitive candidate. Default: none (generic fill only). */
  candidates?: Candidates;
  /** Quantile bands of the look-alike key (spend, visit frequency). Default 4. */
  bands?: number;
  /**
   * What to do when cover cannot bring P(in segment | received) down to `tau`: `drop` (default) removes
   * the lowest-value in-segment recipients until the bound holds; `report` leaves them and reports `met: false`.
   */
  onUnmet?: 'drop' | 'report';
  /** p(redeem) of each candidate entry (`c * k + j`, the selection trace's), charged when a candidate replaces a removed entry. Default `fallbackPropensity`. */
  candidatePropensity?: Float32Array;
  /** Log the changes are appended to. Default: a new one, returned as `changes`. */
  changes?: PlanChanges;
}

/** Why masking removed an entry. */
export type MaskCause = 'optOut' | 'consent' | 'tau' | 'decoyShortfall';

/** What masking did to one sensitive offer, counted on the final plan. */
export interface SensitiveOfferReport {
  offer: number;
  offerId: string;
  /** Recipients who got the offer by targeting (reason targeted or discovery). */
  inSegment: number;
  /** Recipients who got it as cover. */
  cover: number;
  /** All recipients (in segment, cover, and any generic placement). */
  recipients: number;
  /** inSegment / recipients on the final plan (0 with no recipients). */
  achievedBound: number;
  /** Whether achievedBound <= tau. */
  met: boolean;
  /** In-segment recipients removed so the bound holds. */
  droppedInSegment: number;
  /** Look-alike customers that were available as cover. */
  lookalikes: number;
  /** Why cover fell short, when it did ('not enough look-alikes', 'capacity', 'decoys'). */
  reason?: string;
}

/** The masked plan and what masking cost. */
export interface MaskResult {
  plan: MailerPlan;
  report: SensitiveOfferReport[];
  cost: {
    /** Sum of plan value of every removed entry. */
    removedValue: number;
    removedCount: number;
    /** Sum of value of replacement candidates put in their place. */
    replacementValue: number;
    /** removedValue - replacementValue: the expected value given up for privacy. */
    netValue: number;
    byCause: Record<MaskCause, { count: number; value: number }>;
  };
  /** Decoy entries added. */
  decoysAdded: number;
  /** Placements the mailer rules refused, as `what.reason` (e.g. `cover.diversity`), and `noReplacement` for removed entries nobody could replace. */
  refused: Record<string, number>;
  /** Every entry this stage removed or added, per customer. */
  changes: PlanChanges;
}

const EPS = 1e-9;


/** Smallest recipient count n >= s with s / n <= tau (Infinity when impossible). */
export function minRecipients(s: number, tau: number): number {
  if (s === 0) return 0;
  if (tau <= 0) return Number.POSITIVE_INFINITY;
  let n = Math.max(s, Math.ceil(s / tau - EPS));
  while (s > tau * n + EPS) n++;
  while (n - 1 >= s && s <= tau * (n - 1) + EPS) n--;
  return n;
}

/** Whether `inSegment / recipients <= tau` (with a 1e-9 float tolerance). */
export function boundMet(inSegment: number, recipients: number, tau: number): boolean {
  return inSegment === 0 || inSegment <= tau * recipients + EPS;
}

/** Everything the masking phases share: the plan being rewritten, the rules, the log and the tallies. */
interface MaskContext {
  readonly data: Dataset;
  readonly profiles: Profiles;
  readonly privacy: CampaignConfig['privacy'];
  readonly requiredDecoys: number;
  readonly onUnmet: 'drop' | 'report';
  readonly rnd: () => number;
  readonly eligible: EligibilityBits | undefined;
  readonly candidates: Candidates | undefined;
  readonly candidatePropensity: Float32Array | undefined;
  readonly sensitive: Uint8Array;
  readonly generic: readonly number[];
  readonly work: WorkingPlan;
  readonly rules: MailerRules;
  readonly changes: PlanChanges;
  readonly byCause: MaskResult['cost']['byCause'];
  readonly refused: Record<string, number>;
  readonly dropped: Int32Array;
  readonly shortReason: (string | undefined)[];
  replacementValue: number;
}

/**
 * Makes sensitive offers safe to mail. Returns a NEW plan (inputs untouched) where:
 * - opted-out customers (`profilingOptOut`) hold no targeted, discovery, cover or decoy entry;
 * - customers without `consentSensitive` hold no sensitive offer chosen by inference (targeted /
 *   discovery), and hold one as cover only when `privacy.allowCover`;
 * - every sensitive offer has cover recipients, look-alikes of its segment on region, spend band and
 *   visit-frequency band, so that P(in segment | received) <= `privacy.tau`, within offer capacity;
 *   when that is impossible the lowest-value in-segment recipients are dropped (see `onUnmet`);
 * - a mailer with a sensitive offer carries at least `max(1, privacy.decoys)` non-sensitive offers from
 *   other departments (the most planned offers fill the gap, reason `decoy`), and no sensitive offer
 *   sits in the lead slot (its slot is drawn from the seeded PRNG); when decoys run out the
 *   sensitive offer is removed from that mailer.
 * Every entry this stage adds (replacement, cover, decoy) passes the same {@link MailerRules} as
 * selection: slots (a decoy or cover on a full mailer takes the slot of its lowest-value
 * non-sensitive offer), one offer per diversity key, `maxPerDepartment`, eligibility, consent,
 * contact policy, capacity and budgets. What the rules refused is counted in `refused`, and every
 * change is logged in `changes` for the decision trace.
 * Removed entries are replaced by the next non-sensitive candidate, else a generic offer, else dropped.
 *
 * Cost: O(customers × stride × (1 + sensitive offers)) plus O(customers log customers) for the look-alike bands.
 *
 * @example
 * const { plan: safe, report, cost } = maskSensitive(plan, data, profiles, config, { candidates });
 * report.every((r) => r.met); // true with the default onUnmet 'drop'
 */
export function maskSensitive(plan: MailerPlan, data: Dataset, profiles: Profiles, config: CampaignConfig, options: MaskOptions = {}): MaskResult {
  const n = plan.customerCount;
  if (data.customers.ids.size !== n) throw new RangeError(`maskSensitive: plan has ${n} customers, data has ${data.customers.ids.size}`);
  if (profiles.customerCount !== n) throw new RangeError(`maskSensitive: profiles have ${profiles.customerCount} customers, plan has ${n}`);
  const offerCount = data.offers.ids.size;
  const sensitive = sensitiveOfferMask(data, config.privacy.sensitiveTags);
  const rng = createRandom(options.seed ?? config.seed);
  const rules = MailerRules.forPlan(plan, data, profiles, config, campaignDay(data, config, options.day), { ...options, sensitive });
  const generic: number[] = [];
  for (const id of config.genericOffers) {
    const o = data.offers.ids.get(id);
    if (o >= 0 && sensitive[o] === 0) generic.push(o);
  }
  const ctx: MaskContext = {
    data,
    profiles,
    privacy: config.privacy,
    requiredDecoys: Math.max(1, config.privacy.decoys),
    onUnmet: options.onUnmet ?? 'drop',
    rnd: () => rng.next(),
    eligible: options.eligible,
    candidates: options.candidates,
    candidatePropensity: options.candidatePropensity,
    sensitive,
    generic,
    work: new WorkingPlan(plan),
    rules,
    changes: options.changes ?? new PlanChanges(),
    byCause: { optOut: { count: 0, value: 0 }, consent: { count: 0, value: 0 }, tau: { count: 0, value: 0 }, decoyShortfall: { count: 0, value: 0 } },
    refused: {},
    dropped: new Int32Array(offerCount),
    shortReason: new Array(offerCount),
    replacementValue: 0,
  };
  // Decoys are the most planned non-sensitive offers, in the input plan's popularity order.
  const popularity = Int32Array.from(rules.recipients);
  const decoyPool: number[] = [];
  for (let o = 0; o < offerCount; o++) if (sensitive[o] === 0) decoyPool.push(o);
  decoyPool.sort((a, b) => popularity[b]! - popularity[a]! || a - b);

  removeUnconsented(ctx);
  const lookalikes = addCover(ctx, lookalikeKeys(profiles, { bands: options.bands ?? 4 }));
  const decoysAdded = mixDecoys(ctx, decoyPool);
  if (ctx.onUnmet === 'drop') restoreBound(ctx);

  const final = ctx.work.toPlan();
  const report = sensitiveReport(ctx, final, popularity, lookalikes, config.privacy.tau);
  let removedValue = 0;
  let removedCount = 0;
  for (const k of Object.keys(ctx.byCause) as MaskCause[]) {
    removedValue += ctx.byCause[k].value;
    removedCount += ctx.byCause[k].count;
  }
  return {
    plan: final,
    report,
    cost: { removedValue, removedCount, replacementValue: ctx.replacementValue, netValue: removedValue - ctx.replacementValue, byCause: ctx.byCause },
    decoysAdded,
    refused: ctx.refused,
    changes: ctx.changes,
  };
}

const refuse = (ctx: MaskContext, what: string, r: number): void => {
  const key = `${what}.${REASON_NAME[r]}`;
  ctx.refused[key] = (ctx.refused[key] ?? 0) + 1;
};

/** Removes row[j] of customer c for `cause`, giving back its usage and logging it. */
function account(ctx: MaskContext, c: number, e: PlanEntry, cause: MaskCause): void {
  ctx.byCause[cause].count++;
  ctx.byCause[cause].value += e.value;
  ctx.rules.release(e.offer, e.p);
  ctx.changes.record(c, 'mask', 'removed', e.offer, cause);
}

/** The next non-sensitive candidate the rules admit (when targeting is allowed), else a generic offer, else null. */
function replacement(ctx: MaskContext, c: number, row: PlanEntry[], allowTargeted: boolean): PlanEntry | null {
  const { candidates: cand, sensitive, rules } = ctx;
  const view = entryRow(row);
  if (allowTargeted && cand !== undefined && c < cand.customerCount) {
    const base = c * cand.k;
    for (let j = 0; j < cand.count[c]!; j++) {
      const o = cand.offer[base + j]!;
      if (o < 0 || sensitive[o] === 1 || !isEligible(ctx.eligible, c, o)) continue;
      const p = ctx.candidatePropensity?.[base + j] ?? rules.fallbackPropensity;
      if (rules.admit(c, view, o, PlacementReason.targeted, p) === Reason.eligible) return { offer: o, value: cand.score[base + j]!, reason: PlacementReason.targeted, p };
    }
  }
  for (const o of ctx.generic) {
    if (isEligible(ctx.eligible, c, o) && rules.admit(c, view, o, PlacementReason.fallback, rules.fallbackPropensity) === Reason.eligible) return { offer: o, value: 0, reason: PlacementReason.fallback, p: rules.fallbackPropensity };
  }
  return null;
}

/** Removes row[j]; returns whether a replacement took its slot. */
function removeAt(ctx: MaskContext, c: number, row: PlanEntry[], j: number, cause: MaskCause, allowTargeted: boolean): boolean {
  account(ctx, c, row[j]!, cause);
  row.splice(j, 1);
  const r = replacement(ctx, c, row, allowTargeted);
  if (r === null) {
    ctx.refused.noReplacement = (ctx.refused.noReplacement ?? 0) + 1;
    return false;
  }
  row.splice(j, 0, r);
  ctx.rules.take(r.offer, r.p);
  ctx.changes.record(c, 'mask', 'added', r.offer, 'replacement');
  ctx.replacementValue += r.value;
  return true;
}

/** Phase 1: opted-out customers keep only generic placements; sensitive offers need consent (cover: allowCover). */
function removeUnconsented(ctx: MaskContext): void {
  const { work, sensitive, privacy } = ctx;
  const flags = ctx.data.customers.flags;
  for (let c = 0; c < work.customerCount; c++) {
    const f = flags[c]!;
    const optOut = (f & CustomerFlag.profilingOptOut) !== 0;
    const consent = (f & CustomerFlag.consentSensitive) !== 0;
    const breaks = (o: number, r: number): boolean =>
      optOut ? r !== PlacementReason.fallback && r !== PlacementReason.generic : sensitive[o] === 1 && !consent && (isTargeted(r) || (r === PlacementReason.cover && !privacy.allowCover));
    let dirty = false;
    const len = work.length(c);
    for (let j = 0; j < len && !dirty; j++) dirty = breaks(work.offerAt(c, j), work.reasonAt(c, j));
    if (!dirty) continue;
    const row = work.row(c);
    for (let j = 0; j < row.length; ) {
      const e = row[j]!;
      // Without a replacement the next entry slid into slot j: look at it again.
      if (breaks(e.offer, e.reason) && !removeAt(ctx, c, row, j, optOut ? 'optOut' : 'consent', !optOut)) continue;
      j++;
    }
  }
}

/**
 * Phase 2: cover recipients per sensitive offer, look-alikes of its segment, until the tau bound
 * holds (or, with `onUnmet: 'drop'`, the lowest-value in-segment recipients are dropped). Returns
 * the look-alike pool size per offer.
 */
function addCover(ctx: MaskContext, keys: Int32Array): Int32Array {
  const { work, sensitive, rules } = ctx;
  const offerCount = sensitive.length;
  const inSeg: number[][] = Array.from({ length: offerCount }, () => []);
  const otherHolders = new Int32Array(offerCount);
  for (let c = 0; c < work.customerCount; c++) {
    const len = work.length(c);
    for (let j = 0; j < len; j++) {
      const o = work.offerAt(c, j);
      if (sensitive[o] === 0) continue;
      if (isTargeted(work.reasonAt(c, j))) inSeg[o]!.push(c);
      else otherHolders[o]++;
    }
  }
  const lookalikes = new Int32Array(offerCount);
  const holds = new Uint8Array(work.customerCount);
  for (let o = 0; o < offerCount; o++) {
    const seg = inSeg[o]!;
    if (sensitive[o] === 0 || seg.length === 0) continue;
    for (const c of seg) holds[c] = 1;
    const bucketOf = coverPool(ctx, o, seg, keys, holds);
    for (const c of seg) holds[c] = 0;
    let L = 0;
    for (const b of bucketOf.values()) L += b.length;
    lookalikes[o] = L;
    const other = otherHolders[o]!;
    const capacity = rules.data.offers.capacity[o]!;
    const S = seg.length;
    const needFull = Math.max(0, minRecipients(S, ctx.privacy.tau) - S - other);
    let keep = S;
    let need = needFull;
    if (needFull > L || S + other + needFull > capacity) {
      ctx.shortReason[o] = needFull > L ? 'not enough look-alikes' : 'capacity';
      if (ctx.onUnmet === 'drop') {
        for (keep = S; keep > 0; keep--) {
          need = Math.max(0, minRecipients(keep, ctx.privacy.tau) - keep - other);
          if (need <= L && keep + need <= capacity - other) break;
        }
        if (keep === 0) need = 0;
      } else {
        need = Math.max(0, Math.min(needFull, L, capacity - other - S));
      }
    }
    if (keep < S) dropLowest(ctx, o, seg, S - keep);
    if (need > 0) pickCover(ctx, o, seg, keys, bucketOf, need);
  }
  return lookalikes;
}

/** Look-alike pool of sensitive offer o: non-holders sharing a look-alike key with some in-segment recipient, by key. */
function coverPool(ctx: MaskContext, o: number, seg: readonly number[], keys: Int32Array, holds: Uint8Array): Map<number, number[]> {
  const { work, data, privacy } = ctx;
  const flags = data.customers.flags;
  const genericOnly = ctx.rules.options.genericOnly;
  const bucketOf = new Map<number, number[]>();
  for (const c of seg) if (!bucketOf.has(keys[c]!)) bucketOf.set(keys[c]!, []);
  for (let c = 0; c < work.customerCount; c++) {
    if (holds[c] === 1 || work.length(c) === 0) continue;
    const bucket = bucketOf.get(keys[c]!);
    if (bucket === undefined) continue;
    const f = flags[c]!;
    if ((f & CustomerFlag.profilingOptOut) !== 0 || (genericOnly !== undefined && genericOnly[c] !== 0)) continue;
    if ((f & CustomerFlag.consentSensitive) === 0 && !privacy.allowCover) continue;
    if (!isEligible(ctx.eligible, c, o) || optedOutOfOffer(data, c, o) || work.indexOf(c, o) >= 0) continue;
    bucket.push(c);
  }
  return bucketOf;
}

/** Drops the `count` lowest-value in-segment recipients of o (ties: lower customer index first). */
function dropLowest(ctx: MaskContext, o: number, seg: readonly number[], count: number): void {
  const { work } = ctx;
  const ranked = seg.map((c) => ({ c, v: work.valueAt(c, work.indexOf(c, o)) }));
  ranked.sort((a, b) => a.v - b.v || a.c - b.c);
  for (let i = 0; i < count; i++) {
    const c = ranked[i]!.c;
    removeAt(ctx, c, work.row(c), work.indexOf(c, o), 'tau', true);
  }
  ctx.dropped[o]! += count;
}

/** Gives `need` look-alikes o as cover, round-robin over segment members so cover mirrors the segment's key mix. */
function pickCover(ctx: MaskContext, o: number, seg: readonly number[], keys: Int32Array, bucketOf: Map<number, number[]>, need: number): void {
  for (const bucket of bucketOf.values()) shuffleInPlace(bucket, ctx.rnd);
  const order = seg.slice();
  shuffleInPlace(order, ctx.rnd);
  const next = new Map<number, number>();
  let picked = 0;
  for (let progress = true; picked < need && progress; ) {
    progress = false;
    for (let i = 0; i < order.length && picked < need; i++) {
      const key = keys[order[i]!]!;
      const bucket = bucketOf.get(key)!;
      let at = next.get(key) ?? 0;
      // A look-alike the rules refuse is passed over for the next one of the same key.
      while (at < bucket.length && !placeCover(ctx, bucket[at]!, o)) at++;
      if (at >= bucket.length) {
        next.set(key, at);
        continue;
      }
      next.set(key, at + 1);
      picked++;
      progress = true;
    }
  }
}

/**
 * Puts sensitive offer o on customer c's mailer as cover when the rules admit it: in a free slot,
 * else in the slot of the lowest-value non-sensitive offer outside the generic block.
 */
function placeCover(ctx: MaskContext, c: number, o: number): boolean {
  const { rules, work, sensitive } = ctx;
  const row = work.row(c);
  const p = rules.fallbackPropensity;
  const entry: PlanEntry = { offer: o, value: 0, reason: PlacementReason.cover, p };
  const r = rules.admit(c, entryRow(row), o, PlacementReason.cover, p);
  if (r === Reason.eligible) {
    row.push(entry);
  } else if (r === Reason.slots) {
    let victim = -1;
    for (let j = 0; j < row.length; j++) {
      const q = row[j]!;
      if (sensitive[q.offer] === 1 || rules.isFixed[q.offer] === 1 || (victim >= 0 && q.value >= row[victim]!.value)) continue;
      if (rules.admit(c, entryRow(row), o, PlacementReason.cover, p, j) === Reason.eligible) victim = j;
    }
    if (victim < 0) {
      refuse(ctx, 'cover', r);
      return false;
    }
    const lost = row[victim]!;
    rules.release(lost.offer, lost.p);
    ctx.changes.record(c, 'mask', 'removed', lost.offer, 'slots');
    row[victim] = entry;
  } else {
    refuse(ctx, 'cover', r);
    return false;
  }
  rules.take(o, p);
  ctx.changes.record(c, 'mask', 'added', o, 'cover');
  return true;
}

/**
 * Phase 3: every mailer with a sensitive offer gets at least `requiredDecoys` non-sensitive offers
 * from other departments (a decoy on a full mailer takes the slot of a lowest-value offer from a
 * sensitive offer's department), and each sensitive offer a seeded non-lead slot; a mailer that
 * cannot be mixed loses its sensitive offers. Returns the decoys added.
 */
function mixDecoys(ctx: MaskContext, decoyPool: readonly number[]): number {
  const { work, sensitive, rules } = ctx;
  const department = ctx.data.offers.department;
  let decoysAdded = 0;
  for (let c = 0; c < work.customerCount; c++) {
    const len = work.length(c);
    let any = false;
    for (let j = 0; j < len && !any; j++) if (sensitive[work.offerAt(c, j)] === 1) any = true;
    if (!any) continue;
    const row = work.row(c);
    const sens = row.filter((e) => sensitive[e.offer] === 1);
    const related = (o: number): boolean => sens.some((e) => department[e.offer] === department[o]);
    // Planned on a copy, committed only when the mailer can be mixed, so a failure costs nothing.
    const trial = row.slice();
    let unrelated = 0;
    for (const e of trial) if (sensitive[e.offer] === 0 && !related(e.offer)) unrelated++;
    const added: PlanEntry[] = [];
    const lost: PlanEntry[] = [];
    const p = rules.fallbackPropensity;
    for (let q = 0; q < decoyPool.length && unrelated < ctx.requiredDecoys; q++) {
      const o = decoyPool[q]!;
      if (related(o) || !isEligible(ctx.eligible, c, o)) continue;
      const decoy: PlanEntry = { offer: o, value: 0, reason: PlacementReason.decoy, p };
      const r = rules.admit(c, entryRow(trial), o, PlacementReason.decoy, p);
      if (r === Reason.eligible) trial.push(decoy);
      else if (r !== Reason.slots) continue;
      else {
        let victim = -1;
        for (let j = 0; j < trial.length; j++) {
          const e = trial[j]!;
          if (sensitive[e.offer] === 1 || rules.isFixed[e.offer] === 1 || e.reason === PlacementReason.decoy || !related(e.offer)) continue;
          if (victim >= 0 && e.value >= trial[victim]!.value) continue;
          if (rules.admit(c, entryRow(trial), o, PlacementReason.decoy, p, j) === Reason.eligible) victim = j;
        }
        if (victim < 0) continue;
        lost.push(trial[victim]!);
        trial[victim] = decoy;
      }
      added.push(decoy);
      unrelated++;
    }
    if (unrelated < ctx.requiredDecoys) {
      for (const e of sens) {
        account(ctx, c, e, 'decoyShortfall');
        if (ctx.shortReason[e.offer] === undefined) ctx.shortReason[e.offer] = 'decoys';
      }
      work.setRow(c, row.filter((e) => sensitive[e.offer] === 0));
      continue;
    }
    for (const e of lost) {
      rules.release(e.offer, e.p);
      ctx.changes.record(c, 'mask', 'removed', e.offer, 'slots');
    }
    for (const e of added) {
      rules.take(e.offer, e.p);
      ctx.changes.record(c, 'mask', 'added', e.offer, 'decoy');
    }
    decoysAdded += added.length;
    const out = trial.filter((e) => sensitive[e.offer] === 0);
    // Each sensitive entry goes to a seeded slot in 1..len: never the lead.
    for (const e of sens) out.splice(1 + Math.floor(ctx.rnd() * out.length), 0, e);
    work.setRow(c, out);
  }
  return decoysAdded;
}

/** Phase 4: decoy shortfalls may have removed cover, so drop the lowest-value in-segment recipients until the bound holds again. */
function restoreBound(ctx: MaskContext): void {
  const { work, sensitive } = ctx;
  const tau = ctx.privacy.tau;
  const counts = countSensitive(work, sensitive, sensitive.length);
  for (let o = 0; o < sensitive.length; o++) {
    if (sensitive[o] === 0 || boundMet(counts.inSegment[o]!, counts.recipients[o]!, tau)) continue;
    const ranked: { c: number; v: number }[] = [];
    for (let c = 0; c < work.customerCount; c++) {
      const j = work.indexOf(c, o);
      if (j >= 0 && isTargeted(work.reasonAt(c, j))) ranked.push({ c, v: work.valueAt(c, j) });
    }
    ranked.sort((a, b) => a.v - b.v || a.c - b.c);
    for (let i = 0; i < ranked.length && !boundMet(counts.inSegment[o]!, counts.recipients[o]!, tau); i++) {
      const c = ranked[i]!.c;
      // The replacement takes the same non-lead slot, so the lead stays non-sensitive.
      removeAt(ctx, c, work.row(c), work.indexOf(c, o), 'tau', true);
      counts.inSegment[o]--;
      counts.recipients[o]--;
      ctx.dropped[o]++;
    }
  }
}

/** Per sensitive offer on the final plan: recipients, cover, the achieved bound and why cover fell short. */
function sensitiveReport(ctx: MaskContext, final: MailerPlan, popularity: Int32Array, lookalikes: Int32Array, tau: number): SensitiveOfferReport[] {
  const { sensitive, dropped, shortReason } = ctx;
  const fc = countSensitive(new WorkingPlan(final), sensitive, sensitive.length);
  const report: SensitiveOfferReport[] = [];
  for (let o = 0; o < sensitive.length; o++) {
    if (sensitive[o] === 0 || (popularity[o] === 0 && fc.recipients[o] === 0)) continue;
    const r = fc.recipients[o]!;
    const s = fc.inSegment[o]!;
    const met = boundMet(s, r, tau);
    const entry: SensitiveOfferReport = {
      offer: o,
      offerId: ctx.data.offers.ids.id(o),
      inSegment: s,
      cover: fc.cover[o]!,
      recipients: r,
      achievedBound: r === 0 ? 0 : s / r,
      met,
      droppedInSegment: dropped[o]!,
      lookalikes: lookalikes[o]!,
    };
    if (shortReason[o] !== undefined && (!met || dropped[o]! > 0)) entry.reason = shortReason[o];
    report.push(entry);
  }
  return report;
}

function countSensitive(work: WorkingPlan, sensitive: Uint8Array, offerCount: number) {
  const inSegment = new Int32Array(offerCount);
  const cover = new Int32Array(offerCount);
  const recipients = new Int32Array(offerCount);
  for (let c = 0; c < work.customerCount; c++) {
    const len = work.length(c);
    for (let j = 0; j < len; j++) {
      const o = work.offerAt(c, j);
      if (sensitive[o] === 0) continue;
      recipients[o]++;
      const r = work.reasonAt(c, j);
      if (isTargeted(r)) inSegment[o]++;
      else if (r === PlacementReason.cover) cover[o]++;
    }
  }
  return { inSegment, cover, recipients };
}
