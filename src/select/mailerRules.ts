import { CustomerFlag } from '../ingest/customerTable.js';
import type { Dataset } from '../ingest/ingest.js';
import type { Profiles } from '../profile/profiles.js';
import type { CampaignConfig } from '../schema/campaignConfig.js';
import { CHANNELS, type Channel } from '../schema/customer.js';
import { customerContactReason, offerContactReason } from './contactPolicy.js';
import { checkEligibility, GENERIC_KIND, type EligibilityOptions } from './eligibility.js';
import { isEligible, type EligibilityBits } from './eligibilityBits.js';
import { PlacementReason, type MailerPlan } from './mailerPlan.js';
import { diversityKeys } from './offerKeys.js';
import { Reason, type ReasonCode } from './reason.js';

/** Options of {@link MailerRules}; every field is optional. */
export interface MailerRulesOptions extends EligibilityOptions {
  /** Channel the mailer is sent through; customers must consent to it. Default `mail`. */
  mailerChannel?: Channel;
  /** Campaign budget on total expected redemption cost. Default: none. */
  campaignBudget?: number;
  /** p(redeem) charged to budgets for placements without a score of their own (fallback, decoy, cover, merged). Default 0.05. */
  fallbackPropensity?: number;
  /** Per customer, non-zero when the mailer may hold only fallback and generic placements (the control cell). Default: nobody. */
  genericOnly?: Uint8Array;
  /**
   * Sensitive-offer mask (one byte per offer), enabling the consent rule on sensitive placements:
   * targeted or discovery ones need `consentSensitive`, cover needs it unless `allowCover`. Default: no offer is sensitive.
   */
  sensitive?: Uint8Array;
  /**
   * The campaign's eligibility bitset, from `buildEligibilityMask` on the same day and `excluded`
   * (which equals `checkEligibility` on every pair): a set bit stands for that check, which matters
   * when k-anonymity tests many (customer, offer) pairs. Default: `checkEligibility` on every pair.
   */
  eligibility?: EligibilityBits;
}

/** Read access to one mailer's offers in print order, for the content rules. */
export interface MailerRow {
  readonly length: number;
  offerAt(j: number): number;
}

/** A {@link MailerRow} over a slice of a typed array (a selection row being filled). */
export function typedRow(offers: Int32Array, start: number, length: number): MailerRow {
  return { length, offerAt: (j) => offers[start + j]! };
}

/** A {@link MailerRow} over a list of entries (a protect stage's working row). */
export function entryRow(entries: readonly { readonly offer: number }[]): MailerRow {
  return { get length() { return entries.length; }, offerAt: (j) => entries[j]!.offer };
}

/**
 * The one admission check every stage uses before it puts an offer on a mailer: selection's
 * generic fill, the protect stage's replacements, decoys and cover, and k-anonymity's merges. It
 * holds the campaign-wide usage (recipients, per-offer and campaign budget) so that a later stage
 * can never overspend what selection left; {@link MailerRules.forPlan} rebuilds that usage from a
 * plan. Rules, in the order they are checked (the first failing one is returned):
 *
 * - customer: holdout (`excluded`), consent to the mailer channel, `maxMailings`;
 * - pair: every eligibility rule of {@link checkEligibility} (validity, offer channel consent,
 *   region, store, segment, opted-out categories, spend, history), `profilingOptOut` for any
 *   placement but fallback / generic, the control cell (`genericOnly`), sensitive consent, the
 *   contact policy's cooldowns;
 * - content: duplicate, `slots` (offers outside `config.genericOffers`), one offer per diversity
 *   key, `maxPerDepartment`;
 * - limits: capacity, per-offer budget, campaign budget (on p x cost).
 *
 * @example
 * const rules = MailerRules.forPlan(plan, data, profiles, config, { excluded, day });
 * if (rules.admit(c, entryRow(row), o, PlacementReason.decoy, rules.fallbackPropensity) === Reason.eligible) rules.take(o, rules.fallbackPropensity);
 * Cost: O(1) to build plus O(offers) arrays; each check O(row + targets + contacts of the customer).
 */
