import type { Candidates } from './candidates.js';
import type { EligibilityMask } from './eligibilityMask.js';
import type { RelevanceModel } from './relevanceModel.js';
import { scorePair } from './scorePair.js';
import { resolveMaxPerCategory } from './scoreInto.js';

/** Options of {@link scoreAllReference}. */
export interface ScoreAllReferenceOptions {
  /** Candidates kept per customer. Default `16`. */
  k?: number;
  /** Offers a customer may receive (bit set = eligible); default every offer. */
  eligible?: EligibilityMask;
  /** At most this many candidates per `model.offerKey` (generic offers uncapped); `Infinity` for none. Default `2`. */
  maxPerCategory?: number;
}

/**
 * The plain reference of `scoreAll`: every pair scored with {@link scorePair}, its `score` (`exp` of
 * the log score) rounded to float32 as stored, then fully sorted by score descending and offer index ascending. Slow on
 * purpose; property tests compare the kernel with it.
 *
 * @example
 * const ref = scoreAllReference(model, { k: 4 });
 * Cost: O(customers · offers · (|T(o)| · entries + d) + customers · offers · log offers), with allocation.
 */
export function scoreAllReference(model: RelevanceModel, options: ScoreAllReferenceOptions = {}): Candidates {
  const k = options.k ?? 16;
  const cap = resolveMaxPerCategory(options.maxPerCategory, 'scoreAllReference');
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
      all.push({ o, s: Math.fround(scorePair(model, c, o).score) });
    }
    all.sort((a, b) => b.s - a.s || a.o - b.o);
    // Greedy in rank order, skipping offers whose category key already holds `cap` candidates.
    const perKey = new Map<number, number>();
    const top: { o: number; s: number }[] = [];
    for (const x of all) {
      if (top.length === k) break;
      const key = model.offerKey[x.o]!;
      const used = perKey.get(key) ?? 0;
      if (key >= 0 && used >= cap) continue;
      perKey.set(key, used + 1);
      top.push(x);
    }
    count[c] = top.length;
    top.forEach((x, j) => {
      offer[c * k + j] = x.o;
      score[c * k + j] = x.s;
    });
  }
  return { k, customerCount: C, offer, score, count };
}
