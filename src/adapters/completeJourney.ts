import { join } from 'node:path';
import type { DataSources } from '../ingest/ingest.js';
import { dayToIsoDate, toDay } from '../schema/days.js';
import type { ContactEventInput } from '../schema/contactEvent.js';
import type { CustomerInput } from '../schema/customer.js';
import { InvalidRecordError } from '../schema/invalidRecordError.js';
import type { OfferInput, OfferKind } from '../schema/offer.js';
import type { ProductInput } from '../schema/product.js';
import type { TransactionInput } from '../schema/transaction.js';
import { readCsvGz, type CsvRow } from './readCsvGz.js';

/** Complete Journey campaign types: A is personalised (coupons chosen per household), B and C are not. */
export type CompleteJourneyCampaignType = 'A' | 'B' | 'C';

/** One Complete Journey campaign: who received it and which coupons (offer ids) it carried. */
export interface CompleteJourneyCampaign {
  /** The data set's campaign_id, as a string (`'8'`). */
  readonly id: string;
  readonly type: CompleteJourneyCampaignType;
  /** First and last day (ISO `YYYY-MM-DD`). */
  readonly start: string;
  readonly end: string;
  /** Household ids that received the campaign, in file order. */
  readonly recipients: readonly string[];
  /** Offer ids (`cj-<campaign>-<coupon_upc>`) of the campaign's coupons, in file order. */
  readonly offers: readonly string[];
}

/** One coupon redemption. */
export interface CompleteJourneyRedemption {
  readonly household: string;
  /** Offer id `cj-<campaign>-<coupon_upc>`. */
  readonly offer: string;
  readonly campaign: string;
  /** ISO `YYYY-MM-DD`. */
  readonly date: string;
}

/** What the adapter read and what it left out, for reports. */
export interface CompleteJourneySummary {
  /** Data rows read per file. */
  readonly rows: {
    readonly products: number;
    readonly demographics: number;
    readonly transactions: number;
    readonly campaignDescriptions: number;
    readonly campaignRecipients: number;
    readonly couponRows: number;
    readonly redemptions: number;
  };
  /** Customers made: every household in transactions, campaigns, demographics or redemptions. */
  readonly households: number;
  /** Households with no transaction line (their store is `store-unknown`). */
  readonly householdsWithoutTransactions: number;
  /** Products whose price was estimated from transaction lines (the others have price 0). */
  readonly productsPriced: number;
  /** Offers made, one per (campaign, coupon_upc) with at least one catalog product. */
  readonly offers: number;
  /** Coupon rows whose product_id is not in products (left out of the coupon's targets). */
  readonly couponProductsNotInCatalog: number;
  /** Coupons dropped because none of their products is in the catalog. */
  readonly couponsWithoutCatalogProducts: number;
}

/** {@link DataSources} with their concrete record types; each a named source so rejects cite it. */
export interface CompleteJourneySources extends DataSources {
  products: { readonly name: string; readonly records: readonly ProductInput[] };
  customers: { readonly name: string; readonly records: readonly CustomerInput[] };
  /** Re-iterable: each iteration streams the transactions file again. */
  transactions: { readonly name: string; readonly records: AsyncIterable<TransactionInput> };
  offers: { readonly name: string; readonly records: readonly OfferInput[] };
  contacts: { readonly name: string; readonly records: readonly ContactEventInput[] };
}

/** The Complete Journey mapped to offerkit records, plus the campaign structure a backtest needs. */
export interface CompleteJourney {
  /** Ready for `ingest(sources)`; transactions stream from the file each time they are iterated. */
  readonly sources: CompleteJourneySources;
  /** Every campaign, by campaign_id ascending. */
  readonly campaigns: readonly CompleteJourneyCampaign[];
  /** Every redemption in file order (campaigns 13 and 18 are withheld from the shipped copy). */
  readonly redemptions: readonly CompleteJourneyRedemption[];
  readonly summary: CompleteJourneySummary;
}

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

const TX_COLUMNS = ['household_id', 'store_id', 'basket_id', 'product_id', 'quantity', 'sales_value', 'retail_disc', 'coupon_disc', 'coupon_match_disc', 'transaction_timestamp'];

/**
 * Offer id of a Complete Journey coupon within a campaign (a coupon_upc may recur across campaigns). O(1).
 * @example completeJourneyOfferId('8', '10000089073') // 'cj-8-10000089073'
 */
export function completeJourneyOfferId(campaign: string, couponUpc: string): string {
  return `cj-${campaign}-${couponUpc}`;
}

const num = (s: string | undefined): number => (s === undefined || s.trim() === '' ? 0 : Number(s));
const text = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s.trim());

