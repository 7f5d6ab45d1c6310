import type { Candidates } from '../score/candidates.js';
import type { LabeledPairs } from './rankingMetrics.js';

/** An offer id (string) or dense offer index (number). */
export type OfferKey = string | number;

/** One household's ranking: offers and their scores (any order; a higher score ranks first). */
export interface HouseholdRanking {
  readonly offers: readonly OfferKey[];
  /** One finite score (or ±Infinity) per offer. */
  readonly scores: ArrayLike<number>;
}

/** What each household actually redeemed (`undefined`/`null` for nothing). */
export type RedeemedSets = readonly (Iterable<OfferKey> | null | undefined)[];

/** {@link LabeledPairs} plus the redemptions that no ranking contained. */
export interface LabeledPairsWithMisses extends LabeledPairs {
  /** Redeemed offers absent from the household's ranking (not counted by any metric). */
  readonly unrankedPositives: number;
}

function toSet(items: Iterable<OfferKey> | null | undefined): Set<OfferKey> {
  return items == null ? new Set() : items instanceof Set ? (items as Set<OfferKey>) : new Set(items);
}

/**
 * Labels each household's ranked offers with whether the household redeemed them, sorted by score
 * descending (ties keep the given order).
 *
 * @param rankings - Per household, offers and scores (not mutated).
 * @param redeemed - Per household (same order), the offers redeemed.
 * @throws RangeError when lengths differ, an offer repeats within a household, or a score is NaN.
 *
 * @example
 * const pairs = labelPairs([{ offers: ['a', 'b'], scores: [0.2, 0.9] }], [['a']]);
 * pairs.label; // Uint8Array [0, 1] (b ranks first)
 *
 * Cost: O(Σ n log n) over households of n ranked offers; one Set per household.
 */
export function labelPairs(rankings: readonly HouseholdRanking[], redeemed: RedeemedSets): LabeledPairsWithMisses {
  if (rankings.length !== redeemed.length) {
    throw new RangeError(`labelPairs: rankings (${rankings.length}) and redeemed (${redeemed.length}) must have one entry per household`);
  }
  let total = 0;
  for (let h = 0; h < rankings.length; h++) {
    const { offers, scores } = rankings[h];
    if (offers.length !== scores.length) {
      throw new RangeError(`labelPairs: household ${h} has ${offers.length} offers but ${scores.length} scores`);
    }
    total += offers.length;
  }
  const rowPtr = new Int32Array(rankings.length + 1);
  const score = new Float64Array(total);
  const label = new Uint8Array(total);
  let unrankedPositives = 0;
  let at = 0;
  for (let h = 0; h < rankings.length; h++) {
    const { offers, scores } = rankings[h];
    const wanted = toSet(redeemed[h]);
    const seen = new Set<OfferKey>();
    const order: number[] = [];
    for (let j = 0; j < offers.length; j++) {
      if (Number.isNaN(scores[j])) throw new RangeError(`labelPairs: household ${h} offer ${String(offers[j])} has a NaN score`);
      if (seen.has(offers[j])) throw new RangeError(`labelPairs: household ${h} ranks offer ${String(offers[j])} twice`);
      seen.add(offers[j]);
      order.push(j);
    }
    order.sort((x, y) => scores[y] - scores[x] || x - y);
    for (let j = 0; j < order.length; j++) {
      score[at + j] = scores[order[j]];
      label[at + j] = wanted.has(offers[order[j]]) ? 1 : 0;
    }
    for (const o of wanted) if (!seen.has(o)) unrankedPositives++;
    at += offers.length;
    rowPtr[h + 1] = at;
  }
  return { rowPtr, score, label, unrankedPositives };
}

/**
 * Labels the scoring kernel's top-K candidates with redemptions given as dense offer indices. A row
 * sorted by score (the kernel's order) is taken as it is; a row that is not (`mergeCandidates`
 * appends discovery candidates in their own order) is ranked by score, ties keeping their position,
 * as {@link labelPairs} ranks.
 *
 * @param candidates - The scoring stage's {@link Candidates} (not mutated).
 * @param redeemed - Per customer (dense index), the dense offer indices redeemed.
 * @throws RangeError when `redeemed.length !== candidates.customerCount`.
 *
 * @example
 * const pairs = labelCandidates(candidates, redeemedByCustomer);
 *
 * Cost: O(customers · k + redemptions), plus O(k log k) per unsorted row.
 */
export function labelCandidates(candidates: Candidates, redeemed: RedeemedSets): LabeledPairsWithMisses {
  const { k, customerCount, offer, score: cScore, count } = candidates;
  if (redeemed.length !== customerCount) {
    throw new RangeError(`labelCandidates: redeemed (${redeemed.length}) must have one entry per customer (${customerCount})`);
  }
  let total = 0;
  for (let c = 0; c < customerCount; c++) total += count[c];
  const rowPtr = new Int32Array(customerCount + 1);
  const score = new Float64Array(total);
  const label = new Uint8Array(total);
  let unrankedPositives = 0;
  let at = 0;
  for (let c = 0; c < customerCount; c++) {
    const wanted = toSet(redeemed[c]);
    const base = c * k;
    const n = count[c];
    let sorted = true;
    for (let j = 1; j < n && sorted; j++) if (cScore[base + j] > cScore[base + j - 1]) sorted = false;
    // The kernel's rows are sorted, so the order array is only built for merged rows.
    const order: number[] | null = sorted ? null : Array.from({ length: n }, (_, j) => j).sort((x, y) => cScore[base + y] - cScore[base + x] || x - y);
    let found = 0;
    for (let j = 0; j < n; j++) {
      const from = order === null ? base + j : base + order[j];
      score[at + j] = cScore[from];
      if (wanted.has(offer[from])) {
        label[at + j] = 1;
        found++;
      }
    }
    unrankedPositives += wanted.size - found;
    at += count[c];
    rowPtr[c + 1] = at;
  }
  return { rowPtr, score, label, unrankedPositives };
}
