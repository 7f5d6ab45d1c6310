import type { RelevanceModel } from './relevanceModel.js';

/**
 * The scoring kernel's compiled layout of a fitted `RelevanceModel`: what `scoreInto` reads and
 * nothing else, all flat typed arrays and numbers, so `scoreAllParallel` puts it on
 * SharedArrayBuffers and worker threads rebuild it without copying. Built by `compileKernel`.
 *
 * Offers are addressed by kernel *position*: sorted by an upper bound of the best score any customer
 * can give them (so a customer's scan can stop early) and padded to a multiple of 4, the register
 * tile's width. The customer side (factors, profile entries, product history) is the fitted model's
 * arrays, shared, not copied; the offer side is re-laid by position with the bounds that prune.
 *
 * @example
 * const kernel = compileKernel(fitRelevanceModel(profiles, data.offers, data.catalog));
 * scoreInto(kernel, 0, kernel.customerCount, createCandidates(kernel.customerCount, 16), createScoreScratch(kernel, 16));
 */
export interface KernelModel
  extends Pick<
    RelevanceModel,
    | 'customerCount'
    | 'offerCount'
    | 'categoryCount'
    | 'dimensions'
    | 'affinityWeight'
    | 'crossSellWeight'
    | 'replenishmentWeight'
    | 'productWeight'
    // the customer side: the fitted model's own arrays, shared, not copied
    | 'customerFactor'
    | 'customerValueScale'
    | 'customerBaseAffinity'
    | 'customerNorm'
    | 'entryRowPtr'
    | 'entryCategory'
    | 'entryAffinity'
    | 'entryDue'
    | 'customerProductPtr'
    | 'customerProduct'
    | 'customerProductCount'
    | 'categoryFactor'
  > {
  /** Offers padded to a multiple of 4 (register tile width). */
  readonly paddedOfferCount: number;

  // ---- categories ----
  /** Inverted index category -> kernel positions of the offers targeting it, with `1/|T(o)|`. */
  readonly categoryOfferPtr: Int32Array;
  readonly categoryOfferPos: Int32Array;
  readonly categoryOfferInvSize: Float64Array;

  // ---- products (length 0 without a product history) ----
  /** Inverted index product -> kernel positions of the offers targeting it (length products + 1 and its entries), ascending by position. */
  readonly productOfferPtr: Int32Array;
  readonly productOfferPos: Int32Array;
  /** The fitted `offerProductScale` by position. */
  readonly positionProductScale: Float64Array;

  // ---- offers by position ----
  /** Kernel position -> offer index (`-1` for padding). */
  readonly positionOffer: Int32Array;
  /** Per offer index (not position): its category key for the per-category cap (`-1`: uncapped). */
  readonly offerKey: Int32Array;
  /** Offer factors by position (float64 copies of `offerFactor`, so the hot loop skips float32 conversions), interleaved by tiles of 4: `[(p >> 2) * d * 4 + j * 4 + (p & 3)]`. */
  readonly tiledFactor: Float64Array;
  /** The fitted `offerValue`, `offerBaseAffinity` and `offerDepth` by position. */
  readonly positionValue: Float64Array;
  readonly positionBaseAffinity: Float64Array;
  readonly positionDepth: Float64Array;
  /** Number of target categories by position. */
  readonly positionTargetCount: Int32Array;

  // ---- pruning bounds ----
  /** `max` over positions ≥ p of `||F_o||₂`, of `h_o` and of `affinityWeight·offerBaseAffinity + offerDepth` (length padded + 1): the bound of everything left in a scan. */
  readonly suffixFactorNorm: Float64Array;
  readonly suffixValue: Float64Array;
  readonly suffixConstant: Float64Array;
  /** `||F_o||₂` by position (0 for padding): the Cauchy-Schwarz bound of a touched offer's dense part. */
  readonly positionFactorNorm: Float64Array;
  /** Per tile of 4 positions (length padded / 4): max of `h_o` and of `affinityWeight·offerBaseAffinity + offerDepth` over its real offers, for rejecting a computed tile at once. */
  readonly tileValue: Float64Array;
  readonly tileConstant: Float64Array;
  /** `affinityWeight·offerBaseAffinity + offerDepth` by position (`-Infinity` for padding): the per-offer pruning bound's constant. */
  readonly positionConstant: Float64Array;
  /** Factor entries summed before the partial-dot bound (`min(4, d)`), and `||F_o[prefix..]||` by position (the kernel computes the customer's tail norm itself, so there is no extra per-customer array to slice). */
  readonly prefixDimensions: number;
  readonly positionTailNorm: Float64Array;
}
