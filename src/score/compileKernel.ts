import { categoryOfferIndex } from './kernel/categoryOfferIndex.js';
import { offerOrder } from './kernel/offerOrder.js';
import { positionLayout } from './kernel/positionLayout.js';
import { productOfferIndex } from './kernel/productOfferIndex.js';
import { pruningBounds } from './kernel/pruningBounds.js';
import type { KernelModel } from './kernelModel.js';
import type { RelevanceModel } from './relevanceModel.js';

/**
 * Compiles a fitted model into the layout the scoring kernel reads ({@link KernelModel}): offers
 * ordered by an upper bound of their best score ({@link offerOrder}), their arrays laid out by that
 * position with the factors tiled by 4 ({@link positionLayout}), the pruning bounds
 * ({@link pruningBounds}) and the inverted indexes category -> positions ({@link categoryOfferIndex})
 * and, with a product history, product -> positions ({@link productOfferIndex}). The customer side is
 * the model's own arrays (shared, not copied). The order depends only on population-level fields (a
 * shard's `sliceModel` keeps them), so a slice compiles to the whole model's offer layout. The model
 * is not mutated.
 *
 * `scoreAll`, `scoreAllParallel` and `scoreInto` take a fitted model too and compile it themselves
 * (once per model); call this to hold the layout, e.g. to join it with customer arrays of your own.
 *
 * @example
 * const kernel = compileKernel(fitRelevanceModel(profiles, data.offers, data.catalog));
 * const top = scoreAll(kernel, { k: 16 });
 * Cost: O(offers · d + offers log offers + offer targets + categories), plus O(products + target products) with a product history.
 */
export function compileKernel(model: RelevanceModel): KernelModel {
  const O = model.offerCount;
  const { order, factorNorm, constant } = offerOrder(model);
  const layout = positionLayout(model, order);
  const { positionOffer, paddedOfferCount: padded } = layout;
  const bounds = pruningBounds(model.offerFactor, model.dimensions, positionOffer, O, factorNorm, model.offerValue, constant);
  const categories = categoryOfferIndex(model.offerCategories, O, model.categoryCount, layout.offerPosition);

  // Product term: only with a product history (a history's row pointer is never empty).
  const withProducts = model.customerProductPtr.length > 0;
  const products = withProducts ? productOfferIndex(model.offerProducts, O, model.productCount, positionOffer) : undefined;
  const positionProductScale = new Float64Array(padded);
  if (withProducts) for (let p = 0; p < O; p++) positionProductScale[p] = model.offerProductScale[positionOffer[p]!]!;

  return {
    customerCount: model.customerCount,
    offerCount: O,
    categoryCount: model.categoryCount,
    dimensions: model.dimensions,
    paddedOfferCount: padded,
    affinityWeight: model.affinityWeight,
    crossSellWeight: model.crossSellWeight,
    replenishmentWeight: model.replenishmentWeight,
    productWeight: model.productWeight,
    customerFactor: model.customerFactor,
    customerValueScale: model.customerValueScale,
    customerBaseAffinity: model.customerBaseAffinity,
    customerNorm: model.customerNorm,
    entryRowPtr: model.entryRowPtr,
    entryCategory: model.entryCategory,
    entryAffinity: model.entryAffinity,
    entryDue: model.entryDue,
    customerProductPtr: model.customerProductPtr,
    customerProduct: model.customerProduct,
    customerProductCount: model.customerProductCount,
    categoryFactor: model.categoryFactor,
    ...categories,
    productOfferPtr: products === undefined ? new Int32Array(0) : products.ptr,
    productOfferPos: products === undefined ? new Int32Array(0) : products.entry,
    positionProductScale,
    positionOffer,
    offerKey: model.offerKey,
    tiledFactor: layout.tiledFactor,
    positionValue: layout.positionValue,
    positionBaseAffinity: layout.positionBaseAffinity,
    positionDepth: layout.positionDepth,
    positionTargetCount: layout.positionTargetCount,
    ...bounds,
  };
}

/** Compiled kernels of the fitted models scored so far (weak: a dropped model takes its kernel along). */
const compiled = new WeakMap<RelevanceModel, KernelModel>();

/**
 * The kernel layout of `model`: a {@link KernelModel} as it is, a fitted model compiled once and
 * cached, so calling `scoreInto` block by block, or `scoreAllParallel` (whose shared copy is cached
 * per kernel), does not compile again.
 * @example const kernel = kernelOf(model);
 * Cost: O(1) after the first call per model; that one is {@link compileKernel}'s.
 */
export function kernelOf(model: RelevanceModel | KernelModel): KernelModel {
  if ('tiledFactor' in model) return model;
  let kernel = compiled.get(model);
  if (kernel === undefined) {
    kernel = compileKernel(model);
    compiled.set(model, kernel);
  }
  return kernel;
}
