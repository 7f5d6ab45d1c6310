import { hasSharedConstraint, type AllocationProblem } from './allocationProblem.js';
import { Chooser } from './allocate/chooser.js';
import { solveDualPrices } from './allocate/dualPrices.js';
import { improveLocally } from './allocate/improveLocally.js';
import { fillMinimumVolumes } from './allocate/minimumVolumes.js';
import { entryOutcomes } from './allocate/outcomes.js';
import { repairOversubscription } from './allocate/repair.js';
import { improveByExchange } from './exchange.js';

/** Most entries (customers x k) for which {@link allocate} defaults to the heavy exchange (6 passes x 4 trials). */
export const EXCHANGE_HEAVY_ENTRIES = 200_000;

/** Options of {@link allocate}. */
export interface AllocateOptions {
  /**
   * Most dual (shadow price) iterations, each one pass over every customer. Default 60 for the
   * `bisection` start and 20 for the `clearing` start of `both`; 60 for `clearing` or `bisection`
   * chosen explicitly; 20 for the `clearing` default above {@link EXCHANGE_HEAVY_ENTRIES} entries.
   */
  maxIterations?: number;
  /** A positive price is settled once its constraint is filled to at least (1 - tolerance). Default 0.01. */
  tolerance?: number;
  /** Local improvement passes after the repair (each customer re-chooses against spare capacity). Default 1. */
  improvePasses?: number;
  /**
   * How prices move between iterations. `bisection`: each price bisects its own bracket.
   * `clearing`: every unsettled price jumps (half-way once it turns around) to the clearing point of
   * its constraint, computed from each customer's bid (the price at which they would swap the offer
   * for their next-best one) by a weighted quickselect; it reaches a higher objective in fewer
   * iterations but does not settle exactly. `both` (default up to {@link EXCHANGE_HEAVY_ENTRIES}
   * entries, customers x k; above it the default is `clearing` with 20 iterations, because at 200,000
   * customers x K 16 the bisection start lost and doubled the time: 28.7 s vs 14.1 s for the same
   * allocation, bench/results/select.md): two starts, one per rule, each
   * followed by the repair, improvement and exchange; the better allocation is kept (fewer minVolume
   * shortfalls, then the higher objective). The local search ends in different local optima from the
   * two price vectors, and the better one is within 1% of the exact optimum on every seeded budgeted
   * instance of the tests; it costs about twice one start. Without any finite capacity or budget, one start.
   */
  priceUpdate?: 'clearing' | 'bisection' | 'both';
  /**
   * Shadow prices to start from instead of 0, by offer index (a first pass over a sample of the same
   * campaign, see `ensureShardPrices`). Each positive price starts with the bisection bracket
   * [half, double] around it, re-opened like any bracket when demand moves outside it; the clearing
   * rule simply evaluates it first. Default: none (every price starts at 0).
   */
  initialPrices?: { readonly capacity: Float64Array; readonly budget: Float64Array; readonly campaign: number };
  /**
   * Passes of the exchange local search after the improvement (add / replace within a customer's
   * row, dropping one entry elsewhere to free a capacity or budget; see {@link improveByExchange}),
   * each stopping early once nothing improves. 0 turns it off. Default 6 up to
   * {@link EXCHANGE_HEAVY_ENTRIES} entries (customers x k), else 2: at 1M customers x K 16 six
   * passes x 4 trials took 846 s against 66 s without the exchange (bench/results/select.md).
   */
  exchangePasses?: number;
  /** Drops per exchange move whose customer's refill is tried (better moves, more time). Default 4 up to {@link EXCHANGE_HEAVY_ENTRIES} entries, else 1. */
  exchangeTrials?: number;
}

/** What {@link allocate} decided, with the dual prices and the fill of every constraint. */
export interface Allocation {
  /** Per entry: 1 when chosen. */
  readonly chosen: Uint8Array;
  /** Per entry: the {@link Reason} of the final decision (chosen, chosenDiscovery, or why dropped). */
  readonly outcome: Uint8Array;
  /** Per offer: recipients. */
  readonly recipients: Int32Array;
  /** Per offer: expected redemption cost used. */
  readonly budgetUsed: Float64Array;
  readonly campaignUsed: number;
  /** Per offer: shadow price of capacity (value per recipient). */
  readonly capacityPrice: Float64Array;
  /** Per offer: shadow price of the budget (value per unit of expected cost). */
  readonly budgetPrice: Float64Array;
  readonly campaignPrice: number;
  /** Per offer: minVolume - recipients when short, else 0. */
  readonly shortfall: Int32Array;
  readonly iterations: number;
  /** Whether every price settled before `maxIterations`. */
  readonly converged: boolean;
  /** Sum of `value` over chosen entries. */
  readonly objective: number;
}

