import type { RelevanceModel } from '../relevanceModel.js';

/** The offer arrays of a kernel laid out by position (see the fields of the same names on `KernelModel`). */
export interface PositionLayout {
  readonly paddedOfferCount: number;
  readonly positionOffer: Int32Array;
  /** Offer index -> kernel position (the inverse of `positionOffer`; not kept by the kernel). */
  readonly offerPosition: Int32Array;
  readonly tiledFactor: Float64Array;
  readonly positionValue: Float64Array;
  readonly positionBaseAffinity: Float64Array;
  readonly positionDepth: Float64Array;
  readonly positionTargetCount: Int32Array;
}

/**
 * Lays the fitted per-offer arrays out by kernel position (`order[p]` is the offer at position p),
 * padded to a multiple of 4; the offer factors go in float64, interleaved by tiles of 4 positions so
 * the register tile loads 4 offers' j-th entries at once.
 *
 * @example const layout = positionLayout(model, offerOrder(model).order);
 * Cost: O(offers · d).
 */
export function positionLayout(model: RelevanceModel, order: readonly number[]): PositionLayout {
  const O = model.offerCount;
  const d = model.dimensions;
  const { offerFactor, offerValue, offerBaseAffinity, offerDepth } = model;
  const oc = model.offerCategories;
  const padded = Math.ceil(O / 4) * 4;
  const positionOffer = new Int32Array(padded).fill(-1);
  const offerPosition = new Int32Array(O);
  const tiledFactor = new Float64Array(padded * d);
  const positionValue = new Float64Array(padded);
  const positionBaseAffinity = new Float64Array(padded);
  const positionDepth = new Float64Array(padded);
  const positionTargetCount = new Int32Array(padded);
  for (let p = 0; p < O; p++) {
    const o = order[p]!;
    positionOffer[p] = o;
    offerPosition[o] = p;
    positionValue[p] = offerValue[o]!;
    positionBaseAffinity[p] = offerBaseAffinity[o]!;
    positionDepth[p] = offerDepth[o]!;
    positionTargetCount[p] = oc.rowPtr[o + 1]! - oc.rowPtr[o]!;
    const base = (p >> 2) * d * 4 + (p & 3);
    for (let j = 0; j < d; j++) tiledFactor[base + j * 4] = offerFactor[o * d + j]!;
  }
  return { paddedOfferCount: padded, positionOffer, offerPosition, tiledFactor, positionValue, positionBaseAffinity, positionDepth, positionTargetCount };
}
