import { CHANNELS } from '../schema/customer.js';
import type { ContactEvent } from '../schema/contactEvent.js';
import { IdIndex } from './idIndex.js';

/**
 * Contact history sorted by (customer, day) in CSR form. `offerIds` starts with the current offer
 * table's ids in the same order (so an index below `offers.ids.size` is a current offer) and goes on
 * with past offers that are no longer in the catalogue.
 */
export interface ContactTable {
  readonly rowPtr: Int32Array;
  readonly offer: Int32Array;
  /** Campaign index into `campaigns`, `-1` when none. */
  readonly campaign: Int32Array;
  readonly day: Int32Array;
  readonly channel: Uint8Array;
  readonly redeemed: Uint8Array;
  readonly offerIds: IdIndex;
  readonly campaigns: IdIndex;
  readonly length: number;
}

/**
 * Builds a {@link ContactTable}. `customerOf[i]` is the dense customer index of `events[i]` (the
 * reader has already rejected unknown customers). O(n log n) in the worst case.
 */
export function buildContactTable(
  events: readonly ContactEvent[],
  customerOf: Int32Array,
  customerCount: number,
  currentOffers: IdIndex,
): ContactTable {
  const n = events.length;
  const offerIds = IdIndex.from(currentOffers.ids);
  const campaigns = new IdIndex();
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => customerOf[a]! - customerOf[b]! || events[a]!.date - events[b]!.date || a - b);
  const rowPtr = new Int32Array(customerCount + 1);
  const offer = new Int32Array(n);
  const campaign = new Int32Array(n);
  const day = new Int32Array(n);
  const channel = new Uint8Array(n);
  const redeemed = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const e = events[i]!;
    rowPtr[customerOf[i]! + 1]++;
    offer[k] = e.offer === undefined ? -1 : offerIds.intern(e.offer);
    campaign[k] = e.campaign === undefined ? -1 : campaigns.intern(e.campaign);
    day[k] = e.date;
    channel[k] = CHANNELS.indexOf(e.channel);
    redeemed[k] = e.redeemed ? 1 : 0;
  }
  for (let c = 0; c < customerCount; c++) rowPtr[c + 1] += rowPtr[c]!;
  return { rowPtr, offer, campaign, day, channel, redeemed, offerIds, campaigns, length: n };
}