/** `'5+'` -> 5 (the band's lower bound), `'None/Unknown'` -> undefined. */
function countBand(s: string | undefined): number | undefined {
  const m = s === undefined ? null : /^(\d+)\+?$/.exec(s.trim());
  return m === null ? undefined : Number(m[1]);
}

function median(values: number[]): number {
  const v = values.slice().sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

function mapTransaction(r: CsvRow): TransactionInput {
  return {
    customer: r.household_id,
    product: r.product_id,
    date: r.transaction_timestamp,
    basket: r.basket_id,
    quantity: num(r.quantity),
    spend: num(r.sales_value),
    // Discounts are negative in dunnhumby's original release and positive in the R/Python packages: sum magnitudes.
    discount: Math.abs(num(r.retail_disc)) + Math.abs(num(r.coupon_disc)) + Math.abs(num(r.coupon_match_disc)),
  };
}

async function readAll(path: string, required: readonly string[]): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const r of readCsvGz(path, required)) rows.push(r);
  return rows;
}

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

  // Pass 1 over transactions: shelf prices per product, store visits per household.
  const unitPrices = new Map<string, number[]>();
  const storeCounts = new Map<string, Map<string, number>>();
  let txRows = 0;
  for await (const r of readCsvGz(txPath, TX_COLUMNS)) {
    txRows++;
    const q = num(r.quantity);
    if (q > 0) {
      const price = (num(r.sales_value) + Math.abs(num(r.retail_disc)) + Math.abs(num(r.coupon_match_disc))) / q;
      const list = unitPrices.get(r.product_id);
      if (list === undefined) unitPrices.set(r.product_id, [price]);
      else list.push(price);
    }
    let stores = storeCounts.get(r.household_id);
    if (stores === undefined) storeCounts.set(r.household_id, (stores = new Map()));
    stores.set(r.store_id, (stores.get(r.store_id) ?? 0) + 1);
  }

  const productRows = await readAll(path(FILES.products), ['product_id', 'department', 'brand', 'product_category', 'product_type']);
  const catalogIds = new Set<string>();
  let productsPriced = 0;
  const products: ProductInput[] = productRows.map((r) => {
    catalogIds.add(r.product_id);
    const department = text(r.department) ?? 'UNKNOWN';
    const subcategory = text(r.product_type);
    // The engine's category is the product type: chosen on the Type B/C campaigns, it raised the engine's mean
    // AUC there from 0.676 (product_category) to 0.690; households buy at that grain (bench/results/backtest.md).
    const category = subcategory ?? text(r.product_category) ?? `${department} (uncategorised)`;
    const prices = unitPrices.get(r.product_id);
    if (prices !== undefined) productsPriced++;
    return {
      id: r.product_id,
      name: [subcategory ?? category, text(r.package_size)].filter((s) => s !== undefined).join(' '),
      department,
      category,
      subcategory,
      brand: text(r.brand),
      price: prices === undefined ? 0 : Math.max(0, median(prices)),
    };
  });

  const descRows = await readAll(path(FILES.campaignDescriptions), ['campaign_id', 'campaign_type', 'start_date', 'end_date']);
  const campaignInfo = new Map<string, { type: CompleteJourneyCampaignType; start: string; end: string; recipients: string[]; offers: string[] }>();
  descRows.forEach((r, i) => {
    const m = /^(?:Type )?([ABC])$/.exec(r.campaign_type.trim());
    const start = toDay(r.start_date);
    const end = toDay(r.end_date);
    if (m === null || Number.isNaN(start) || Number.isNaN(end)) {
      const field = m === null ? 'campaign_type' : 'start_date';
      throw new InvalidRecordError([
        { source: path(FILES.campaignDescriptions), row: i + 1, field, reason: 'expected Type A, B or C and ISO start/end dates', value: r[field] },
      ]);
    }
    campaignInfo.set(r.campaign_id, { type: m[1] as CompleteJourneyCampaignType, start: dayToIsoDate(start), end: dayToIsoDate(end), recipients: [], offers: [] });
  });
  const campaignOf = (id: string, file: string, row: number) => {
    const c = campaignInfo.get(id);
    if (c === undefined) {
      throw new InvalidRecordError([{ source: path(file), row, field: 'campaign_id', reason: 'unknown campaign; not in campaign_descriptions', value: id }]);
    }
    return c;
  };

  const recipientRows = await readAll(path(FILES.campaigns), ['campaign_id', 'household_id']);
  const contacts: ContactEventInput[] = [];
  recipientRows.forEach((r, i) => {
    const c = campaignOf(r.campaign_id, FILES.campaigns, i + 1);
    c.recipients.push(r.household_id);
    contacts.push({ customer: r.household_id, campaign: r.campaign_id, date: c.start });
  });

  // Coupons: (campaign, coupon_upc) -> catalog products, in file order.
  const couponTargets = new Map<string, { campaign: string; upc: string; products: string[] }>();
  let couponRows = 0;
  let couponProductsNotInCatalog = 0;
  for await (const r of readCsvGz(path(FILES.coupons), ['coupon_upc', 'product_id', 'campaign_id'])) {
    couponRows++;
    campaignOf(r.campaign_id, FILES.coupons, couponRows);
    const id = completeJourneyOfferId(r.campaign_id, r.coupon_upc);
    let coupon = couponTargets.get(id);
    if (coupon === undefined) couponTargets.set(id, (coupon = { campaign: r.campaign_id, upc: r.coupon_upc, products: [] }));
    if (catalogIds.has(r.product_id)) coupon.products.push(r.product_id);
    else couponProductsNotInCatalog++;
  }
  const offers: OfferInput[] = [];
  let couponsWithoutCatalogProducts = 0;
  for (const [id, coupon] of couponTargets) {
    if (coupon.products.length === 0) {
      couponsWithoutCatalogProducts++;
      continue;
    }
    const c = campaignInfo.get(coupon.campaign)!;
    c.offers.push(id);
    offers.push({
      id,
      name: `Coupon ${coupon.upc} (campaign ${coupon.campaign})`,
      kind: kinds[c.type],
      targetProducts: [...new Set(coupon.products)],
      reward: economics.reward,
      cost: economics.cost,
      margin: economics.margin,
      validFrom: c.start,
      validTo: c.end,
      group: `cj-${coupon.campaign}`,
    });
  }

  const redemptionRows = await readAll(path(FILES.redemptions), ['household_id', 'coupon_upc', 'campaign_id', 'redemption_date']);
  const redemptions: CompleteJourneyRedemption[] = redemptionRows.map((r, i) => {
    campaignOf(r.campaign_id, FILES.redemptions, i + 1);
    const offer = completeJourneyOfferId(r.campaign_id, r.coupon_upc);
    contacts.push({ customer: r.household_id, offer, campaign: r.campaign_id, date: r.redemption_date, redeemed: true });
    return { household: r.household_id, offer, campaign: r.campaign_id, date: r.redemption_date };
  });

  const demographicRows = await readAll(path(FILES.demographics), ['household_id', 'age', 'income', 'household_size', 'kids_count']);
  const demographics = new Map(demographicRows.map((r) => [r.household_id, r]));
  const households = new Set<string>([...storeCounts.keys(), ...recipientRows.map((r) => r.household_id), ...demographics.keys(), ...redemptions.map((r) => r.household)]);
  const byNumber = (a: string, b: string) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
  const customers: CustomerInput[] = [...households].sort(byNumber).map((id) => {
    let store = 'unknown';
    let best = 0;
    for (const [s, n] of storeCounts.get(id) ?? []) {
      if (n > best || (n === best && byNumber(s, store) < 0)) {
        store = s;
        best = n;
      }
    }
    const d = demographics.get(id);
    return {
      id,
      region,
      store: `store-${store}`,
      ageBand: text(d?.age),
      incomeBand: text(d?.income),
      householdSize: countBand(d?.household_size),
      kidsCount: countBand(d?.kids_count),
    };
  });

  const transactions: CompleteJourneySources['transactions'] = {
    name: txPath,
    // Re-iterable: every iteration streams the file again, so ingest can run more than once without holding lines in memory.
    records: {
      [Symbol.asyncIterator]: async function* () {
        for await (const r of readCsvGz(txPath, TX_COLUMNS)) yield mapTransaction(r);
      },
    },
  };

  const campaigns = [...campaignInfo].sort((a, b) => byNumber(a[0], b[0])).map(([id, c]) => ({ id, ...c }));
  return {
    sources: {
      products: { name: path(FILES.products), records: products },
      customers: { name: `${dir} (households)`, records: customers },
      transactions,
      offers: { name: path(FILES.coupons), records: offers },
      contacts: { name: `${dir} (campaigns and redemptions)`, records: contacts },
    },
    campaigns,
    redemptions,
    summary: {
      rows: {
        products: productRows.length,
        demographics: demographicRows.length,
        transactions: txRows,
        campaignDescriptions: descRows.length,
        campaignRecipients: recipientRows.length,
        couponRows,
        redemptions: redemptionRows.length,
      },
      households: customers.length,
      householdsWithoutTransactions: customers.length - storeCounts.size,
      productsPriced,
      offers: offers.length,
      couponProductsNotInCatalog,
      couponsWithoutCatalogProducts,
    },
  };
}
