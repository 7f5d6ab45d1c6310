import type { CompleteJourney } from '../adapter/completeJourney.js';
import { toDay } from '../../schema/days.js';

/** What was known about past coupon redemptions on a given day, per household and per coupon. */
export interface RedemptionHistory {
  /** The day it describes: only campaigns that ended strictly before it count. */
  readonly asOfDay: number;
  /** Campaigns that count: ended before `asOfDay` and have at least one recorded redemption. */
  readonly campaigns: readonly string[];
  /** Per household id: campaigns of `campaigns` it received. */
  readonly contacts: ReadonlyMap<string, number>;
  /** Per household id: redemptions it made in `campaigns`. */
  readonly redemptions: ReadonlyMap<string, number>;
  /** Per household id: distinct `campaigns` in which it redeemed at least once. */
  readonly redeemingCampaigns: ReadonlyMap<string, number>;
  /** Per coupon_upc: redemptions of that coupon (any household) in `campaigns`. */
  readonly couponRedemptions: ReadonlyMap<string, number>;
  /** Per `household|coupon_upc`: redemptions of that coupon by that household in `campaigns`. */
  readonly householdCoupon: ReadonlyMap<string, number>;
  /** Pooled redemptions per contact over `campaigns` (0 when none). */
  readonly redemptionsPerContact: number;
}

/** The coupon_upc of a Complete Journey offer id `cj-<campaign>-<upc>`. O(1). */
export function couponUpcOf(offerId: string): string {
  const dash = offerId.indexOf('-', 3);
  return dash < 0 ? offerId : offerId.slice(dash + 1);
}

/**
 * Coupon-proneness without look-ahead: counts, per household and per coupon, the contacts and
 * redemptions of the campaigns that ENDED strictly before `asOfDay` (a campaign still running on
 * that day has outcomes nobody knew yet). Campaigns without any recorded redemption are left out:
 * in the shipped copy those are the withheld campaigns 13 and 18, whose zero is unknown, not zero.
 *
 * Cost: O(campaign recipients + redemptions). `cj` is not mutated.
 * @example
 * const h = redemptionHistory(cj, toDay('2017-05-08'));
 * h.redemptions.get('1234') ?? 0; // that household's redemptions in campaigns ended before campaign 8
 */
export function redemptionHistory(cj: CompleteJourney, asOfDay: number): RedemptionHistory {
  const redeemed = new Set<string>();
  for (const r of cj.redemptions) redeemed.add(r.campaign);
  const counted = new Set<string>();
  for (const c of cj.campaigns) if (toDay(c.end) < asOfDay && redeemed.has(c.id)) counted.add(c.id);
  const contacts = new Map<string, number>();
  let contactTotal = 0;
  for (const c of cj.campaigns) {
    if (!counted.has(c.id)) continue;
    for (const h of c.recipients) {
      contacts.set(h, (contacts.get(h) ?? 0) + 1);
      contactTotal++;
    }
  }
  const redemptions = new Map<string, number>();
  const campaignsOf = new Map<string, Set<string>>();
  const couponRedemptions = new Map<string, number>();
  const householdCoupon = new Map<string, number>();
  let redemptionTotal = 0;
  for (const r of cj.redemptions) {
    if (!counted.has(r.campaign)) continue;
    redemptionTotal++;
    redemptions.set(r.household, (redemptions.get(r.household) ?? 0) + 1);
    let set = campaignsOf.get(r.household);
    if (set === undefined) campaignsOf.set(r.household, (set = new Set()));
    set.add(r.campaign);
    const upc = couponUpcOf(r.offer);
    couponRedemptions.set(upc, (couponRedemptions.get(upc) ?? 0) + 1);
    const key = `${r.household}|${upc}`;
    householdCoupon.set(key, (householdCoupon.get(key) ?? 0) + 1);
  }
  const redeemingCampaigns = new Map<string, number>();
  for (const [h, set] of campaignsOf) redeemingCampaigns.set(h, set.size);
  return {
    asOfDay,
    campaigns: cj.campaigns.filter((c) => counted.has(c.id)).map((c) => c.id),
    contacts,
    redemptions,
    redeemingCampaigns,
    couponRedemptions,
    householdCoupon,
    redemptionsPerContact: contactTotal > 0 ? redemptionTotal / contactTotal : 0,
  };
}
