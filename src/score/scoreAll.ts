import type { Candidates } from './candidates.js';
import type { EligibilityMask } from './eligibilityMask.js';
import { kernelOf } from './compileKernel.js';
import type { KernelModel } from './kernelModel.js';
import type { RelevanceModel } from './relevanceModel.js';
import { createCandidates, createScoreScratch, scoreInto } from './scoreInto.js';

/** Options of {@link scoreAll}. */
export interface ScoreAllOptions {
  /** Candidates kept per customer. Default `16`. */
  k?: number;
  /** Offers each customer may receive (precomputed bitset); default every offer. */
  eligible?: EligibilityMask;
  /** Upper-bound pruning (exact either way). Default `true`. */
  prune?: boolean;
  /** At most this many candidates per offer category (see `ScoreIntoOptions.maxPerCategory`); `Infinity` for none. Default `2`. */
  maxPerCategory?: number;
  /** Dense dot products with the WebAssembly SIMD tile (`false`: the JS tile; `true`: required); same results either way (see `ScoreIntoOptions.simd`). Default auto-detect. */
  simd?: boolean;
}

/**
 * Scores every customer against every offer and keeps each one's top K (at most `maxPerCategory`
 * per category), best first, ties by lower offer index: the convenience wrapper that allocates the output and scratch around {@link scoreInto}.
 * `model` is a fitted model (its kernel layout compiled once and cached, see `compileKernel`) or a `KernelModel`.
 *
 * @example
 * const top = scoreAll(model, { k: 8 });
 * top.offer[c * top.k]; // customer c's best offer
 * Cost: O(customers · scanned offers · d) time; O(customers · k + offers · d) memory.
 */
export function scoreAll(model: RelevanceModel | KernelModel, options: ScoreAllOptions = {}): Candidates {
  const k = options.k ?? 16;
  const kernel = kernelOf(model);
  const out = createCandidates(kernel.customerCount, k);
  const scratch = createScoreScratch(kernel, k);
  scoreInto(kernel, 0, kernel.customerCount, out, scratch, { eligible: options.eligible, prune: options.prune, maxPerCategory: options.maxPerCategory, simd: options.simd });
  return out;
}
