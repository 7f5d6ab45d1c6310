import { hasSharedConstraint, type AllocationProblem } from '../allocationProblem.js';
import { BidBook } from './bidBook.js';
import type { Chooser } from './chooser.js';
import { isSettled, moveTowards, priceStep } from './priceRules.js';

/** Options of {@link solveDualPrices}; {@link allocate} resolves every default before the call. */
export interface DualPriceOptions {
  /** The `clearing` price update when true, else `bisection` (see `AllocateOptions.priceUpdate`). */
  readonly clearing: boolean;
  /** Most dual iterations, each one pass over every customer. */
  readonly maxIterations: number;
  /** A positive price is settled once its constraint is filled to at least (1 - tolerance). */
  readonly tolerance: number;
  /** Shadow prices to start from instead of 0, by offer index (see `AllocateOptions.initialPrices`). */
  readonly initialPrices: { readonly capacity: Float64Array; readonly budget: Float64Array; readonly campaign: number } | undefined;
}

/** How the dual iterations of {@link solveDualPrices} ended. */
export interface DualOutcome {
  readonly iterations: number;
  /** Whether every price settled before `maxIterations`. */
  readonly converged: boolean;
}

/**
 * Phase 1 of {@link allocate}, the Lagrangian dual: a shadow price per offer capacity, per offer
 * budget and for the campaign budget; every customer chooses greedily against the prices; every
 * unsettled price then moves to its constraint's clearing point given the customers' bids
 * (`clearing`, half-way once it turns around) or bisects its bracket (`bisection`), until each
 * constraint clears or `maxIterations` passes ran. The prices are left in `ch.capPrice`,
 * `ch.budPrice` and `ch.campPrice`; the fill of `ch` is not touched.
 *
 * Cost: O(iterations x customers x k^2) time (the greedy of every customer each pass, plus one
 * quickselect per constrained offer with `clearing`); O(offers) memory, plus O(customers x k) with `clearing`.
 *
 * @example
 * const { iterations, converged } = solveDualPrices(problem, ch, { clearing: true, maxIterations: 20, tolerance: 0.01, initialPrices: undefined });
 */
export function solveDualPrices(p: AllocationProblem, ch: Chooser, options: DualPriceOptions): DualOutcome {
  const maxIterations = options.maxIterations;
  const tol = options.tolerance;
  const d = new DualState(p);
  const anyConstraint = hasSharedConstraint(p);
  const book = options.clearing && anyConstraint ? new BidBook(p) : undefined;
  if (options.initialPrices !== undefined) warmStart(p, ch, d, options.initialPrices);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    demandPass(p, ch, book, d);
    iterations++;
    if (!anyConstraint) {
      converged = true;
      break;
    }
    if (book !== undefined) {
      if (allSettled(p, ch, d, tol)) {
        converged = true;
        break;
      }
      if (iterations === maxIterations) break;
      clearingUpdate(p, ch, book, d, tol);
      continue;
    }
    if (iterations === maxIterations) {
      // no further update: report whether the prices just evaluated clear every constraint
      converged = allSettled(p, ch, d, tol);
      break;
    }
    if (bisectionUpdate(p, ch, d, tol)) {
      converged = true;
      break;
    }
  }
  // the last evaluated step may have moved prices; the repair is evaluated at the current ones
  ch.campPrice = d.camp[0]!;
  return { iterations, converged };
}

/** The state of every price between iterations: its initial scale, bisection bracket, last move, and the demand of the last pass. */
class DualState {
  /** Initial price scales: half the largest value an offer can bring (per recipient / per unit cost). */
  readonly capInit: Float64Array;
  readonly budInit: Float64Array;
  readonly campInit: number;
  readonly capLo: Float64Array;
  readonly capHi: Float64Array;
  readonly budLo: Float64Array;
  readonly budHi: Float64Array;
  /** Campaign price, typed like the per-offer prices so priceStep stays monomorphic. */
  readonly camp = new Float64Array(1);
  readonly campLo = new Float64Array(1);
  readonly campHi = new Float64Array(1).fill(Number.POSITIVE_INFINITY);
  /** Recipients and expected cost each offer drew in the last pass, and the campaign's. */
  readonly demand: Float64Array;
  readonly spend: Float64Array;
  campSpend = 0;
  /** Clearing update: the direction each price last moved (+1 up, -1 down), to damp oscillation. */
  readonly capDir: Int8Array;
  readonly budDir: Int8Array;
  campDir = 0;

  constructor(p: AllocationProblem) {
    const n = p.customerCount;
    const k = p.k;
    const m = p.offerCount;
    const capInit = new Float64Array(m);
    const budInit = new Float64Array(m);
    let campInit = 0;
    for (let e = 0; e < n * k; e++) {
      if (p.blocked[e] !== 0) continue;
      const o = p.offer[e]!;
      const v = p.value[e]!;
      if (v > capInit[o]!) capInit[o] = v;
      const pc = p.expectedCost[e]!;
      if (pc > 0 && v / pc > budInit[o]!) budInit[o] = v / pc;
      if (pc > 0 && v / pc > campInit) campInit = v / pc;
    }
    for (let o = 0; o < m; o++) {
      capInit[o] = capInit[o]! > 0 ? 0.5 * capInit[o]! : 1e-9;
      budInit[o] = budInit[o]! > 0 ? 0.5 * budInit[o]! : 1e-9;
    }
    this.capInit = capInit;
    this.budInit = budInit;
    this.campInit = campInit > 0 ? 0.5 * campInit : 1e-9;
    this.capLo = new Float64Array(m);
    this.capHi = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
    this.budLo = new Float64Array(m);
    this.budHi = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
    this.demand = new Float64Array(m);
    this.spend = new Float64Array(m);
    this.capDir = new Int8Array(m);
    this.budDir = new Int8Array(m);
  }
}

