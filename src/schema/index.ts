export { toDay, dayToIsoDate } from './days.js';
export { LIST_SEPARATOR } from './fields.js';
export type { RecordInput } from './recordInput.js';
export { ProductSchema, type Product, type ProductInput } from './product.js';
export { CustomerSchema, CHANNELS, type Channel, type Customer, type CustomerInput } from './customer.js';
export { TransactionSchema, type Transaction, type TransactionInput } from './transaction.js';
export {
  OfferSchema,
  OFFER_KINDS,
  TARGET_HISTORIES,
  type Offer,
  type OfferInput,
  type OfferKind,
  type TargetHistory,
} from './offer.js';
export { ContactEventSchema, type ContactEvent, type ContactEventInput } from './contactEvent.js';
export {
  CampaignConfigSchema,
  ContactPolicySchema,
  PrivacySchema,
  ModelSchema,
  type CampaignConfig,
  type CampaignConfigInput,
} from './campaignConfig.js';
export { InvalidRecordError, formatIssue, type RecordIssue } from './invalidRecordError.js';
export { parseRecord, fieldNames, type ParseResult } from './parseRecord.js';