export class MailerRules {
  /** Recipients per offer so far. */
  readonly recipients: Int32Array;
  /** Expected redemption cost per offer so far. */
  readonly budgetUsed: Float64Array;
  campaignUsed = 0;
  readonly campaignBudget: number;
  readonly fallbackPropensity: number;
  readonly day: number;
  /** Offers of `config.genericOffers`: printed after the targeted slots, outside `slots`. */
  readonly isFixed: Uint8Array;
  /** Diversity key per offer (`-1`: exempt). */
  readonly key: Int32Array;
  private readonly mailerBit: number;
  private readonly slots: number;
  private readonly maxPerDepartment: number;
  /** customerReason per customer, 255 until first asked (contacts do not change within a run). */
  private readonly customerCache: Uint8Array;

  constructor(
    readonly data: Dataset,
    readonly profiles: Profiles,
    readonly config: CampaignConfig,
    day: number,
    readonly options: MailerRulesOptions = {},
  ) {
    const m = data.offers.ids.size;
    this.day = day;
    this.recipients = new Int32Array(m);
    this.budgetUsed = new Float64Array(m);
    this.campaignBudget = options.campaignBudget ?? Number.POSITIVE_INFINITY;
    this.fallbackPropensity = options.fallbackPropensity ?? 0.05;
    this.mailerBit = 1 << CHANNELS.indexOf(options.mailerChannel ?? 'mail');
    this.slots = config.slots;
    this.maxPerDepartment = config.maxPerDepartment;
    this.key = diversityKeys(data.offers, data.catalog, config.diversityKey);
    this.customerCache = new Uint8Array(data.customers.ids.size).fill(255);
    this.isFixed = new Uint8Array(m);
    for (const id of config.genericOffers) {
      const o = data.offers.ids.get(id);
      if (o >= 0) this.isFixed[o] = 1;
    }
  }

  /**
   * Rules with the usage of `plan` already charged (each entry's `propensity` x offer cost), for a
   * stage that rewrites a plan. O(customers x stride).
   */
  static forPlan(plan: MailerPlan, data: Dataset, profiles: Profiles, config: CampaignConfig, day: number, options: MailerRulesOptions = {}): MailerRules {
    const rules = new MailerRules(data, profiles, config, day, options);
    const m = data.offers.ids.size;
    for (let c = 0; c < plan.customerCount; c++) {
      const base = c * plan.stride;
      for (let j = 0; j < plan.count[c]!; j++) {
        const o = plan.offer[base + j]!;
        if (o < 0 || o >= m) throw new RangeError(`MailerRules.forPlan: plan holds offer ${o} for customer ${c}, outside 0..${m - 1}`);
        rules.take(o, plan.propensity[base + j]!);
      }
    }
    return rules;
  }

  /** Whether customer `c` may get a mailer at all: holdout, mailer-channel consent, `maxMailings`. */
  customerReason(c: number): ReasonCode {
    const cached = this.customerCache[c]!;
    if (cached !== 255) return cached as ReasonCode;
    let r: ReasonCode = Reason.eligible;
    if (this.options.excluded !== undefined && this.options.excluded[c] !== 0) r = Reason.holdout;
    else if ((this.data.customers.flags[c]! & this.mailerBit) === 0) r = Reason.channelConsent;
    else r = customerContactReason(this.data, this.config.contactPolicy, c, this.day);
    this.customerCache[c] = r;
    return r;
  }

