import type { Dataset } from '../ingest/ingest.js';
import { CustomerFlag } from '../ingest/customerTable.js';
import type { Profiles } from '../profile/profiles.js';
import type { Candidates } from '../score/candidates.js';
import type { CampaignConfig } from '../schema/campaignConfig.js';
import { PlacementReason, type MailerPlan } from '../select/mailerPlan.js';
import { lookalikeKeys } from './lookalikeKeys.js';
import { createRandom } from '../synth/random.js';
import { shuffleInPlace } from './shuffleInPlace.js';
import { optedOutOfOffer, sensitiveOfferMask } from './sensitiveOffers.js';
import { isEligible, WorkingPlan, type EligibilityBits, type PlanEntry } from './workingPlan.js';

/** Options of {@link maskSensitive}. */
export interface MaskOptions {
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

const isTargeted = (r: number): boolean => r === PlacementReason.targeted || r === PlacementReason.discovery;

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
  const privacy = config.privacy;
  const tau = privacy.tau;
  const requiredDecoys = Math.max(1, privacy.decoys);
  const onUnmet = options.onUnmet ?? 'drop';
  const rng = createRandom(options.seed ?? config.seed);
  const rnd = (): number => rng.next();
  const eligible = options.eligible;
  const cand = options.candidates;
  const offerCount = data.offers.ids.size;
  const sensitive = sensitiveOfferMask(data, privacy.sensitiveTags);
  const department = data.offers.department;
  const capacity = data.offers.capacity;
  const flags = data.customers.flags;
  const work = new WorkingPlan(plan);

  // Usage per offer (capacity) and popularity (decoy order) from the input plan.
  const usage = new Int32Array(offerCount);
  for (let c = 0; c < n; c++) {
    const len = plan.count[c]!;
    for (let j = 0; j < len; j++) {
      const o = plan.offer[c * plan.stride + j]!;
      if (o < 0 || o >= offerCount) throw new RangeError(`maskSensitive: plan holds offer ${o}, outside 0..${offerCount - 1}`);
      usage[o]++;
    }
  }
  const decoyPool: number[] = [];
  for (let o = 0; o < offerCount; o++) if (sensitive[o] === 0) decoyPool.push(o);
  const popularity = usage.slice();
  decoyPool.sort((a, b) => popularity[b]! - popularity[a]! || a - b);
  const generic: number[] = [];
  for (const id of config.genericOffers) {
    const o = data.offers.ids.get(id);
    if (o >= 0 && sensitive[o] === 0) generic.push(o);
  }

  const byCause: MaskResult['cost']['byCause'] = {
    optOut: { count: 0, value: 0 },
    consent: { count: 0, value: 0 },
    tau: { count: 0, value: 0 },
    decoyShortfall: { count: 0, value: 0 },
  };
  let replacementValue = 0;
  const account = (e: PlanEntry, cause: MaskCause): void => {
    byCause[cause].count++;
    byCause[cause].value += e.value;
    usage[e.offer]--;
  };
  const fits = (c: number, row: PlanEntry[], o: number): boolean => {
    if (usage[o]! >= capacity[o]!) return false;
    for (let j = 0; j < row.length; j++) if (row[j]!.offer === o) return false;
    return isEligible(eligible, c, o) && !optedOutOfOffer(data, c, o);
  };
  // The next non-sensitive candidate (when targeting is allowed), else a generic offer, else null.
  const replacement = (c: number, row: PlanEntry[], allowTargeted: boolean): PlanEntry | null => {
    if (allowTargeted && cand !== undefined && c < cand.customerCount) {
      const base = c * cand.k;
      for (let j = 0; j < cand.count[c]!; j++) {
        const o = cand.offer[base + j]!;
        if (o >= 0 && sensitive[o] === 0 && fits(c, row, o)) return { offer: o, value: cand.score[base + j]!, reason: PlacementReason.targeted };
      }
    }
    for (const o of generic) if (fits(c, row, o)) return { offer: o, value: 0, reason: PlacementReason.fallback };
    return null;
  };
  // Removes row[j]; returns whether a replacement took its slot.
  const removeAt = (c: number, row: PlanEntry[], j: number, cause: MaskCause, allowTargeted: boolean): boolean => {
    account(row[j]!, cause);
    row.splice(j, 1);
    const r = replacement(c, row, allowTargeted);
    if (r === null) return false;
    row.splice(j, 0, r);
    usage[r.offer]++;
    replacementValue += r.value;
    return true;
  };

