/**
 * Offer id of a Complete Journey coupon within a campaign (a coupon_upc may recur across campaigns). O(1).
 * @example completeJourneyOfferId('8', '10000089073') // 'cj-8-10000089073'
 */
export function completeJourneyOfferId(campaign: string, couponUpc: string): string {
  return `cj-${campaign}-${couponUpc}`;
}
