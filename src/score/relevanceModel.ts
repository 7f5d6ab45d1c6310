import type { Catalog } from '../ingest/catalog.js';
import type { OfferTable } from '../ingest/offerTable.js';
import type { Profiles } from '../profile/profiles.js';
import { fitCategoryFactors, type CategoryFactors } from './categoryFactors.js';
import { dueness, shrunkAffinity } from './relevanceFunctions.js';

/**
 * Options of {@link fitRelevanceModel}. The weights match the campaign config's `model` section
 * (`ModelSchema`), so `fitRelevanceModel(profiles, offers, catalog, config.model)` works; its
 * `halfLifeDays` is used by `buildProfiles`, not here. See `src/score/MODEL.md` for the formula.
 */
export interface RelevanceModelOptions {
  /** Ignored here (the profiles carry their half-life); accepted so a config's `model` section passes through. */
  halfLifeDays?: number;
  /** Pseudo-visits `m` of the empirical-Bayes shrinkage toward the population share. Default `4`. */
  shrinkage?: number;
  /** Weight of the affinity term. Default `1`. */
  affinityWeight?: number;
  /** Weight of the cross-sell term. Default `0.5`. */
  crossSellWeight?: number;
  /** Weight of the replenishment due-ness term. Default `0.5`. */
  replenishmentWeight?: number;
  /** Weight of the value term. Default `0.25`. */
  valueWeight?: number;
  /** Bound of the affinity log lift: affinity lies in `(-affinityCap, affinityCap)`. Default `3`. */
  affinityCap?: number;
  /** Shape of the due-ness bump `(x e^(1-x))^shape`. Default `3`. */
  dueShape?: number;
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
}

/**
 * A fitted relevance model: every typed array the kernel and the reference need, fitted once outside
 * the scoring loop. Per (customer c, offer o) with target categories T(o):
 *
 * `total = affinityWeight·affinity + crossSellWeight·crossSell + replenishmentWeight·replenishment + value`
 *
 * (see `src/score/MODEL.md`). Kernel arrays are flat typed arrays so they can move to workers.
 */
export interface RelevanceModel {
  readonly customerCount: number;
  readonly offerCount: number;
  readonly categoryCount: number;
  /** Factor dimension `d`. */
  readonly dimensions: number;
  readonly asOfDay: number;
  readonly shrinkage: number;
  readonly affinityCap: number;
  readonly dueShape: number;
  readonly affinityWeight: number;
  readonly crossSellWeight: number;
  readonly replenishmentWeight: number;
  readonly valueWeight: number;

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
  /** Per customer: effective visits `n_c = visits · clamp(positive weighted spend / positive spend)`. */
  readonly customerEvidence: Float64Array;
  /** Per customer: positive recency-weighted spend, the denominator of spend shares. */
  readonly customerShareTotal: Float64Array;
  /** Per customer `g_c = 1 + discountShare`: price-sensitive customers redeem more. */
  readonly customerValueScale: Float64Array;

  // ---- kernel ----
  /** Profile CSR (shared with `profiles`). */
  readonly entryRowPtr: Int32Array;
  readonly entryCategory: Int32Array;
  /** Affinity of each (customer, bought category) entry. */
  readonly entryAffinity: Float64Array;
  /** Due-ness of each entry. */
  readonly entryDue: Float64Array;
  /** Per customer: affinity for a category never bought (`shrunkAffinity(0, n_c, ·)`, ≤ 0). */
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
  /** 1 when the offer at the position has targets. */
  readonly positionTargeted: Uint8Array;
  /** `max` over positions ≥ p of `||F_o||₂` and of `h_o` (length padded + 1): the pruning bound. */
  readonly suffixFactorNorm: Float64Array;
  readonly suffixValue: Float64Array;
}

const nonNegative = (name: string, v: number): number => {
  if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`fitRelevanceModel: ${name} must be a finite number >= 0, got ${v}`);
  return v;
};

