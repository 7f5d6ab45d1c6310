import { CustomerFlag } from '../ingest/customerTable.js';
import type { IdIndex } from '../ingest/idIndex.js';
import type { Dataset } from '../ingest/ingest.js';
import type { Profiles } from '../profile/profiles.js';
import type { CampaignConfig } from '../schema/campaignConfig.js';
import { CHANNELS, type Channel } from '../schema/customer.js';
import type { Candidates } from '../score/candidates.js';
import { allocate, type AllocateOptions, type Allocation } from './allocate.js';
import type { AllocationProblem } from './allocationProblem.js';
import { arbitrationValue, offerLevers, redeemProbability, type ArbitrationOptions } from './arbitration.js';
import { campaignDay } from './campaignDay.js';
import { customerContactReason, offerContactReason } from './contactPolicy.js';
import { assertCustomerCount, checkEligibility, GENERIC_KIND, type EligibilityOptions } from './eligibility.js';
import { fillMailers, type FilledMailers } from './fillMailers.js';
import type { MailerPlan } from './mailerPlan.js';
import { MailerRules, type MailerRulesOptions } from './mailerRules.js';
import { diversityKeys } from './offerKeys.js';
import { Reason, REASON_NAME } from './reason.js';

/** Options of {@link selectOffers}; every field is optional. */
export interface SelectOptions extends EligibilityOptions, ArbitrationOptions, AllocateOptions, Pick<MailerRulesOptions, 'genericOnly'> {
  /** Campaign budget on total expected redemption cost (p x cost over every placed offer). Default: none. */
  campaignBudget?: number;
  /** Channel the mailer is sent through; customers without consent to it get no mailer. Default `mail`. */
  mailerChannel?: Channel;
  /** p(redeem) assumed for fallback generic offers when charging budgets. Default 0.05. */
  fallbackPropensity?: number;
}

/** One offer's line in the {@link SelectionReport}. */
export interface OfferSelectionReport {
  readonly id: string;
  /** Targeted recipients plus fallback recipients. */
  readonly recipients: number;
  readonly fallbackRecipients: number;
  readonly capacity: number;
  readonly budget: number;
  readonly budgetUsed: number;
  /** Clearing (shadow) price of capacity, in arbitration value per recipient. */
  readonly capacityPrice: number;
  /** Clearing (shadow) price of the budget, in arbitration value per unit of expected cost. */
  readonly budgetPrice: number;
  /** Constraints at their limit: `capacity` (every coupon placed), `budget` (within `tolerance` of the budget). */
  readonly binding: readonly ('capacity' | 'budget')[];
  readonly minVolume: number;
  /** minVolume - recipients when short, else 0. */
  readonly shortfall: number;
}

/** What {@link selectOffers} did, for the campaign log. */
export interface SelectionReport {
  readonly day: number;
  readonly customers: {
    readonly total: number;
    /** Mailers with at least one targeted offer. */
    readonly targeted: number;
    /** Mailers with generic offers only (profiling opt-out, or nothing relevant passed). */
    readonly genericOnly: number;
    readonly noMailer: number;
    /** Customers by status: `eligible` (targeted mailer), `profilingOptOut`, `holdout`, `channelConsent`, `maxMailings`. */
    readonly byStatus: Readonly<Record<string, number>>;
  };
  /** Candidate entries by final outcome (reason name). */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly offers: readonly OfferSelectionReport[];
  readonly campaign: { readonly budget: number; readonly used: number; readonly price: number; readonly binding: boolean };
  /** Binding constraints in words, e.g. `offer o7: capacity (price 0.42)`. */
  readonly binding: readonly string[];
  readonly iterations: number;
  readonly converged: boolean;
  /** Total arbitration value of the targeted placements. */
  readonly objective: number;
  /** Generic fill the mailer rules refused, by reason name (capacity, budget, eligibility, contact policy, ...). */
  readonly fill: Readonly<Record<string, number>>;
}

/** The compact decision record of every customer; expand one with {@link traceFor}. */
export interface SelectionTrace {
  readonly k: number;
  /** Per candidate entry (`c * k + j`): the {@link Reason} of its outcome. */
  readonly outcome: Uint8Array;
  /** Per customer: `Reason.eligible` (targeted mailer) or why not (profilingOptOut, holdout, channelConsent, maxMailings). */
  readonly customerStatus: Uint8Array;
  /** Per candidate entry: arbitration value. */
  readonly value: Float32Array;
  /** Per candidate entry: p(redeem), as charged to budgets when the entry is placed. */
  readonly propensity: Float32Array;
  readonly candidates: Candidates;
  readonly offerIds: IdIndex;
  readonly customerIds: IdIndex;
  readonly capacityPrice: Float64Array;
  readonly budgetPrice: Float64Array;
  /** Bytes per customer of the decision codes (outcome + status); the `value` column adds 4 x k. */
  readonly bytesPerCustomer: number;
}

