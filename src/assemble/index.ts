export { assembleMailing, type AssembleData, type AssembleOptions } from './assembleMailing.js';
export { createLayout, slotAccepts, type MailerLayout, type MailerLayoutOptions, type MailerSlot, type SlotKind } from './layout.js';
export { LayoutViolationError, type LayoutRule, type LayoutViolation } from './layoutViolationError.js';
export { type Mailing, type MailingStats, type Variant, type VariantSizeBucket } from './mailing.js';
export { mailingStats } from './mailingStats.js';
export { variantId } from './variantId.js';
export { MANIFEST_FORMAT, type Manifest, type ManifestFile } from './manifest.js';
export { writeMailing, MAILING_FILES, type WriteMailingData, type WriteMailingOptions } from './writeMailing.js';
export { verifyManifest, type ManifestCheck } from './verifyManifest.js';