/**
 * Fits the relevance model once, outside the scoring loop: per-entry affinity and due-ness,
 * cross-sell factors (see {@link fitCategoryFactors}), offer factors and values, the inverted index
 * category -> offers, and offers ordered by the upper bound of their score for pruning.
 * Inputs are not mutated.
 *
 * @example
 * const profiles = buildProfiles(data);
 * const model = fitRelevanceModel(profiles, data.offers, data.catalog, config.model);
 * const top = scoreAll(model, { k: 16 });
 * Cost: O(profile entries · d + offers · (targets + d) + offers · log offers) plus the factor fit.
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
  const affinityCap = options.affinityCap ?? 3;
  if (!(affinityCap > 0)) throw new RangeError(`fitRelevanceModel: affinityCap must be > 0, got ${affinityCap}`);
  const dueShape = options.dueShape ?? 3;
  if (!(dueShape > 0)) throw new RangeError(`fitRelevanceModel: dueShape must be > 0, got ${dueShape}`);
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

  // ---- per customer and per entry ----
  const { rowPtr, category, weightedSpend, spend, lastDay, cycleDays, spendShare, populationCycleDays } = profiles;
  const nnz = rowPtr[C]!;
  const customerEvidence = new Float64Array(C);
  const customerShareTotal = new Float64Array(C);
  const customerValueScale = new Float64Array(C);
  const customerBaseAffinity = new Float64Array(C);
  const customerNorm = new Float64Array(C);
  const entryAffinity = new Float64Array(nnz);
  const entryDue = new Float64Array(nnz);
  let maxNorm = 0;
  let minG = Infinity;
  let maxG = -Infinity;
  for (let c = 0; c < C; c++) {
    let positiveWeighted = 0;
    let positiveSpend = 0;
    for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
      positiveWeighted += Math.max(0, weightedSpend[e]!);
      positiveSpend += Math.max(0, spend[e]!);
    }
    const evidence = positiveSpend > 0 ? profiles.visits[c]! * Math.min(1, positiveWeighted / positiveSpend) : 0;
    customerEvidence[c] = evidence;
    customerShareTotal[c] = positiveWeighted;
    customerBaseAffinity[c] = shrunkAffinity(0, evidence, 1, shrinkage, affinityCap);
    for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
      const t = category[e]!;
      const share = positiveWeighted > 0 ? Math.max(0, weightedSpend[e]!) / positiveWeighted : 0;
      entryAffinity[e] = shrunkAffinity(share, evidence, spendShare[t]!, shrinkage, affinityCap);
      const cycle = Number.isFinite(cycleDays[e]!) ? cycleDays[e]! : populationCycleDays[t]!;
      entryDue[e] = dueness(asOfDay - lastDay[e]!, cycle, dueShape);
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

  // ---- per offer ----
  const oc = offers.categories;
  const categoryPriceSum = new Float64Array(T);
  const categoryPriceCount = new Float64Array(T);
  let priceSum = 0;
  for (let p = 0; p < catalog.productPrice.length; p++) {
    categoryPriceSum[catalog.productCategory[p]!] += catalog.productPrice[p]!;
    categoryPriceCount[catalog.productCategory[p]!]++;
    priceSum += catalog.productPrice[p]!;
  }
  const meanPrice = catalog.productPrice.length > 0 ? priceSum / catalog.productPrice.length : 0;
  const offerFactor = new Float32Array(O * d);
  const worth = new Float64Array(O);
  let maxWorth = 0;
  for (let o = 0; o < O; o++) {
    const lo = oc.rowPtr[o]!;
    const hi = oc.rowPtr[o + 1]!;
    let ref = 0;
    for (let q = lo; q < hi; q++) {
      const t = oc.index[q]!;
      ref += categoryPriceCount[t]! > 0 ? categoryPriceSum[t]! / categoryPriceCount[t]! : meanPrice;
      for (let j = 0; j < d; j++) offerFactor[o * d + j] += V[t * d + j]!;
    }
    if (hi > lo) {
      ref /= hi - lo;
      for (let j = 0; j < d; j++) offerFactor[o * d + j] /= hi - lo;
    } else ref = meanPrice;
    const reward = offers.reward[o]!;
    // Base redemption propensity saturates with the reward relative to the price of what it applies to.
    const propensity = ref > 0 ? 1 - Math.exp(-reward / ref) : reward > 0 ? 1 : 0;
    worth[o] = propensity * (offers.margin[o]! - offers.cost[o]!);
    if (Math.abs(worth[o]!) > maxWorth) maxWorth = Math.abs(worth[o]!);
  }
  const offerValue = new Float64Array(O);
  for (let o = 0; o < O; o++) offerValue[o] = (valueWeight * offers.priority[o]! * worth[o]!) / (maxWorth > 0 ? maxWorth : 1);

  // ---- offer order by an upper bound of the best score any customer can give it ----
  const factorNorm = new Float64Array(O);
  const key = new Float64Array(O);
  for (let o = 0; o < O; o++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += offerFactor[o * d + j]! * offerFactor[o * d + j]!;
    factorNorm[o] = Math.sqrt(s);
    const h = offerValue[o]!;
    key[o] = crossSellWeight * maxNorm * factorNorm[o]! + (h > 0 ? maxG * h : minG * h);
  }
  const order = Array.from({ length: O }, (_, o) => o).sort((a, b) => key[b]! - key[a]! || a - b);
  const padded = Math.ceil(O / 4) * 4;
  const positionOffer = new Int32Array(padded).fill(-1);
  const offerPosition = new Int32Array(O);
  const tiledFactor = new Float64Array(padded * d);
  const positionValue = new Float64Array(padded);
  const positionTargeted = new Uint8Array(padded);
  for (let p = 0; p < O; p++) {
    const o = order[p]!;
    positionOffer[p] = o;
    offerPosition[o] = p;
    positionValue[p] = offerValue[o]!;
    positionTargeted[p] = oc.rowPtr[o + 1]! > oc.rowPtr[o]! ? 1 : 0;
    const base = (p >> 2) * d * 4 + (p & 3);
    for (let j = 0; j < d; j++) tiledFactor[base + j * 4] = offerFactor[o * d + j]!;
  }
  const suffixFactorNorm = new Float64Array(padded + 1);
  const suffixValue = new Float64Array(padded + 1);
  suffixFactorNorm[padded] = 0;
  suffixValue[padded] = -Infinity;
  for (let p = padded - 1; p >= 0; p--) {
    const o = positionOffer[p]!;
    suffixFactorNorm[p] = o >= 0 ? Math.max(factorNorm[o]!, suffixFactorNorm[p + 1]!) : suffixFactorNorm[p + 1]!;
    suffixValue[p] = o >= 0 ? Math.max(offerValue[o]!, suffixValue[p + 1]!) : suffixValue[p + 1]!;
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

  return {
    customerCount: C,
    offerCount: O,
    categoryCount: T,
    dimensions: d,
    asOfDay,
    shrinkage,
    affinityCap,
    dueShape,
    affinityWeight,
    crossSellWeight,
    replenishmentWeight,
    valueWeight,
    profiles,
    offerCategories: oc,
    customerFactor: U,
    categoryFactor: V,
    offerFactor,
    offerValue,
    customerEvidence,
    customerShareTotal,
    customerValueScale,
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
    positionTargeted,
    suffixFactorNorm,
    suffixValue,
  };
}
