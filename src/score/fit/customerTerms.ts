import type { Profiles } from '../../profile/profiles.js';
import { customerPriorWeight, dueness, entryCycle, shrunkAffinity } from '../relevanceFunctions.js';
import type { PopulationRates } from './populationRates.js';

/** The parameters of `fitRelevanceModel` that shape the customer and entry terms. */
export interface CustomerTermParameters {
  readonly asOfDay: number;
  readonly shrinkage: number;
  readonly liftExponent: number;
  readonly dueFloor: number;
  readonly dueCap: number;
}

/** What {@link fitCustomerTerms} fits, and the population extremes the kernel's offer order is bounded by. */
export interface CustomerTerms {
  /** Per customer `customerPriorWeight(exposure, shrinkage)` (≤ 0). */
  readonly customerBaseAffinity: Float64Array;
  /** Per profile entry: its shrunk affinity (the `entryCount` array of the rates, rewritten in place). */
  readonly entryAffinity: Float64Array;
  /** Per profile entry: `ln dueness`. */
  readonly entryDue: Float64Array;
  /** Per customer `g_c = 1 + discountShare`. */
  readonly customerValueScale: Float64Array;
  /** Per customer `||U_c||₂`. */
  readonly customerNorm: Float64Array;
  /** Largest `customerNorm` (0 without customers). */
  readonly maxCustomerNorm: number;
  /** Smallest and largest `customerValueScale` (both 1 without customers). */
  readonly minCustomerValueScale: number;
  readonly maxCustomerValueScale: number;
}

/**
 * The second phase of `fitRelevanceModel`, per customer and per profile entry: the customer's prior
 * weight, each entry's shrunk affinity (rewriting `rates.entryCount` in place) and log due-ness, the
 * value scale `1 + discountShare` and the factor norm `||U_c||`.
 *
 * @example const terms = fitCustomerTerms(profiles, factors.customer, 16, rates, { asOfDay, shrinkage: 4, liftExponent: 0.25, dueFloor: 1.5, dueCap: 2.5 });
 * Cost: O(profile entries + customers · d).
 */
export function fitCustomerTerms(profiles: Profiles, U: Float32Array, d: number, rates: PopulationRates, parameters: CustomerTermParameters): CustomerTerms {
  const C = profiles.customerCount;
  const { asOfDay, shrinkage, liftExponent, dueFloor, dueCap } = parameters;
  const { rowPtr, category, lastDay, cycleDays, populationCycleDays } = profiles;
  const customerEvidence = rates.customerEvidence;
  const categoryRate = rates.categoryRate;
  const entryAffinity = rates.entryCount;
  const entryDue = new Float64Array(entryAffinity.length);
  const customerValueScale = new Float64Array(C);
  const customerBaseAffinity = new Float64Array(C);
  const customerNorm = new Float64Array(C);
  let maxNorm = 0;
  let minG = Infinity;
  let maxG = -Infinity;
  for (let c = 0; c < C; c++) {
    const exposure = customerEvidence[c]!;
    customerBaseAffinity[c] = customerPriorWeight(exposure, shrinkage);
    for (let e = rowPtr[c]!; e < rowPtr[c + 1]!; e++) {
      const t = category[e]!;
      entryAffinity[e] = shrunkAffinity(entryAffinity[e]!, exposure, categoryRate[t]!, shrinkage, liftExponent);
      entryDue[e] = Math.log(dueness(asOfDay - lastDay[e]!, entryCycle(cycleDays[e]!, populationCycleDays[t]!), dueFloor, dueCap));
    }
    const g = 1 + profiles.discountShare[c]!;
    customerValueScale[c] = g;
    if (g < minG) minG = g;
    if (g > maxG) maxG = g;
    let norm = 0;
    for (let j = 0; j < d; j++) norm += U[c * d + j]! * U[c * d + j]!;
    customerNorm[c] = Math.sqrt(norm);
    if (customerNorm[c]! > maxNorm) maxNorm = customerNorm[c]!;
  }
  if (C === 0) minG = maxG = 1;
  return { customerBaseAffinity, entryAffinity, entryDue, customerValueScale, customerNorm, maxCustomerNorm: maxNorm, minCustomerValueScale: minG, maxCustomerValueScale: maxG };
}