/** The mailer plan, its decision trace and the report. */
export interface Selection {
  readonly plan: MailerPlan;
  readonly trace: SelectionTrace;
  readonly report: SelectionReport;
}

/**
 * Turns each customer's scored candidates into the offers on their mailer: eligibility and contact
 * policy per pair, arbitration value `p(redeem) x value x lever`, global capacity/budget allocation by
 * shadow prices with a greedy repair (see {@link allocate}), `config.slots` targeted offers per mailer
 * (one per diversity key, `maxPerDepartment` per department, a discovery share), generic fallback fill
 * and `config.genericOffers` printed on every mailer. Customers with `profilingOptOut` get the generic
 * mailer; holdout, customers without consent to the mailer channel and customers over `maxMailings`
 * get none. Inputs are not mutated.
 *
 * Cost: O(customers x k x (dual iterations + rules)) time; about 4 + 4 + 1 + 1 bytes per candidate
 * working memory plus the plan.
 *
 * @example
 * const { plan, report } = selectOffers(data, profiles, candidates, config, { campaignBudget: 5000 });
 * report.binding; // ['offer o3: capacity (price 0.42)', ...]
 */
export function selectOffers(data: Dataset, profiles: Profiles, candidates: Candidates, config: CampaignConfig, options: SelectOptions = {}): Selection {
  assertCustomerCount(data, profiles, options.excluded, 'selectOffers');
  const n = data.customers.ids.size;
  const m = data.offers.ids.size;
  const k = candidates.k;
  if (candidates.customerCount !== n || candidates.offer.length !== n * k || candidates.score.length !== n * k || candidates.count.length !== n) {
    throw new RangeError(`selectOffers: candidates cover ${candidates.customerCount} customers x k=${k}, expected ${n} customers; score the same data set`);
  }
  if (options.propensity !== undefined && options.propensity.length !== n * k) {
    throw new RangeError(`selectOffers: options.propensity has ${options.propensity.length} entries, expected customers x k = ${n * k}`);
  }
  const campaignBudget = options.campaignBudget ?? Number.POSITIVE_INFINITY;
  if (!(campaignBudget >= 0)) throw new RangeError(`selectOffers: campaignBudget ${campaignBudget} must be >= 0`);
  const day = campaignDay(data, config, options.day);
  const offers = data.offers;
  const slots = config.slots;
  const fixed = fixedOffers(data, config);
  const entries = candidateEntries(data, profiles, candidates, config, day, fixed, options);
  const { status, offer, value, propensity, discovery } = entries;

  const problem: AllocationProblem = {
    customerCount: n,
    k,
    offerCount: m,
    offer,
    value,
    expectedCost: entries.expectedCost,
    blocked: entries.blocked,
    discovery,
    slots: entries.slots,
    discoverySlots: Math.round(config.discoveryShare * slots),
    capacity: offers.capacity,
    budget: offers.budget,
    minVolume: offers.minVolume,
    key: diversityKeys(offers, data.catalog, config.diversityKey),
    department: offers.department,
    maxPerDepartment: config.maxPerDepartment,
    campaignBudget,
  };
  const alloc = allocate(problem, options);

  // ---- the plan: allocated picks, then generic fill through the same rules every later stage uses ----
  const rules = new MailerRules(data, profiles, config, day, { ...options, campaignBudget, fallbackPropensity: options.fallbackPropensity ?? 0.05, day });
  rules.recipients.set(alloc.recipients);
  rules.budgetUsed.set(alloc.budgetUsed);
  rules.campaignUsed = alloc.campaignUsed;
  const filled = fillMailers({ n, k, slots, fixed, status, offer, value, propensity, discovery, chosen: alloc.chosen }, rules);

  const report = selectionReport(data, status, alloc, filled, rules, { day, campaignBudget, tolerance: options.tolerance ?? 0.01 });
  const trace: SelectionTrace = {
    k,
    outcome: alloc.outcome,
    customerStatus: status,
    value,
    propensity,
    candidates,
    offerIds: offers.ids,
    customerIds: data.customers.ids,
    capacityPrice: alloc.capacityPrice,
    budgetPrice: alloc.budgetPrice,
    bytesPerCustomer: k + 1,
  };
  return { plan: filled.plan, trace, report };
}