  // ---- 1. opt-outs and consent ----
  for (let c = 0; c < n; c++) {
    const len = work.length(c);
    const f = flags[c]!;
    const optOut = (f & CustomerFlag.profilingOptOut) !== 0;
    const consent = (f & CustomerFlag.consentSensitive) !== 0;
    let dirty = false;
    for (let j = 0; j < len && !dirty; j++) {
      const r = work.reasonAt(c, j);
      const s = sensitive[work.offerAt(c, j)] === 1;
      if (optOut ? r !== PlacementReason.fallback && r !== PlacementReason.generic : s && !consent && (isTargeted(r) || (r === PlacementReason.cover && !privacy.allowCover))) dirty = true;
    }
    if (!dirty) continue;
    const row = work.row(c);
    for (let j = 0; j < row.length; ) {
      const e = row[j]!;
      const s = sensitive[e.offer] === 1;
      let replaced = true;
      if (optOut) {
        if (e.reason !== PlacementReason.fallback && e.reason !== PlacementReason.generic) replaced = removeAt(c, row, j, 'optOut', false);
      } else if (s && !consent && (isTargeted(e.reason) || (e.reason === PlacementReason.cover && !privacy.allowCover))) {
        replaced = removeAt(c, row, j, 'consent', true);
      }
      // Without a replacement the next entry slid into slot j: look at it again.
      if (replaced) j++;
    }
  }

  // ---- 2. cover recipients per sensitive offer ----
  const keys = lookalikeKeys(profiles, { bands: options.bands ?? 4 });
  const inSeg: number[][] = Array.from({ length: offerCount }, () => []);
  const otherHolders = new Int32Array(offerCount);
  for (let c = 0; c < n; c++) {
    const len = work.length(c);
    for (let j = 0; j < len; j++) {
      const o = work.offerAt(c, j);
      if (sensitive[o] === 0) continue;
      if (isTargeted(work.reasonAt(c, j))) inSeg[o]!.push(c);
      else otherHolders[o]++;
    }
  }
  const dropped = new Int32Array(offerCount);
  const lookalikes = new Int32Array(offerCount);
  const shortReason: (string | undefined)[] = new Array(offerCount);
  const holds = new Uint8Array(n);
  for (let o = 0; o < offerCount; o++) {
    const seg = inSeg[o]!;
    const S = seg.length;
    if (sensitive[o] === 0 || S === 0) continue;
    const other = otherHolders[o]!;
    for (const c of seg) holds[c] = 1;
    // Look-alike pool: buckets of non-holders sharing a key with some in-segment recipient.
    const bucketOf = new Map<number, number[]>();
    for (const c of seg) if (!bucketOf.has(keys[c]!)) bucketOf.set(keys[c]!, []);
    let L = 0;
    for (let c = 0; c < n; c++) {
      if (holds[c] === 1 || work.length(c) === 0) continue;
      const bucket = bucketOf.get(keys[c]!);
      if (bucket === undefined) continue;
      const f = flags[c]!;
      if ((f & CustomerFlag.profilingOptOut) !== 0) continue;
      if ((f & CustomerFlag.consentSensitive) === 0 && !privacy.allowCover) continue;
      if (!isEligible(eligible, c, o) || optedOutOfOffer(data, c, o) || work.indexOf(c, o) >= 0) continue;
      bucket.push(c);
      L++;
    }
    for (const c of seg) holds[c] = 0;
    lookalikes[o] = L;
    const room = capacity[o]! - other;
    const needFull = Math.max(0, minRecipients(S, tau) - S - other);
    let keep = S;
    let need = needFull;
    if (needFull > L || S + other + needFull > capacity[o]!) {
      shortReason[o] = needFull > L ? 'not enough look-alikes' : 'capacity';
      if (onUnmet === 'drop') {
        for (keep = S; keep > 0; keep--) {
          need = Math.max(0, minRecipients(keep, tau) - keep - other);
          if (need <= L && keep + need <= room) break;
        }
        if (keep === 0) need = 0;
      } else {
        need = Math.max(0, Math.min(needFull, L, room - S));
      }
    }
    if (keep < S) {
      // Drop the lowest-value in-segment recipients (ties: lower customer index first).
      const ranked = seg.map((c) => ({ c, v: work.valueAt(c, work.indexOf(c, o)) }));
      ranked.sort((a, b) => a.v - b.v || a.c - b.c);
      for (let i = 0; i < S - keep; i++) {
        const c = ranked[i]!.c;
        const row = work.row(c);
        removeAt(c, row, work.indexOf(c, o), 'tau', true);
      }
      dropped[o] = S - keep;
    }
    if (need > 0) {
      for (const bucket of bucketOf.values()) shuffleInPlace(bucket, rnd);
      const order = seg.slice();
      shuffleInPlace(order, rnd);
      const next = new Map<number, number>();
      let picked = 0;
      // Round-robin over segment members so cover mirrors the segment's key mix.
      for (let progress = true; picked < need && progress; ) {
        progress = false;
        for (let i = 0; i < order.length && picked < need; i++) {
          const key = keys[order[i]!]!;
          const bucket = bucketOf.get(key)!;
          const at = next.get(key) ?? 0;
          if (at >= bucket.length) continue;
          next.set(key, at + 1);
          work.row(bucket[at]!).push({ offer: o, value: 0, reason: PlacementReason.cover });
          usage[o]++;
          picked++;
          progress = true;
        }
      }
    }
  }

