import { z } from 'zod';
import { CHANNELS } from './customer.js';
import { dayField, enumFieldOr, flag, idField, optionalText } from './fields.js';
import type { RecordInput } from './recordInput.js';

/**
 * A past contact: an offer (or a whole campaign mailing) sent to a customer on a date, and whether
 * it was redeemed. Contact policies and the propensity model read these.
 */
export const ContactEventSchema = z
  .object({
    customer: idField,
    offer: optionalText,
    campaign: optionalText,
    date: dayField,
    channel: enumFieldOr(CHANNELS, 'mail'),
    redeemed: flag(false),
  })
  .refine((e) => e.offer !== undefined || e.campaign !== undefined, {
    message: 'a contact names an offer, a campaign or both',
    path: ['offer'],
  });

/** A validated contact event; `date` is a day number. */
export type ContactEvent = z.output<typeof ContactEventSchema>;
/** A contact event as given to the readers, before validation. */
export type ContactEventInput = RecordInput<ContactEvent, 'date'>;
