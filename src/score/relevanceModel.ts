import type { Catalog } from '../ingest/catalog.js';
import type { OfferTable } from '../ingest/offerTable.js';
import type { ProductHistory } from '../profile/productHistory.js';
import type { Profiles } from '../profile/profiles.js';
import { fitCategoryFactors, type CategoryFactors } from './categoryFactors.js';
import { fitCustomerTerms } from './fit/customerTerms.js';
import { fitOfferTerms } from './fit/offerTerms.js';
import { fitPopulationRates } from './fit/populationRates.js';
import { fitProductScale } from './fit/productScale.js';

/**
 * Options of {@link fitRelevanceModel}. The weights match the campaign config's `model` section
 * (`ModelSchema`), so `fitRelevanceModel(profiles, offers, catalog, config.model)` works; its
 * `halfLifeDays` is used by `buildProfiles`, not here. See `src/score/MODEL.md` for the formula.
 */
export interface RelevanceModelOptions {
  /** Ignored here (the profiles carry their half-life); accepted so a config's `model` section passes through. */
  halfLifeDays?: number;
  /** Pseudo-months of the empirical-Bayes (Gamma-Poisson) shrinkage of a customer's purchase rate toward the population rate. Default `4`. */
  shrinkage?: number;
  /**
   * `beta` in `affinity = ln(monthly chance to buy) - beta * ln(population rate)`, in [0, 1]: 0 ranks by
   * absolute likelihood (what redeems), 1 by lift over the population (incrementality). Default `0.25`.
   */
  liftExponent?: number;
  /** Weight of the affinity term (a log chance). Default `1`. */
  affinityWeight?: number;
  /** Weight of the cross-sell term. Default `0.5`. */
  crossSellWeight?: number;
  /** Weight of the log due-ness multiplier (an elasticity). Default `0.5`. */
  replenishmentWeight?: number;
  /** Weight of the normalised offer worth. Default `0.25`. */
  valueWeight?: number;
  /** Elasticity of redemption to offer depth `reward / reference price` (clamped to [0.01, 1]). Default `0.5`. */
  depthElasticity?: number;
  /** Due-ness right after a purchase is `dueFloor / (dueFloor + 1)`. Default `1.5`. */
  dueFloor?: number;
  /** Cycles since the last purchase after which due-ness stops rising. Default `2.5`. */
  dueCap?: number;
  /** Day scored; default `profiles.asOfDay`. */
  asOfDay?: number;
  /** Cross-sell factor dimension `d`. Default `16`. */
  dimensions?: number;
  /** Customers sampled to learn category factors. Default `20000`. */
  sampleSize?: number;
  /** Subspace iterations of the factor fit. Default `8`. */
  iterations?: number;
  /** Seed of the factor fit. Default `1`. */
  seed?: number;
  /** Precomputed factors (skips the fit): `customer` is customers x d, `category` categories x d. */
  factors?: CategoryFactors;
  /**
   * Weight of the product term `ln(1 + S[c,o] / (shrinkage · r[o]))` (see `productHistory` and
   * `src/score/MODEL.md`): an elasticity on the customer's product-level purchase rate of the offer's
   * target products. Used only with `productHistory`. Default `PRODUCT_WEIGHT` (0.25, chosen on the
   * Complete Journey Type B/C campaigns; see bench/results/backtest.md).
   */
  productWeight?: number;
  /**
   * The customers' history of offer-targeted products ({@link ProductHistory}, from `buildProductHistory`
   * with the profiles' `asOfDay` and `halfLifeDays`), which adds the product term "bought this offer's
   * target products before (how often, how recently)". Without it the model scores exactly as before
   * (no product term). Default: none.
   */
  productHistory?: ProductHistory;
}

/** Default {@link RelevanceModelOptions.productWeight}. */
export const PRODUCT_WEIGHT = 0.25;

/**
 * A fitted relevance model: its parameters, the inputs it keeps, and the arrays fitted once outside
 * the scoring loop, indexed by customer, profile entry, category and offer (what `scorePair`, the
 * reference and explanations read). Per (customer c, offer o) with target categories T(o), the log score is
 *
 * `L = affinityWeight·affinity + crossSellWeight·crossSell + replenishmentWeight·ln due + value + depth + productWeight·product`
 *
 * (`product` only with a product history: `ln(1 + S[c,o] / (shrinkage · r[o]))`, 0 for an offer none of whose target products the customer bought)
 *
 * and the stored candidate score is `exp(L)`, a relative redemption propensity (see `src/score/MODEL.md`).
 * The scoring kernel reads a layout compiled from it (`KernelModel`, by `compileKernel`; `scoreAll`
 * and `scoreAllParallel` compile it themselves). All arrays are flat typed arrays, so a model (or a
 * shard's `sliceModel`) moves to worker threads as it is.
 */
export interface RelevanceModel {
  readonly customerCount: number;
  readonly offerCount: number;
  readonly categoryCount: number;
  /** Products in the catalog: the product term's index space. */
  readonly productCount: number;
  /** Factor dimension `d`. */
  readonly dimensions: number;

