import { transposeCsr } from '../ingest/csr.js';
import type { OfferTable } from '../ingest/offerTable.js';
import { OFFER_KINDS } from '../schema/offer.js';
import type { Profiles } from '../profile/profiles.js';
import type { Candidates } from './candidates.js';
import type { EligibilityMask } from './eligibilityMask.js';

const GENERIC = OFFER_KINDS.indexOf('generic');

/**
 * The discovery mask: the pairs of `eligible` whose offer is targeted (not generic) and touches none
 * of the categories in the customer's profile, i.e. an offer for something the customer does not
 * buy yet. Scoring these separately with a small K is what lets `discoveryShare` reserve its slots:
 * such offers rarely reach a customer's overall top K, since relevance rewards what they already buy.
 * Inputs are not mutated.
 *
 * @example
 * const disc = discoveryMask(eligibility, wordsPerCustomer, profiles, data.offers);
 * scoreAll(model, { k: 2, eligible: disc });
 * Cost: O(customers x words + profile entries x offers per category).
 */
export function discoveryMask(eligible: EligibilityMask, wordsPerCustomer: number, profiles: Profiles, offers: OfferTable): EligibilityMask {
  const n = profiles.customerCount;
  if (eligible.words.length !== n * wordsPerCustomer) {
    throw new RangeError(`discoveryMask: the eligibility mask has ${eligible.words.length} words, expected ${n} customers x ${wordsPerCustomer}`);
  }
  const words = eligible.words.slice();
  const generic = new Uint32Array(wordsPerCustomer);
  for (let o = 0; o < offers.ids.size; o++) if (offers.kind[o] === GENERIC) generic[o >>> 5]! |= 1 << (o & 31);
  const byCategory = transposeCsr(offers.categories, targetedCategoryCount(offers));
  for (let c = 0; c < n; c++) {
    const base = c * wordsPerCustomer;
    for (let w = 0; w < wordsPerCustomer; w++) words[base + w]! &= ~generic[w]!;
    for (let j = profiles.rowPtr[c]!; j < profiles.rowPtr[c + 1]!; j++) {
      const cat = profiles.category[j]!;
      if (cat + 1 >= byCategory.rowPtr.length) continue;
      for (let q = byCategory.rowPtr[cat]!; q < byCategory.rowPtr[cat + 1]!; q++) {
        const o = byCategory.index[q]!;
        words[base + (o >>> 5)]! &= ~(1 << (o & 31));
      }
    }
  }
  return { words };
}

/** Categories the inverted index must cover: every category an offer targets (profile categories beyond them touch no offer). */
function targetedCategoryCount(offers: OfferTable): number {
  let max = -1;
  const idx = offers.categories.index;
  for (let i = 0; i < idx.length; i++) if (idx[i]! > max) max = idx[i]!;
  return max + 1;
}

/**
 * Each customer's `main` candidates followed by the `extra` ones not already among them, in a
 * candidate set of K = main.k + extra.k (each part keeps its own score order).
 *
 * @example mergeCandidates(scoreAll(model, { k: 16 }), scoreAll(model, { k: 1, eligible: disc })).k; // 17
 * Cost: O(customers x main.k x extra.k).
 */
export function mergeCandidates(main: Candidates, extra: Candidates): Candidates {
  if (main.customerCount !== extra.customerCount) {
    throw new RangeError(`mergeCandidates: main covers ${main.customerCount} customers, extra ${extra.customerCount}`);
  }
  const n = main.customerCount;
  const k = main.k + extra.k;
  const offer = new Int32Array(n * k).fill(-1);
  const score = new Float32Array(n * k);
  const count = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    const out = c * k;
    let m = 0;
    for (let j = 0; j < main.count[c]!; j++) {
      offer[out + m] = main.offer[c * main.k + j]!;
      score[out + m] = main.score[c * main.k + j]!;
      m++;
    }
    const first = m;
    for (let j = 0; j < extra.count[c]!; j++) {
      const o = extra.offer[c * extra.k + j]!;
      let seen = false;
      for (let q = 0; q < first && !seen; q++) seen = offer[out + q] === o;
      if (seen) continue;
      offer[out + m] = o;
      score[out + m] = extra.score[c * extra.k + j]!;
      m++;
    }
    count[c] = m;
  }
  return { k, customerCount: n, offer, score, count };
}
