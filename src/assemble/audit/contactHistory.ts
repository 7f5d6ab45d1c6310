import type { Dataset } from '../../ingest/ingest.js';

/** A customer's past contacts before the campaign day, as the contact policy reads them. */
export interface ContactHistory {
  /** Distinct mailings with `day - windowDays <= date < day`: campaigns by id, campaign-less contacts by date. */
  readonly mailings: number;
  /** Offer id -> age in days (`day - date`, at least 1) of its most recent sending, and of its most recent redeemed sending. */
  readonly offers: ReadonlyMap<string, { readonly sentAge: number; readonly redeemedAge: number }>;
}

/**
 * The {@link ContactHistory} of customer index `c` on `day`, counting mailings over `windowDays`.
 * Contacts on or after the day are ignored.
 * @example contactHistoryOf(data, c, day, 90).mailings; // 2
 * Cost: O(contacts of the customer).
 */
export function contactHistoryOf(data: Pick<Dataset, 'contacts'>, c: number, day: number, windowDays: number): ContactHistory {
  const t = data.contacts;
  const mailings = new Set<string>();
  const offers = new Map<string, { sentAge: number; redeemedAge: number }>();
  for (let k = t.rowPtr[c]!; k < t.rowPtr[c + 1]!; k++) {
    const d = t.day[k]!;
    if (d >= day) continue;
    if (d >= day - windowDays) mailings.add(t.campaign[k]! >= 0 ? `campaign ${t.campaigns.id(t.campaign[k]!)}` : `day ${d}`);
    if (t.offer[k]! < 0) continue;
    const id = t.offerIds.id(t.offer[k]!);
    const age = day - d;
    const seen = offers.get(id) ?? { sentAge: Number.POSITIVE_INFINITY, redeemedAge: Number.POSITIVE_INFINITY };
    seen.sentAge = Math.min(seen.sentAge, age);
    if (t.redeemed[k] !== 0) seen.redeemedAge = Math.min(seen.redeemedAge, age);
    offers.set(id, seen);
  }
  return { mailings: mailings.size, offers };
}