/** The offer indices of `config.genericOffers`, each once, in config order (printed on every mailer). */
function fixedOffers(data: Dataset, config: CampaignConfig): number[] {
  const fixed: number[] = [];
  for (const id of config.genericOffers) {
    const o = data.offers.ids.get(id);
    if (o < 0) throw new RangeError(`selectOffers: config.genericOffers lists '${id}', which is not in the offer table`);
    if (!fixed.includes(o)) fixed.push(o);
  }
  return fixed;
}

/** Each customer's status and the per-entry arrays of the allocation problem, built from the candidates by {@link candidateEntries}. */
interface CandidateEntries {
  /** Per customer: `Reason.eligible` or why they get no targeted mailer. */
  readonly status: Uint8Array;
  /** Per customer: targeted slots (config.slots when eligible, else 0). */
  readonly slots: Uint8Array;
  readonly offer: Int32Array;
  readonly value: Float32Array;
  readonly expectedCost: Float32Array;
  readonly propensity: Float32Array;
  readonly blocked: Uint8Array;
  readonly discovery: Uint8Array;
}

/**
 * Per customer, the status (holdout, no consent to the mailer channel, over maxMailings, profiling
 * opt-out, or eligible); per candidate entry, p(redeem), the arbitration value, the expected cost,
 * and the first reason it may not be chosen (empty, the customer's status, a duplicate or fixed
 * offer, eligibility, contact policy) or whether it is a discovery offer.
 */
function candidateEntries(data: Dataset, profiles: Profiles, candidates: Candidates, config: CampaignConfig, day: number, fixed: readonly number[], options: SelectOptions): CandidateEntries {
  const n = data.customers.ids.size;
  const m = data.offers.ids.size;
  const k = candidates.k;
  const offers = data.offers;
  const cust = data.customers;
  const policy = config.contactPolicy;
  const slots = config.slots;
  const isFixed = new Uint8Array(m);
  for (const o of fixed) isFixed[o] = 1;
  const mailerChannel = CHANNELS.indexOf(options.mailerChannel ?? 'mail');
  const levers = offerLevers(offers, options);
  const maxP = options.maxPropensity ?? 0.3;
  const pScale = options.propensityScale ?? 1;
  const status = new Uint8Array(n);
  const slotsOf = new Uint8Array(n);
  const offer = new Int32Array(n * k);
  const value = new Float32Array(n * k);
  const expectedCost = new Float32Array(n * k);
  const propensity = new Float32Array(n * k);
  const blocked = new Uint8Array(n * k);
  const discovery = new Uint8Array(n * k);
  for (let c = 0; c < n; c++) {
    let s: number = Reason.eligible;
    if (options.excluded !== undefined && options.excluded[c] !== 0) s = Reason.holdout;
    else if ((cust.flags[c]! & (1 << mailerChannel)) === 0) s = Reason.channelConsent;
    else if (customerContactReason(data, policy, c, day) !== Reason.eligible) s = Reason.maxMailings;
    else if ((cust.flags[c]! & CustomerFlag.profilingOptOut) !== 0) s = Reason.profilingOptOut;
    status[c] = s;
    slotsOf[c] = s === Reason.eligible ? slots : 0;
    const base = c * k;
    const cnt = candidates.count[c]!;
    for (let j = 0; j < k; j++) {
      const e = base + j;
      const o = j < cnt ? candidates.offer[e]! : -1;
      offer[e] = o;
      if (o < 0) {
        blocked[e] = Reason.empty;
        continue;
      }
      if (o >= m) throw new RangeError(`selectOffers: candidate offer index ${o} (customer ${c}) is outside the offer table (0..${m - 1})`);
      const score = candidates.score[e]!;
      const pr = options.propensity !== undefined ? options.propensity[e]! : redeemProbability(score, maxP, pScale);
      value[e] = arbitrationValue(pr, score, offers.margin[o]!, offers.cost[o]!, levers[o]!, options);
      expectedCost[e] = pr * offers.cost[o]!;
      propensity[e] = pr;
      if (s !== Reason.eligible) {
        blocked[e] = s;
        continue;
      }
      let dup = isFixed[o] !== 0;
      for (let q = base; q < e && !dup; q++) if (offer[q] === o) dup = true;
      if (dup) {
        blocked[e] = Reason.duplicate;
        continue;
      }
      let r: number = checkEligibility(data, profiles, c, o, day, options);
      if (r === Reason.eligible) r = offerContactReason(data, policy, c, o, day);
      blocked[e] = r;
      if (r === Reason.eligible && offers.kind[o] !== GENERIC_KIND) discovery[e] = buysNone(data, profiles, c, o) ? 1 : 0;
    }
  }
  return { status, slots: slotsOf, offer, value, expectedCost, propensity, blocked, discovery };
}

