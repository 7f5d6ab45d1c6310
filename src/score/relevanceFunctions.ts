/**
 * Empirical-Bayes shrunk affinity of a customer for a category, as a bounded log lift.
 *
 * The customer's spend share `share` in the category is shrunk toward the population share `prior`
 * with `shrinkage` pseudo-visits: `shrunk = (evidence * share + shrinkage * prior) / (evidence + shrinkage)`,
 * and the affinity is `cap * tanh(log(shrunk / prior) / cap)`: the log lift over the population,
 * smoothly bounded to `(-cap, cap)`. With `share = 0` the lift is `shrinkage / (evidence + shrinkage)`
 * whatever the prior, so a customer with much history who never buys the category gets a negative
 * affinity, and one with a single visit barely moves from 0: one purchase is not loyalty.
 *
 * @param share customer's share of recency-weighted spend in the category, in [0, 1]
 * @param evidence customer's effective (recency-weighted) visit count
 * @param prior population share of the category (`Profiles.spendShare`)
 * @example shrunkAffinity(0.5, 10, 0.05, 4, 3) // ≈ 1.89 (lift 7.3, bounded)
 * Cost: O(1).
 */
export function shrunkAffinity(share: number, evidence: number, prior: number, shrinkage: number, cap: number): number {
  const denominator = evidence + shrinkage;
  if (!(denominator > 0)) return 0;
  // Written as (evidence * share / prior + shrinkage) / denominator so share = 0 gives exactly shrinkage / denominator for every prior.
  const ratio = share > 0 ? share / (prior > 1e-12 ? prior : 1e-12) : 0;
  const lift = (evidence * ratio + shrinkage) / denominator;
  return cap * Math.tanh(Math.log(lift) / cap);
}

/**
 * Replenishment due-ness of a category: `x = elapsedDays / cycleDays` cycles since the last purchase,
 * `due(x) = (x * e^(1 - x)) ** shape`. It is 0 right after a purchase, rises smoothly to its peak 1
 * exactly at one cycle, and decays after (shape 3: 0.40 at two cycles, 0.07 at three), since a
 * customer who skipped several cycles has likely switched store or brand. `0` when the cycle is unknown.
 *
 * @example dueness(30, 30, 3) // 1
 * Cost: O(1).
 */
export function dueness(elapsedDays: number, cycleDays: number, shape: number): number {
  if (!(cycleDays > 0) || !(elapsedDays > 0)) return 0;
  const x = elapsedDays / Math.max(1, cycleDays);
  return Math.pow(x * Math.exp(1 - x), shape);
}
