import type { Catalog } from '../ingest/catalog.js';
import type { OfferTable } from '../ingest/offerTable.js';
import type { ProductHistory } from '../profile/productHistory.js';
import type { Profiles } from '../profile/profiles.js';
import { fitCategoryFactors, type CategoryFactors } from './categoryFactors.js';
import { referencePrices } from './referencePrices.js';
import { customerPriorWeight, dueness, entryCycle, exposureMonths, priorAffinity, purchaseWeight, RATE_FLOOR, shrunkAffinity } from './relevanceFunctions.js';

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
 * A fitted relevance model: every typed array the kernel and the reference need, fitted once outside
 * the scoring loop. Per (customer c, offer o) with target categories T(o), the log score is
 *
 * `L = affinityWeight·affinity + crossSellWeight·crossSell + replenishmentWeight·ln due + value + depth + productWeight·product`
 *
 * (`product` only with a product history: `ln(1 + S[c,o] / (shrinkage · r[o]))`, 0 for an offer none of whose target products the customer bought)
 *
 * and the stored candidate score is `exp(L)`, a relative redemption propensity (see `src/score/MODEL.md`).
 * Kernel arrays are flat typed arrays so they can move to workers.
 */
export interface RelevanceModel {
  readonly customerCount: number;
  readonly offerCount: number;
  readonly categoryCount: number;
  /** Factor dimension `d`. */
  readonly dimensions: number;
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
  /** Customers x d. */
  readonly customerFactor: Float32Array;
  /** Categories x d. */
  readonly categoryFactor: Float32Array;
  /** Offers x d: mean of the target categories' factors (zero for generic offers). */
  readonly offerFactor: Float32Array;
  /** Per offer `h_o = valueWeight · priority · worth / max|worth|`. */
  readonly offerValue: Float64Array;
  /** Per offer: price the reward is measured against (target products, else target categories' median, else mean basket). */
  readonly offerReferencePrice: Float64Array;
  /** Per offer `depthElasticity · ln(clamp(reward / referencePrice, 0.01, 1))`. */
  readonly offerDepth: Float64Array;
  /** Per offer: prior affinity, the max of {@link priorAffinity} over its targets (median over categories for generic offers). */
  readonly offerBaseAffinity: Float64Array;
  /** Per offer: its category key for the kernel's per-category cap (first listed target category, else first resolved; `-1` for generic offers), as the selection's `'category'` diversity key. */
  readonly offerKey: Int32Array;
  /** Per category: population purchase visits per customer-month (recency-weighted). */
  readonly categoryRate: Float64Array;
  /** Per customer: recency-weighted months observed, `exposureMonths(asOfDay - firstDay)`. */
  readonly customerEvidence: Float64Array;
  /** Per customer: positive recency-weighted spend (kept for explanations; not in the score). */
  readonly customerShareTotal: Float64Array;
  /** Per customer `g_c = 1 + discountShare`: price-sensitive customers redeem more. */
  readonly customerValueScale: Float64Array;

  // ---- product term (empty arrays without a product history) ----
  /** Offer -> target products (the offer table's CSR), for the reference. */
  readonly offerProducts: { readonly rowPtr: Int32Array; readonly index: Int32Array };
  /** The product history's CSR (shared, not copied): per customer its offer-targeted products, ascending, and their recency-weighted basket counts. Length 0 without a history. */
  readonly customerProductPtr: Int32Array;
  readonly customerProduct: Int32Array;
  readonly customerProductCount: Float32Array;
  /** Per offer `1 / max(shrinkage · r[o], RATE_FLOOR)`, `r[o]` the population's recency-weighted target-product baskets per customer-month (0 without a history). */
  readonly offerProductScale: Float64Array;
  /** Inverted index product -> kernel positions of the offers targeting it (length products + 1 and its entries; length 0 without a history). */
  readonly productOfferPtr: Int32Array;
  readonly productOfferPos: Int32Array;
  /** `offerProductScale` by position. */
  readonly positionProductScale: Float64Array;

