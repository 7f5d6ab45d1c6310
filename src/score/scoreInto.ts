import type { Candidates } from './candidates.js';
import type { EligibilityMask } from './eligibilityMask.js';
import { kernelOf } from './compileKernel.js';
import type { KernelModel } from './kernelModel.js';
import type { RelevanceModel } from './relevanceModel.js';
import { DENSE_DOTS_CHUNK, prepareDenseDots } from './wasm/denseDots.js';

/** Customers per register tile: the dense part runs 4 customers x 4 offers at a time. */
const GROUP = 4;

/** Preallocated working memory of {@link scoreInto}, sized once per model and K. */
export interface ScoreScratch {
  readonly k: number;
  /** Per position: cross-sell correction, best affinity and log due-ness over the customer's bought targets, and how many targets are bought. */
  readonly correction: Float64Array;
  readonly affinity: Float64Array;
  readonly due: Float64Array;
  readonly bought: Int32Array;
  /** Per position: the customer's recency-weighted baskets of the offer's target products (product term). */
  readonly productSum: Float64Array;
  /** Per position: bit i set while the offer is touched by the bought categories (or, with a product history, bought target products) of the group's customer i. */
  readonly mark: Uint8Array;
  /** Touched positions of each group slot (`GROUP` segments of `paddedOfferCount`). */
  readonly touched: Int32Array;
  /** Per touched offer of the current customer: upper bound of its log score, and 1 once scored or ineligible. */
  readonly touchedBound: Float64Array;
  readonly touchedDone: Uint8Array;
  /** The current customer's K touched offers with the best bounds (scored first to raise the threshold early). */
  readonly pick: Int32Array;
  readonly pickBound: Float64Array;
  /** The top-K insertion buffers of the group's customers (`GROUP` segments of k), with each entry's category key. */
  readonly topScore: Float64Array;
  readonly topOffer: Int32Array;
  readonly topKey: Int32Array;
  /** Per slot and category key: entries of that slot's buffer (reset after each customer). */
  readonly keyCount: Int32Array;
  /** The group's customer factors as float64, interleaved `[j * 4 + slot]`. */
  readonly factor: Float64Array;
  /** Per slot: buffer length, log-score rejection threshold, pruning threshold, customer terms, scan state. */
  readonly slotCount: Int32Array;
  readonly slotLogThreshold: Float64Array;
  readonly slotPruneThreshold: Float64Array;
  readonly slotBase: Float64Array;
  readonly slotValueScale: Float64Array;
  readonly slotBoundBase: Float64Array;
  readonly slotBoundScale: Float64Array;
  readonly slotLive: Uint8Array;
  /** Per slot: how many offers its customer touched (their positions are in `touched`). */
  readonly slotTouched: Int32Array;
  /** JS tile path: the 4 x 4 dot products of the current register tile, `[slot * 4 + lane]`, and which slots need it (bit per slot). */
  readonly dots: Float64Array;
  readonly tileNeed: Uint8Array;
  /** Untouched offers whose dense part was evaluated since creation (pruning statistics). */
  evaluated: number;
  /** Touched offers whose dense part was evaluated since creation (pruning statistics). */
  touchedEvaluated: number;
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
  /**
   * Dense dot products with the WebAssembly SIMD (f64x2) tile: `undefined` uses it when the runtime
   * supports it (see `wasmSimdSupported`), `false` forces the JS tile, `true` requires WebAssembly
   * SIMD (throws an `Error` without it). Both tiles give bit-identical dots, so results never depend
   * on this option. Default `undefined` (auto-detect).
   */
  simd?: boolean;
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
 * Allocates the scratch of {@link scoreInto} for `model` (a fitted model, compiled once and cached, or
 * its {@link KernelModel}) and `k` candidates per customer.
 * @example const scratch = createScoreScratch(model, 16);
 * Cost: O(offers + k + categories), plus `compileKernel`'s for a fitted model not compiled yet.
 */
export function createScoreScratch(input: RelevanceModel | KernelModel, k: number): ScoreScratch {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`createScoreScratch: k must be an integer >= 1, got ${k}`);
  const model = kernelOf(input);
  const n = model.paddedOfferCount;
  return {
    k,
    correction: new Float64Array(n),
    affinity: new Float64Array(n),
    due: new Float64Array(n),
    bought: new Int32Array(n),
    productSum: new Float64Array(n),
    mark: new Uint8Array(n),
    touched: new Int32Array(GROUP * n),
    touchedBound: new Float64Array(n),
    touchedDone: new Uint8Array(n),
    pick: new Int32Array(k),
    pickBound: new Float64Array(k),
    topScore: new Float64Array(GROUP * k),
    topOffer: new Int32Array(GROUP * k),
    topKey: new Int32Array(GROUP * k),
    keyCount: new Int32Array(GROUP * model.categoryCount),
    factor: new Float64Array(GROUP * model.dimensions),
    slotCount: new Int32Array(GROUP),
    slotLogThreshold: new Float64Array(GROUP),
    slotPruneThreshold: new Float64Array(GROUP),
    slotBase: new Float64Array(GROUP),
    slotValueScale: new Float64Array(GROUP),
    slotBoundBase: new Float64Array(GROUP),
    slotBoundScale: new Float64Array(GROUP),
    slotLive: new Uint8Array(GROUP),
    slotTouched: new Int32Array(GROUP),
    dots: new Float64Array(GROUP * 4),
    tileNeed: new Uint8Array(1),
    evaluated: 0,
    touchedEvaluated: 0,
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
 * Inserts (s, o) with category key `key` (`-1`: uncapped) into the sorted top-K buffer at `sb` of
 * length n (key counts at `kb`), keeping at most `cap` entries per key; returns the new length. Ties
 * keep the lower offer first. Equals a greedy pass over all offers sorted by (score desc, offer asc)
 * that skips an offer whose key is full, stopping at K: an offer dropped here is beaten by K entries
 * or by `cap` of its own key, and entries are only ever replaced by better ones, so it could never come back.
 */
function insert(topScore: Float64Array, topOffer: Int32Array, topKey: Int32Array, keyCount: Int32Array, sb: number, kb: number, n: number, k: number, cap: number, s: number, o: number, key: number): number {
  if (key >= 0 && keyCount[kb + key]! >= cap) {
    // The key is full: (s, o) can only replace its worst entry, the last one with this key.
    let w = sb + n - 1;
    while (topKey[w] !== key) w--;
    const ws = topScore[w]!;
    if (s < ws || (s === ws && o > topOffer[w]!)) return n;
    for (let i = w; i < sb + n - 1; i++) {
      topScore[i] = topScore[i + 1]!;
      topOffer[i] = topOffer[i + 1]!;
      topKey[i] = topKey[i + 1]!;
    }
    n--;
    keyCount[kb + key]--;
  } else if (n === k) {
    const last = topScore[sb + k - 1]!;
    if (s < last || (s === last && o > topOffer[sb + k - 1]!)) return n;
    const evicted = topKey[sb + k - 1]!;
    if (evicted >= 0) keyCount[kb + evicted]--;
    n--;
  }
  let j = sb + n;
  while (j > sb) {
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
  if (key >= 0) keyCount[kb + key]++;
  return n + 1;
}

/**
 * Register tile 4 customers x 4 offers: 8 loads feed 16 multiply-adds (each pair keeps its own
 * accumulator summed over j in order, so every dot equals the reference's bit for bit). A small
 * function of its own so TurboFan optimizes it whole (register allocation of 16 accumulators).
 */
function tile4x4(F: Float64Array, fb: number, X: Float64Array, d: number, dots: Float64Array): void {
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
  let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
  let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  for (let j = 0, f = fb, x = 0; j < d; j++, f += 4, x += 4) {
    const f0 = F[f]!;
    const f1 = F[f + 1]!;
    const f2 = F[f + 2]!;
    const f3 = F[f + 3]!;
    const u0 = X[x]!;
    s00 += u0 * f0;
    s01 += u0 * f1;
    s02 += u0 * f2;
    s03 += u0 * f3;
    const u1 = X[x + 1]!;
    s10 += u1 * f0;
    s11 += u1 * f1;
    s12 += u1 * f2;
    s13 += u1 * f3;
    const u2 = X[x + 2]!;
    s20 += u2 * f0;
    s21 += u2 * f1;
    s22 += u2 * f2;
    s23 += u2 * f3;
    const u3 = X[x + 3]!;
    s30 += u3 * f0;
    s31 += u3 * f1;
    s32 += u3 * f2;
    s33 += u3 * f3;
  }
  dots[0] = s00;
  dots[1] = s01;
  dots[2] = s02;
  dots[3] = s03;
  dots[4] = s10;
  dots[5] = s11;
  dots[6] = s12;
  dots[7] = s13;
  dots[8] = s20;
  dots[9] = s21;
  dots[10] = s22;
  dots[11] = s23;
  dots[12] = s30;
  dots[13] = s31;
  dots[14] = s32;
  dots[15] = s33;
}

/** Placeholder of the WebAssembly tile function on the JS path (never called). */
function noTiles(): void {}

/**
 * Log-space rejection threshold of a full buffer whose K-th score is `t` (a float32 value): any log
 * score `L < threshold` has `fround(exp(L)) < t`, so it cannot enter and needs no `exp`. The 1e-6
 * margin covers `exp`/`log` rounding and float32 rounding (relative 6e-8); outside the normal float32
 * range (subnormal spacing, overflow to Infinity) nothing is rejected in log space.
 */
function logThreshold(t: number): number {
  return t > 1e-37 && t < 1e37 ? Math.log(t) - 1e-6 : -Infinity;
}

/** Extra slack of a pruning bound (log space), for the rounding of its split sums and of the dot products it bounds. */
const BOUND_SLACK = 1e-6;

/**
 * The scoring kernel: scores customers `fromCustomer .. toCustomer - 1` of `input` (a {@link KernelModel},
 * or a fitted model, compiled once and cached) against every offer and writes
 * each one's top K into `out` (rows of other customers are untouched). Allocation-free: everything
 * lives in `scratch`. Customers go in groups of 4; per customer:
 *
 * 1. sparse part: walk the customer's bought categories through the inverted index category -> offers,
 *    accumulating the cross-sell correction, best affinity, best log due-ness and bought-target count
 *    of each touched offer; with a product history, then the customer's bought target products through
 *    the inverted index product -> offers, summing their weighted baskets per offer (the product term;
 *    an offer reached only this way is touched too);
 * 2. touched offers: an upper bound of each one's log score (Cauchy-Schwarz for its dense dot); the K
 *    best bounds are scored exactly first, then every other touched offer whose bound reaches the K-th best;
 *
 * then for the group:
 *
 * 3. dense part over untouched offers, in upper-bound order, 4 customers x 4 offers per register tile;
 *    a customer skips a tile whose bound (per-tile maxima) is under its K-th best and stops once the
 *    bound of everything left (suffix maxima) is; a tile no customer needs is not computed. With
 *    WebAssembly SIMD (`options.simd`, auto-detected) the tiles are computed 32 at a time by one
 *    f64x2 call (the needs of a chunk decided with the thresholds at its start: conservative),
 *    else one at a time by the JS tile; both give the same dots bit for bit.
 *
 * Scores are compared in log space (monotone) and `exp` is taken only for a pair that can enter the
 * top K; the stored score is `fround(exp(log score))`. At most `maxPerCategory` candidates share a key.
 * Results equal `scoreAllReference` exactly (same arithmetic per pair, conservative skips only),
 * whatever the block or thread split.
 *
 * The one function allowed over 150 lines (DESIGN.md): its length buys measured speed. The register
 * tiles' need decisions, the per-offer, per-tile and suffix bounds and the threshold updates are
 * inlined in its loops over some 70 typed-array locals, so TurboFan keeps one monomorphic frame with
 * no per-phase calls, argument passing or field re-loads per customer (only the 4 x 4 tile and the
 * top-K insert are functions of their own); the rework that made it so took the dense case from 6,776
 * to 11,371 customers/s and pruning to 15% of brute force's dot products (bench/results/score.md,
 * `bench/score-dense.ts`, `bench/score-pruning.ts`). Split it only with a bench run showing no loss.
 *
 * @returns the number of candidates written.
 * @example
 * const out = createCandidates(model.customerCount, 16);
 * const scratch = createScoreScratch(model, 16);
 * for (let c = 0; c < model.customerCount; c += 4096) scoreInto(model, c, Math.min(c + 4096, model.customerCount), out, scratch);
 * Cost: O(customers · (scanned offers · d + Σ bought-category offers + Σ bought-product offers + exactly scored touched offers · d)) time, O(1) allocation; with WebAssembly SIMD, O(offers · d) once per model per thread to copy the offer factors into its memory.
 */
export function scoreInto(input: RelevanceModel | KernelModel, fromCustomer: number, toCustomer: number, out: Candidates, scratch: ScoreScratch, options?: ScoreIntoOptions): number {
  const model = kernelOf(input);
  const k = scratch.k;
  if (out.k !== k) throw new RangeError(`scoreInto: out.k (${out.k}) differs from scratch.k (${k}); create both with the same k`);
  if (!(fromCustomer >= 0 && toCustomer <= model.customerCount && fromCustomer <= toCustomer) || out.customerCount !== model.customerCount) {
    throw new RangeError(`scoreInto: customers ${fromCustomer}..${toCustomer} must lie in 0..${model.customerCount} and out must hold ${model.customerCount} customers`);
  }
  if (scratch.mark.length !== model.paddedOfferCount || scratch.keyCount.length !== GROUP * model.categoryCount || scratch.factor.length !== GROUP * model.dimensions) {
    throw new RangeError('scoreInto: scratch was created for another model; call createScoreScratch(model, k)');
  }
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
  const T = model.categoryCount;
  const wA = model.affinityWeight;
  const wX = model.crossSellWeight;
  const wR = model.replenishmentWeight;
  const wP = model.productWeight;
  // Product term only with a product history (and a positive weight; a zero term adds exactly 0 anyway).
  const prodPtr = model.customerProductPtr;
  const useProducts = prodPtr.length > 0 && wP > 0;
  const prodIndex = model.customerProduct;
  const prodCount = model.customerProductCount;
  const prodOfferPtr = model.productOfferPtr;
  const prodOfferPos = model.productOfferPos;
  const PS = model.positionProductScale;
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
  const Fn = model.positionFactorNorm;
  const targetCount = model.positionTargetCount;
  const sufNorm = model.suffixFactorNorm;
  const sufValue = model.suffixValue;
  const sufConst = model.suffixConstant;
  const tileValue = model.tileValue;
  const tileConst = model.tileConstant;
  const offerKey = model.offerKey;
  const PC = model.positionConstant;
  const prefix = model.prefixDimensions;
  const tailF = model.positionTailNorm;
  const correction = scratch.correction;
  const affinity = scratch.affinity;
  const due = scratch.due;
  const bought = scratch.bought;
  const productSum = scratch.productSum;
  const mark = scratch.mark;
  const touched = scratch.touched;
  const tBound = scratch.touchedBound;
  const tDone = scratch.touchedDone;
  const pick = scratch.pick;
  const pickBound = scratch.pickBound;
  const topScore = scratch.topScore;
  const topOffer = scratch.topOffer;
  const topKey = scratch.topKey;
  const keyCount = scratch.keyCount;
  // Dense dot products: the thread's WebAssembly SIMD tile (customer factors written straight into its
  // memory), else the JS tile. Resolved once per call so the loops below stay monomorphic.
  const simd = options?.simd;
  const wasm = simd === false ? undefined : prepareDenseDots(model);
  if (simd === true && wasm === undefined) throw new Error('scoreInto: simd: true needs WebAssembly SIMD, which this runtime lacks; omit the option to fall back to the JS tile');
  const X = scratch.factor;
  // The WebAssembly tile reads its own copy of the group's factors (4 d values per group); the JS
  // loops keep reading the scratch array, so their element accesses stay on one kind of buffer.
  const wasmX = wasm === undefined ? scratch.factor : wasm.factor;
  const dots = wasm === undefined ? scratch.dots : wasm.dots;
  const need = wasm === undefined ? scratch.tileNeed : wasm.need;
  const chunk = wasm === undefined ? 1 : DENSE_DOTS_CHUNK;
  const wasmTiles = wasm === undefined ? noTiles : wasm.tiles;
  const fOffset = wasm === undefined ? 0 : wasm.fOffset;
  const xOffset = wasm === undefined ? 0 : wasm.xOffset;
  const needOffset = wasm === undefined ? 0 : wasm.needOffset;
  const dotsOffset = wasm === undefined ? 0 : wasm.dotsOffset;
  const slotsOffset = wasm === undefined ? 0 : wasm.slotsOffset;
  const tileConstantOffset = wasm === undefined ? 0 : wasm.tileConstantOffset;
  const tileValueOffset = wasm === undefined ? 0 : wasm.tileValueOffset;
  const slots = wasm === undefined ? scratch.slotBase : wasm.slots; // (unused on the JS path)
  const count = scratch.slotCount;
  const logThr = scratch.slotLogThreshold;
  const pruneThr = scratch.slotPruneThreshold;
  const slotB = scratch.slotBase;
  const slotG = scratch.slotValueScale;
  const boundBase = scratch.slotBoundBase;
  const boundScale = scratch.slotBoundScale;
  const live = scratch.slotLive;
  const slotTouched = scratch.slotTouched;
  const outOffer = out.offer;
  const outScore = out.score;
  const outCount = out.count;
  let evaluated = 0;
  let touchedEvaluated = 0;
  let written = 0;

  for (let c0 = fromCustomer; c0 < toCustomer; c0 += GROUP) {
    const group = Math.min(GROUP, toCustomer - c0);
    // Interleave the group's factors as float64 ([j * 4 + slot]): one conversion per entry, and one
    // load of X[j..j+3] feeds the 4 x 4 tile. Empty slots stay zero (their dots are ignored).
    for (let i = 0; i < GROUP; i++) {
      const u = (c0 + i) * d;
      for (let j = 0; j < d; j++) X[j * 4 + i] = i < group ? U[u + j]! : 0;
    }
    if (wasm !== undefined) wasmX.set(X);

    for (let i = 0; i < group; i++) {
      const c = c0 + i;
      const g = G[c]!;
      const b = base[c]!;
      const cn = norm[c]!;
      // Norm of the customer's factor beyond the prefix, for the partial-dot bound (d - prefix multiply-adds).
      let tail2 = 0;
      for (let j = prefix; j < d; j++) tail2 += X[j * 4 + i]! * X[j * 4 + i]!;
      const tailU = Math.sqrt(tail2);
      const bit = 1 << i;
      const sb = i * k;
      const kb = i * T;
      const ts = i * P;
      const maskRow = c * words;
      let n = 0;
      let thr = -Infinity;
      slotB[i] = b;
      slotG[i] = g;
      boundBase[i] = wA * b;
      boundScale[i] = wX * cn;
      // A negative value scale would flip the value bound: such a customer is never pruned.
      live[i] = prune && g >= 0 ? 1 : 0;

      // 1. sparse part: bought categories -> offers targeting them.
      let nt = 0;
      for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
        const t = entryCategory[e]!;
        const lo = catPtr[t]!;
        const hi = catPtr[t + 1]!;
        if (lo === hi) continue;
        let uv = 0;
        for (let j = 0; j < d; j++) uv += X[j * 4 + i]! * V[t * d + j]!;
        const a = entryAffinity[e]!;
        const du = entryDue[e]!;
        for (let q = lo; q < hi; q++) {
          const p = catPos[q]!;
          if ((mark[p]! & bit) === 0) {
            mark[p] = mark[p]! | bit;
            touched[ts + nt++] = p;
            correction[p] = 0;
            affinity[p] = -Infinity;
            due[p] = -Infinity;
            bought[p] = 0;
            productSum[p] = 0;
          }
          correction[p] += uv * catInv[q]!;
          bought[p]++;
          if (a > affinity[p]!) affinity[p] = a;
          if (du > due[p]!) due[p] = du;
        }
      }
      // 1b. product term: bought target products -> offers targeting them (sums in the reference's order:
      //     the customer's products ascending). An offer reached only here is touched too, with neutral category parts.
      if (useProducts) {
        for (let e = prodPtr[c]!; e < prodPtr[c + 1]!; e++) {
          const pr = prodIndex[e]!;
          const lo = prodOfferPtr[pr]!;
          const hi = prodOfferPtr[pr + 1]!;
          if (lo === hi) continue;
          const w = prodCount[e]!;
          for (let q = lo; q < hi; q++) {
            const p = prodOfferPos[q]!;
            if ((mark[p]! & bit) === 0) {
              mark[p] = mark[p]! | bit;
              touched[ts + nt++] = p;
              correction[p] = 0;
              affinity[p] = -Infinity;
              due[p] = -Infinity;
              bought[p] = 0;
              productSum[p] = 0;
            }
            productSum[p] += w;
          }
        }
      }

      // 2a. touched offers: bound each (dense dot <= ||U_c|| ||F_o||) and pick the k best bounds.
      let np = 0;
      for (let r = 0; r < nt; r++) {
        const p = touched[ts + r]!;
        const o = posOffer[p]!;
        if (useMask && ((maskWords[maskRow + (o >>> 5)]! >>> (o & 31)) & 1) === 0) {
          tDone[r] = 1;
          continue;
        }
        tDone[r] = 0;
        if (!prune) continue;
        const aff = Math.max(affinity[p]!, b + A0[p]!);
        const rep = bought[p]! < targetCount[p]! || bought[p] === 0 ? Math.max(due[p]!, 0) : due[p]!;
        const pt = useProducts ? wP * Math.log1p(productSum[p]! * PS[p]!) : 0;
        const bound = wA * aff + wX * (cn * Fn[p]! - correction[p]!) + wR * rep + g * H[p]! + D[p]! + pt + BOUND_SLACK;
        tBound[r] = bound;
        // Small insertion buffer of the k best bounds (most offers fail the first comparison).
        if (np === k && !(bound > pickBound[k - 1]!)) continue;
        let j = np < k ? np++ : k - 1;
        while (j > 0 && pickBound[j - 1]! < bound) {
          pickBound[j] = pickBound[j - 1]!;
          pick[j] = pick[j - 1]!;
          j--;
        }
        pickBound[j] = bound;
        pick[j] = r;
      }

      // 2b. score the picked offers first (a high K-th best early), then the rest whose bound reaches it.
      for (let z = 0; z < np + nt; z++) {
        let r: number;
        if (z < np) {
          r = pick[z]!;
          tDone[r] = 1;
        } else {
          r = z - np;
          if (tDone[r] === 1) continue;
          if (prune && tBound[r]! < thr) continue;
        }
        const p = touched[ts + r]!;
        const o = posOffer[p]!;
        const fb = (p >> 2) * d4 + (p & 3);
        const aff = Math.max(affinity[p]!, b + A0[p]!);
        // A target never bought is neutral (log due-ness 0); so is an offer reached only by the product walk.
        const rep = bought[p]! < targetCount[p]! || bought[p] === 0 ? Math.max(due[p]!, 0) : due[p]!;
        const pt = useProducts ? wP * Math.log1p(productSum[p]! * PS[p]!) : 0;
        // The first `prefix` products are the start of the exact dot (same order), so the partial-dot
        // bound (prefix exactly, Cauchy-Schwarz on the tail) costs no extra multiply-adds.
        let dense = 0;
        let j = 0;
        let f = fb;
        for (; j < prefix; j++, f += 4) dense += X[j * 4 + i]! * F[f]!;
        if (prune && wA * aff + wX * (dense + tailU * tailF[p]! - correction[p]!) + wR * rep + g * H[p]! + D[p]! + pt + BOUND_SLACK < thr) continue;
        for (; j < d; j++, f += 4) dense += X[j * 4 + i]! * F[f]!;
        touchedEvaluated++;
        const xs = dense - correction[p]!;
        // (+ pt: exactly + 0 without a product history, so the score is unchanged bit for bit.)
        const L = wA * aff + wX * xs + wR * rep + g * H[p]! + D[p]! + pt;
        // Log space: a pair under the threshold cannot enter, so it needs no exp.
        if (L < thr) continue;
        n = insert(topScore, topOffer, topKey, keyCount, sb, kb, n, k, cap, Math.fround(Math.exp(L)), o, offerKey[o]!);
        if (n === k) thr = logThreshold(topScore[sb + k - 1]!);
      }
      count[i] = n;
      logThr[i] = thr;
      pruneThr[i] = thr - BOUND_SLACK;
      slotTouched[i] = nt;
    }
    for (let i = group; i < GROUP; i++) live[i] = 0;

    // 3. dense part over untouched offers, in upper-bound order, `chunk` tiles of 4 offers at a time:
    //    (a) which customers of the group need each tile, (b) the needed tiles' dot products (one
    //    WebAssembly call per chunk, or the JS tile), (c) top-K updates with the current thresholds.
    //    Thresholds only rise between (a) and (c), so (a) computes a superset of what a tile-by-tile
    //    scan would, and (c) rejects exactly (extra candidates cannot enter the top K).
    let stop = false;
    for (let p0 = 0; p0 < P && !stop; p0 += chunk * 4) {
      const first = p0 >> 2;
      let tiles = Math.min(chunk, (P - p0) >> 2);
      let anyNeed = 0;
      for (let z = 0; z < tiles; z++) {
        const p = p0 + z * 4;
        let bits = 0;
        let alive = 0;
        for (let i = 0; i < group; i++) {
          if (prune && live[i] === 1) {
            // Bound of everything left (suffix maxima): under the K-th best, this customer is done.
            if (boundBase[i]! + sufConst[p]! + boundScale[i]! * sufNorm[p]! + slotG[i]! * sufValue[p]! < pruneThr[i]!) {
              live[i] = 2;
              continue;
            }
            alive++;
            // Per-offer bounds of the tile's offers this customer has not touched: all under the K-th best, skip its dot products.
            const bb = boundBase[i]!;
            const bs = boundScale[i]!;
            const bg = slotG[i]!;
            const pt = pruneThr[i]!;
            const bit = 1 << i;
            let needed = false;
            // Stops at the first offer that may enter (on dense data, the first one).
            for (let q = p; q < p + 4 && !needed; q++) needed = (mark[q]! & bit) === 0 && !(bb + PC[q]! + bs * Fn[q]! + bg * H[q]! < pt);
            if (!needed) continue;
          } else if (live[i] === 2) {
            continue;
          } else {
            alive++;
          }
          bits |= 1 << i;
        }
        if (alive === 0) {
          // Every customer of the group is done: nothing from this tile on.
          tiles = z;
          stop = true;
          break;
        }
        need[z] = bits;
        anyNeed |= bits;
        // Dense parts computed for the tile's 4 offers, per needed customer (popcount of the 4 bits).
        evaluated += 4 * ((bits & 1) + ((bits >> 1) & 1) + ((bits >> 2) & 1) + (bits >> 3));
      }
      if (anyNeed === 0) continue;
      if (wasm !== undefined) {
        // The WebAssembly call also applies the whole-tile rejection below (same expression, the
        // thresholds as of now) and clears the rejected customers' bits: most tiles never reach JS.
        for (let i = 0; i < GROUP; i++) {
          slots[i] = boundBase[i]!;
          slots[4 + i] = slotG[i]!;
          slots[8 + i] = slotG[i]! >= 0 ? logThr[i]! : -Infinity;
        }
        wasmTiles(fOffset, xOffset, needOffset, dotsOffset, first, tiles, d, slotsOffset, tileConstantOffset, tileValueOffset, wX, BOUND_SLACK);
      } else {
        // JS tile (chunk of 1 tile, so the dots sit at 0..15).
        const bits = need[0]!;
        const fb = first * d4;
        if ((bits & (bits - 1)) === 0) {
          // One customer needs this tile: 1 x 4 tile, one load of its U[j] feeds four offers.
          const last = 31 - Math.clz32(bits);
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          for (let j = 0, f = fb, x = last; j < d; j++, f += 4, x += 4) {
            const u = X[x]!;
            s0 += u * F[f]!;
            s1 += u * F[f + 1]!;
            s2 += u * F[f + 2]!;
            s3 += u * F[f + 3]!;
          }
          dots[last * 4] = s0;
          dots[last * 4 + 1] = s1;
          dots[last * 4 + 2] = s2;
          dots[last * 4 + 3] = s3;
        } else {
          tile4x4(F, fb, X, d, dots);
        }
      }
      for (let z = 0; z < tiles; z++) {
        const bits = need[z]!;
        if (bits === 0) continue;
        const p = p0 + z * 4;
        const tile = first + z;
        for (let i = 0; i < group; i++) {
          const bit = 1 << i;
          if ((bits & bit) === 0) continue;
          const g = slotG[i]!;
          const thr0 = logThr[i]!;
          const di = z * 16 + i * 4;
          // Whole-tile rejection: the best of the 4 dots with the tile maxima of the other terms
          // (g >= 0) under the threshold means no lane can enter; most tiles end here.
          let best = dots[di]!;
          if (dots[di + 1]! > best) best = dots[di + 1]!;
          if (dots[di + 2]! > best) best = dots[di + 2]!;
          if (dots[di + 3]! > best) best = dots[di + 3]!;
          if (g >= 0 && boundBase[i]! + tileConst[tile]! + wX * best + g * tileValue[tile]! + BOUND_SLACK < thr0) continue;
          const c = c0 + i;
          const maskRow = c * words;
          const b = slotB[i]!;
          const sb = i * k;
          const kb = i * T;
          let n = count[i]!;
          let thr = thr0;
          for (let lane = 0; lane < 4; lane++) {
            const q = p + lane;
            if (q >= O || (mark[q]! & bit) !== 0) continue;
            const o = posOffer[q]!;
            if (useMask && ((maskWords[maskRow + (o >>> 5)]! >>> (o & 31)) & 1) === 0) continue;
            const L = wA * (b + A0[q]!) + wX * dots[di + lane]! + g * H[q]! + D[q]!;
            // Log space: a pair under the threshold cannot enter, so it needs no exp.
            if (L < thr) continue;
            n = insert(topScore, topOffer, topKey, keyCount, sb, kb, n, k, cap, Math.fround(Math.exp(L)), o, offerKey[o]!);
            if (n === k) thr = logThreshold(topScore[sb + k - 1]!);
          }
          count[i] = n;
          logThr[i] = thr;
          pruneThr[i] = thr - BOUND_SLACK;
        }
      }
    }

    for (let i = 0; i < group; i++) {
      const ts = i * P;
      const nt = slotTouched[i]!;
      for (let r = 0; r < nt; r++) mark[touched[ts + r]!] = 0;
      const c = c0 + i;
      const n = count[i]!;
      const sb = i * k;
      const kb = i * T;
      const row = c * k;
      for (let j = 0; j < n; j++) {
        outOffer[row + j] = topOffer[sb + j]!;
        outScore[row + j] = topScore[sb + j]!;
        // Reset only the keys this customer used, so the count array stays O(1) per customer.
        if (topKey[sb + j]! >= 0) keyCount[kb + topKey[sb + j]!] = 0;
      }
      for (let j = n; j < k; j++) {
        outOffer[row + j] = -1;
        outScore[row + j] = 0;
      }
      outCount[c] = n;
      written += n;
    }
  }
  scratch.evaluated += evaluated;
  scratch.touchedEvaluated += touchedEvaluated;
  return written;
}
