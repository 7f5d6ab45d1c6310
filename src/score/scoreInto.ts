import type { Candidates } from './candidates.js';
import type { EligibilityMask } from './eligibilityMask.js';
import type { RelevanceModel } from './relevanceModel.js';

/** The fields of a {@link RelevanceModel} the kernel reads: flat typed arrays and numbers, so workers can rebuild it. */
export type KernelModel = Pick<
  RelevanceModel,
  | 'customerCount'
  | 'offerCount'
  | 'categoryCount'
  | 'dimensions'
  | 'affinityWeight'
  | 'crossSellWeight'
  | 'replenishmentWeight'
  | 'customerFactor'
  | 'categoryFactor'
  | 'customerValueScale'
  | 'entryRowPtr'
  | 'entryCategory'
  | 'entryAffinity'
  | 'entryDue'
  | 'customerBaseAffinity'
  | 'customerNorm'
  | 'categoryOfferPtr'
  | 'categoryOfferPos'
  | 'categoryOfferInvSize'
  | 'paddedOfferCount'
  | 'positionOffer'
  | 'tiledFactor'
  | 'offerKey'
  | 'positionValue'
  | 'positionBaseAffinity'
  | 'positionDepth'
  | 'positionTargetCount'
  | 'suffixFactorNorm'
  | 'suffixValue'
  | 'suffixConstant'
>;

/** Preallocated working memory of {@link scoreInto}, sized once per model and K. */
export interface ScoreScratch {
  readonly k: number;
  /** Per position: cross-sell correction, best affinity and log due-ness over the customer's bought targets, and how many targets are bought. */
  readonly correction: Float64Array;
  readonly affinity: Float64Array;
  readonly due: Float64Array;
  readonly bought: Int32Array;
  /** Per position: 1 while the offer is touched by the customer's bought categories. */
  readonly mark: Uint8Array;
  readonly touched: Int32Array;
  /** The top-K insertion buffer, with each entry's category key. */
  readonly topScore: Float64Array;
  readonly topOffer: Int32Array;
  readonly topKey: Int32Array;
  /** Per category key: entries of the current customer's buffer (reset after each customer). */
  readonly keyCount: Int32Array;
  /** The current customer's factor as float64. */
  readonly factor: Float64Array;
  /** Offers whose dense part was evaluated since creation (pruning statistics). */
  evaluated: number;
}

/** Options of {@link scoreInto}. */
export interface ScoreIntoOptions {
  /** Offers each customer may receive; default every offer. */
  eligible?: EligibilityMask;
  /** Stop a customer's scan once the upper bound of the remaining offers falls under the K-th best. Default `true`. */
  prune?: boolean;
  /**
   * At most this many candidates per offer category key (`model.offerKey`, the selection's `'category'`
   * diversity key; generic offers are uncapped), so one popular category cannot crowd out the K
   * candidates the selection needs. `Infinity` for a plain top K. Default `2`.
   */
  maxPerCategory?: number;
}

/** Checks a `maxPerCategory` option (an integer >= 1 or `Infinity`) and returns it with its default `2`. */
export function resolveMaxPerCategory(value: number | undefined, caller: string): number {
  const cap = value ?? 2;
  if (!(cap === Number.POSITIVE_INFINITY || (Number.isInteger(cap) && cap >= 1))) {
    throw new RangeError(`${caller}: maxPerCategory must be an integer >= 1 or Infinity, got ${cap}`);
  }
  return cap;
}

/**
 * Allocates the scratch of {@link scoreInto} for `model` and `k` candidates per customer.
 * @example const scratch = createScoreScratch(model, 16);
 * Cost: O(offers + k).
 */
export function createScoreScratch(model: KernelModel, k: number): ScoreScratch {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`createScoreScratch: k must be an integer >= 1, got ${k}`);
  const n = model.paddedOfferCount;
  return {
    k,
    correction: new Float64Array(n),
    affinity: new Float64Array(n),
    due: new Float64Array(n),
    bought: new Int32Array(n),
    mark: new Uint8Array(n),
    touched: new Int32Array(n),
    topScore: new Float64Array(k),
    topOffer: new Int32Array(k),
    topKey: new Int32Array(k),
    keyCount: new Int32Array(model.categoryCount),
    factor: new Float64Array(model.dimensions),
    evaluated: 0,
  };
}