  // ---- kernel ----
  /** Profile CSR (shared with `profiles`). */
  readonly entryRowPtr: Int32Array;
  readonly entryCategory: Int32Array;
  /** Affinity of each (customer, bought category) entry ({@link shrunkAffinity}). */
  readonly entryAffinity: Float64Array;
  /** Log due-ness of each entry (`ln dueness`). */
  readonly entryDue: Float64Array;
  /** Per customer: `customerPriorWeight(exposure, shrinkage)` (≤ 0), the customer part of an unbought category's affinity. */
  readonly customerBaseAffinity: Float64Array;
  /** Per customer `||U_c||₂`. */
  readonly customerNorm: Float64Array;
  /** Inverted index category -> kernel positions of the offers targeting it, with `1/|T(o)|`. */
  readonly categoryOfferPtr: Int32Array;
  readonly categoryOfferPos: Int32Array;
  readonly categoryOfferInvSize: Float64Array;
  /** Offers padded to a multiple of 4 (register tile width). */
  readonly paddedOfferCount: number;
  /** Kernel position -> offer index (`-1` for padding). Offers sorted by their score upper bound, descending. */
  readonly positionOffer: Int32Array;
  /** Offer factors by position (float64 copies of `offerFactor`, so the hot loop skips float32 conversions), interleaved by tiles of 4: `[(p >> 2) * d * 4 + j * 4 + (p & 3)]`. */
  readonly tiledFactor: Float64Array;
  /** `offerValue` by position. */
  readonly positionValue: Float64Array;
  /** `offerBaseAffinity` by position. */
  readonly positionBaseAffinity: Float64Array;
  /** `offerDepth` by position. */
  readonly positionDepth: Float64Array;
  /** Number of target categories by position. */
  readonly positionTargetCount: Int32Array;
  /** `max` over positions ≥ p of `||F_o||₂`, of `h_o` and of `affinityWeight·offerBaseAffinity + offerDepth` (length padded + 1): the pruning bound. */
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
  /** Factor entries summed before the partial-dot bound (`min(4, d)`), and `||F_o[prefix..]||` by position (the kernel computes the customer's tail norm itself, so the model has no extra per-customer array to slice). */
  readonly prefixDimensions: number;
  readonly positionTailNorm: Float64Array;
}

const nonNegative = (name: string, v: number): number => {
  if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`fitRelevanceModel: ${name} must be a finite number >= 0, got ${v}`);
  return v;
};

