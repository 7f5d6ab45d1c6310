import { zeroCounts, type AuditRule, type AuditViolation } from './auditRule.js';

/** Counts every violation by rule and keeps the first `max` of them. Internal to the audit. */
export class ViolationLog {
  readonly counts: Record<AuditRule, number> = zeroCounts();
  readonly kept: AuditViolation[] = [];
  total = 0;

  constructor(private readonly max: number) {}

  /** Records one violation of `rule`. */
  add(rule: AuditRule, detail: string, customer?: string, offer?: string): void {
    this.counts[rule]++;
    this.total++;
    if (this.kept.length < this.max) this.kept.push({ rule, ...(customer === undefined ? {} : { customer }), ...(offer === undefined ? {} : { offer }), detail });
  }

  /** Records a violation found elsewhere (a file-level problem). */
  addViolation(v: AuditViolation): void {
    this.add(v.rule, v.detail, v.customer, v.offer);
  }
}