  // ---- parameters ----
  readonly asOfDay: number;
  readonly shrinkage: number;
  readonly liftExponent: number;
  readonly dueFloor: number;
  readonly dueCap: number;
  readonly depthElasticity: number;
  readonly affinityWeight: number;
  readonly crossSellWeight: number;
  readonly replenishmentWeight: number;
  readonly valueWeight: number;
  /** Weight of the product term (0 effect without a product history). */
  readonly productWeight: number;

  // ---- inputs kept for the reference and explanations ----
  readonly profiles: Profiles;
  /** Offer -> target categories (the offer table's CSR). */
  readonly offerCategories: { readonly rowPtr: Int32Array; readonly index: Int32Array };
  /** Offer -> target products (the offer table's CSR). */
  readonly offerProducts: { readonly rowPtr: Int32Array; readonly index: Int32Array };
  /** The product history's CSR (shared, not copied): per customer its offer-targeted products, ascending, and their recency-weighted basket counts. Length 0 without a history. */
  readonly customerProductPtr: Int32Array;
  readonly customerProduct: Int32Array;
  readonly customerProductCount: Float32Array;

  // ---- fitted per customer ----
  /** Customers x d. */
  readonly customerFactor: Float32Array;
  /** Per customer: recency-weighted months observed, `exposureMonths(asOfDay - firstDay)`. */
  readonly customerEvidence: Float64Array;
  /** Per customer: positive recency-weighted spend (kept for explanations; not in the score). */
  readonly customerShareTotal: Float64Array;
  /** Per customer `g_c = 1 + discountShare`: price-sensitive customers redeem more. */
  readonly customerValueScale: Float64Array;
  /** Per customer: `customerPriorWeight(exposure, shrinkage)` (≤ 0), the customer part of an unbought category's affinity. */
  readonly customerBaseAffinity: Float64Array;
  /** Per customer `||U_c||₂`. */
  readonly customerNorm: Float64Array;

  // ---- fitted per profile entry (customer, bought category) ----
  /** The profiles' CSR (shared with `profiles`, not copied). */
  readonly entryRowPtr: Int32Array;
  readonly entryCategory: Int32Array;
  /** Affinity of each entry (`shrunkAffinity`). */
  readonly entryAffinity: Float64Array;
  /** Log due-ness of each entry (`ln dueness`). */
  readonly entryDue: Float64Array;

  // ---- fitted per category ----
  /** Categories x d. */
  readonly categoryFactor: Float32Array;
  /** Per category: population purchase visits per customer-month (recency-weighted). */
  readonly categoryRate: Float64Array;

  // ---- fitted per offer ----
  /** Offers x d: mean of the target categories' factors (zero for generic offers). */
  readonly offerFactor: Float32Array;
  /** Per offer `h_o = valueWeight · priority · worth / max|worth|`. */
  readonly offerValue: Float64Array;
  /** Per offer: price the reward is measured against (target products, else target categories' median, else mean basket). */
  readonly offerReferencePrice: Float64Array;
  /** Per offer `depthElasticity · ln(clamp(reward / referencePrice, 0.01, 1))`. */
  readonly offerDepth: Float64Array;
  /** Per offer: prior affinity, the max of `priorAffinity` over its targets (median over categories for generic offers). */
  readonly offerBaseAffinity: Float64Array;
  /** Per offer: its category key for the kernel's per-category cap (first listed target category, else first resolved; `-1` for generic offers), as the selection's `'category'` diversity key. */
  readonly offerKey: Int32Array;
  /** Per offer `1 / max(shrinkage · r[o], RATE_FLOOR)`, `r[o]` the population's recency-weighted target-product baskets per customer-month (0 without a history). */
  readonly offerProductScale: Float64Array;

  // ---- population extremes (of every customer fitted; a slice keeps them) ----
  /**
   * Largest `customerNorm` and the range of `customerValueScale` over the customers the model was
   * fitted on: they bound every customer's score of an offer, which orders the kernel's offers for
   * pruning. A shard's `sliceModel` keeps the population's, so every shard compiles the same order.
   */
  readonly maxCustomerNorm: number;
  readonly minCustomerValueScale: number;
  readonly maxCustomerValueScale: number;
}

const nonNegative = (name: string, v: number): number => {
  if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`fitRelevanceModel: ${name} must be a finite number >= 0, got ${v}`);
  return v;
};

/**
 * Fits the relevance model once, outside the scoring loop: the cross-sell factors (see
 * {@link fitCategoryFactors}; skipped when `options.factors` is given), then four phases in
 * `src/score/fit/`: per-customer exposure and per-category population rates ({@link fitPopulationRates});
 * per-entry affinity and log due-ness and per-customer terms ({@link fitCustomerTerms}); offer
 * factors, depths, values and priors ({@link fitOfferTerms}); and the product term's population rates
 * ({@link fitProductScale}). The kernel's layout (offer order, inverted indexes, bounds) is compiled
 * from the result by `compileKernel`. Inputs are not mutated.
 *
 * @example
 * const profiles = buildProfiles(data);
 * const model = fitRelevanceModel(profiles, data.offers, data.catalog, config.model);
 * const top = scoreAll(model, { k: 16 });
 * Cost: O(profile entries + customers · d + offers · targets · d + products log products + history entries) plus the factor fit.
 */