/**
 * Solves the global allocation: maximise the total value of chosen entries subject to every
 * customer's slots, diversity and department limits, and every offer's capacity and budget plus
 * the campaign budget.
 *
 * 1. Lagrangian dual: a shadow price per offer capacity, per offer budget and for the campaign
 *    budget; every customer chooses greedily against the prices; every unsettled price then moves
 *    to its constraint's clearing point given the customers' bids (`priceUpdate: 'clearing'`,
 *    half-way once it turns around) or bisects its bracket (`'bisection'`), until each constraint
 *    clears (or `maxIterations`).
 * 2. Repair: over-subscribed offers keep the recipients with the highest value net of budget
 *    prices; the others re-choose with hard remaining-capacity checks, so no capacity or budget is
 *    ever exceeded.
 * 3. Improvement: each customer re-chooses by raw value against spare capacity, kept only when better;
 *    then an exchange local search (`exchangePasses`): add / replace moves inside a customer's row,
 *    where a move short of a capacity or budget may drop one lower-value entry of another customer
 *    that frees it (that customer then refills its slot). Closes most of the rounding gap of budgets.
 * 4. minVolume (best effort): under-filled offers take free slots, or swap out an offer that stays
 *    above its own minimum.
 *
 * With `priceUpdate: 'both'` (default) steps 1-4 run twice, from bisection and from clearing prices,
 * and the better allocation is returned: on the seeded budgeted suites of 150-300 customers every
 * instance is within 1% of the exact optimum (certified against the LP bound), where one start alone
 * left up to 2.4%.
 *
 * Cost: O(starts x (iterations + exchange passes x slots x trials) x customers x k) time (insertion into
 * a k-buffer, one quickselect per constrained offer); O(customers x k) bytes. Repair sorts are typed
 * heaps, O(r log r) in the entries r they touch.
 *
 * @example
 * const a = allocate(problem, { maxIterations: 40 });
 * a.objective; a.capacityPrice[o]; a.outcome[c * k + j]; a.iterations;
 */
export function allocate(problem: AllocationProblem, options: AllocateOptions = {}): Allocation {
  const large = problem.customerCount * problem.k > EXCHANGE_HEAVY_ENTRIES;
  const update = options.priceUpdate ?? (large ? 'clearing' : 'both');
  if (update !== 'clearing' && update !== 'bisection' && update !== 'both') {
    throw new TypeError(`allocate: priceUpdate '${String(options.priceUpdate)}' is not 'both', 'clearing' or 'bisection'`);
  }
  // the default's single clearing start at scale runs the 20 iterations it runs inside `both`
  const single = options.maxIterations ?? (options.priceUpdate === undefined && large ? 20 : 60);
  if (update !== 'both' || !hasSharedConstraint(problem)) return allocateFrom(problem, options, update === 'clearing', single);
  // two starts: the local search ends in different local optima from the two price vectors; keep the better
  const bisected = allocateFrom(problem, options, false, options.maxIterations ?? 60);
  const cleared = allocateFrom(problem, options, true, options.maxIterations ?? 20);
  // minimum volumes first (best effort, they cost value), then the objective; ties keep the bisection start
  const short = totalShortfall(cleared) - totalShortfall(bisected);
  return short < 0 || (short === 0 && cleared.objective > bisected.objective) ? cleared : bisected;
}

function totalShortfall(a: Allocation): number {
  let s = 0;
  for (let o = 0; o < a.shortfall.length; o++) s += a.shortfall[o]!;
  return s;
}

/**
 * One start of {@link allocate}, its phases in order (one file each under `allocate/`): dual prices by
 * one update rule, repair, local improvement, exchange, minimum volumes, then the outcomes. Every phase
 * reads and updates the same {@link Chooser}, which holds the prices and the fill of every constraint.
 */
function allocateFrom(problem: AllocationProblem, options: AllocateOptions, clearing: boolean, maxIterations: number): Allocation {
  const p = problem;
  assertProblemShape(p);
  // the heavy local search where it closes the last percent (small instances), the light one at scale
  const heavy = p.customerCount * p.k <= EXCHANGE_HEAVY_ENTRIES;
  const exchangePasses = options.exchangePasses ?? (heavy ? 6 : 2);
  const ch = new Chooser(p);
  const tolerance = options.tolerance ?? 0.01;
  const { iterations, converged } = solveDualPrices(p, ch, { clearing, maxIterations, tolerance, initialPrices: options.initialPrices });
  const chosen = repairOversubscription(p, ch);
  improveLocally(p, ch, chosen, options.improvePasses ?? 1);
  // without a shared resource every customer is independent and the row greedy is already final
  if (exchangePasses > 0 && hasSharedConstraint(p)) improveByExchange(p, chosen, ch, { maxPasses: exchangePasses, trialLimit: options.exchangeTrials ?? (heavy ? 4 : 1) });
  fillMinimumVolumes(p, ch, chosen);
  const { outcome, objective, shortfall } = entryOutcomes(p, ch, chosen);
  return {
    chosen,
    outcome,
    recipients: ch.recipients,
    budgetUsed: ch.used,
    campaignUsed: ch.campaignUsed,
    capacityPrice: ch.capPrice,
    budgetPrice: ch.budPrice,
    campaignPrice: ch.campPrice,
    shortfall,
    iterations,
    converged,
    objective,
  };
}

/** Throws a RangeError unless every per-entry array has customers x k entries and every per-offer array offerCount. */
function assertProblemShape(p: AllocationProblem): void {
  const n = p.customerCount;
  const k = p.k;
  const m = p.offerCount;
  if (p.offer.length !== n * k || p.value.length !== n * k || p.expectedCost.length !== n * k || p.blocked.length !== n * k || p.discovery.length !== n * k) {
    throw new RangeError(`allocate: per-entry arrays must have customerCount x k = ${n * k} entries`);
  }
  if (p.slots.length !== n) throw new RangeError(`allocate: slots has ${p.slots.length} entries, expected ${n}`);
  if (p.capacity.length !== m || p.budget.length !== m || p.key.length !== m || p.department.length !== m || p.minVolume.length !== m) {
    throw new RangeError(`allocate: per-offer arrays must have offerCount = ${m} entries`);
  }
}