/**
 * Allocates empty {@link Candidates} (offers `-1`); `shared` puts the columns on `SharedArrayBuffer`s for workers.
 * @example const out = createCandidates(model.customerCount, 16);
 * Cost: O(customers · k).
 */
export function createCandidates(customerCount: number, k: number, shared = false): Candidates {
  if (!Number.isInteger(customerCount) || customerCount < 0) throw new RangeError(`createCandidates: customerCount must be an integer >= 0, got ${customerCount}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`createCandidates: k must be an integer >= 1, got ${k}`);
  const n = customerCount * k;
  const buf = (bytes: number): ArrayBuffer | SharedArrayBuffer => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const offer = new Int32Array(buf(n * 4)).fill(-1);
  return { k, customerCount, offer, score: new Float32Array(buf(n * 4)), count: new Int32Array(buf(customerCount * 4)) };
}

/**
 * Inserts (s, o) with category key `key` (`-1`: uncapped) into the sorted top-K buffer of length n,
 * keeping at most `cap` entries per key; returns the new length. Ties keep the lower offer first.
 * Equals a greedy pass over all offers sorted by (score desc, offer asc) that skips an offer whose key
 * is full, stopping at K: an offer dropped here is beaten by K entries or by `cap` of its own key, and
 * entries are only ever replaced by better ones, so it could never come back.
 */
function insert(topScore: Float64Array, topOffer: Int32Array, topKey: Int32Array, keyCount: Int32Array, n: number, k: number, cap: number, s: number, o: number, key: number): number {
  if (key >= 0 && keyCount[key]! >= cap) {
    // The key is full: (s, o) can only replace its worst entry, the last one with this key.
    let w = n - 1;
    while (topKey[w] !== key) w--;
    const ws = topScore[w]!;
    if (s < ws || (s === ws && o > topOffer[w]!)) return n;
    for (let i = w; i < n - 1; i++) {
      topScore[i] = topScore[i + 1]!;
      topOffer[i] = topOffer[i + 1]!;
      topKey[i] = topKey[i + 1]!;
    }
    n--;
    keyCount[key]--;
  } else if (n === k) {
    const last = topScore[k - 1]!;
    if (s < last || (s === last && o > topOffer[k - 1]!)) return n;
    const evicted = topKey[k - 1]!;
    if (evicted >= 0) keyCount[evicted]--;
    n--;
  }
  let j = n;
  while (j > 0) {
    const ps = topScore[j - 1]!;
    if (ps > s || (ps === s && topOffer[j - 1]! < o)) break;
    topScore[j] = ps;
    topOffer[j] = topOffer[j - 1]!;
    topKey[j] = topKey[j - 1]!;
    j--;
  }
  topScore[j] = s;
  topOffer[j] = o;
  topKey[j] = key;
  if (key >= 0) keyCount[key]++;
  return n + 1;
}

/**
 * The scoring kernel: scores customers `fromCustomer .. toCustomer - 1` against every offer and writes
 * each one's top K into `out` (rows of other customers are untouched). Allocation-free: everything
 * lives in `scratch`. Per customer:
 *
 * 1. sparse part: walk the customer's bought categories through the inverted index category -> offers,
 *    accumulating the cross-sell correction, best affinity, best log due-ness and bought-target count
 *    of each touched offer;
 * 2. score each touched offer exactly (dense dot + sparse parts);
 * 3. dense part: scan the untouched offers in upper-bound order, 4 offers per register tile over d,
 *    and stop once `exp(affinityWeight·prior_c + max(affinityWeight·prior_o + depth_o) + crossSellWeight·||U_c||·max||F|| + g_c·max h)`
 *    of the rest is under the K-th best.
 *
 * The stored score is `fround(exp(log score))`; at most `maxPerCategory` candidates share a category key.
 *
 * Results equal `scoreAllReference` exactly (same arithmetic per pair), whatever the block or thread split.
 *
 * @returns the number of candidates written.
 * @example
 * const out = createCandidates(model.customerCount, 16);
 * const scratch = createScoreScratch(model, 16);
 * for (let c = 0; c < model.customerCount; c += 4096) scoreInto(model, c, Math.min(c + 4096, model.customerCount), out, scratch);
 * Cost: O(customers · (scanned offers · d + Σ bought-category offers · d)) time, O(1) allocation.
 */
export function scoreInto(model: KernelModel, fromCustomer: number, toCustomer: number, out: Candidates, scratch: ScoreScratch, options?: ScoreIntoOptions): number {
  const k = scratch.k;
  if (out.k !== k) throw new RangeError(`scoreInto: out.k (${out.k}) differs from scratch.k (${k}); create both with the same k`);
  if (!(fromCustomer >= 0 && toCustomer <= model.customerCount && fromCustomer <= toCustomer) || out.customerCount !== model.customerCount) {
    throw new RangeError(`scoreInto: customers ${fromCustomer}..${toCustomer} must lie in 0..${model.customerCount} and out must hold ${model.customerCount} customers`);
  }
  if (scratch.mark.length !== model.paddedOfferCount) throw new RangeError('scoreInto: scratch was created for another model; call createScoreScratch(model, k)');
  const eligible = options?.eligible;
  const words = Math.ceil(model.offerCount / 32);
  if (eligible !== undefined && eligible.words.length !== model.customerCount * words) {
    throw new RangeError(`scoreInto: eligible.words must hold customers x ceil(offers / 32) = ${model.customerCount * words} words, got ${eligible.words.length}`);
  }
  // Optional inputs resolved before the loop so the loop body stays monomorphic.
  const maskWords = eligible === undefined ? new Uint32Array(0) : eligible.words;
  const useMask = eligible !== undefined;
  const prune = options?.prune ?? true;
  const cap = resolveMaxPerCategory(options?.maxPerCategory, 'scoreInto');

  const d = model.dimensions;
  const d4 = d * 4;
  const O = model.offerCount;
  const P = model.paddedOfferCount;
  const wA = model.affinityWeight;
  const wX = model.crossSellWeight;
  const wR = model.replenishmentWeight;
  const U = model.customerFactor;
  const V = model.categoryFactor;
  const G = model.customerValueScale;
  const rowPtr = model.entryRowPtr;
  const entryCategory = model.entryCategory;
  const entryAffinity = model.entryAffinity;
  const entryDue = model.entryDue;
  const base = model.customerBaseAffinity;
  const norm = model.customerNorm;
  const catPtr = model.categoryOfferPtr;
  const catPos = model.categoryOfferPos;
  const catInv = model.categoryOfferInvSize;
  const posOffer = model.positionOffer;
  const F = model.tiledFactor;
  const H = model.positionValue;
  const A0 = model.positionBaseAffinity;
  const D = model.positionDepth;
  const targetCount = model.positionTargetCount;
  const sufNorm = model.suffixFactorNorm;
  const sufValue = model.suffixValue;
  const sufConst = model.suffixConstant;
  const correction = scratch.correction;
  const affinity = scratch.affinity;
  const due = scratch.due;
  const bought = scratch.bought;
  const mark = scratch.mark;
  const touched = scratch.touched;
  const topScore = scratch.topScore;
  const topOffer = scratch.topOffer;
  const topKey = scratch.topKey;
  const keyCount = scratch.keyCount;
  const offerKey = model.offerKey;
  const x = scratch.factor;
  const outOffer = out.offer;
  const outScore = out.score;
  const outCount = out.count;
  let evaluated = 0;
  let written = 0;

  for (let c = fromCustomer; c < toCustomer; c++) {
    const u = c * d;
    const g = G[c]!;
    const b = base[c]!;
    const boundScale = wX * norm[c]!;
    const boundBase = wA * b;
    const maskRow = c * words;
    let n = 0;
    // One float32 -> float64 conversion per factor entry, not one per offer.
    for (let j = 0; j < d; j++) x[j] = U[u + j]!;

    // 1. sparse part: bought categories -> offers targeting them.
    let nt = 0;
    for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
      const t = entryCategory[e]!;
      const lo = catPtr[t]!;
      const hi = catPtr[t + 1]!;
      if (lo === hi) continue;
      let uv = 0;
      for (let j = 0; j < d; j++) uv += x[j]! * V[t * d + j]!;
      const a = entryAffinity[e]!;
      const du = entryDue[e]!;
      for (let q = lo; q < hi; q++) {
        const p = catPos[q]!;
        if (mark[p] === 0) {
          mark[p] = 1;
          touched[nt++] = p;
          correction[p] = 0;
          affinity[p] = -Infinity;
          due[p] = -Infinity;
          bought[p] = 0;
        }
        correction[p] += uv * catInv[q]!;
        bought[p]++;
        if (a > affinity[p]!) affinity[p] = a;
        if (du > due[p]!) due[p] = du;
      }
    }

    // 2. touched offers, scored exactly.
    for (let i = 0; i < nt; i++) {
      const p = touched[i]!;
      const o = posOffer[p]!;
      if (useMask && ((maskWords[maskRow + (o >>> 5)]! >>> (o & 31)) & 1) === 0) continue;
      const fb = (p >> 2) * d4 + (p & 3);
      let dense = 0;
      for (let j = 0; j < d; j++) dense += x[j]! * F[fb + j * 4]!;
      const xs = dense - correction[p]!;
      const aff = Math.max(affinity[p]!, b + A0[p]!);
      // A target never bought is neutral (log due-ness 0).
      const rep = bought[p]! < targetCount[p]! ? Math.max(due[p]!, 0) : due[p]!;
      const s = Math.fround(Math.exp(wA * aff + wX * xs + wR * rep + g * H[p]! + D[p]!));
      n = insert(topScore, topOffer, topKey, keyCount, n, k, cap, s, o, offerKey[o]!);
    }

    // 3. dense part over untouched offers, in upper-bound order, 4 offers per tile.
    for (let p = 0; p < P; p += 4) {
      if (prune && n === k) {
        const threshold = topScore[k - 1]!;
        // Cauchy-Schwarz bound of everything left (log space); the slack covers rounding of the split sums and float32 storage.
        if (Math.exp(boundBase + sufConst[p]! + boundScale * sufNorm[p]! + g * sufValue[p]!) * (1 + 1e-6) < threshold) break;
      }
      const fb = (p >> 2) * d4;
      // Register tile: one load of U[j] feeds four offers' accumulators.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0, f = fb; j < d; j++, f += 4) {
        const xj = x[j]!;
        s0 += xj * F[f]!;
        s1 += xj * F[f + 1]!;
        s2 += xj * F[f + 2]!;
        s3 += xj * F[f + 3]!;
      }
      evaluated += 4;
      for (let lane = 0; lane < 4; lane++) {
        const q = p + lane;
        if (q >= O || mark[q] === 1) continue;
        const o = posOffer[q]!;
        if (useMask && ((maskWords[maskRow + (o >>> 5)]! >>> (o & 31)) & 1) === 0) continue;
        const dense = lane === 0 ? s0 : lane === 1 ? s1 : lane === 2 ? s2 : s3;
        const s = Math.fround(Math.exp(wA * (b + A0[q]!) + wX * dense + g * H[q]! + D[q]!));
        n = insert(topScore, topOffer, topKey, keyCount, n, k, cap, s, o, offerKey[o]!);
      }
    }

    for (let i = 0; i < nt; i++) mark[touched[i]!] = 0;
    const row = c * k;
    for (let j = 0; j < n; j++) {
      outOffer[row + j] = topOffer[j]!;
      outScore[row + j] = topScore[j]!;
      // Reset only the keys this customer used, so the count array stays O(1) per customer.
      if (topKey[j]! >= 0) keyCount[topKey[j]!] = 0;
    }
    for (let j = n; j < k; j++) {
      outOffer[row + j] = -1;
      outScore[row + j] = 0;
    }
    outCount[c] = n;
    written += n;
  }
  scratch.evaluated += evaluated;
  return written;
}
