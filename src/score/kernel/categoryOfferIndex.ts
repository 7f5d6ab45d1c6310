import type { Csr } from '../../ingest/csr.js';

/** An inverted index category -> kernel positions (see the fields of the same names on `KernelModel`). */
export interface CategoryOfferIndex {
  readonly categoryOfferPtr: Int32Array;
  readonly categoryOfferPos: Int32Array;
  readonly categoryOfferInvSize: Float64Array;
}

/**
 * The inverted index category -> kernel positions of the offers targeting it, each with `1/|T(o)|`
 * (the share of the offer factor a bought category takes back out of the cross-sell term). Within a
 * category, offers come in offer-index order.
 *
 * @example const index = categoryOfferIndex(model.offerCategories, model.offerCount, model.categoryCount, layout.offerPosition);
 * Cost: O(categories + offer targets).
 */
export function categoryOfferIndex(oc: Csr, O: number, T: number, offerPosition: Int32Array): CategoryOfferIndex {
  const categoryOfferPtr = new Int32Array(T + 1);
  for (let q = 0; q < oc.index.length; q++) categoryOfferPtr[oc.index[q]! + 1]++;
  for (let t = 0; t < T; t++) categoryOfferPtr[t + 1] += categoryOfferPtr[t]!;
  const fill = categoryOfferPtr.slice(0, T);
  const categoryOfferPos = new Int32Array(oc.index.length);
  const categoryOfferInvSize = new Float64Array(oc.index.length);
  for (let o = 0; o < O; o++) {
    const size = oc.rowPtr[o + 1]! - oc.rowPtr[o]!;
    for (let q = oc.rowPtr[o]!; q < oc.rowPtr[o + 1]!; q++) {
      const slot = fill[oc.index[q]!]!++;
      categoryOfferPos[slot] = offerPosition[o]!;
      categoryOfferInvSize[slot] = 1 / size;
    }
  }
  return { categoryOfferPtr, categoryOfferPos, categoryOfferInvSize };
}