export function fitRelevanceModel(profiles: Profiles, offers: OfferTable, catalog: Catalog, options: RelevanceModelOptions = {}): RelevanceModel {
  const C = profiles.customerCount;
  const T = profiles.categoryCount;
  const O = offers.ids.size;
  if (catalog.categories.size !== T) {
    throw new RangeError(`fitRelevanceModel: profiles have ${T} categories but the catalog has ${catalog.categories.size}; build both from one data set`);
  }
  const shrinkage = nonNegative('shrinkage', options.shrinkage ?? 4);
  const affinityWeight = nonNegative('affinityWeight', options.affinityWeight ?? 1);
  const crossSellWeight = nonNegative('crossSellWeight', options.crossSellWeight ?? 0.5);
  const replenishmentWeight = nonNegative('replenishmentWeight', options.replenishmentWeight ?? 0.5);
  const valueWeight = nonNegative('valueWeight', options.valueWeight ?? 0.25);
  const productWeight = nonNegative('productWeight', options.productWeight ?? PRODUCT_WEIGHT);
  const depthElasticity = nonNegative('depthElasticity', options.depthElasticity ?? 0.5);
  const liftExponent = options.liftExponent ?? 0.25;
  if (!(liftExponent >= 0 && liftExponent <= 1)) throw new RangeError(`fitRelevanceModel: liftExponent must lie in [0, 1], got ${liftExponent}`);
  const dueFloor = options.dueFloor ?? 1.5;
  if (!(dueFloor > 0) || !Number.isFinite(dueFloor)) throw new RangeError(`fitRelevanceModel: dueFloor must be a finite number > 0, got ${dueFloor}`);
  const dueCap = options.dueCap ?? 2.5;
  if (!(dueCap >= 1) || !Number.isFinite(dueCap)) throw new RangeError(`fitRelevanceModel: dueCap must be a finite number >= 1 (cycles), got ${dueCap}`);
  const asOfDay = options.asOfDay ?? profiles.asOfDay;

  const factors =
    options.factors ??
    fitCategoryFactors(profiles, { dimensions: options.dimensions ?? 16, sampleSize: options.sampleSize, iterations: options.iterations, seed: options.seed });
  const d = factors.dimensions;
  if (factors.customer.length !== C * d || factors.category.length !== T * d) {
    throw new RangeError(`fitRelevanceModel: factors must be customers x ${d} (${C * d}) and categories x ${d} (${T * d}), got ${factors.customer.length} and ${factors.category.length}`);
  }

  const rates = fitPopulationRates(profiles, liftExponent);
  const customers = fitCustomerTerms(profiles, factors.customer, d, rates, { asOfDay, shrinkage, liftExponent, dueFloor, dueCap });
  const offerTerms = fitOfferTerms(offers, catalog, profiles, factors.category, d, rates.categoryPrior, { liftExponent, depthElasticity, valueWeight });
  const history = options.productHistory;
  const productCount = catalog.products.size;
  const offerProductScale = fitProductScale(history, offers, productCount, profiles, asOfDay, rates.exposureTotal, shrinkage);

  return {
    customerCount: C,
    offerCount: O,
    categoryCount: T,
    productCount,
    dimensions: d,
    asOfDay,
    shrinkage,
    liftExponent,
    dueFloor,
    dueCap,
    depthElasticity,
    affinityWeight,
    crossSellWeight,
    replenishmentWeight,
    valueWeight,
    productWeight,
    profiles,
    offerCategories: offers.categories,
    offerProducts: offers.products,
    customerProductPtr: history === undefined ? new Int32Array(0) : history.rowPtr,
    customerProduct: history === undefined ? new Int32Array(0) : history.product,
    customerProductCount: history === undefined ? new Float32Array(0) : history.weightedCount,
    customerFactor: factors.customer,
    customerEvidence: rates.customerEvidence,
    customerShareTotal: rates.customerShareTotal,
    customerValueScale: customers.customerValueScale,
    customerBaseAffinity: customers.customerBaseAffinity,
    customerNorm: customers.customerNorm,
    entryRowPtr: profiles.rowPtr,
    entryCategory: profiles.category,
    entryAffinity: customers.entryAffinity,
    entryDue: customers.entryDue,
    categoryFactor: factors.category,
    categoryRate: rates.categoryRate,
    ...offerTerms,
    offerProductScale,
    maxCustomerNorm: customers.maxCustomerNorm,
    minCustomerValueScale: customers.minCustomerValueScale,
    maxCustomerValueScale: customers.maxCustomerValueScale,
  };
}
