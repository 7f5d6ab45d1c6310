import type { Dataset } from '../../ingest/ingest.js';
import { assignCells, campaignSalt, CELL_NAMES } from '../../measure/assignCells.js';
import type { CampaignConfig } from '../../schema/campaignConfig.js';
import type { Channel } from '../../schema/customer.js';
import { toDay } from '../../schema/days.js';
import { AuditedCustomer, type AuditContext } from './auditContext.js';
import type { AuditRule, AuditViolation } from './auditRule.js';
import { checkCustomerRules } from './customerRules.js';
import { checkEligibilityRules } from './eligibilityRules.js';
import { checkLayoutRules, distinctOffers } from './layoutRules.js';
import { offerFactsOf, type OfferFacts } from './offerFacts.js';
import { PlanTotals } from './planTotals.js';
import { PurchaseReader } from './purchaseHistory.js';
import type { PrintedMailer } from './printedMailer.js';
import { ViolationLog } from './violationLog.js';

/** What {@link auditPlan} checks: the printed mailers against the data and config they were made from. */
export interface AuditInput {
  /** The data set of the run (its transaction lines in memory or spilled to part files). */
  readonly data: Dataset;
  /** The campaign config of the run, parsed (`CampaignConfigSchema.parse`). */
  readonly config: CampaignConfig;
  /** One entry per mailed customer, offers in print order. */
  readonly mailers: readonly PrintedMailer[];
  /** Problems already found with the files of the mailing (see `readPrintedMailing`), counted with the rest. Default none. */
  readonly problems?: readonly AuditViolation[];
}

/** Options of {@link auditPlan}. */
export interface AuditOptions {
  /** Campaign budget on total expected redemption cost (sum of p x cost). Default: none. */
  campaignBudget?: number;
  /** Channel the mailer is sent through. Default `'mail'`. */
  mailerChannel?: Channel;
  /** The campaign day the run says it used; a `day` violation when it is not the day the audit works out. Default: not compared. */
  day?: number;
  /** p(redeem) charged for fallback and generic placements whose p is unknown. Default: none (such entries leave budgets unchecked). */
  fallbackPropensity?: number;
  /** Violations kept in the result's list (all are counted). Default `1000`. */
  maxViolations?: number;
}

/** What {@link auditPlan} found. */
export interface AuditResult {
  /** No violation of any checked rule. */
  readonly ok: boolean;
  /** The campaign day the rules were checked on. */
  readonly day: number;
  /** Customers of the data set, mailers and printed entries (offer lines) audited. */
  readonly checked: { readonly customers: number; readonly mailers: number; readonly entries: number };
  /** Violations by rule, every rule listed. */
  readonly counts: Record<AuditRule, number>;
  /** The first `maxViolations` violations. */
  readonly violations: readonly AuditViolation[];
  /** Rules the input did not allow to check (budgets without p(redeem)); they are not passing, just unknown. */
  readonly notChecked: readonly AuditRule[];
}

/** The campaign day: `config.date`, else the day after the last transaction line. */
function auditDay(data: Dataset, config: CampaignConfig): number {
  if (config.date === undefined) return data.transactions.maxDay + 1;
  const day = toDay(config.date);
  if (Number.isNaN(day)) throw new TypeError(`auditPlan: config.date "${config.date}" is not a valid ISO date (YYYY-MM-DD)`);
  return day;
}

function checkMailer(ctx: AuditContext, mailer: PrintedMailer, cells: Uint8Array, seen: Set<string>, totals: PlanTotals): void {
  const { log, offers, data } = ctx;
  const facts: (OfferFacts | undefined)[] = mailer.entries.map((e) => {
    const f = offers.get(e.offer);
    if (f === undefined) log.add('unknownOffer', 'offer id is not in the offers of the data set', mailer.customer, e.offer);
    return f;
  });
  const distinct = distinctOffers(ctx, mailer, facts);
  totals.add(mailer, facts, distinct);
  const c = data.customers.ids.get(mailer.customer);
  if (c < 0) {
    log.add('unknownCustomer', 'customer id is not in the customers of the data set', mailer.customer);
    return;
  }
  if (seen.has(mailer.customer)) log.add('duplicateMailer', 'customer has more than one mailer', mailer.customer);
  seen.add(mailer.customer);
  const customer = new AuditedCustomer(ctx, c, CELL_NAMES[cells[c]!]!);
  checkCustomerRules(ctx, customer, mailer, facts);
  for (const m of distinct) checkEligibilityRules(ctx, customer, m.facts);
  checkLayoutRules(ctx, customer, distinct);
}

/**
 * Audits a printed mailing, independently of the engine: every rule the campaign must obey is
 * worked out again, plainly, from the validated records (offers, products, customers, transaction
 * lines, contacts) and checked on each printed mailer and on the plan as a whole. Cells come from
 * `assignCells` with the campaign's salt; the day is `config.date`, else the day after the last
 * transaction. See `AUDIT_RULES` for the rules; each is counted, the first `maxViolations` kept.
 * Rules over p(redeem) (`budget`, `campaignBudget`) are listed in `notChecked` when an entry's p is unknown.
 *
 * @throws TypeError when `config.date` is not a date.
 * @throws RangeError when `maxViolations` is not a non-negative integer.
 * @example
 * const result = auditPlan({ data: run.data, config: run.config, mailers: printedPlanOf(run.plan, run.data) });
 * result.ok; // true when every printed mailer obeys every rule
 * Cost: O(entries x (offer targets + customer's opted-out categories) + lines and contacts of the mailed customers + customers for the cells).
 */
export function auditPlan(input: AuditInput, options: AuditOptions = {}): AuditResult {
  const { data, config, mailers } = input;
  const max = options.maxViolations ?? 1000;
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`auditPlan: maxViolations must be a non-negative integer, got ${max}`);
  const day = auditDay(data, config);
  const log = new ViolationLog(max);
  for (const p of input.problems ?? []) log.addViolation(p);
  if (options.day !== undefined && options.day !== day) log.add('day', `the run used day ${options.day}; the config and data give day ${day}`);
  const ctx: AuditContext = { data, config, day, mailerChannel: options.mailerChannel ?? 'mail', offers: offerFactsOf(data, config), log, purchases: new PurchaseReader(data, day) };
  const cells = assignCells(data.customers.ids.ids, { holdoutShare: config.holdoutShare, controlShare: config.controlShare, salt: campaignSalt(config) });
  const totals = new PlanTotals(ctx, { campaignBudget: options.campaignBudget, fallbackPropensity: options.fallbackPropensity });
  const seen = new Set<string>();
  let entries = 0;
  for (const mailer of mailers) {
    checkMailer(ctx, mailer, cells, seen, totals);
    entries += mailer.entries.length;
  }
  const notChecked = totals.finish();
  return {
    ok: log.total === 0,
    day,
    checked: { customers: data.customers.ids.size, mailers: mailers.length, entries },
    counts: log.counts,
    violations: log.kept,
    notChecked,
  };
}