  // ---- 3. decoys and slot of the sensitive offer ----
  let decoysAdded = 0;
  for (let c = 0; c < n; c++) {
    const len = work.length(c);
    let any = false;
    for (let j = 0; j < len && !any; j++) if (sensitive[work.offerAt(c, j)] === 1) any = true;
    if (!any) continue;
    const row = work.row(c);
    const sens: PlanEntry[] = [];
    const rest: PlanEntry[] = [];
    for (const e of row) (sensitive[e.offer] === 1 ? sens : rest).push(e);
    const related = (o: number): boolean => {
      for (const e of sens) if (department[e.offer] === department[o]) return true;
      return false;
    };
    let unrelated = 0;
    for (const e of rest) if (!related(e.offer)) unrelated++;
    const added: PlanEntry[] = [];
    for (let p = 0; p < decoyPool.length && unrelated < requiredDecoys; p++) {
      const o = decoyPool[p]!;
      if (related(o) || !fits(c, rest, o) || !fits(c, added, o)) continue;
      added.push({ offer: o, value: 0, reason: PlacementReason.decoy });
      usage[o]++;
      unrelated++;
    }
    if (unrelated < requiredDecoys) {
      for (const e of added) usage[e.offer]--;
      for (const e of sens) {
        account(e, 'decoyShortfall');
        if (shortReason[e.offer] === undefined) shortReason[e.offer] = 'decoys';
      }
      work.setRow(c, rest);
      continue;
    }
    decoysAdded += added.length;
    const out = rest.concat(added);
    // Each sensitive entry goes to a seeded slot in 1..len: never the lead.
    for (const e of sens) out.splice(1 + Math.floor(rnd() * out.length), 0, e);
    work.setRow(c, out);
  }

  // ---- 4. recount; decoy shortfalls may have removed cover, so restore the bound ----
  const counts = countSensitive(work, sensitive, offerCount);
  if (onUnmet === 'drop') {
    for (let o = 0; o < offerCount; o++) {
      if (sensitive[o] === 0 || boundMet(counts.inSegment[o]!, counts.recipients[o]!, tau)) continue;
      const ranked: { c: number; v: number }[] = [];
      for (let c = 0; c < n; c++) {
        const j = work.indexOf(c, o);
        if (j >= 0 && isTargeted(work.reasonAt(c, j))) ranked.push({ c, v: work.valueAt(c, j) });
      }
      ranked.sort((a, b) => a.v - b.v || a.c - b.c);
      for (let i = 0; i < ranked.length && !boundMet(counts.inSegment[o]!, counts.recipients[o]!, tau); i++) {
        const c = ranked[i]!.c;
        const row = work.row(c);
        // The replacement takes the same non-lead slot, so the lead stays non-sensitive.
        removeAt(c, row, work.indexOf(c, o), 'tau', true);
        counts.inSegment[o]--;
        counts.recipients[o]--;
        dropped[o]++;
      }
    }
  }

  // ---- 5. report from the final plan ----
  const final = work.toPlan();
  const fc = countSensitive(new WorkingPlan(final), sensitive, offerCount);
  const report: SensitiveOfferReport[] = [];
  for (let o = 0; o < offerCount; o++) {
    if (sensitive[o] === 0 || (popularity[o] === 0 && fc.recipients[o] === 0)) continue;
    const r = fc.recipients[o]!;
    const s = fc.inSegment[o]!;
    const met = boundMet(s, r, tau);
    const entry: SensitiveOfferReport = {
      offer: o,
      offerId: data.offers.ids.id(o),
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
  let removedValue = 0;
  let removedCount = 0;
  for (const k of Object.keys(byCause) as MaskCause[]) {
    removedValue += byCause[k].value;
    removedCount += byCause[k].count;
  }
  return {
    plan: final,
    report,
    cost: { removedValue, removedCount, replacementValue, netValue: removedValue - replacementValue, byCause },
    decoysAdded,
  };
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
