import type { Catalog } from '../ingest/catalog.js';
import type { OfferTable } from '../ingest/offerTable.js';
import type { CampaignConfig } from '../schema/campaignConfig.js';
import { GENERIC_KIND } from './eligibility.js';

/**
 * The diversity key of every offer (at most one offer a key on a mailer), `-1` for generic offers.
 * `category`: the offer's first target category (else the first resolved one); `subcategory`: the
 * first target product's subcategory; `brand`: the first target brand (else the first target
 * product's brand). Offers without a subcategory/brand fall back to their category, in a separate
 * key range so they never collide with real subcategories/brands. O(offers).
 *
 * @example diversityKeys(data.offers, data.catalog, 'category')[o] // category index
 */
export function diversityKeys(offers: OfferTable, catalog: Catalog, by: CampaignConfig['diversityKey']): Int32Array {
  const m = offers.ids.size;
  const out = new Int32Array(m);
  const offset = by === 'subcategory' ? catalog.subcategories.size : by === 'brand' ? catalog.brands.size : 0;
  for (let o = 0; o < m; o++) {
    if (offers.kind[o] === GENERIC_KIND) {
      out[o] = -1;
      continue;
    }
    const rec = offers.records[o]!;
    let category = rec.targetCategories.length > 0 ? catalog.categories.get(rec.targetCategories[0]!) : -1;
    if (category < 0 && offers.categories.rowPtr[o + 1]! > offers.categories.rowPtr[o]!) category = offers.categories.index[offers.categories.rowPtr[o]!]!;
    const firstProduct = rec.targetProducts.length > 0 ? catalog.products.get(rec.targetProducts[0]!) : -1;
    let key = -1;
    if (by === 'subcategory' && firstProduct >= 0) key = catalog.productSubcategory[firstProduct]!;
    if (by === 'brand') {
      key = rec.targetBrands.length > 0 ? catalog.brands.get(rec.targetBrands[0]!) : -1;
      if (key < 0 && firstProduct >= 0) key = catalog.productBrand[firstProduct]!;
    }
    out[o] = key >= 0 ? key : category >= 0 ? offset + category : -1;
  }
  return out;
}
