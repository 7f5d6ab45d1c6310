/**
 * Every rule the audit checks on a printed mailing, by name. Customer rules, eligibility of each
 * printed (customer, offer), the layout of each mailer, the rules over the whole plan, then the
 * file-level checks of a mailing folder.
 */
export const AUDIT_RULES = [
  'unknownCustomer',
  'unknownOffer',
  'duplicateMailer',
  'holdout',
  'control',
  'channelConsent',
  'maxMailings',
  'profilingOptOut',
  'validity',
  'region',
  'store',
  'segment',
  'optedOutCategory',
  'minSpend',
  'maxSpend',
  'neverBought',
  'notBought',
  'lapsed',
  'repeatCooldown',
  'redeemedCooldown',
  'duplicate',
  'slots',
  'diversity',
  'department',
  'sensitiveConsent',
  'sensitiveFirst',
  'sensitiveAlone',
  'tau',
  'kAnonymity',
  'capacity',
  'budget',
  'campaignBudget',
  'propensity',
  'day',
  'manifest',
  'files',
  'inputs',
] as const;
/** An audit rule name, see {@link AUDIT_RULES}. */
export type AuditRule = (typeof AUDIT_RULES)[number];

/** One broken rule: which, for whom, on which offer, and what was found. */
export interface AuditViolation {
  readonly rule: AuditRule;
  readonly customer?: string;
  readonly offer?: string;
  readonly detail: string;
}

/**
 * A count of zero for every rule, in {@link AUDIT_RULES} order.
 * @example zeroCounts().duplicate; // 0
 * Cost: O(rules).
 */
export function zeroCounts(): Record<AuditRule, number> {
  const counts = {} as Record<AuditRule, number>;
  for (const rule of AUDIT_RULES) counts[rule] = 0;
  return counts;
}

/**
 * The console line of a violation: `violation <rule> customer <id> offer <id>: <detail>`, leaving
 * out the customer or offer part when the violation names none.
 * @example formatViolation({ rule: 'duplicate', customer: 'C1', offer: 'O2', detail: 'printed twice' });
 * // 'violation duplicate customer C1 offer O2: printed twice'
 * Cost: O(length of the text).
 */
export function formatViolation(v: AuditViolation): string {
  return `violation ${v.rule}${v.customer === undefined ? '' : ` customer ${v.customer}`}${v.offer === undefined ? '' : ` offer ${v.offer}`}: ${v.detail}`;
}
