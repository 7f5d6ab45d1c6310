export { auditPlan, type AuditInput, type AuditOptions, type AuditResult } from './auditPlan.js';
export { AUDIT_RULES, formatViolation, zeroCounts, type AuditRule, type AuditViolation } from './auditRule.js';
export { auditSummaryLine } from './auditSummaryLine.js';
export { MailingReadError } from './mailingReadError.js';
export { isPlacementName, PLACEMENT_NAMES, type PlacementName, type PrintedEntry, type PrintedMailer } from './printedMailer.js';
export { printedPlanOf, type PrintablePlan } from './printedPlanOf.js';
export { readPrintedMailing, type PrintedMailing } from './readPrintedMailing.js';
