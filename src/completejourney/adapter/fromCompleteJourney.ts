import { join } from 'node:path';
import type { OfferKind } from '../../schema/offer.js';
import { addRecipients, readDescriptions } from './campaignBook.js';
import type { CompleteJourney, CompleteJourneyCampaignType } from './completeJourney.js';
import { byNumericId } from './csvCells.js';
import { mapHouseholds } from './mapHouseholds.js';
import { mapProducts, PRODUCT_COLUMNS } from './mapProducts.js';
import { mapRedemptions } from './mapRedemptions.js';
import { readCoupons } from './readCoupons.js';
import { readCsvGzRows } from './readCsvGz.js';
import { scanTransactions, streamTransactions } from './transactionsFile.js';

/** Options of {@link fromCompleteJourney}. */
export interface CompleteJourneyOptions {
  /** Transactions file in `dir`. Default `'transactions_sample.csv.gz'`; `'transactions.csv.gz'` for the full data. */
  transactionsFile?: string;
  /**
   * Coupon economics, which the data set does not have. Defaults `{ reward: 1, cost: 1, margin: 1 }`:
   * every coupon is worth the same, so rankings are driven by relevance alone.
   */
  offerDefaults?: { reward?: number; cost?: number; margin?: number };
  /**
   * Offer kind per campaign type. Default `{ A: 'retention', B: 'cross-sell', C: 'cross-sell' }`:
   * Type A coupons are chosen from a household's own history. `targetHistory` stays `any`, so the
   * kind labels offers and filters no one.
   */
  kinds?: Partial<Record<CompleteJourneyCampaignType, OfferKind>>;
  /** Region given to every household (the data set has stores, not regions). Default `'all'`. */
  region?: string;
}

const FILES = {
  products: 'products.csv.gz',
  demographics: 'demographics.csv.gz',
  campaignDescriptions: 'campaign_descriptions.csv.gz',
  campaigns: 'campaigns.csv.gz',
  coupons: 'coupons.csv.gz',
  redemptions: 'coupon_redemptions.csv.gz',
} as const;

/**
 * Reads dunnhumby's "The Complete Journey" (the gzipped CSVs of the `completejourney` R/Python
 * packages) from `dir` and maps it to offerkit's input records, ready for `ingest()`:
 *
 * - products: department, category = product_type (the finer level; else product_category), subcategory =
 *   product_type, brand (National/Private); with neither -> `<department> (uncategorised)`, missing department ->
 *   `UNKNOWN`; price = median regular shelf price `(sales_value + retail_disc + coupon_match_disc) / quantity`
 *   over the product's transaction lines (dunnhumby's formula), 0 when it has none;
 * - customers: every household in transactions, campaigns, demographics or redemptions; store =
 *   `store-<id>` of its most frequent store_id (ties: lower id; `store-unknown` without lines);
 *   region = `options.region`; age, income, household size and kids count from demographics
 *   (`5+` -> 5, `3+` -> 3, `None/Unknown` -> absent);
 * - transactions: one per line (date from transaction_timestamp, spend = sales_value, discount =
 *   retail + coupon + coupon-match discounts), passed through unfiltered so ingest's rejects cite
 *   the file's own row numbers;
 * - offers: one per coupon (coupon_upc within a campaign), id `cj-<campaign>-<coupon_upc>`,
 *   targeting its catalog products, valid over the campaign's dates, economics from `offerDefaults`;
 * - contacts: one per (household, campaign) dated at the campaign start, plus one per redemption
 *   (offer, campaign, redeemed), dated at the redemption.
 *
 * Cost: two streaming passes over the transactions file (one here for prices and stores, one when
 * ingest reads them) and one over each other file; memory O(products + coupons + households).
 *
 * @throws Error when a file is missing; InvalidRecordError for a missing column or an unknown campaign type.
 * @example
 * const cj = await fromCompleteJourney('examples/data/completejourney');
 * const data = await ingest(cj.sources, { onInvalid: 'collect' });
 */
export async function fromCompleteJourney(dir: string, options: CompleteJourneyOptions = {}): Promise<CompleteJourney> {
  const region = options.region ?? 'all';
  const kinds: Record<CompleteJourneyCampaignType, OfferKind> = { A: 'retention', B: 'cross-sell', C: 'cross-sell', ...options.kinds };
  const economics = { reward: 1, cost: 1, margin: 1, ...options.offerDefaults };
  const path = (file: string): string => join(dir, file);
  const txPath = path(options.transactionsFile ?? 'transactions_sample.csv.gz');

  // Transactions first (products take their prices from them); after that, the first bad file in this order is the one reported.
  const scan = await scanTransactions(txPath);
  const productRows = await readCsvGzRows(path(FILES.products), PRODUCT_COLUMNS);
  const { products, catalogIds, productsPriced } = mapProducts(productRows, scan.unitPrices);
  const descRows = await readCsvGzRows(path(FILES.campaignDescriptions), ['campaign_id', 'campaign_type', 'start_date', 'end_date']);
  const book = readDescriptions(descRows, path(FILES.campaignDescriptions));
  const recipientRows = await readCsvGzRows(path(FILES.campaigns), ['campaign_id', 'household_id']);
  const recipientContacts = addRecipients(book, recipientRows, path(FILES.campaigns));
  const coupons = await readCoupons(path(FILES.coupons), catalogIds, book, { kinds, economics });
  const redemptionRows = await readCsvGzRows(path(FILES.redemptions), ['household_id', 'coupon_upc', 'campaign_id', 'redemption_date']);
  const { redemptions, contacts: redeemedContacts } = mapRedemptions(redemptionRows, book, path(FILES.redemptions));
  const demographicRows = await readCsvGzRows(path(FILES.demographics), ['household_id', 'age', 'income', 'household_size', 'kids_count']);
  const customers = mapHouseholds({ storeCounts: scan.storeCounts, recipientRows, demographicRows, redemptions }, region);

  const campaigns = [...book].sort((a, b) => byNumericId(a[0], b[0])).map(([id, c]) => ({ id, ...c }));
  return {
    sources: {
      products: { name: path(FILES.products), records: products },
      customers: { name: `${dir} (households)`, records: customers },
      transactions: streamTransactions(txPath),
      offers: { name: path(FILES.coupons), records: coupons.offers },
      contacts: { name: `${dir} (campaigns and redemptions)`, records: recipientContacts.concat(redeemedContacts) },
    },
    campaigns,
    redemptions,
    summary: {
      rows: {
        products: productRows.length,
        demographics: demographicRows.length,
        transactions: scan.rows,
        campaignDescriptions: descRows.length,
        campaignRecipients: recipientRows.length,
        couponRows: coupons.couponRows,
        redemptions: redemptionRows.length,
      },
      households: customers.length,
      householdsWithoutTransactions: customers.length - scan.storeCounts.size,
      productsPriced,
      offers: coupons.offers.length,
      couponProductsNotInCatalog: coupons.couponProductsNotInCatalog,
      couponsWithoutCatalogProducts: coupons.couponsWithoutCatalogProducts,
    },
  };
}
