import type { OfferInput, OfferKind } from '../../schema/offer.js';
import { campaignOf, type CampaignBook } from './campaignBook.js';
import type { CompleteJourneyCampaignType } from './completeJourney.js';
import { completeJourneyOfferId } from './completeJourneyOfferId.js';
import { readCsvGz } from './readCsvGz.js';

/** The offers made from coupons.csv, and what was left out. */
export interface CouponOffers {
  readonly offers: OfferInput[];
  readonly couponRows: number;
  readonly couponProductsNotInCatalog: number;
  readonly couponsWithoutCatalogProducts: number;
}

/** Coupon economics and offer kinds, which the data set does not have (resolved defaults of `CompleteJourneyOptions`). */
export interface CouponTerms {
  readonly kinds: Readonly<Record<CompleteJourneyCampaignType, OfferKind>>;
  readonly economics: { readonly reward: number; readonly cost: number; readonly margin: number };
}

/**
 * Streams coupons.csv into one offer per (campaign, coupon_upc) targeting its catalog products,
 * valid over the campaign's dates, and appends each offer's id to its campaign's `offers`. A coupon
 * with no catalog product is dropped.
 *
 * Cost: one streaming pass; memory O(coupon rows kept).
 * @throws InvalidRecordError for a row naming an unknown campaign.
 * @example const { offers } = await readCoupons(join(dir, 'coupons.csv.gz'), catalogIds, book, terms);
 */
export async function readCoupons(couponsPath: string, catalogIds: ReadonlySet<string>, book: CampaignBook, terms: CouponTerms): Promise<CouponOffers> {
  // (campaign, coupon_upc) -> catalog products, in file order.
  const couponTargets = new Map<string, { campaign: string; upc: string; products: string[] }>();
  let couponRows = 0;
  let couponProductsNotInCatalog = 0;
  for await (const r of readCsvGz(couponsPath, ['coupon_upc', 'product_id', 'campaign_id'])) {
    couponRows++;
    campaignOf(book, r.campaign_id, couponsPath, couponRows);
    const id = completeJourneyOfferId(r.campaign_id, r.coupon_upc);
    let coupon = couponTargets.get(id);
    if (coupon === undefined) couponTargets.set(id, (coupon = { campaign: r.campaign_id, upc: r.coupon_upc, products: [] }));
    if (catalogIds.has(r.product_id)) coupon.products.push(r.product_id);
    else couponProductsNotInCatalog++;
  }
  const { kinds, economics } = terms;
  const offers: OfferInput[] = [];
  let couponsWithoutCatalogProducts = 0;
  for (const [id, coupon] of couponTargets) {
    if (coupon.products.length === 0) {
      couponsWithoutCatalogProducts++;
      continue;
    }
    const c = book.get(coupon.campaign)!;
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
  return { offers, couponRows, couponProductsNotInCatalog, couponsWithoutCatalogProducts };
}
