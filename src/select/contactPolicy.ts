import type { Dataset } from '../ingest/ingest.js';
import type { CampaignConfig } from '../schema/campaignConfig.js';
import { Reason, type ReasonCode } from './reason.js';

/**
 * Mailings customer `c` received in the `windowDays` days before `day` (`day - windowDays <= d < day`).
 * A mailing is a distinct campaign, or for contacts without a campaign a distinct day.
 * O(contacts of c squared in the window), which is tiny per customer.
 *
 * @example mailingsInWindow(data, c, day, 90) // 2
 */
export function mailingsInWindow(data: Dataset, c: number, day: number, windowDays: number): number {
  const t = data.contacts;
  const lo = t.rowPtr[c]!;
  const hi = t.rowPtr[c + 1]!;
  const from = day - windowDays;
  let count = 0;
  let lastDay = Number.NaN;
  for (let k = lo; k < hi; k++) {
    const d = t.day[k]!;
    if (d < from || d >= day) continue;
    const camp = t.campaign[k]!;
    if (camp < 0) {
      // campaign-less contacts: one mailing per distinct day (rows are sorted by day)
      let seen = d === lastDay;
      if (!seen) for (let q = lo; q < k; q++) if (t.campaign[q]! < 0 && t.day[q] === d) seen = true;
      if (!seen) count++;
      lastDay = d;
    } else {
      let seen = false;
      for (let q = lo; q < k; q++) {
        if (t.campaign[q] === camp && t.day[q]! >= from && t.day[q]! < day) {
          seen = true;
          break;
        }
      }
      if (!seen) count++;
    }
  }
  return count;
}

/**
 * Whether customer `c` may receive a mailing on `day` at all: `Reason.maxMailings` when they already
 * had `maxMailings` mailings within `windowDays` (this one would exceed the limit), else `Reason.eligible`.
 *
 * @example customerContactReason(data, config.contactPolicy, c, day) === Reason.eligible
 */
export function customerContactReason(data: Dataset, policy: CampaignConfig['contactPolicy'], c: number, day: number): ReasonCode {
  return mailingsInWindow(data, c, day, policy.windowDays) >= policy.maxMailings ? Reason.maxMailings : Reason.eligible;
}

/**
 * The contact-policy rule offer `o` breaks for customer `c` on `day`: `redeemedCooldown` when the
 * customer redeemed it less than `redeemedCooldownDays` ago, `repeatCooldown` when it was sent less
 * than `repeatCooldownDays` ago, else `Reason.eligible`. Only contacts before `day` count.
 * O(contacts of c).
 *
 * @example offerContactReason(data, config.contactPolicy, c, o, day) // Reason.repeatCooldown
 */
export function offerContactReason(data: Dataset, policy: CampaignConfig['contactPolicy'], c: number, o: number, day: number): ReasonCode {
  const t = data.contacts;
  let repeat = false;
  for (let k = t.rowPtr[c]!; k < t.rowPtr[c + 1]!; k++) {
    if (t.offer[k] !== o) continue;
    const age = day - t.day[k]!;
    if (age <= 0) continue;
    if (t.redeemed[k] !== 0 && age < policy.redeemedCooldownDays) return Reason.redeemedCooldown;
    if (age < policy.repeatCooldownDays) repeat = true;
  }
  return repeat ? Reason.repeatCooldown : Reason.eligible;
}
