import type { ContactEventInput } from '../../schema/contactEvent.js';
import { campaignOf, type CampaignBook } from './campaignBook.js';
import type { CompleteJourneyRedemption } from './completeJourney.js';
import { completeJourneyOfferId } from './completeJourneyOfferId.js';
import type { CsvRow } from './readCsvGz.js';

/**
 * Maps coupon_redemptions.csv rows to redemptions and to redeemed contacts (offer, campaign,
 * redeemed), each dated at the redemption, in file order.
 *
 * Cost: O(rows).
 * @throws InvalidRecordError (naming `source` and the row) for a row naming an unknown campaign.
 * @example const { redemptions, contacts } = mapRedemptions(rows, book, 'coupon_redemptions.csv.gz');
 */
export function mapRedemptions(
  redemptionRows: readonly CsvRow[],
  book: CampaignBook,
  source: string,
): { redemptions: CompleteJourneyRedemption[]; contacts: ContactEventInput[] } {
  const contacts: ContactEventInput[] = [];
  const redemptions: CompleteJourneyRedemption[] = redemptionRows.map((r, i) => {
    campaignOf(book, r.campaign_id, source, i + 1);
    const offer = completeJourneyOfferId(r.campaign_id, r.coupon_upc);
    contacts.push({ customer: r.household_id, offer, campaign: r.campaign_id, date: r.redemption_date, redeemed: true });
    return { household: r.household_id, offer, campaign: r.campaign_id, date: r.redemption_date };
  });
  return { redemptions, contacts };
}
