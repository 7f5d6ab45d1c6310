import type { AuditRule } from './auditRule.js';
import type { AuditContext } from './auditContext.js';
import type { MailerOffer } from './layoutRules.js';
import type { OfferFacts } from './offerFacts.js';
import type { PrintedMailer } from './printedMailer.js';

/** Options of {@link PlanTotals.finish}. */
export interface PlanTotalsLimits {
  readonly campaignBudget: number | undefined;
  readonly fallbackPropensity: number | undefined;
}

// p(redeem) is stored as float32 (about 7 digits), so sums of it match the engine's to about 1e-7 relative.
const RELATIVE = 1e-6;
const TAU_EPS = 1e-9;

interface OfferTotal {
  readonly facts: OfferFacts;
  /** Entries printed (coupons). */
  printed: number;
  /** Distinct recipients, and of them those whose placement is targeted or discovery. */
  recipients: number;
  inSegment: number;
  /** Sum of p x cost over the entries. */
  expectedCost: number;
}

/**
 * Sums over the whole printed plan, added mailer by mailer, for the rules that no single mailer
 * decides: `tau`, `kAnonymity`, `capacity`, `budget`, `campaignBudget`, and `propensity` on each
 * entry's p. Internal.
 */
export class PlanTotals {
  private readonly offers = new Map<string, OfferTotal>();
  private readonly contents = new Map<string, { customers: number; first: string; offers: readonly string[] }>();
  private campaignCost = 0;
  /** Entries whose p is unknown: the budget rules cannot be checked. */
  private missingP = 0;

  constructor(
    private readonly ctx: AuditContext,
    private readonly limits: PlanTotalsLimits,
  ) {}

  private total(f: OfferFacts): OfferTotal {
    let t = this.offers.get(f.record.id);
    if (t === undefined) {
      t = { facts: f, printed: 0, recipients: 0, inSegment: 0, expectedCost: 0 };
      this.offers.set(f.record.id, t);
    }
    return t;
  }

  /** Adds one mailer: its entries (`facts[j]` for entry j, `undefined` when unknown) and its distinct known offers. */
  add(mailer: PrintedMailer, facts: readonly (OfferFacts | undefined)[], distinct: readonly MailerOffer[]): void {
    const { log } = this.ctx;
    mailer.entries.forEach((e, j) => {
      let p = e.p;
      if (p !== undefined && !(Number.isFinite(p) && p >= 0 && p <= 1)) {
        log.add('propensity', `p(redeem) ${p} at position ${j + 1} is not a probability in [0, 1]`, mailer.customer, e.offer);
        p = undefined;
      }
      if (p === undefined && e.p === undefined && (e.placement === 'fallback' || e.placement === 'generic')) p = this.limits.fallbackPropensity;
      const f = facts[j];
      if (f === undefined) return;
      const t = this.total(f);
      t.printed++;
      if (p === undefined) this.missingP++;
      else {
        t.expectedCost += p * f.record.cost;
        this.campaignCost += p * f.record.cost;
      }
    });
    for (const m of distinct) {
      const t = this.total(m.facts);
      t.recipients++;
      if (m.entry.placement === 'targeted' || m.entry.placement === 'discovery') t.inSegment++;
    }
    if (mailer.entries.length === 0) return;
    const offers = mailer.entries.map((e) => e.offer);
    // Ids never hold a NUL character, so joining on it keeps distinct lists distinct.
    const key = offers.join('\u0000');
    const seen = this.contents.get(key);
    if (seen === undefined) this.contents.set(key, { customers: 1, first: mailer.customer, offers });
    else seen.customers++;
  }

  /** Reports the plan-wide rules; returns the rules that could not be checked. */
  finish(): AuditRule[] {
    const { log, config } = this.ctx;
    const { tau, kAnonymity } = config.privacy;
    for (const [id, t] of this.offers) {
      const o = t.facts.record;
      if (t.facts.sensitive && t.recipients > 0 && t.inSegment / t.recipients > tau + TAU_EPS) {
        log.add('tau', `${t.inSegment} of ${t.recipients} recipients got the sensitive offer by targeting (${(t.inSegment / t.recipients).toFixed(4)}); privacy.tau is ${tau}`, undefined, id);
      }
      if (o.capacity !== undefined && t.printed > o.capacity) log.add('capacity', `${t.printed} coupons printed; the offer's capacity is ${o.capacity}`, undefined, id);
      if (this.missingP === 0 && o.budget !== undefined && t.expectedCost > o.budget * (1 + RELATIVE) + 1e-12) {
        log.add('budget', `expected redemption cost ${t.expectedCost} (sum of p x cost) exceeds the offer's budget ${o.budget}`, undefined, id);
      }
    }
    for (const c of this.contents.values()) {
      if (c.customers < kAnonymity) log.add('kAnonymity', `mailer content [${c.offers.join(', ')}] is printed for ${c.customers} customer(s); privacy.kAnonymity is ${kAnonymity}`, c.first);
    }
    const budget = this.limits.campaignBudget;
    if (this.missingP === 0 && budget !== undefined && Number.isFinite(budget) && this.campaignCost > budget * (1 + RELATIVE) + 1e-12) {
      log.add('campaignBudget', `expected redemption cost of the whole mailing ${this.campaignCost} exceeds the campaign budget ${budget}`);
    }
    return this.missingP > 0 ? ['budget', 'campaignBudget'] : [];
  }
}
