import type { DataSources } from '../../ingest/ingest.js';
import type { ContactEventInput } from '../../schema/contactEvent.js';
import type { CustomerInput } from '../../schema/customer.js';
import type { OfferInput } from '../../schema/offer.js';
import type { ProductInput } from '../../schema/product.js';
import type { TransactionInput } from '../../schema/transaction.js';

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