/** Checks `initialPrices` and starts each positive price of a finite constraint there, bracketed by [half, double]. */
function warmStart(p: AllocationProblem, ch: Chooser, d: DualState, start: NonNullable<DualPriceOptions['initialPrices']>): void {
  const m = p.offerCount;
  if (start.capacity.length !== m || start.budget.length !== m) throw new RangeError(`allocate: initialPrices need offerCount = ${m} capacity and budget prices`);
  if (!(start.campaign >= 0)) throw new RangeError(`allocate: initialPrices.campaign must be a number >= 0, got ${start.campaign}`);
  for (let o = 0; o < m; o++) {
    warm(ch.capPrice, d.capLo, d.capHi, o, start.capacity[o]!, p.capacity[o]!);
    warm(ch.budPrice, d.budLo, d.budHi, o, start.budget[o]!, p.budget[o]!);
  }
  warm(d.camp, d.campLo, d.campHi, 0, start.campaign, p.campaignBudget);
}

/** A warm price keeps its information in a bracket around it; prices of unconstrained offers stay 0. */
function warm(price: Float64Array, lo: Float64Array, hi: Float64Array, i: number, x: number, limit: number): void {
  if (!(x > 0) || !(limit < Number.POSITIVE_INFINITY)) return;
  price[i] = x;
  lo[i] = 0.5 * x;
  hi[i] = 2 * x;
}

/** Every customer chooses against the current prices; their demand and spend per offer (and the campaign's) land in `d`, their bids in `book`. */
function demandPass(p: AllocationProblem, ch: Chooser, book: BidBook | undefined, d: DualState): void {
  const n = p.customerCount;
  const offer = p.offer;
  const cost = p.expectedCost;
  const picks = ch.picks;
  const demand = d.demand;
  const spend = d.spend;
  demand.fill(0);
  spend.fill(0);
  let campSpend = 0;
  ch.campPrice = d.camp[0]!;
  for (let c = 0; c < n; c++) {
    const cnt = ch.choose(c, true, false, false);
    if (book !== undefined) book.record(ch, c, cnt);
    for (let i = 0; i < cnt; i++) {
      const e = picks[i]!;
      const o = offer[e]!;
      const pc = cost[e]!;
      demand[o]!++;
      spend[o]! += pc;
      campSpend += pc;
    }
  }
  d.campSpend = campSpend;
}

/** Whether every price is settled against the demand of the last pass. */
function allSettled(p: AllocationProblem, ch: Chooser, d: DualState, tol: number): boolean {
  const m = p.offerCount;
  const demand = d.demand;
  const spend = d.spend;
  let settled = isSettled(d.camp[0]!, d.campSpend, p.campaignBudget, tol);
  for (let o = 0; o < m && settled; o++) {
    settled = isSettled(ch.capPrice[o]!, demand[o]!, p.capacity[o]!, tol) && isSettled(ch.budPrice[o]!, spend[o]!, p.budget[o]!, tol);
  }
  return settled;
}

/** The `clearing` update: every unsettled price moves to its clearing point given the bids of the last pass (half-way once it turns around). */
function clearingUpdate(p: AllocationProblem, ch: Chooser, book: BidBook, d: DualState, tol: number): void {
  const m = p.offerCount;
  const capPrice = ch.capPrice;
  const budPrice = ch.budPrice;
  const capLo = d.capLo;
  const budLo = d.budLo;
  const demand = d.demand;
  const spend = d.spend;
  const camp = d.camp;
  // targets first (all against the same snapshot of bids), then the moves
  const campTarget = isSettled(camp[0]!, d.campSpend, p.campaignBudget, tol) ? camp[0]! : book.campaignTarget(ch);
  for (let o = 0; o < m; o++) {
    if (!isSettled(capPrice[o]!, demand[o]!, p.capacity[o]!, tol)) capLo[o] = book.capacityTarget(ch, o);
    else capLo[o] = capPrice[o]!;
    if (!isSettled(budPrice[o]!, spend[o]!, p.budget[o]!, tol)) budLo[o] = book.budgetTarget(ch, o);
    else budLo[o] = budPrice[o]!;
  }
  // capLo / budLo hold the targets here (the brackets are unused by this update)
  const capDir = d.capDir;
  const budDir = d.budDir;
  for (let o = 0; o < m; o++) {
    capDir[o] = moveTowards(capPrice, o, capLo[o]!, capDir[o]!);
    budDir[o] = moveTowards(budPrice, o, budLo[o]!, budDir[o]!);
  }
  d.campDir = moveTowards(camp, 0, campTarget, d.campDir);
}

/** The `bisection` update, Jacobi style (every price against the same demand snapshot); returns whether every price was settled. */
function bisectionUpdate(p: AllocationProblem, ch: Chooser, d: DualState, tol: number): boolean {
  const m = p.offerCount;
  const demand = d.demand;
  const spend = d.spend;
  let settled = true;
  for (let o = 0; o < m; o++) {
    if (!priceStep(ch.capPrice, d.capLo, d.capHi, o, demand[o]!, p.capacity[o]!, d.capInit[o]!, tol)) settled = false;
    if (!priceStep(ch.budPrice, d.budLo, d.budHi, o, spend[o]!, p.budget[o]!, d.budInit[o]!, tol)) settled = false;
  }
  if (!priceStep(d.camp, d.campLo, d.campHi, 0, d.campSpend, p.campaignBudget, d.campInit, tol)) settled = false;
  return settled;
}
