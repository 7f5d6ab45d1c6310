import { PlacementReason } from '../select/mailerPlan.js';

/**
 * Whether a placement reason puts the customer in an offer's segment (targeted or discovery), the
 * numerator of the tau bound; cover, fallback and generic placements do not.
 *
 * @example
 * isTargeted(PlacementReason.discovery); // true
 *
 * Cost: O(1).
 */
export function isTargeted(reason: number): boolean {
  return reason === PlacementReason.targeted || reason === PlacementReason.discovery;
}
