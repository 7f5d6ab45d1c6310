import type { Catalog } from '../ingest/catalog.js';
import type { OfferTable } from '../ingest/offerTable.js';
import { median } from '../lib/median.js';
import type { Profiles } from '../profile/profiles.js';

/**
 * Price each offer's reward is measured against: the mean price of its target products; else of its
 * target brands' products; else the mean over its target categories of their median product price;
 * for generic offers `minSpend` when set, else the mean basket value of the profiles.
 * @example referencePrices(data.offers, data.catalog, profiles)[o]
 * Cost: O(products log products + offers · targets).
 */
export function referencePrices(offers: OfferTable, catalog: Catalog, profiles: Profiles): Float64Array {
  const T = catalog.categories.size;
  const P = catalog.productPrice.length;
  const byCategory = Array.from({ length: T }, () => [] as number[]);
  const brandSum = new Float64Array(catalog.brands.size);
  const brandCount = new Float64Array(catalog.brands.size);
  let priceSum = 0;
  for (let p = 0; p < P; p++) {
    byCategory[catalog.productCategory[p]!]!.push(catalog.productPrice[p]!);
    priceSum += catalog.productPrice[p]!;
    const b = catalog.productBrand[p]!;
    if (b >= 0) {
      brandSum[b] += catalog.productPrice[p]!;
      brandCount[b]++;
    }
  }
  const meanPrice = P > 0 ? priceSum / P : 0;
  const categoryMedian = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const m = median(Float64Array.from(byCategory[t]!));
    categoryMedian[t] = Number.isFinite(m) ? m : meanPrice;
  }
  let spendSum = 0;
  let visitSum = 0;
  for (let c = 0; c < profiles.customerCount; c++) {
    spendSum += Math.max(0, profiles.totalSpend[c]!);
    visitSum += profiles.visits[c]!;
  }
  const meanBasket = visitSum > 0 && spendSum > 0 ? spendSum / visitSum : meanPrice;
  const O = offers.ids.size;
  const out = new Float64Array(O);
  for (let o = 0; o < O; o++) {
    const { products, brands, categories } = offers;
    let sum = 0;
    let n = 0;
    for (let q = products.rowPtr[o]!; q < products.rowPtr[o + 1]!; q++, n++) sum += catalog.productPrice[products.index[q]!]!;
    if (n === 0) {
      for (let q = brands.rowPtr[o]!; q < brands.rowPtr[o + 1]!; q++) {
        const b = brands.index[q]!;
        if (brandCount[b]! > 0) {
          sum += brandSum[b]! / brandCount[b]!;
          n++;
        }
      }
    }
    if (n === 0) for (let q = categories.rowPtr[o]!; q < categories.rowPtr[o + 1]!; q++, n++) sum += categoryMedian[categories.index[q]!]!;
    if (n > 0) out[o] = sum / n;
    else out[o] = Number.isFinite(offers.minSpend[o]!) && offers.minSpend[o]! > 0 ? offers.minSpend[o]! : meanBasket;
  }
  return out;
}
