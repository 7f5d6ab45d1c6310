import { createRandom } from '../../lib/random.js';

/** How much engine `a` beats engine `b` on mean per-household AUC, with a paired bootstrap interval. */
export interface AucDifference {
  /** Mean over households of `auc_a - auc_b`, or `null` when no household has both a redeemed and an unredeemed offer. */
  readonly difference: number | null;
  /** Percentile bootstrap interval of `difference` at `level` (households resampled with replacement, paired). */
  readonly low: number | null;
  readonly high: number | null;
  /** Households averaged (those with at least one redeemed and one unredeemed offer). */
  readonly households: number;
  readonly resamples: number;
  readonly level: number;
}

/** Options of {@link pairedAucDifference}. */
export interface PairedAucDifferenceOptions {
  /** Bootstrap resamples. Default `2000`. */
  resamples?: number;
  /** Two-sided coverage of the interval. Default `0.95`. */
  level?: number;
  /** Seed of the resampling. Default `1`. */
  seed?: number;
}

/**
 * AUC of each household's ranking of `offers` offers: pairs `h * offers + o`, row-major, higher score
 * first, ties count 0.5 (the Mann-Whitney U over redeemed x unredeemed). `NaN` for a household with no
 * redeemed or no unredeemed offer. Averaging the finite entries gives the mean per-household AUC of
 * `measure`'s `backtest`.
 *
 * Cost: O(households · offers log offers); one scratch index array.
 * @throws RangeError when `label.length` is not a multiple of `offers` or `score` differs in length.
 * @example
 * householdAucs(Uint8Array.of(1, 0, 0, 1), 2, [2, 1, 2, 1]); // Float64Array [1, 0]
 */
export function householdAucs(label: Uint8Array, offers: number, score: ArrayLike<number>): Float64Array {
  if (!Number.isInteger(offers) || offers < 1 || label.length % offers !== 0) {
    throw new RangeError(`householdAucs: ${label.length} labels are not whole rows of ${offers} offers`);
  }
  if (score.length !== label.length) throw new RangeError(`householdAucs: ${score.length} scores for ${label.length} labels; pass one score per pair`);
  const H = label.length / offers;
  const out = new Float64Array(H);
  const order = new Int32Array(offers);
  for (let h = 0; h < H; h++) {
    const base = h * offers;
    for (let o = 0; o < offers; o++) order[o] = base + o;
    // ascending by score; a typed-array sort with a comparator, once per household (not in an inner loop)
    order.sort((x, y) => score[x]! - score[y]!);
    let negBelow = 0;
    let pos = 0;
    let wins = 0;
    let i = 0;
    while (i < offers) {
      const s = score[order[i]!]!;
      let gPos = 0;
      let gNeg = 0;
      while (i < offers && score[order[i]!]! === s) {
        if (label[order[i]!] === 1) gPos++;
        else gNeg++;
        i++;
      }
      wins += gPos * (negBelow + 0.5 * gNeg);
      negBelow += gNeg;
      pos += gPos;
    }
    out[h] = pos > 0 && negBelow > 0 ? wins / (pos * negBelow) : Number.NaN;
  }
  return out;
}

/**
 * Paired comparison of two rankings of the same (household, offer) pairs on mean per-household AUC:
 * the mean difference `a - b` over households with a redeemed and an unredeemed offer, and a percentile
 * bootstrap interval that resamples those households (both engines keep the same households, so the
 * household-to-household noise cancels). "Clearly better" reads as `low > 0`.
 *
 * Cost: O(households · offers log offers + resamples · households). Inputs are not mutated.
 * @throws RangeError on mismatched lengths, `resamples < 1` or `level` outside (0, 1).
 * @example
 * const d = pairedAucDifference(pairs.label, pairs.offers.length, pairs.engineScore, popularityPerPair);
 * d.difference; d.low; d.high; // e.g. 0.018, 0.006, 0.030
 */
export function pairedAucDifference(
  label: Uint8Array,
  offers: number,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: PairedAucDifferenceOptions = {},
): AucDifference {
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`pairedAucDifference: resamples must be a whole number >= 1, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`pairedAucDifference: level must be in (0, 1), got ${level}`);
  const aucA = householdAucs(label, offers, a);
  const aucB = householdAucs(label, offers, b);
  const diffs: number[] = [];
  for (let h = 0; h < aucA.length; h++) if (Number.isFinite(aucA[h]!) && Number.isFinite(aucB[h]!)) diffs.push(aucA[h]! - aucB[h]!);
  const n = diffs.length;
  if (n === 0) return { difference: null, low: null, high: null, households: 0, resamples, level };
  let total = 0;
  for (let i = 0; i < n; i++) total += diffs[i]!;
  const rng = createRandom(options.seed ?? 1);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += diffs[Math.floor(rng.next() * n)]!;
    means[r] = s / n;
  }
  means.sort();
  const tail = (1 - level) / 2;
  const at = (q: number): number => means[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
  return { difference: total / n, low: at(tail), high: at(1 - tail), households: n, resamples, level };
}
