import type { Dataset } from '../../ingest/ingest.js';

/**
 * What the recipients bought before the start at each of the three levels of the product tree
 * (product, product type, category), indexed `[level][h * offers + o]`, and per offer how many
 * households (of all customers) bought one of its keys.
 */
export interface ProductTreeLevels {
  /** Distinct baskets with one of the offer's keys, per (recipient, offer). */
  readonly baskets: readonly Float64Array[];
  /** Last day of such a basket, or -1. */
  readonly lastDay: readonly Float64Array[];
  /** Households that bought one of the offer's keys, per offer. */
  readonly households: readonly Float64Array[];
  /** Product level: baskets with one of the offer's products, summed over every household. */
  readonly productBasketTotals: Float64Array;
}

/**
 * Accumulates the three levels of the product tree for a campaign's offers and recipients
 * (`recipientRow[c]` is customer c's row, or -1), one pass over the lines per level.
 *
 * Cost: O(levels · (lines · offers per key) + levels · recipients · offers) time and memory.
 * @example const levels = productTreeLevels(data, asOfDay, offerIdx, recipientRow, households.length);
 */
export function productTreeLevels(data: Dataset, asOfDay: number, offerIdx: Int32Array, recipientRow: Int32Array, recipients: number): ProductTreeLevels {
  const catalog = data.catalog;
  const O = offerIdx.length;
  const N = recipients * O;
  const levels = [
    { key: null, count: catalog.products.size },
    { key: catalog.productSubcategory, count: catalog.subcategories.size },
    { key: catalog.productCategory, count: catalog.categories.size },
  ];
  const levelBaskets: Float64Array[] = [];
  const levelLastDay: Float64Array[] = [];
  const levelHouseholds: Float64Array[] = [];
  let productBasketTotals: Float64Array = new Float64Array(O);
  for (const level of levels) {
    const index = invertOffers(data, offerIdx, level.key, level.count);
    const b = new Float64Array(N);
    const d = new Float64Array(N).fill(-1);
    const acc = accumulateLevel(data, asOfDay, index, level.key, O, recipientRow, b, d);
    levelHouseholds.push(acc.households);
    if (level.key === null) productBasketTotals = acc.baskets;
    levelBaskets.push(b);
    levelLastDay.push(d);
  }
  return { baskets: levelBaskets, lastDay: levelLastDay, households: levelHouseholds, productBasketTotals };
}

/** Per (household, offer) basket counts and last days at one level of the product tree, plus households per offer. */
interface LevelScratch {
  readonly baskets: Float64Array;
  readonly lastDay: Float64Array;
  readonly lastBasket: Int32Array;
  readonly households: Float64Array;
}

/** Inverted index key -> offer positions of the campaign, for one level of the product tree (product, subcategory, category). */
function invertOffers(data: Dataset, offerIdx: Int32Array, productKey: Int32Array | null, keyCount: number): { ptr: Int32Array; pos: Int32Array } {
  const lists: number[][] = Array.from({ length: keyCount }, () => []);
  const prod = data.offers.products;
  for (let o = 0; o < offerIdx.length; o++) {
    const seen = new Set<number>();
    for (let q = prod.rowPtr[offerIdx[o]!]!; q < prod.rowPtr[offerIdx[o]! + 1]!; q++) {
      const p = prod.index[q]!;
      const key = productKey === null ? p : productKey[p]!;
      if (key >= 0 && !seen.has(key)) {
        seen.add(key);
        lists[key]!.push(o);
      }
    }
  }
  const ptr = new Int32Array(keyCount + 1);
  for (let k = 0; k < keyCount; k++) ptr[k + 1] = ptr[k]! + lists[k]!.length;
  const pos = new Int32Array(ptr[keyCount]!);
  for (let k = 0; k < keyCount; k++) pos.set(lists[k]!, ptr[k]!);
  return { ptr, pos };
}

/**
 * Walks every household's lines before `asOfDay` once and accumulates, per campaign offer, the
 * distinct baskets and last day at which the household bought one of the offer's keys; `households`
 * counts, per offer, the households (of all customers) that did. `out[h]` receives the recipients' rows.
 */
function accumulateLevel(
  data: Dataset,
  asOfDay: number,
  index: { ptr: Int32Array; pos: Int32Array },
  productKey: Int32Array | null,
  offerCount: number,
  recipientRow: Int32Array,
  rowBaskets: Float64Array,
  rowLastDay: Float64Array,
): { households: Float64Array; baskets: Float64Array } {
  const tx = data.transactions;
  const scratch: LevelScratch = {
    baskets: new Float64Array(offerCount),
    lastDay: new Float64Array(offerCount).fill(-1),
    lastBasket: new Int32Array(offerCount).fill(-1),
    households: new Float64Array(offerCount),
  };
  const { baskets, lastDay, lastBasket, households } = scratch;
  const { ptr, pos } = index;
  const touched = new Int32Array(offerCount);
  const basketTotals = new Float64Array(offerCount);
  const customerCount = tx.rowPtr.length - 1;
  for (let c = 0; c < customerCount; c++) {
    let nTouched = 0;
    for (let i = tx.rowPtr[c]!; i < tx.rowPtr[c + 1]!; i++) {
      const day = tx.day[i]!;
      // Lines are sorted by day within a customer: the first one on or after the start ends the history.
      if (day >= asOfDay) break;
      const p = tx.product[i]!;
      const key = productKey === null ? p : productKey[p]!;
      if (key < 0) continue;
      const b = tx.basket[i]!;
      for (let q = ptr[key]!; q < ptr[key + 1]!; q++) {
        const o = pos[q]!;
        if (lastBasket[o] === -1) touched[nTouched++] = o;
        if (lastBasket[o] !== b) {
          lastBasket[o] = b;
          baskets[o]++;
        }
        lastDay[o] = day;
      }
    }
    const row = recipientRow[c]!;
    for (let t = 0; t < nTouched; t++) {
      const o = touched[t]!;
      households[o]++;
      basketTotals[o] += baskets[o]!;
      if (row >= 0) {
        rowBaskets[row * offerCount + o] = baskets[o]!;
        rowLastDay[row * offerCount + o] = lastDay[o]!;
      }
      // Reset only what this household touched: O(lines), not O(customers x offers).
      baskets[o] = 0;
      lastDay[o] = -1;
      lastBasket[o] = -1;
    }
  }
  return { households, baskets: basketTotals };
}
