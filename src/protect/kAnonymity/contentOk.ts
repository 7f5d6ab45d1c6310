import type { Dataset } from '../../ingest/ingest.js';
import type { MailerRow, MailerRules } from '../../select/mailerRules.js';
import { Reason } from '../../select/reason.js';

/**
 * Layout rules of a content: no sensitive offer first, and enough unrelated non-sensitive offers.
 * Always true without a data set (content-only mode knows no departments).
 *
 * Cost: O(offers²).
 */
export function contentOk(offers: number[], sensitive: Uint8Array, data: Dataset | undefined, requiredDecoys: number): boolean {
  if (data === undefined) return true;
  const dept = data.offers.department;
  let anySensitive = false;
  for (const o of offers) if (sensitive[o] === 1) anySensitive = true;
  if (!anySensitive) return true;
  if (sensitive[offers[0]!] === 1) return false;
  let unrelated = 0;
  for (const o of offers) {
    if (sensitive[o] === 1) continue;
    let related = false;
    for (const s of offers) if (sensitive[s] === 1 && dept[s] === dept[o]) related = true;
    if (!related) unrelated++;
  }
  return unrelated >= requiredDecoys;
}

/**
 * Whether a content passes the mailer rules on its own: no duplicate, slots, one offer per diversity
 * key, maxPerDepartment.
 *
 * Cost: O(offers) rule checks.
 */
export function contentRulesOk(rules: MailerRules, offers: readonly number[]): boolean {
  const row: MailerRow = { length: offers.length, offerAt: (j) => offers[j]! };
  for (let j = 0; j < offers.length; j++) if (rules.contentReason(row, offers[j]!, j) !== Reason.eligible) return false;
  return true;
}
