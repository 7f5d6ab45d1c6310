import type { Candidates } from './candidates.js';
import type { EligibilityMask } from './eligibilityMask.js';
import type { RelevanceModel } from './relevanceModel.js';
import { scorePair } from './scorePair.js';

/** Options of {@link scoreAllReference}. */
export interface ScoreAllReferenceOptions {
  /** Candidates kept per customer. Default `16`. */
  k?: number;
  /** Offers a customer may receive (bit set = eligible); default every offer. */
  eligible?: EligibilityMask;
}

/**
 * The plain reference of `scoreAll`: every pair scored with {@link scorePair}, scores rounded to
 * float32 as stored, then fully sorted by score descending and offer index ascending. Slow on
 * purpose; property tests compare the kernel with it.
 *
 * @example
 * const ref = scoreAllReference(model, { k: 4 });
 * Cost: O(customers · offers · (|T(o)| · entries + d) + customers · offers · log offers), with allocation.
 */
export function scoreAllReference(model: RelevanceModel, options: ScoreAllReferenceOptions = {}): Candidates {
  const k = options.k ?? 16;
  const C = model.customerCount;
  const O = model.offerCount;
  const words = Math.ceil(O / 32);
  const offer = new Int32Array(C * k).fill(-1);
  const score = new Float32Array(C * k);
  const count = new Int32Array(C);
  for (let c = 0; c < C; c++) {
    const all: { o: number; s: number }[] = [];
    for (let o = 0; o < O; o++) {
      if (options.eligible !== undefined && ((options.eligible.words[c * words + (o >>> 5)]! >>> (o & 31)) & 1) === 0) continue;
      all.push({ o, s: Math.fround(scorePair(model, c, o).total) });
    }
    all.sort((a, b) => b.s - a.s || a.o - b.o);
    const top = all.slice(0, k);
    count[c] = top.length;
    top.forEach((x, j) => {
      offer[c * k + j] = x.o;
      score[c * k + j] = x.s;
    });
  }
  return { k, customerCount: C, offer, score, count };
}