/** The {@link SelectionReport} of an allocation and the generic fill that followed it (recipients and budgets as `rules` left them). */
function selectionReport(
  data: Dataset,
  status: Uint8Array,
  alloc: Allocation,
  filled: FilledMailers,
  rules: MailerRules,
  at: { readonly day: number; readonly campaignBudget: number; readonly tolerance: number },
): SelectionReport {
  const n = data.customers.ids.size;
  const m = data.offers.ids.size;
  const offers = data.offers;
  const tol = at.tolerance;
  const campaignBudget = at.campaignBudget;
  const planCount = filled.plan.count;
  const recipients = rules.recipients;
  const budgetUsed = rules.budgetUsed;
  const campaignUsed = rules.campaignUsed;
  const byStatus: Record<string, number> = {};
  let noMailer = 0;
  for (let c = 0; c < n; c++) {
    const name = REASON_NAME[status[c]!]!;
    byStatus[name] = (byStatus[name] ?? 0) + 1;
    if (planCount[c] === 0) noMailer++;
  }
  const outcomeCounts = new Float64Array(256);
  for (let e = 0; e < alloc.outcome.length; e++) outcomeCounts[alloc.outcome[e]!]!++;
  const outcomes: Record<string, number> = {};
  for (let r = 0; r < 256; r++) if (outcomeCounts[r]! > 0) outcomes[REASON_NAME[r]!] = outcomeCounts[r]!;
  const offerReports: OfferSelectionReport[] = [];
  const binding: string[] = [];
  for (let o = 0; o < m; o++) {
    const b: ('capacity' | 'budget')[] = [];
    if (recipients[o]! >= offers.capacity[o]!) b.push('capacity');
    if (offers.budget[o]! < Number.POSITIVE_INFINITY && budgetUsed[o]! >= offers.budget[o]! * (1 - tol)) b.push('budget');
    const id = offers.ids.id(o);
    if (b.includes('capacity')) binding.push(`offer ${id}: capacity ${offers.capacity[o]} (price ${alloc.capacityPrice[o]!.toPrecision(3)})`);
    if (b.includes('budget')) binding.push(`offer ${id}: budget ${offers.budget[o]} (price ${alloc.budgetPrice[o]!.toPrecision(3)})`);
    offerReports.push({
      id,
      recipients: recipients[o]!,
      fallbackRecipients: filled.fallbackRecipients[o]!,
      capacity: offers.capacity[o]!,
      budget: offers.budget[o]!,
      budgetUsed: budgetUsed[o]!,
      capacityPrice: alloc.capacityPrice[o]!,
      budgetPrice: alloc.budgetPrice[o]!,
      binding: b,
      minVolume: offers.minVolume[o]!,
      shortfall: Math.max(0, offers.minVolume[o]! - recipients[o]!),
    });
  }
  const campaignBinding = campaignBudget < Number.POSITIVE_INFINITY && campaignUsed >= campaignBudget * (1 - tol);
  if (campaignBinding) binding.push(`campaign budget ${campaignBudget} (price ${alloc.campaignPrice.toPrecision(3)})`);
  return {
    day: at.day,
    customers: { total: n, targeted: filled.targetedMailers, genericOnly: filled.genericOnly, noMailer, byStatus },
    outcomes,
    offers: offerReports,
    campaign: { budget: campaignBudget, used: campaignUsed, price: alloc.campaignPrice, binding: campaignBinding },
    binding,
    iterations: alloc.iterations,
    converged: alloc.converged,
    objective: alloc.objective,
    fill: filled.refused,
  };
}

/** Whether customer c's profile holds none of offer o's categories (a discovery offer for them). */
function buysNone(data: Dataset, profiles: Profiles, c: number, o: number): boolean {
  const cats = data.offers.categories;
  let i = cats.rowPtr[o]!;
  const iHi = cats.rowPtr[o + 1]!;
  let j = profiles.rowPtr[c]!;
  const jHi = profiles.rowPtr[c + 1]!;
  while (i < iHi && j < jHi) {
    const x = cats.index[i]!;
    const y = profiles.category[j]!;
    if (x === y) return false;
    if (x < y) i++;
    else j++;
  }
  return true;
}
