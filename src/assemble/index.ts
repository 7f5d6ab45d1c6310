export { assembleMailing, type AssembleData, type AssembleOptions } from './assembleMailing.js';
export { createLayout, slotAccepts, type MailerLayout, type MailerLayoutOptions, type MailerSlot, type SlotKind } from './layout.js';
export { LayoutViolationError, type LayoutRule, type LayoutViolation } from './layoutViolationError.js';
export { type Mailing, type MailingStats, type Variant, type VariantSizeBucket } from './mailing.js';
export { mailingStats } from './mailingStats.js';
export { variantId } from './variantId.js';
export { MANIFEST_FORMAT, type Manifest, type ManifestAudit, type ManifestFile } from './manifest.js';
export { writeMailing, MAILING_FILES, TRACE_FILE, type WriteMailingData, type WriteMailingOptions } from './writeMailing.js';
export { traceLine } from './traceLine.js';
export { verifyManifest, type ManifestCheck } from './verifyManifest.js';
export {
  auditPlan,
  auditSummaryLine,
  formatViolation,
  printedPlanOf,
  readPrintedMailing,
  AUDIT_RULES,
  MailingReadError,
  PLACEMENT_NAMES,
  type AuditInput,
  type AuditOptions,
  type AuditResult,
  type AuditRule,
  type AuditViolation,
  type PlacementName,
  type PrintablePlan,
  type PrintedEntry,
  type PrintedMailer,
  type PrintedMailing,
} from './audit/index.js';
