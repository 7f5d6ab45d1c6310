import { dayToIsoDate, toDay } from '../../schema/days.js';
import type { ContactEventInput } from '../../schema/contactEvent.js';
import { InvalidRecordError } from '../../schema/invalidRecordError.js';
import type { CompleteJourneyCampaignType } from './completeJourney.js';
import type { CsvRow } from './readCsvGz.js';

/** A campaign while the files are read: its recipients and offers fill in as their files are mapped. */
export interface CampaignEntry {
  readonly type: CompleteJourneyCampaignType;
  readonly start: string;
  readonly end: string;
  readonly recipients: string[];
  readonly offers: string[];
}

/** campaign_id -> campaign, in campaign_descriptions order. */
export type CampaignBook = Map<string, CampaignEntry>;

/**
 * The campaigns of campaign_descriptions.csv, with ISO dates and no recipients or offers yet.
 *
 * Cost: O(rows).
 * @throws InvalidRecordError (naming `source` and the row) for a type other than A, B or C or a bad date.
 * @example readDescriptions(rows, 'campaign_descriptions.csv.gz').get('8')?.type // 'A'
 */
export function readDescriptions(descRows: readonly CsvRow[], source: string): CampaignBook {
  const book: CampaignBook = new Map();
  descRows.forEach((r, i) => {
    const m = /^(?:Type )?([ABC])$/.exec(r.campaign_type.trim());
    const start = toDay(r.start_date);
    const end = toDay(r.end_date);
    if (m === null || Number.isNaN(start) || Number.isNaN(end)) {
      const field = m === null ? 'campaign_type' : 'start_date';
      throw new InvalidRecordError([{ source, row: i + 1, field, reason: 'expected Type A, B or C and ISO start/end dates', value: r[field] }]);
    }
    book.set(r.campaign_id, { type: m[1] as CompleteJourneyCampaignType, start: dayToIsoDate(start), end: dayToIsoDate(end), recipients: [], offers: [] });
  });
  return book;
}

/**
 * The campaign a row of another file names.
 *
 * Cost: O(1).
 * @throws InvalidRecordError (naming `source` and `row`) when campaign_descriptions does not list it.
 * @example campaignOf(book, r.campaign_id, 'coupons.csv.gz', 12).start
 */
export function campaignOf(book: CampaignBook, id: string, source: string, row: number): CampaignEntry {
  const c = book.get(id);
  if (c === undefined) {
    throw new InvalidRecordError([{ source, row, field: 'campaign_id', reason: 'unknown campaign; not in campaign_descriptions', value: id }]);
  }
  return c;
}

/**
 * Adds campaigns.csv's recipients to their campaigns and returns one contact per (household,
 * campaign), dated at the campaign start, in file order.
 *
 * Cost: O(rows).
 * @throws InvalidRecordError for a row naming an unknown campaign.
 * @example const contacts = addRecipients(book, rows, 'campaigns.csv.gz');
 */
export function addRecipients(book: CampaignBook, recipientRows: readonly CsvRow[], source: string): ContactEventInput[] {
  const contacts: ContactEventInput[] = [];
  recipientRows.forEach((r, i) => {
    const c = campaignOf(book, r.campaign_id, source, i + 1);
    c.recipients.push(r.household_id);
    contacts.push({ customer: r.household_id, campaign: r.campaign_id, date: c.start });
  });
  return contacts;
}
