import type { Dataset } from '../ingest/ingest.js';
import { PrivacySchema, type CampaignConfig } from '../schema/campaignConfig.js';
import type { Profiles } from '../profile/profiles.js';
import { campaignDay } from '../select/campaignDay.js';
import type { MailerPlan } from '../select/mailerPlan.js';
import { MailerRules, type MailerRulesOptions } from '../select/mailerRules.js';
import { PlanChanges } from '../select/planChanges.js';
import { collectVariants } from './kAnonymity/collectVariants.js';
import type { KAnonymityState } from './kAnonymity/kAnonymityState.js';
import { mergeSmallestFirst, type MergeTally } from './kAnonymity/mergeSmallestFirst.js';
import { restoreTau, type TauRepair } from './kAnonymity/restoreTau.js';
import { boundMet } from './maskSensitive.js';
import { sensitiveOfferMask } from './sensitiveOffers.js';
import type { EligibilityBits } from '../select/eligibilityBits.js';
import { WorkingPlan } from './workingPlan.js';

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
  const st = kAnonymityState(plan, options);
  const merge = mergeSmallestFirst(st, k);
  const repair = restoreTau(st);
  return kAnonymityReport(st, merge, repair);
}

/** Phase 1: the working plan, the re-check settings and rules, and the variants with their per-offer counts. */
function kAnonymityState(plan: MailerPlan, options: KAnonymityOptions): KAnonymityState {
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
  const rules =
    data !== undefined && options.profiles !== undefined && options.config !== undefined
      ? MailerRules.forPlan(plan, data, options.profiles, options.config, campaignDay(data, options.config, options.day), { ...options, sensitive })
      : undefined;
  const changes = options.changes ?? new PlanChanges();
  const set = collectVariants(work, offerCount, sensitive, rules, data, requiredDecoys);
  return {
    ...set,
    work,
    sensitive,
    changed: new Uint8Array(n),
    rules,
    changes,
    capacity: data?.offers.capacity,
    data,
    privacy,
    requiredDecoys,
    eligible: options.eligible,
    lookalike: options.lookalike,
    stride: plan.stride,
  };
}

/** Phase 4: the k-anonymous plan and the tallies of both phases. */
function kAnonymityReport(st: KAnonymityState, merge: MergeTally, repair: TauRepair): KAnonymityResult {
  const { sensitive, inSeg, recip, variants, changed } = st;
  const valueLost = merge.valueLost + repair.valueLost;
  const boundBroken: number[] = [];
  for (let o = 0; o < sensitive.length; o++) if (sensitive[o] === 1 && !boundMet(inSeg[o]!, recip[o]!, st.privacy.tau)) boundBroken.push(o);
  let alive = 0;
  for (const v of variants) if (v.alive && v.members.length > 0) alive++;
  let customersMoved = 0;
  for (let c = 0; c < changed.length; c++) customersMoved += changed[c]!;
  return {
    plan: st.work.toPlan(),
    merged: merge.merged,
    valueLost,
    customersMoved,
    coverAdded: repair.coverAdded,
    withdrawn: repair.withdrawn,
    toGeneric: merge.toGeneric,
    suppressed: merge.suppressed,
    variants: alive,
    boundBroken,
    changes: st.changes,
  };
}
