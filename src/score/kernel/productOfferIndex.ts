import type { Csr } from '../../ingest/csr.js';

/** An inverted index product -> offers: product `pr`'s entries are `entry[ptr[pr] .. ptr[pr + 1] - 1]`. */
export interface ProductOfferIndex {
  /** Length products + 1. */
  readonly ptr: Int32Array;
  /** Per entry: the rank `p` of an offer in `order` (its kernel position; its offer index when `order` is the identity), ascending within a product. */
  readonly entry: Int32Array;
}

/**
 * The inverted index product -> offers of an offer table's target products, each offer listed once
 * per product (a stamp per product, even if a hand-built table lists a product twice) and named by
 * its rank in `order` (`order[p]` is the offer at rank p, for p < offerCount), so each product's list ascends by rank.
 * The fit passes the identity order (entries are offer indices), the kernel its position order.
 *
 * @example const { ptr, entry } = productOfferIndex(offers.products, offers.ids.size, catalog.products.size, positionOffer);
 * Cost: O(products + target products of the offers in `order`).
 */
export function productOfferIndex(products: Csr, offerCount: number, productCount: number, order: Int32Array): ProductOfferIndex {
  const P0 = productCount;
  const O = offerCount;
  const op = products;
  const stamp = new Int32Array(P0).fill(-1);
  const ptr = new Int32Array(P0 + 1);
  for (let o = 0; o < O; o++) {
    for (let q = op.rowPtr[o]!; q < op.rowPtr[o + 1]!; q++) {
      const pr = op.index[q]!;
      if (stamp[pr] === o) continue;
      stamp[pr] = o;
      ptr[pr + 1]++;
    }
  }
  for (let pr = 0; pr < P0; pr++) ptr[pr + 1] += ptr[pr]!;
  const entry = new Int32Array(ptr[P0]!);
  const next = ptr.slice(0, P0);
  stamp.fill(-1);
  for (let p = 0; p < O; p++) {
    const o = order[p]!;
    for (let q = op.rowPtr[o]!; q < op.rowPtr[o + 1]!; q++) {
      const pr = op.index[q]!;
      if (stamp[pr] === o) continue;
      stamp[pr] = o;
      entry[next[pr]!++] = p;
    }
  }
  return { ptr, entry };
}
