import type { AuditResult } from './auditPlan.js';

/**
 * The one-line summary of an audit, the same in every command that audits (`audit`, `run`, `demo`):
 * `audit            <N> mailers, <M> offer lines: <V> violation(s)`, followed by
 * `; not checked: <rules>` when some rules could not be checked.
 * @example auditSummaryLine(result); // 'audit            1200 mailers, 7100 offer lines: 0 violation(s)'
 * Cost: O(rules).
 */
export function auditSummaryLine(result: Pick<AuditResult, 'checked' | 'counts' | 'notChecked'>): string {
  let violations = 0;
  for (const n of Object.values(result.counts)) violations += n;
  const notChecked = result.notChecked.length === 0 ? '' : `; not checked: ${result.notChecked.join(', ')}`;
  return `audit            ${result.checked.mailers} mailers, ${result.checked.entries} offer lines: ${violations} violation(s)${notChecked}`;
}
