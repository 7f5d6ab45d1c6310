import type { Dataset } from '../ingest/ingest.js';

/**
 * Marks the offers a campaign must mask: an offer is sensitive when any of its resolved target
 * categories carries a sensitive tag listed in `sensitiveTags` (every tag when the list is empty).
 * Returns one byte per offer (1 = sensitive). O(offers × targets).
 *
 * @example
 * const mask = sensitiveOfferMask(data, ['baby']);
 * mask[data.offers.ids.get('nappies-2-for-1')]; // 1
 */
export function sensitiveOfferMask(data: Dataset, sensitiveTags: readonly string[] = []): Uint8Array {
  const tagOn = sensitiveTagMask(data, sensitiveTags);
  const { rowPtr, index } = data.offers.categories;
  const n = data.offers.ids.size;
  const out = new Uint8Array(n);
  for (let o = 0; o < n; o++) {
    for (let k = rowPtr[o]!; k < rowPtr[o + 1]!; k++) {
      const tag = data.catalog.categorySensitive[index[k]!]!;
      if (tag >= 0 && tagOn[tag] === 1) {
        out[o] = 1;
        break;
      }
    }
  }
  return out;
}

/**
 * One byte per catalog category: 1 when its sensitive tag is listed in `sensitiveTags` (any tag
 * when the list is empty). O(categories).
 * @example sensitiveCategoryMask(data, [])[data.catalog.categories.get('baby food')]; // 1
 */
export function sensitiveCategoryMask(data: Dataset, sensitiveTags: readonly string[] = []): Uint8Array {
  const tagOn = sensitiveTagMask(data, sensitiveTags);
  const cs = data.catalog.categorySensitive;
  const out = new Uint8Array(cs.length);
  for (let k = 0; k < cs.length; k++) if (cs[k]! >= 0 && tagOn[cs[k]!] === 1) out[k] = 1;
  return out;
}

function sensitiveTagMask(data: Dataset, sensitiveTags: readonly string[]): Uint8Array {
  const tags = data.catalog.sensitiveTags;
  const on = new Uint8Array(tags.size);
  if (sensitiveTags.length === 0) on.fill(1);
  else for (const t of sensitiveTags) if (tags.has(t)) on[tags.get(t)] = 1;
  return on;
}

/** Whether customer `c` opted out of any target category of offer `o` (both CSRs are sorted). O(a + b). */
export function optedOutOfOffer(data: Dataset, c: number, o: number): boolean {
  const oc = data.customers.optedOut;
  let i = oc.rowPtr[c]!;
  const iEnd = oc.rowPtr[c + 1]!;
  if (i === iEnd) return false;
  const cats = data.offers.categories;
  let j = cats.rowPtr[o]!;
  const jEnd = cats.rowPtr[o + 1]!;
  // Merge walk over two sorted lists: no allocation.
  while (i < iEnd && j < jEnd) {
    const a = oc.index[i]!;
    const b = cats.index[j]!;
    if (a === b) return true;
    if (a < b) i++;
    else j++;
  }
  return false;
}