/** Median of a copy of `values` (`NaN` when empty). */
function median(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  const s = values.slice().sort();
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/**
 * Fits the relevance model once, outside the scoring loop: per-customer exposure, per-category
 * population rates, per-entry affinity and log due-ness, cross-sell factors (see
 * {@link fitCategoryFactors}), offer factors, depths and values, the inverted index category -> offers,
 * and offers ordered by the upper bound of their score for pruning. Inputs are not mutated.
 *
 * @example
 * const profiles = buildProfiles(data);
 * const model = fitRelevanceModel(profiles, data.offers, data.catalog, config.model);
 * const top = scoreAll(model, { k: 16 });
 * Cost: O(profile entries · d + offers · (targets + d) + offers · log offers + products) plus the factor fit.
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
  const U = factors.customer;
  const V = factors.category;

  // ---- exposure per customer, recency-weighted purchase visits per entry, population rates ----
  const { rowPtr, category, weightedSpend, purchases, lastDay, cycleDays, populationCycleDays } = profiles;
  const nnz = rowPtr[C]!;
  const customerEvidence = new Float64Array(C);
  const customerShareTotal = new Float64Array(C);
  const customerValueScale = new Float64Array(C);
  const customerBaseAffinity = new Float64Array(C);
  const customerNorm = new Float64Array(C);
  // Holds each entry's recency-weighted purchase count until the second pass turns it into the shrunk affinity.
  const entryAffinity = new Float64Array(nnz);
  const entryDue = new Float64Array(nnz);
  const categoryCount = new Float64Array(T);
  let exposureTotal = 0;
  for (let c = 0; c < C; c++) {
    const exposure = profiles.visits[c]! > 0 ? exposureMonths(profiles.asOfDay - profiles.firstDay[c]!, profiles.halfLifeDays) : 0;
    customerEvidence[c] = exposure;
    exposureTotal += exposure;
    let positiveWeighted = 0;
    for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
      positiveWeighted += Math.max(0, weightedSpend[e]!);
      const count = purchaseWeight(profiles, e) * purchases[e]!;
      entryAffinity[e] = count;
      categoryCount[category[e]!] += count;
    }
    customerShareTotal[c] = positiveWeighted;
  }
  const categoryRate = new Float64Array(T);
  const categoryPrior = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    categoryRate[t] = exposureTotal > 0 ? categoryCount[t]! / exposureTotal : 0;
    categoryPrior[t] = priorAffinity(categoryRate[t]!, liftExponent);
  }

  // ---- per customer and per entry ----
  let maxNorm = 0;
  let minG = Infinity;
  let maxG = -Infinity;
  for (let c = 0; c < C; c++) {
    const exposure = customerEvidence[c]!;
    customerBaseAffinity[c] = customerPriorWeight(exposure, shrinkage);
    for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
      const t = category[e]!;
      entryAffinity[e] = shrunkAffinity(entryAffinity[e]!, exposure, categoryRate[t]!, shrinkage, liftExponent);
      entryDue[e] = Math.log(dueness(asOfDay - lastDay[e]!, entryCycle(cycleDays[e]!, populationCycleDays[t]!), dueFloor, dueCap));
    }
    const g = 1 + profiles.discountShare[c]!;
    customerValueScale[c] = g;
    if (g < minG) minG = g;
    if (g > maxG) maxG = g;
    let norm = 0;
    for (let j = 0; j < d; j++) norm += U[c * d + j]! * U[c * d + j]!;
    customerNorm[c] = Math.sqrt(norm);
    if (customerNorm[c]! > maxNorm) maxNorm = customerNorm[c]!;
  }
  if (C === 0) minG = maxG = 1;

  // ---- per offer: reference price, depth, value, prior affinity, factor ----
  const offerReferencePrice = referencePrices(offers, catalog, profiles);
  const oc = offers.categories;
  const genericPrior = T > 0 ? median(categoryPrior) : priorAffinity(0, liftExponent);
  const offerFactor = new Float32Array(O * d);
  const offerDepth = new Float64Array(O);
  const offerBaseAffinity = new Float64Array(O);
  const worth = new Float64Array(O);
  let maxWorth = 0;
  for (let o = 0; o < O; o++) {
    const lo = oc.rowPtr[o]!;
    const hi = oc.rowPtr[o + 1]!;
    let base = hi > lo ? -Infinity : genericPrior;
    for (let q = lo; q < hi; q++) {
      const t = oc.index[q]!;
      if (categoryPrior[t]! > base) base = categoryPrior[t]!;
      for (let j = 0; j < d; j++) offerFactor[o * d + j] += V[t * d + j]!;
    }
    if (hi > lo) for (let j = 0; j < d; j++) offerFactor[o * d + j] /= hi - lo;
    offerBaseAffinity[o] = base;
    const ref = offerReferencePrice[o]!;
    const reward = offers.reward[o]!;
    const depth = ref > 0 ? reward / ref : reward > 0 ? 1 : 0;
    offerDepth[o] = depthElasticity === 0 ? 0 : depthElasticity * Math.log(Math.min(1, Math.max(0.01, depth)));
    // Base redemption propensity saturates with the reward relative to the price of what it applies to.
    worth[o] = -Math.expm1(-depth) * (offers.margin[o]! - offers.cost[o]!);
    if (Math.abs(worth[o]!) > maxWorth) maxWorth = Math.abs(worth[o]!);
  }
  const offerKey = new Int32Array(O);
  for (let o = 0; o < O; o++) {
    const listed = offers.records[o]?.targetCategories[0];
    const k = listed === undefined ? -1 : catalog.categories.get(listed);
    offerKey[o] = k >= 0 ? k : oc.rowPtr[o + 1]! > oc.rowPtr[o]! ? oc.index[oc.rowPtr[o]!]! : -1;
  }
  const offerValue = new Float64Array(O);
  for (let o = 0; o < O; o++) offerValue[o] = (valueWeight * offers.priority[o]! * worth[o]!) / (maxWorth > 0 ? maxWorth : 1);

  // ---- offer order by an upper bound of the best score any customer can give it (customer prior weight ≤ 0) ----
  const factorNorm = new Float64Array(O);
  const constant = new Float64Array(O);
  const key = new Float64Array(O);
  for (let o = 0; o < O; o++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += offerFactor[o * d + j]! * offerFactor[o * d + j]!;
    factorNorm[o] = Math.sqrt(s);
    const h = offerValue[o]!;
    constant[o] = affinityWeight * offerBaseAffinity[o]! + offerDepth[o]!;
    key[o] = crossSellWeight * maxNorm * factorNorm[o]! + (h > 0 ? maxG * h : minG * h) + constant[o]!;
  }
  const order = Array.from({ length: O }, (_, o) => o).sort((a, b) => key[b]! - key[a]! || a - b);
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
  const suffixFactorNorm = new Float64Array(padded + 1);
  const suffixValue = new Float64Array(padded + 1);
  const suffixConstant = new Float64Array(padded + 1);
  suffixFactorNorm[padded] = 0;
  suffixValue[padded] = -Infinity;
  suffixConstant[padded] = -Infinity;
  for (let p = padded - 1; p >= 0; p--) {
    const o = positionOffer[p]!;
    suffixFactorNorm[p] = o >= 0 ? Math.max(factorNorm[o]!, suffixFactorNorm[p + 1]!) : suffixFactorNorm[p + 1]!;
    suffixValue[p] = o >= 0 ? Math.max(offerValue[o]!, suffixValue[p + 1]!) : suffixValue[p + 1]!;
    suffixConstant[p] = o >= 0 ? Math.max(constant[o]!, suffixConstant[p + 1]!) : suffixConstant[p + 1]!;
  }

  // Per-tile maxima: with the best of a tile's 4 dots they reject the whole tile for a customer at once.
  const positionFactorNorm = new Float64Array(padded);
  const tileValue = new Float64Array(padded >> 2).fill(-Infinity);
  const tileConstant = new Float64Array(padded >> 2).fill(-Infinity);
  for (let p = 0; p < O; p++) {
    const o = positionOffer[p]!;
    const t = p >> 2;
    positionFactorNorm[p] = factorNorm[o]!;
    tileValue[t] = Math.max(tileValue[t]!, offerValue[o]!);
    tileConstant[t] = Math.max(tileConstant[t]!, constant[o]!);
  }

  // Partial-dot bound: the first `prefix` products exactly, Cauchy-Schwarz on the rest (factor dimensions
  // come out of the subspace fit roughly by decreasing variance, so the tail is small).
  const prefix = Math.min(4, d);
  const positionConstant = new Float64Array(padded).fill(-Infinity);
  const positionTailNorm = new Float64Array(padded);
  for (let p = 0; p < O; p++) {
    const o = positionOffer[p]!;
    positionConstant[p] = constant[o]!;
    let s = 0;
    for (let j = prefix; j < d; j++) s += offerFactor[o * d + j]! * offerFactor[o * d + j]!;
    positionTailNorm[p] = Math.sqrt(s);
  }

  // ---- inverted index category -> positions ----
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

  // ---- product term: inverted index product -> positions, population target-product rates ----
  const history = options.productHistory;
  const P0 = catalog.products.size;
  const offerProductScale = new Float64Array(O);
  const positionProductScale = new Float64Array(padded);
  let productOfferPtr = new Int32Array(0);
  let productOfferPos = new Int32Array(0);
  if (history !== undefined) {
    if (history.customerCount !== C || history.rowPtr.length !== C + 1) {
      throw new RangeError(`fitRelevanceModel: productHistory holds ${history.customerCount} customers but the profiles ${C}; build both from one transaction table`);
    }
    if (history.asOfDay !== asOfDay || history.halfLifeDays !== profiles.halfLifeDays) {
      throw new RangeError(
        `fitRelevanceModel: productHistory was built as of day ${history.asOfDay} with half-life ${history.halfLifeDays}, the model scores day ${asOfDay} with half-life ${profiles.halfLifeDays}; pass { asOfDay: profiles.asOfDay, halfLifeDays: profiles.halfLifeDays } to buildProductHistory`,
      );
    }
    const op = offers.products;
    // Each offer once per product (a stamp per product), even if a hand-built table lists a product twice.
    const stamp = new Int32Array(P0).fill(-1);
    productOfferPtr = new Int32Array(P0 + 1);
    for (let o = 0; o < O; o++) {
      for (let q = op.rowPtr[o]!; q < op.rowPtr[o + 1]!; q++) {
        const pr = op.index[q]!;
        if (stamp[pr] === o) continue;
        stamp[pr] = o;
        productOfferPtr[pr + 1]++;
      }
    }
    for (let pr = 0; pr < P0; pr++) productOfferPtr[pr + 1] += productOfferPtr[pr]!;
    productOfferPos = new Int32Array(productOfferPtr[P0]!);
    const next = productOfferPtr.slice(0, P0);
    stamp.fill(-1);
    // Offers in position order, so each product's list is ascending by position.
    for (let p = 0; p < O; p++) {
      const o = positionOffer[p]!;
      for (let q = op.rowPtr[o]!; q < op.rowPtr[o + 1]!; q++) {
        const pr = op.index[q]!;
        if (stamp[pr] === o) continue;
        stamp[pr] = o;
        productOfferPos[next[pr]!++] = p;
      }
    }
    // r[o] = sum over customers of S[c,o] / sum of exposure months: the population's target-product purchase rate.
    const hp = history.product;
    const hw = history.weightedCount;
    const populationCount = new Float64Array(padded);
    for (let e = 0; e < hp.length; e++) {
      const pr = hp[e]!;
      if (!(pr >= 0 && pr < P0)) throw new RangeError(`fitRelevanceModel: productHistory entry ${e} has product ${pr}, outside the catalog's 0..${P0 - 1}`);
      for (let q = productOfferPtr[pr]!; q < productOfferPtr[pr + 1]!; q++) populationCount[productOfferPos[q]!] += hw[e]!;
    }
    for (let p = 0; p < O; p++) {
      const rate = exposureTotal > 0 ? populationCount[p]! / exposureTotal : 0;
      const scale = 1 / Math.max(shrinkage * rate, RATE_FLOOR);
      positionProductScale[p] = scale;
      offerProductScale[positionOffer[p]!] = scale;
    }
  }

  return {
    customerCount: C,
    offerCount: O,
    categoryCount: T,
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
    offerCategories: oc,
    customerFactor: U,
    categoryFactor: V,
    offerFactor,
    offerValue,
    offerReferencePrice,
    offerDepth,
    offerBaseAffinity,
    offerKey,
    categoryRate,
    customerEvidence,
    customerShareTotal,
    customerValueScale,
    offerProducts: offers.products,
    customerProductPtr: history === undefined ? new Int32Array(0) : history.rowPtr,
    customerProduct: history === undefined ? new Int32Array(0) : history.product,
    customerProductCount: history === undefined ? new Float32Array(0) : history.weightedCount,
    offerProductScale,
    productOfferPtr,
    productOfferPos,
    positionProductScale,
    entryRowPtr: rowPtr,
    entryCategory: category,
    entryAffinity,
    entryDue,
    customerBaseAffinity,
    customerNorm,
    categoryOfferPtr,
    categoryOfferPos,
    categoryOfferInvSize,
    paddedOfferCount: padded,
    positionOffer,
    tiledFactor,
    positionValue,
    positionBaseAffinity,
    positionDepth,
    positionTargetCount,
    suffixFactorNorm,
    suffixValue,
    suffixConstant,
    positionFactorNorm,
    tileValue,
    tileConstant,
    positionConstant,
    prefixDimensions: prefix,
    positionTailNorm,
  };
}