  /** Whether offer `o` may reach customer `c` as a `placement` (a {@link PlacementReason}). */
  pairReason(c: number, o: number, placement: number): ReasonCode {
    const flags = this.data.customers.flags[c]!;
    const untargeted = placement === PlacementReason.fallback || placement === PlacementReason.generic;
    if (!untargeted && (flags & CustomerFlag.profilingOptOut) !== 0) return Reason.profilingOptOut;
    if (!untargeted && this.options.genericOnly !== undefined && this.options.genericOnly[c] !== 0) return Reason.control;
    if (this.options.eligibility === undefined || !isEligible(this.options.eligibility, c, o)) {
      const r = checkEligibility(this.data, this.profiles, c, o, this.day, this.options);
      if (r !== Reason.eligible) return r;
    }
    const sensitive = this.options.sensitive;
    if (sensitive !== undefined && sensitive[o] === 1 && (flags & CustomerFlag.consentSensitive) === 0) {
      if (placement !== PlacementReason.cover || !this.config.privacy.allowCover) return Reason.sensitiveConsent;
    }
    return offerContactReason(this.data, this.config.contactPolicy, c, o, this.day);
  }

  /**
   * Whether `row` may take offer `o`: appended, or in place of position `replaceAt` (`-1`: append).
   * Checks duplicate, slots, diversity key and department against the other entries.
   */
  contentReason(row: MailerRow, o: number, replaceAt = -1): ReasonCode {
    const key = this.key;
    const dept = this.data.offers.department;
    const fixed = this.isFixed;
    const generic = this.data.offers.kind[o] === GENERIC_KIND;
    let inSlots = fixed[o] === 0 ? 1 : 0;
    let inDept = 0;
    for (let j = 0; j < row.length; j++) {
      if (j === replaceAt) continue;
      const q = row.offerAt(j);
      if (q === o) return Reason.duplicate;
      if (fixed[q] === 0) inSlots++;
      if (generic || this.data.offers.kind[q] === GENERIC_KIND) continue;
      if (key[o]! >= 0 && key[q] === key[o]) return Reason.diversity;
      if (dept[o]! >= 0 && dept[q] === dept[o]) inDept++;
    }
    if (inSlots > this.slots) return Reason.slots;
    if (!generic && dept[o]! >= 0 && inDept >= this.maxPerDepartment) return Reason.department;
    return Reason.eligible;
  }

  /** Whether `count` more recipients of offer `o`, each charged `p` x cost, stay within capacity and budgets. */
  limitReason(o: number, p: number, count = 1): ReasonCode {
    const offers = this.data.offers;
    const charge = count * p * offers.cost[o]!;
    if (this.recipients[o]! + count > offers.capacity[o]!) return Reason.capacity;
    if (this.budgetUsed[o]! + charge > offers.budget[o]!) return Reason.budget;
    if (this.campaignUsed + charge > this.campaignBudget) return Reason.campaignBudget;
    return Reason.eligible;
  }

  /** Every rule for putting offer `o` on customer `c`'s `row` as `placement`, charged `p`; the first failing reason, else `Reason.eligible`. */
  admit(c: number, row: MailerRow, o: number, placement: number, p: number, replaceAt = -1): ReasonCode {
    const r = this.customerReason(c);
    if (r !== Reason.eligible) return r;
    const pr = this.pairReason(c, o, placement);
    if (pr !== Reason.eligible) return pr;
    const cr = this.contentReason(row, o, replaceAt);
    if (cr !== Reason.eligible) return cr;
    return this.limitReason(o, p);
  }

  /** Charges `count` recipients of offer `o` at `p` each. */
  take(o: number, p: number, count = 1): void {
    const charge = count * p * this.data.offers.cost[o]!;
    this.recipients[o]! += count;
    this.budgetUsed[o]! += charge;
    this.campaignUsed += charge;
  }

  /** Gives back what {@link take} charged. */
  release(o: number, p: number, count = 1): void {
    const charge = count * p * this.data.offers.cost[o]!;
    this.recipients[o]! -= count;
    this.budgetUsed[o]! -= charge;
    this.campaignUsed -= charge;
  }
}
