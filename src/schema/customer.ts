import { z } from 'zod';
import { flag, idField, listField, optionalCount, optionalText, textField } from './fields.js';
import type { RecordInput } from './recordInput.js';

/** Contact channels a customer may consent to. */
export const CHANNELS = ['mail', 'email', 'sms'] as const;
/** A contact channel. */
export type Channel = (typeof CHANNELS)[number];

/**
 * A loyalty-card holder. Flat, so that the CSV columns are the field names.
 *
 * Consents default to what a UK/EU grocer typically holds: postal mail on (legitimate interest),
 * email and SMS off until opted in, sensitive targeting off until explicitly granted.
 * `profilingOptOut` means the customer refused personalisation and receives the generic mailer.
 */
export const CustomerSchema = z.object({
  id: idField,
  name: optionalText,
  region: textField,
  store: textField,
  segment: optionalText,
  ageBand: optionalText,
  incomeBand: optionalText,
  householdSize: optionalCount,
  kidsCount: optionalCount,
  consentMail: flag(true),
  consentEmail: flag(false),
  consentSms: flag(false),
  consentSensitive: flag(false),
  profilingOptOut: flag(false),
  optedOutCategories: listField,
});

/** A validated customer. */
export type Customer = z.output<typeof CustomerSchema>;
/** A customer as given to the readers, before validation. */
export type CustomerInput = RecordInput<Customer>;
