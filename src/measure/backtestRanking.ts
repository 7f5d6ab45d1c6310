import type { Candidates } from '../score/candidates.js';
import { labelCandidates, labelPairs, type HouseholdRanking, type RedeemedSets } from './labelPairs.js';
import { householdAuc, ndcgAtK, pooledAuc, precisionAtK, topDecileLift } from './rankingMetrics.js';

/** Options of {@link backtestRanking}. */
export interface BacktestRankingOptions {
  /** Cut-off of precision@K and NDCG@K. Default `6` (the default mailer slots). */
  k?: number;
  /** Share of each household's ranking taken as its top decile. Default `0.1`. */
  topFraction?: number;
}

/** The result of {@link backtestRanking}. */
export interface RankingBacktest {
  readonly k: number;
  readonly households: number;
  /** Ranked (household, offer) pairs. */
  readonly pairs: number;
  /** Ranked pairs the household redeemed. */
  readonly positives: number;
  /** Redemptions of offers missing from the household's ranking (not in any metric). */
  readonly unrankedPositives: number;
  /** Households with ≥ 1 redeemed ranked offer (averaged by precision@K and NDCG@K). */
  readonly householdsWithPositive: number;
  /** Households with ≥ 1 redeemed and ≥ 1 unredeemed ranked offer (averaged by AUC). */
  readonly householdsForAuc: number;
  /** Mean per-household AUC, or `null`. */
  readonly auc: number | null;
  /** Pooled AUC over all pairs, or `null`. */
  readonly pooledAuc: number | null;
  readonly precisionAtK: number | null;
  readonly ndcgAtK: number | null;
  /** Redemption rate in the households' top decile over the overall rate, or `null`. */
  readonly topDecileLift: number | null;
  readonly topDecileRate: number | null;
  readonly baseRate: number | null;
}

function isCandidates(x: readonly HouseholdRanking[] | Candidates): x is Candidates {
  return !Array.isArray(x) && typeof (x as Candidates).customerCount === 'number';
}

/**
 * Backtests a ranking against what households actually redeemed: mean per-household AUC, pooled AUC,
 * precision@K, NDCG@K and top-decile lift, with the counts behind them.
 *
 * @param rankings - Per household, offers and scores; or the scoring stage's {@link Candidates}.
 * @param redeemed - Per household, the offers redeemed (dense offer indices for Candidates).
 * @param options - Cut-offs, see {@link BacktestRankingOptions}.
 * @throws RangeError on mismatched lengths, repeated offers, NaN scores, `k < 1` or a bad fraction.
 *
 * @example
 * const r = backtestRanking(
 *   [{ offers: ['a', 'b', 'c'], scores: [3, 2, 1] }, { offers: ['a', 'b', 'c'], scores: [1, 2, 3] }],
 *   [['a'], ['a']],
 *   { k: 1 },
 * );
 * r.auc;          // 0.5 (1 for the first household, 0 for the second)
 * r.precisionAtK; // 0.5
 *
 * Cost: O(Σ n log n) to sort households' rankings plus O(P log P + N log N) for the pooled AUC.
 */
export function backtestRanking(
  rankings: readonly HouseholdRanking[] | Candidates,
  redeemed: RedeemedSets,
  options?: BacktestRankingOptions,
): RankingBacktest {
  const k = options?.k ?? 6;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`backtestRanking: k must be an integer >= 1, got ${k}`);
  const pairs = isCandidates(rankings) ? labelCandidates(rankings, redeemed) : labelPairs(rankings, redeemed);
  const auc = householdAuc(pairs);
  const precision = precisionAtK(pairs, k);
  const ndcg = ndcgAtK(pairs, k);
  const decile = topDecileLift(pairs, { fraction: options?.topFraction ?? 0.1 });
  let positives = 0;
  for (let i = 0; i < pairs.label.length; i++) positives += pairs.label[i];
  return {
    k,
    households: pairs.rowPtr.length - 1,
    pairs: pairs.label.length,
    positives,
    unrankedPositives: pairs.unrankedPositives,
    householdsWithPositive: precision.households,
    householdsForAuc: auc.households,
    auc: auc.value,
    pooledAuc: pooledAuc(pairs),
    precisionAtK: precision.value,
    ndcgAtK: ndcg.value,
    topDecileLift: decile.lift,
    topDecileRate: decile.topRate,
    baseRate: decile.baseRate,
  };
}
