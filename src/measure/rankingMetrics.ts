/**
 * Households' ranked offers with redemption labels, CSR layout: household `h` owns pairs
 * `rowPtr[h]..rowPtr[h+1]`, sorted by score descending with ties in the order the ranking gave them.
 * Build it with {@link labelPairs} or {@link labelCandidates}.
 */
export interface LabeledPairs {
  /** `households + 1` offsets into `score` and `label`. */
  readonly rowPtr: Int32Array;
  /** Score of each (household, offer) pair; higher ranks first. */
  readonly score: Float64Array;
  /** 1 when the household redeemed the offer, else 0. */
  readonly label: Uint8Array;
}

/** A per-household mean of a metric, with how many households it averages. */
export interface HouseholdMean {
  /** The mean, or `null` when no household qualifies. */
  readonly value: number | null;
  /** Households averaged. */
  readonly households: number;
}

/** Options of {@link topDecileLift}. */
export interface TopDecileLiftOptions {
  /** Share of each household's ranked pairs taken from the top (rounded up, at least 1). Default `0.1`. */
  fraction?: number;
}

/** The redemption rate among each household's top-ranked pairs against the overall rate. */
export interface TopDecileLift {
  /** `topRate / baseRate`, or `null` when there is no positive (base rate 0) or no pair. */
  readonly lift: number | null;
  /** Redemption rate among the top pairs pooled over households, or `null` without pairs. */
  readonly topRate: number | null;
  /** Redemption rate over all pairs, or `null` without pairs. */
  readonly baseRate: number | null;
  /** Pairs in the top selection. */
  readonly topPairs: number;
}

/** Throws a RangeError unless the layout is consistent and each row is sorted by score descending. */
export function checkLabeledPairs(pairs: LabeledPairs, caller: string): void {
  const { rowPtr, score, label } = pairs;
  const h = rowPtr.length - 1;
  if (h < 0 || rowPtr[0] !== 0 || rowPtr[h] !== score.length || label.length !== score.length) {
    throw new RangeError(`${caller}: rowPtr must start at 0 and end at score.length = label.length`);
  }
  for (let r = 0; r < h; r++) {
    const end = rowPtr[r + 1];
    if (end < rowPtr[r]) throw new RangeError(`${caller}: rowPtr must not decrease (household ${r})`);
    for (let i = rowPtr[r] + 1; i < end; i++) {
      if (!(score[i] <= score[i - 1])) {
        throw new RangeError(`${caller}: household ${r} is not sorted by score descending at pair ${i}; build pairs with labelPairs`);
      }
    }
  }
}

/**
 * ROC AUC of each household's ranking, averaged over households with at least one redeemed and one
 * unredeemed offer: the chance that a redeemed offer outscores an unredeemed one (ties count 0.5),
 * i.e. the Mann-Whitney U statistic over P·N.
 *
 * @example
 * householdAuc(labelPairs([{ offers: ['a', 'b'], scores: [2, 1] }], [['a']])); // { value: 1, households: 1 }
 *
 * Cost: O(pairs) (one upward pass per sorted row, tie groups at once).
 */
export function householdAuc(pairs: LabeledPairs): HouseholdMean {
  checkLabeledPairs(pairs, 'householdAuc');
  const { rowPtr, score, label } = pairs;
  let total = 0;
  let households = 0;
  for (let r = 0; r + 1 < rowPtr.length; r++) {
    const start = rowPtr[r];
    let negBelow = 0;
    let pos = 0;
    let wins = 0;
    // walk from the lowest score up, one tie group at a time
    let i = rowPtr[r + 1] - 1;
    while (i >= start) {
      const s = score[i];
      let gPos = 0;
      let gNeg = 0;
      while (i >= start && score[i] === s) {
        if (label[i] === 1) gPos++;
        else gNeg++;
        i--;
      }
      wins += gPos * (negBelow + 0.5 * gNeg);
      negBelow += gNeg;
      pos += gPos;
    }
    if (pos > 0 && negBelow > 0) {
      total += wins / (pos * negBelow);
      households++;
    }
  }
  return { value: households === 0 ? null : total / households, households };
}

/**
 * Pooled (global) ROC AUC over all pairs of all households: ranks every redeemed pair against every
 * unredeemed pair regardless of household (ties 0.5), so it also rewards scores that are comparable
 * across households.
 *
 * @returns The AUC, or `null` when there is no redeemed or no unredeemed pair.
 *
 * @example
 * pooledAuc(labelPairs([{ offers: ['a'], scores: [2] }, { offers: ['b'], scores: [1] }], [['a'], []])); // 1
 *
 * Cost: O(P log P + N log N) for P redeemed and N unredeemed pairs; O(pairs) scratch.
 */
export function pooledAuc(pairs: LabeledPairs): number | null {
  checkLabeledPairs(pairs, 'pooledAuc');
  const { score, label } = pairs;
  let nPos = 0;
  for (let i = 0; i < label.length; i++) nPos += label[i];
  const nNeg = label.length - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  let p = 0;
  let q = 0;
  for (let i = 0; i < label.length; i++) {
    if (label[i] === 1) pos[p++] = score[i];
    else neg[q++] = score[i];
  }
  // typed-array sort is numeric and native: no comparator closure
  pos.sort();
  neg.sort();
  let less = 0; // negatives strictly below the current positive
  let lessOrEqual = 0; // negatives at or below it
  let wins = 0;
  for (let i = 0; i < nPos; i++) {
    const s = pos[i];
    while (less < nNeg && neg[less] < s) less++;
    if (lessOrEqual < less) lessOrEqual = less;
    while (lessOrEqual < nNeg && neg[lessOrEqual] <= s) lessOrEqual++;
    wins += less + 0.5 * (lessOrEqual - less);
  }
  return wins / nPos / nNeg;
}

