import type { Profiles } from '../profile/profiles.js';

/** Days in the model's month (rates are per month). */
export const MONTH_DAYS = 30.4375;
/** Floor of population rates (purchases per customer-month), so a category nobody bought has a finite log. */
export const RATE_FLOOR = 1e-6;
/** Floor of probabilities and shrinkage factors before their log. */
const PROBABILITY_FLOOR = 1e-12;

/**
 * Affinity of a customer for a category they bought: the log chance that they buy it within a month,
 * minus `liftExponent` times the log population rate.
 *
 * The customer's purchase rate (recency-weighted purchase visits `count` over `exposure`
 * recency-weighted months) is shrunk toward the population rate with `shrinkage` pseudo-months
 * (Gamma-Poisson empirical Bayes): `rate = (count + shrinkage * populationRate) / (exposure + shrinkage)`.
 * The monthly chance is `A = 1 - exp(-rate)` (Poisson), and the affinity `ln A - liftExponent * ln populationRate`:
 * `liftExponent = 0` ranks by absolute likelihood to buy (what drives redemptions), `1` by lift over
 * the population (incrementality: popular categories are penalised).
 *
 * @param count recency-weighted distinct purchase visits of the category
 * @param exposure recency-weighted months the customer was observed
 * @param populationRate purchases of the category per customer-month in the population
 * @example shrunkAffinity(3, 4, 0.1, 4, 0) // ln(1 - exp(-0.425)) ≈ -1.09
 * Cost: O(1).
 */
export function shrunkAffinity(count: number, exposure: number, populationRate: number, shrinkage: number, liftExponent: number): number {
  const prior = populationRate > RATE_FLOOR ? populationRate : RATE_FLOOR;
  const denominator = exposure + shrinkage;
  const rate = denominator > 0 ? (Math.max(0, count) + shrinkage * prior) / denominator : prior;
  // -expm1(-r) = 1 - e^-r without cancellation for small rates.
  const chance = -Math.expm1(-rate);
  return Math.log(chance > PROBABILITY_FLOOR ? chance : PROBABILITY_FLOOR) - liftExponent * Math.log(prior);
}

/**
 * The customer part of the affinity for a category the customer never bought: `ln(shrinkage / (exposure + shrinkage))`,
 * the weight the shrunk rate gives the population prior (0 without history, more negative with more
 * history). Added to {@link priorAffinity} of the category it gives the affinity of an unbought
 * category: the customer-independent prior chance scaled by that weight. By concavity of `1 - e^-r`
 * it never exceeds the {@link shrunkAffinity} of a bought category with the same prior.
 *
 * @example customerPriorWeight(4, 4) // ln(0.5)
 * Cost: O(1).
 */
export function customerPriorWeight(exposure: number, shrinkage: number): number {
  const denominator = exposure + shrinkage;
  const weight = denominator > 0 ? shrinkage / denominator : 1;
  return Math.log(weight > PROBABILITY_FLOOR ? weight : PROBABILITY_FLOOR);
}

/**
 * The category part of the affinity for an unbought category: `ln(1 - exp(-populationRate)) - liftExponent * ln populationRate`.
 * @example priorAffinity(0.1, 1) // ln(0.0952 / 0.1) ≈ -0.049
 * Cost: O(1).
 */
export function priorAffinity(populationRate: number, liftExponent: number): number {
  const prior = populationRate > RATE_FLOOR ? populationRate : RATE_FLOOR;
  return Math.log(-Math.expm1(-prior)) - liftExponent * Math.log(prior);
}

/**
 * Replenishment due-ness multiplier of a bought category: with `x = elapsedDays / cycleDays` cycles
 * since the last purchase, `due(x) = (dueFloor + min(x, dueCap)) / (dueFloor + 1)`. It is 1 (neutral,
 * like a category never bought) at exactly one cycle, `dueFloor / (dueFloor + 1)` right after a
 * purchase, and rises linearly to `(dueFloor + dueCap) / (dueFloor + 1)` at `dueCap` cycles, where it
 * stays: the longer since the last purchase, the more likely the next one, up to a plateau. `1` when
 * the cycle is unknown. The model adds its log.
 *
 * @example dueness(30, 30, 1.5, 2.5) // 1
 * Cost: O(1).
 */
export function dueness(elapsedDays: number, cycleDays: number, dueFloor: number, dueCap: number): number {
  if (!(cycleDays > 0) || Number.isNaN(elapsedDays)) return 1;
  const x = elapsedDays > 0 ? elapsedDays / cycleDays : 0;
  return (dueFloor + (x < dueCap ? x : dueCap)) / (dueFloor + 1);
}

/**
 * Recency-weighted months of a window of `days` days ending at the profile date:
 * `∫ 0.5^(t / halfLifeDays) dt` over `0 <= t < days`, in months (0 for an empty window).
 * @example exposureMonths(365, 90) // ≈ 4.0
 * Cost: O(1).
 */
export function exposureMonths(days: number, halfLifeDays: number): number {
  if (!(days > 0)) return 0;
  const scale = halfLifeDays / Math.LN2;
  return (scale * -Math.expm1(-days / scale)) / MONTH_DAYS;
}

/**
 * Recency-weighted purchase visits of profile entry `e` per plain one: the entry's recency-weighted
 * over plain spend (the mean recency weight of its purchases), or the weight of its last purchase
 * when it has no positive spend. In [0, 1].
 * @example purchaseWeight(profiles, e) * profiles.purchases[e]
 * Cost: O(1).
 */
export function purchaseWeight(profiles: Profiles, e: number): number {
  const s = profiles.spend[e]!;
  const w = profiles.weightedSpend[e]!;
  if (s > 0 && w >= 0) return Math.min(1, w / s);
  return Math.pow(0.5, Math.max(0, profiles.asOfDay - profiles.lastDay[e]!) / profiles.halfLifeDays);
}

/**
 * Cycle (days) of a bought category's due clock: the customer's median gap between purchase days,
 * else the population's median cycle; `NaN` when both are unknown.
 * @example entryCycle(Number.NaN, 14) // 14
 * Cost: O(1).
 */
export function entryCycle(cycleDays: number, populationCycleDays: number): number {
  return Number.isFinite(cycleDays) ? cycleDays : populationCycleDays;
}
