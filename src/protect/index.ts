export { maskSensitive, type MaskOptions, type MaskResult, type MaskCause, type SensitiveOfferReport } from './maskSensitive.js';
export { enforceKAnonymity, type KAnonymityOptions, type KAnonymityResult } from './enforceKAnonymity.js';
export { explain, NEUTRAL_REASON, type ExplainAudience, type ExplainContributions, type ExplainOptions, type Explanation, type ExplanationReason } from './explain.js';
export { dataView, type CustomerDataView } from './dataView.js';
export { staffBrief, type StaffBrief, type StaffBriefOptions } from './staffBrief.js';
export { sensitiveOfferMask, sensitiveCategoryMask } from './sensitiveOffers.js';
export { lookalikeKeys, type LookalikeOptions } from './lookalikeKeys.js';
export { recountSensitive } from './recountSensitive.js';