function checkK(k: number, caller: string): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`${caller}: k must be an integer >= 1, got ${k}`);
}

/**
 * Precision@K: the share of redeemed offers among each household's top `min(K, ranked)` offers,
 * averaged over households with at least one redeemed offer in their ranking.
 *
 * @throws RangeError when `k` is not an integer ≥ 1.
 *
 * @example
 * precisionAtK(labelPairs([{ offers: ['a', 'b', 'c'], scores: [3, 2, 1] }], [['b']]), 2); // { value: 0.5, households: 1 }
 *
 * Cost: O(pairs).
 */
export function precisionAtK(pairs: LabeledPairs, k: number): HouseholdMean {
  checkK(k, 'precisionAtK');
  checkLabeledPairs(pairs, 'precisionAtK');
  const { rowPtr, label } = pairs;
  let total = 0;
  let households = 0;
  for (let r = 0; r + 1 < rowPtr.length; r++) {
    const start = rowPtr[r];
    const end = rowPtr[r + 1];
    let pos = 0;
    let hits = 0;
    const top = Math.min(start + k, end);
    for (let i = start; i < end; i++) {
      pos += label[i];
      if (i < top) hits += label[i];
    }
    if (pos > 0) {
      total += hits / (top - start);
      households++;
    }
  }
  return { value: households === 0 ? null : total / households, households };
}

/**
 * NDCG@K with binary gains: `DCG = Σ_{i<K} label_i / log2(i + 2)` over each household's ranked
 * offers, divided by the DCG of the ideal ordering of that household's ranking, averaged over
 * households with at least one redeemed offer. In `[0, 1]`; 1 when every redeemed offer ranks above
 * every other (up to K).
 *
 * @throws RangeError when `k` is not an integer ≥ 1.
 *
 * @example
 * ndcgAtK(labelPairs([{ offers: ['a', 'b'], scores: [2, 1] }], [['b']]), 2); // { value: 0.6309, households: 1 }
 *
 * Cost: O(pairs + min(K, longest row)).
 */
export function ndcgAtK(pairs: LabeledPairs, k: number): HouseholdMean {
  checkK(k, 'ndcgAtK');
  checkLabeledPairs(pairs, 'ndcgAtK');
  const { rowPtr, label } = pairs;
  let longest = 0;
  for (let r = 0; r + 1 < rowPtr.length; r++) longest = Math.max(longest, rowPtr[r + 1] - rowPtr[r]);
  const depth = Math.min(k, longest);
  // discounts and ideal DCG prefixes computed once: no log2 inside the pair loop
  const discount = new Float64Array(depth);
  const ideal = new Float64Array(depth + 1);
  for (let i = 0; i < depth; i++) {
    discount[i] = 1 / Math.log2(i + 2);
    ideal[i + 1] = ideal[i] + discount[i];
  }
  let total = 0;
  let households = 0;
  for (let r = 0; r + 1 < rowPtr.length; r++) {
    const start = rowPtr[r];
    const end = rowPtr[r + 1];
    let pos = 0;
    let dcg = 0;
    for (let i = start; i < end; i++) {
      if (label[i] === 1) {
        pos++;
        if (i - start < depth) dcg += discount[i - start];
      }
    }
    if (pos > 0) {
      total += dcg / ideal[Math.min(pos, depth)];
      households++;
    }
  }
  return { value: households === 0 ? null : total / households, households };
}

/**
 * Top-decile lift: the redemption rate among each household's top-ranked `ceil(fraction · n)` pairs
 * (at least 1; pooled over households) divided by the redemption rate over all pairs. 1 means the
 * ranking is no better than chance; higher is better.
 *
 * @throws RangeError when `fraction` is not in `(0, 1]`.
 *
 * @example
 * topDecileLift(pairs).lift; // e.g. 3.2
 *
 * Cost: O(pairs).
 */
export function topDecileLift(pairs: LabeledPairs, options?: TopDecileLiftOptions): TopDecileLift {
  const fraction = options?.fraction ?? 0.1;
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction <= 1)) {
    throw new RangeError(`topDecileLift: fraction must be in (0, 1], got ${String(fraction)}`);
  }
  checkLabeledPairs(pairs, 'topDecileLift');
  const { rowPtr, label } = pairs;
  let topPairs = 0;
  let topHits = 0;
  let allHits = 0;
  for (let r = 0; r + 1 < rowPtr.length; r++) {
    const start = rowPtr[r];
    const n = rowPtr[r + 1] - start;
    if (n === 0) continue;
    // the small epsilon keeps 0.1 * 30 = 3.0000000000000004 from rounding up to 4
    const m = Math.max(1, Math.ceil(fraction * n - 1e-9));
    topPairs += m;
    for (let i = 0; i < n; i++) {
      const l = label[start + i];
      allHits += l;
      if (i < m) topHits += l;
    }
  }
  const total = label.length;
  if (total === 0) return { lift: null, topRate: null, baseRate: null, topPairs };
  const topRate = topHits / topPairs;
  const baseRate = allHits / total;
  return { lift: baseRate === 0 ? null : topRate / baseRate, topRate, baseRate, topPairs };
}
