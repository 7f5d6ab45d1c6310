/**
 * The global offer-allocation problem on flat typed arrays, independent of the data set: entry
 * `e = c * k + j` is customer c's j-th candidate. Built by {@link selectOffers}; exposed so the
 * solver ({@link allocate}) can be tested and benchmarked on its own.
 *
 * Its own file because both the solver and its exchange local search ({@link improveByExchange})
 * read it: neither imports the other for it, so there is no import cycle.
 *
 * @example
 * const problem: AllocationProblem = {
 *   customerCount: 1, k: 1, offerCount: 1, offer: Int32Array.of(0), value: Float32Array.of(2),
 *   expectedCost: Float32Array.of(0.5), blocked: new Uint8Array(1), discovery: new Uint8Array(1),
 *   slots: Uint8Array.of(1), discoverySlots: 0, capacity: Float64Array.of(Infinity), budget: Float64Array.of(Infinity),
 *   minVolume: new Int32Array(1), key: Int32Array.of(-1), department: Int32Array.of(-1), maxPerDepartment: 2, campaignBudget: Infinity,
 * };
 * allocate(problem).chosen; // Uint8Array [1]
 */
export interface AllocationProblem {
  readonly customerCount: number;
  readonly k: number;
  readonly offerCount: number;
  /** Per entry: offer index, `-1` when empty. */
  readonly offer: Int32Array;
  /** Per entry: arbitration value (the objective is their sum over chosen entries). */
  readonly value: Float32Array;
  /** Per entry: expected redemption cost p(redeem) x cost, charged to offer and campaign budgets. */
  readonly expectedCost: Float32Array;
  /** Per entry: `0` when the entry may be chosen, else the {@link Reason} that excludes it. */
  readonly blocked: Uint8Array;
  /** Per entry: 1 when the offer is on a category the customer does not buy yet. */
  readonly discovery: Uint8Array;
  /** Per customer: targeted slots to fill (0 = none). */
  readonly slots: Uint8Array;
  /** Slots per customer reserved for discovery entries while any is available. */
  readonly discoverySlots: number;
  /** Per offer: most recipients (`Infinity` = uncapped). */
  readonly capacity: Float64Array;
  /** Per offer: most expected redemption cost (`Infinity` = uncapped). */
  readonly budget: Float64Array;
  /** Per offer: recipients wanted at least (best effort; 0 = none). */
  readonly minVolume: Int32Array;
  /** Per offer: diversity key (at most one offer a key per customer), `-1` = none. */
  readonly key: Int32Array;
  /** Per offer: department, `-1` = none. */
  readonly department: Int32Array;
  readonly maxPerDepartment: number;
  /** Most expected redemption cost over the whole campaign (`Infinity` = none). */
  readonly campaignBudget: number;
}

/**
 * Whether any offer capacity or budget or the campaign budget is finite; without one, every customer
 * is independent and their row greedy is already the optimum. O(offers).
 *
 * @example
 * if (!hasSharedConstraint(problem)) return oneStart(problem);
 */
export function hasSharedConstraint(p: AllocationProblem): boolean {
  if (p.campaignBudget < Number.POSITIVE_INFINITY) return true;
  for (let o = 0; o < p.offerCount; o++) if (p.capacity[o]! < Number.POSITIVE_INFINITY || p.budget[o]! < Number.POSITIVE_INFINITY) return true;
  return false;
}
