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
  /** Per position: bit i set while the offer is touched by the bought categories of the group's customer i. */
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
  readonly slotPass: Uint8Array;
  /** The 4 x 4 dot products of the current register tile, `[slot * 4 + lane]`. */
  readonly dots: Float64Array;
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
 * Cost: O(offers + k + categories).
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
    slotPass: new Uint8Array(GROUP),
    dots: new Float64Array(GROUP * 4),
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

