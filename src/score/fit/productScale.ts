import type { OfferTable } from '../../ingest/offerTable.js';
import type { ProductHistory } from '../../profile/productHistory.js';
import type { Profiles } from '../../profile/profiles.js';
import { productOfferIndex } from '../kernel/productOfferIndex.js';
import { RATE_FLOOR } from '../relevanceFunctions.js';

/**
 * The last phase of `fitRelevanceModel`, the product term's population side: per offer
 * `1 / max(shrinkage · r[o], RATE_FLOOR)`, `r[o]` the population's recency-weighted baskets of the
 * offer's target products per customer-month (all zero without a history). Checks first that the
 * history was built from the profiles' customers, day and half-life.
 *
 * @throws RangeError for a history of another customer count, day or half-life, or a product outside the catalog.
 * @example const offerProductScale = fitProductScale(history, offers, catalog.products.size, profiles, asOfDay, rates.exposureTotal, 4);
 * Cost: O(products + target products of the offers + history entries · offers per product).
 */
export function fitProductScale(
  history: ProductHistory | undefined,
  offers: OfferTable,
  productCount: number,
  profiles: Profiles,
  asOfDay: number,
  exposureTotal: number,
  shrinkage: number,
): Float64Array {
  const C = profiles.customerCount;
  const O = offers.ids.size;
  const P0 = productCount;
  const offerProductScale = new Float64Array(O);
  if (history === undefined) return offerProductScale;
  if (history.customerCount !== C || history.rowPtr.length !== C + 1) {
    throw new RangeError(`fitRelevanceModel: productHistory holds ${history.customerCount} customers but the profiles ${C}; build both from one transaction table`);
  }
  if (history.asOfDay !== asOfDay || history.halfLifeDays !== profiles.halfLifeDays) {
    throw new RangeError(
      `fitRelevanceModel: productHistory was built as of day ${history.asOfDay} with half-life ${history.halfLifeDays}, the model scores day ${asOfDay} with half-life ${profiles.halfLifeDays}; pass { asOfDay: profiles.asOfDay, halfLifeDays: profiles.halfLifeDays } to buildProductHistory`,
    );
  }
  // Entries are offer indices (identity order): each offer's count sums its entries in history order,
  // exactly as the kernel's position-ordered index would.
  const identity = new Int32Array(O);
  for (let o = 0; o < O; o++) identity[o] = o;
  const { ptr: productOfferPtr, entry: productOffer } = productOfferIndex(offers.products, O, P0, identity);
  // r[o] = sum over customers of S[c,o] / sum of exposure months: the population's target-product purchase rate.
  const hp = history.product;
  const hw = history.weightedCount;
  const populationCount = new Float64Array(O);
  for (let e = 0; e < hp.length; e++) {
    const pr = hp[e]!;
    if (!(pr >= 0 && pr < P0)) throw new RangeError(`fitRelevanceModel: productHistory entry ${e} has product ${pr}, outside the catalog's 0..${P0 - 1}`);
    for (let q = productOfferPtr[pr]!; q < productOfferPtr[pr + 1]!; q++) populationCount[productOffer[q]!] += hw[e]!;
  }
  for (let o = 0; o < O; o++) {
    const rate = exposureTotal > 0 ? populationCount[o]! / exposureTotal : 0;
    offerProductScale[o] = 1 / Math.max(shrinkage * rate, RATE_FLOOR);
  }
  return offerProductScale;
}
