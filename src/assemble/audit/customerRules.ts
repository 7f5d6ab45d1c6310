import type { AuditContext, AuditedCustomer } from './auditContext.js';
import type { OfferFacts } from './offerFacts.js';
import type { PrintedMailer } from './printedMailer.js';

const genericPlacement = (placement: string): boolean => placement === 'fallback' || placement === 'generic';

/**
 * The rules on who may get a mailer and what kind: `holdout` (a holdout customer is mailed),
 * `control` (a control customer holds a placement other than fallback/generic), `channelConsent`
 * (no consent to the mailer's channel), `maxMailings` (already `maxMailings` mailings in the contact
 * window) and `profilingOptOut` (an opted-out customer holds a placement other than
 * fallback/generic, or an offer whose kind is not generic). `facts[j]` are the facts of entry j's
 * offer (`undefined` when unknown). Internal.
 *
 * Cost: O(entries + contacts of the customer).
 */
export function checkCustomerRules(ctx: AuditContext, customer: AuditedCustomer, mailer: PrintedMailer, facts: readonly (OfferFacts | undefined)[]): void {
  const { log, config } = ctx;
  const id = customer.id;
  if (customer.cell === 'holdout') log.add('holdout', `customer is in the holdout cell but has a mailer of ${mailer.entries.length} offer(s)`, id);
  if (!customer.consents(ctx.mailerChannel)) log.add('channelConsent', `customer has not consented to the mailer channel "${ctx.mailerChannel}"`, id);
  const policy = config.contactPolicy;
  const mailings = customer.contacts().mailings;
  if (mailings >= policy.maxMailings) {
    log.add('maxMailings', `customer already had ${mailings} mailing(s) in the ${policy.windowDays} days before day ${ctx.day}; maxMailings is ${policy.maxMailings}`, id);
  }
  const optOut = customer.record.profilingOptOut;
  mailer.entries.forEach((e, j) => {
    if (customer.cell === 'control' && !genericPlacement(e.placement)) {
      log.add('control', `control-cell customer holds a ${e.placement} placement at position ${j + 1}; control mailers hold fallback and generic offers only`, id, e.offer);
    }
    if (!optOut) return;
    const f = facts[j];
    if (!genericPlacement(e.placement)) log.add('profilingOptOut', `customer opted out of profiling but holds a ${e.placement} placement at position ${j + 1}`, id, e.offer);
    else if (f !== undefined && !f.genericKind) log.add('profilingOptOut', `customer opted out of profiling but holds a ${f.record.kind} offer at position ${j + 1}; only generic-kind offers may go to them`, id, e.offer);
  });
}
