import type { AuditContext, AuditedCustomer } from './auditContext.js';
import type { OfferFacts } from './offerFacts.js';
import type { PrintedEntry, PrintedMailer } from './printedMailer.js';

const targetedKind = (e: PrintedEntry): boolean => e.placement === 'targeted' || e.placement === 'discovery';

/** One offer of a mailer at its first position, with its facts. */
export interface MailerOffer {
  readonly entry: PrintedEntry;
  readonly position: number;
  readonly facts: OfferFacts;
}

/**
 * `duplicate` and `slots` on the raw entries, then the distinct known offers of the mailer (first
 * occurrence of each) for the other layout rules. Internal.
 */
export function distinctOffers(ctx: AuditContext, mailer: PrintedMailer, facts: readonly (OfferFacts | undefined)[]): MailerOffer[] {
  const { log, config } = ctx;
  const firstAt = new Map<string, number>();
  const out: MailerOffer[] = [];
  let slotted = 0;
  mailer.entries.forEach((e, j) => {
    const f = facts[j];
    if (f === undefined || !f.fixed) slotted++;
    const first = firstAt.get(e.offer);
    if (first !== undefined) {
      log.add('duplicate', `offer printed at positions ${first + 1} and ${j + 1}`, mailer.customer, e.offer);
      return;
    }
    firstAt.set(e.offer, j);
    if (f !== undefined) out.push({ entry: e, position: j + 1, facts: f });
  });
  if (slotted > config.slots) log.add('slots', `${slotted} offers outside genericOffers on the mailer; slots is ${config.slots}`, mailer.customer);
  return out;
}

/** `diversity` and `department` over the targeted (non-generic-kind) offers of a mailer. */
function checkMix(ctx: AuditContext, customer: string, offers: readonly MailerOffer[]): void {
  const { log, config } = ctx;
  const byKey = new Map<string, string>();
  const perDepartment = new Map<string, string[]>();
  for (const { facts: f } of offers) {
    if (f.genericKind) continue;
    const key = f.diversityKey;
    if (key !== undefined) {
      const other = byKey.get(key);
      if (other !== undefined) log.add('diversity', `offer shares diversity key ${key} (diversityKey ${config.diversityKey}) with offer ${other} on the mailer`, customer, f.record.id);
      else byKey.set(key, f.record.id);
    }
    if (f.department !== undefined) {
      const list = perDepartment.get(f.department) ?? [];
      list.push(f.record.id);
      perDepartment.set(f.department, list);
    }
  }
  for (const [department, ids] of perDepartment) {
    if (ids.length > config.maxPerDepartment) {
      log.add('department', `${ids.length} offers of department "${department}" (${ids.join(', ')}); maxPerDepartment is ${config.maxPerDepartment}`, customer);
    }
  }
}

/** `sensitiveConsent`, `sensitiveFirst` and `sensitiveAlone` on one mailer. */
function checkSensitive(ctx: AuditContext, customer: AuditedCustomer, offers: readonly MailerOffer[]): void {
  const { log } = ctx;
  const privacy = ctx.config.privacy;
  const sensitive = offers.filter((m) => m.facts.sensitive);
  if (sensitive.length === 0) return;
  const consent = customer.record.consentSensitive;
  for (const { entry, facts, position } of sensitive) {
    if (position === 1) log.add('sensitiveFirst', 'sensitive offer printed in position 1', customer.id, facts.record.id);
    if (consent) continue;
    if (targetedKind(entry)) log.add('sensitiveConsent', `sensitive offer placed as ${entry.placement} for a customer without sensitive consent`, customer.id, facts.record.id);
    else if (entry.placement === 'cover' && !privacy.allowCover) log.add('sensitiveConsent', 'sensitive offer placed as cover for a customer without sensitive consent, and privacy.allowCover is false', customer.id, facts.record.id);
  }
  const departments = new Set(sensitive.map((m) => m.facts.department));
  let unrelated = 0;
  for (const m of offers) if (!m.facts.sensitive && (m.facts.department === undefined || !departments.has(m.facts.department))) unrelated++;
  const needed = Math.max(1, privacy.decoys);
  if (unrelated < needed) {
    log.add('sensitiveAlone', `${unrelated} non-sensitive offer(s) from other departments beside ${sensitive.length} sensitive offer(s); privacy.decoys asks for ${needed}`, customer.id, sensitive[0]!.facts.record.id);
  }
}

/**
 * The layout rules of one mailer of a known customer, on its distinct known offers: `diversity`,
 * `department`, `sensitiveConsent`, `sensitiveFirst`, `sensitiveAlone`. Internal.
 *
 * Cost: O(entries).
 */
export function checkLayoutRules(ctx: AuditContext, customer: AuditedCustomer, offers: readonly MailerOffer[]): void {
  checkMix(ctx, customer.id, offers);
  checkSensitive(ctx, customer, offers);
}
