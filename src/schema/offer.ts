import { z } from 'zod';
import { CHANNELS } from './customer.js';
import {
  dayField,
  finiteNumber,
  idField,
  listField,
  nonNegative,
  optionalCount,
  optionalNonNegative,
  optionalText,
  positiveOr,
  enumField,
  enumFieldOr,
  textField,
} from './fields.js';
import type { RecordInput } from './recordInput.js';

/**
 * What an offer is for. `generic` offers have no targets and fill mailers when too few relevant
 * offers pass the rules; the others steer which history the eligibility rules look at.
 */
export const OFFER_KINDS = ['cross-sell', 'retention', 'acquisition', 'replenishment', 'win-back', 'generic'] as const;
/** An offer kind. */
export type OfferKind = (typeof OFFER_KINDS)[number];

/** Whether the customer must have bought the offer's targets before: any history, never (acquisition), or bought (retention). */
export const TARGET_HISTORIES = ['any', 'never', 'bought'] as const;
/** A target-history rule. */
export type TargetHistory = (typeof TARGET_HISTORIES)[number];

/**
 * A coupon or offer the retailer can mail. Targets are products, categories and brands (any mix);
 * the offer applies to the union of them. Eligibility rules are fields of the record, so rules are
 * data that a merchandiser can edit in a spreadsheet:
 *
 * - `eligibleRegions`, `eligibleStores`, `eligibleSegments`: empty means everyone;
 * - `minSpend` / `maxSpend`: the customer's total spend over the history window;
 * - `minLapsedDays`: win-back, at least this many days since the customer last bought a target;
 * - `targetHistory`: `never` (acquisition), `bought` (retention) or `any`;
 * - `validFrom` / `validTo`: the campaign date must fall inside;
 * - `channel`: the customer must consent to it.
 *
 * `reward` is the face value to the customer, `cost` the retailer's cost per redemption, `margin` the
 * expected margin a redemption brings; `capacity` caps coupons printed, `budget` caps expected
 * redemption cost, `minVolume` asks for at least that many recipients. `priority` is the business
 * lever multiplied into the arbitration score; `group` names an offer group with its own lever.
 */
export const OfferSchema = z
  .object({
    id: idField,
    name: textField,
    kind: enumField(OFFER_KINDS),
    targetProducts: listField,
    targetCategories: listField,
    targetBrands: listField,
    reward: nonNegative,
    cost: nonNegative,
    margin: finiteNumber,
    capacity: optionalCount,
    budget: optionalNonNegative,
    minVolume: optionalCount,
    validFrom: dayField,
    validTo: dayField,
    priority: positiveOr(1),
    group: optionalText,
    channel: enumFieldOr(CHANNELS, 'mail'),
    eligibleRegions: listField,
    eligibleStores: listField,
    eligibleSegments: listField,
    minSpend: optionalNonNegative,
    maxSpend: optionalNonNegative,
    minLapsedDays: optionalCount,
    targetHistory: enumFieldOr(TARGET_HISTORIES, 'any'),
  })
  .superRefine((o, ctx) => {
    if (o.validTo < o.validFrom) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'validTo is before validFrom' });
    }
    if (o.kind !== 'generic' && o.targetProducts.length + o.targetCategories.length + o.targetBrands.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['targetCategories'],
        message: 'a targeted offer needs at least one target product, category or brand (or kind "generic")',
      });
    }
    if (o.minSpend !== undefined && o.maxSpend !== undefined && o.maxSpend < o.minSpend) {
      ctx.addIssue({ code: 'custom', path: ['maxSpend'], message: 'maxSpend is below minSpend' });
    }
  });

/** A validated offer; `validFrom` / `validTo` are day numbers. */
export type Offer = z.output<typeof OfferSchema>;
/** An offer as given to the readers, before validation. */
export type OfferInput = RecordInput<Offer, 'validFrom' | 'validTo'>;
