export { PlacementReason, type PlacementReasonCode, type MailerPlan } from './mailerPlan.js';
export { Reason, REASON_NAME, REASON_TEXT, type ReasonCode } from './reason.js';
export { campaignDay } from './campaignDay.js';
export { checkEligibility, buildEligibilityMask, type EligibilityOptions, type EligibilityBitset } from './eligibility.js';
export { mailingsInWindow, customerContactReason, offerContactReason } from './contactPolicy.js';
export { redeemProbability, offerLevers, arbitrationValue, type ArbitrationOptions } from './arbitration.js';
export { diversityKeys } from './offerKeys.js';
export type { AllocationProblem } from './allocationProblem.js';
export { allocate, type AllocateOptions, type Allocation } from './allocate.js';
export {
  selectOffers,
  type SelectOptions,
  type Selection,
  type SelectionReport,
  type SelectionTrace,
  type OfferSelectionReport,
} from './selectOffers.js';
export { traceFor, type DecisionTrace, type DecisionTraceCandidate, type DecisionTraceChange, type DecisionTraceSlot, type TraceForOptions } from './decisionTrace.js';
export { MailerRules, entryRow, typedRow, type MailerRow, type MailerRulesOptions } from './mailerRules.js';
export { PlanChanges, CHANGE_CAUSES, CHANGE_STAGES, type ChangeCause, type ChangeStage, type PlanChange } from './planChanges.js';
