import { Reason } from './reason.js';

/**
 * The global offer-allocation problem on flat typed arrays, independent of the data set: entry
 * `e = c * k + j` is customer c's j-th candidate. Built by {@link selectOffers}; exposed so the
 * solver can be tested and benchmarked on its own.
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

/** Options of {@link allocate}. */
export interface AllocateOptions {
  /** Most dual (shadow price) iterations. Default 60. */
  maxIterations?: number;
  /** A positive price is settled once its constraint is filled to at least (1 - tolerance). Default 0.01. */
  tolerance?: number;
  /** Local improvement passes after the repair (each customer re-chooses against spare capacity). Default 1. */
  improvePasses?: number;
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

/** Per-customer greedy choice against prices, with scratch preallocated once (no allocation per customer). */
class Chooser {
  readonly order: Int32Array;
  readonly reduced: Float64Array;
  readonly taken: Uint8Array;
  readonly picks: Int32Array;
  readonly oldPicks: Int32Array;
  readonly capPrice: Float64Array;
  readonly budPrice: Float64Array;
  campPrice = 0;
  readonly recipients: Int32Array;
  readonly used: Float64Array;
  campaignUsed = 0;
  readonly repairBlocked: Uint8Array;

  constructor(readonly p: AllocationProblem) {
    this.order = new Int32Array(p.k);
    this.reduced = new Float64Array(p.k);
    this.taken = new Uint8Array(p.k);
    this.picks = new Int32Array(p.k);
    this.oldPicks = new Int32Array(p.k);
    this.capPrice = new Float64Array(p.offerCount);
    this.budPrice = new Float64Array(p.offerCount);
    this.recipients = new Int32Array(p.offerCount);
    this.used = new Float64Array(p.offerCount);
    this.repairBlocked = new Uint8Array(p.customerCount * p.k);
  }

  /** The charge (value lost to shadow prices) of entry e. */
  charge(e: number): number {
    const o = this.p.offer[e]!;
    return this.capPrice[o]! + (this.budPrice[o]! + this.campPrice) * this.p.expectedCost[e]!;
  }

  /** First rule entry e breaks against the first `n` picks (and remaining capacity when `hard`), or 0. */
  fits(e: number, n: number, hard: boolean): number {
    const p = this.p;
    const o = p.offer[e]!;
    const key = p.key[o]!;
    const dept = p.department[o]!;
    let inDept = 0;
    for (let i = 0; i < n; i++) {
      const q = p.offer[this.picks[i]!]!;
      if (q === o) return Reason.duplicate;
      if (key >= 0 && p.key[q] === key) return Reason.diversity;
      if (dept >= 0 && p.department[q] === dept) inDept++;
    }
    if (inDept >= p.maxPerDepartment) return Reason.department;
    if (hard) {
      const pc = p.expectedCost[e]!;
      if (this.recipients[o]! + 1 > p.capacity[o]!) return Reason.capacity;
      if (this.used[o]! + pc > p.budget[o]!) return Reason.budget;
      if (this.campaignUsed + pc > p.campaignBudget) return Reason.campaignBudget;
    }
    return 0;
  }

  /**
   * Customer c's greedy choice by reduced value (value - charge when `usePrices`), discovery slots
   * first reserved, into `picks`; returns how many. With `hard`, remaining capacity and budgets are
   * checked and consumed. With `skipRepaired`, entries removed by the repair are not considered.
   */
  choose(c: number, usePrices: boolean, hard: boolean, skipRepaired: boolean): number {
    const p = this.p;
    const n = p.slots[c]!;
    if (n === 0) return 0;
    const k = p.k;
    const base = c * k;
    const order = this.order;
    const red = this.reduced;
    let m = 0;
    for (let j = 0; j < k; j++) {
      const e = base + j;
      if (p.blocked[e] !== 0) continue;
      if (skipRepaired && this.repairBlocked[e] !== 0) continue;
      const v = p.value[e]!;
      const ch = usePrices ? this.charge(e) : 0;
      const r = v - ch;
      // only entries that still bring positive value net of their shadow prices compete for a slot
      if (!(r > 0)) continue;
      // insertion sort, descending; equal values keep candidate (score) order
      let t = m++;
      while (t > 0 && red[t - 1]! < r) {
        red[t] = red[t - 1]!;
        order[t] = order[t - 1]!;
        t--;
      }
      red[t] = r;
      order[t] = e;
    }
    const taken = this.taken;
    for (let t = 0; t < m; t++) taken[t] = 0;
    const reserve = p.discoverySlots < n ? p.discoverySlots : n;
    const nonDiscoveryLimit = n - reserve;
    let count = 0;
    let nonDiscovery = 0;
    for (let phase = 0; phase < 2 && count < n; phase++) {
      if (phase === 1 && reserve === 0) break;
      for (let t = 0; t < m && count < n; t++) {
        if (taken[t] !== 0) continue;
        const e = order[t]!;
        const disc = p.discovery[e] !== 0;
        if (phase === 0 && !disc && nonDiscovery >= nonDiscoveryLimit) continue;
        if (this.fits(e, count, hard) !== 0) continue;
        taken[t] = 1;
        this.picks[count++] = e;
        if (!disc) nonDiscovery++;
        if (hard) this.take(e);
      }
    }
    return count;
  }

  take(e: number): void {
    const o = this.p.offer[e]!;
    const pc = this.p.expectedCost[e]!;
    this.recipients[o]!++;
    this.used[o]! += pc;
    this.campaignUsed += pc;
  }

  release(e: number): void {
    const o = this.p.offer[e]!;
    const pc = this.p.expectedCost[e]!;
    this.recipients[o]!--;
    this.used[o]! -= pc;
    this.campaignUsed -= pc;
  }

  /** Loads customer c's chosen entries into `picks`; returns how many. */
  loadChosen(c: number, chosen: Uint8Array): number {
    const k = this.p.k;
    let n = 0;
    for (let e = c * k; e < c * k + k; e++) if (chosen[e] !== 0) this.picks[n++] = e;
    return n;
  }
}

/**
 * One bisection step of a shadow price against its constraint: raise it when `used > limit`, lower
 * it when positive and the constraint is filled below `(1 - tol)`. The bracket `[lo, hi]` is
 * re-opened when other prices moved the clearing point outside it. Returns whether it is settled.
 */
function priceStep(price: Float64Array, lo: Float64Array, hi: Float64Array, i: number, used: number, limit: number, init: number, tol: number): boolean {
  if (!(limit < Number.POSITIVE_INFINITY)) return true;
  const x = price[i]!;
  const eps = 1e-7 * init;
  if (used > limit * (1 + 1e-12)) {
    if (hi[i]! <= x) hi[i] = Number.POSITIVE_INFINITY; // stale bracket: a price above hi is now over-subscribed
    lo[i] = x;
    const h = hi[i]!;
    if (h === Number.POSITIVE_INFINITY) price[i] = x > 0 ? 2 * x : init;
    else price[i] = h - x <= eps ? h : 0.5 * (x + h);
    return false;
  }
  if (x > 0 && used < limit * (1 - tol)) {
    if (lo[i]! >= x) lo[i] = 0; // stale bracket
    hi[i] = x;
    if (x - lo[i]! <= eps) return true; // at the jump of a step demand: the feasible side
    price[i] = 0.5 * (lo[i]! + x);
    return false;
  }
  return true;
}

function isSettled(price: number, used: number, limit: number, tol: number): boolean {
  if (!(limit < Number.POSITIVE_INFINITY)) return true;
  return !(used > limit * (1 + 1e-12)) && !(price > 0 && used < limit * (1 - tol));
}

const byKeyDesc = (keys: Float64Array) => (a: number, b: number) => keys[b]! - keys[a]! || a - b;

/**
 * Solves the global allocation: maximise the total value of chosen entries subject to every
 * customer's slots, diversity and department limits, and every offer's capacity and budget plus
 * the campaign budget.
 *
 * 1. Lagrangian dual: a shadow price per offer capacity, per offer budget and for the campaign
 *    budget; every customer chooses greedily against the prices; prices are bisected in parallel
 *    until each constraint clears (or `maxIterations`).
 * 2. Repair: over-subscribed offers keep the recipients with the highest value net of budget
 *    prices; the others re-choose with hard remaining-capacity checks, so no capacity or budget is
 *    ever exceeded.
 * 3. Improvement: each customer re-chooses by raw value against spare capacity, kept only when better.
 * 4. minVolume (best effort): under-filled offers take free slots, or swap out an offer that stays
 *    above its own minimum.
 *
 * Cost: O(iterations x customers x k log-free insertion) time, O(customers x k) bytes.
 *
 * @example
 * const a = allocate(problem, { maxIterations: 40 });
 * a.objective; a.capacityPrice[o]; a.outcome[c * k + j];
 */
export function allocate(problem: AllocationProblem, options: AllocateOptions = {}): Allocation {
  const p = problem;
  const maxIterations = options.maxIterations ?? 60;
  const tol = options.tolerance ?? 0.01;
  const improvePasses = options.improvePasses ?? 1;
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
  const ch = new Chooser(p);
  const picks = ch.picks;

  // initial price scales: half the largest value an offer can bring (per recipient / per unit cost)
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
  campInit = campInit > 0 ? 0.5 * campInit : 1e-9;

  const capLo = new Float64Array(m);
  const capHi = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const budLo = new Float64Array(m);
  const budHi = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const camp = new Float64Array(1); // campaign price, typed like the per-offer prices so priceStep stays monomorphic
  const campLo = new Float64Array(1);
  const campHi = new Float64Array(1).fill(Number.POSITIVE_INFINITY);
  const demand = new Float64Array(m);
  const spend = new Float64Array(m);

  let anyConstraint = p.campaignBudget < Number.POSITIVE_INFINITY;
  for (let o = 0; o < m && !anyConstraint; o++) if (p.capacity[o]! < Number.POSITIVE_INFINITY || p.budget[o]! < Number.POSITIVE_INFINITY) anyConstraint = true;

  // ---- 1. dual iterations ----
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    demand.fill(0);
    spend.fill(0);
    let campSpend = 0;
    ch.campPrice = camp[0]!;
    for (let c = 0; c < n; c++) {
      const cnt = ch.choose(c, true, false, false);
      for (let i = 0; i < cnt; i++) {
        const e = picks[i]!;
        const o = p.offer[e]!;
        const pc = p.expectedCost[e]!;
        demand[o]!++;
        spend[o]! += pc;
        campSpend += pc;
      }
    }
    iterations++;
    if (!anyConstraint) {
      converged = true;
      break;
    }
    if (iterations === maxIterations) {
      // no further update: report whether the prices just evaluated clear every constraint
      let settled = isSettled(camp[0]!, campSpend, p.campaignBudget, tol);
      for (let o = 0; o < m && settled; o++) {
        settled = isSettled(ch.capPrice[o]!, demand[o]!, p.capacity[o]!, tol) && isSettled(ch.budPrice[o]!, spend[o]!, p.budget[o]!, tol);
      }
      converged = settled;
      break;
    }
    let settled = true;
    // Jacobi update: every price moves against the same demand snapshot
    for (let o = 0; o < m; o++) {
      if (!priceStep(ch.capPrice, capLo, capHi, o, demand[o]!, p.capacity[o]!, capInit[o]!, tol)) settled = false;
      if (!priceStep(ch.budPrice, budLo, budHi, o, spend[o]!, p.budget[o]!, budInit[o]!, tol)) settled = false;
    }
    if (!priceStep(camp, campLo, campHi, 0, campSpend, p.campaignBudget, campInit, tol)) settled = false;
    if (settled) {
      converged = true;
      break;
    }
  }
  // the last evaluated step may have moved prices; evaluate the repair at the current ones
  ch.campPrice = camp[0]!;

  // ---- 2. choose at final prices, then repair over-subscription ----
  const chosen = new Uint8Array(n * k);
  ch.recipients.fill(0);
  ch.used.fill(0);
  ch.campaignUsed = 0;
  for (let c = 0; c < n; c++) {
    const cnt = ch.choose(c, true, false, false);
    for (let i = 0; i < cnt; i++) {
      chosen[picks[i]!] = 1;
      ch.take(picks[i]!);
    }
  }
  const redo = new Uint8Array(n);
  let anyRedo = false;
  const overOffers: number[] = [];
  for (let o = 0; o < m; o++) if (ch.recipients[o]! > p.capacity[o]! || ch.used[o]! > p.budget[o]!) overOffers.push(o);
  if (overOffers.length > 0) {
    const isOver = new Uint8Array(m);
    for (const o of overOffers) isOver[o] = 1;
    const lists: number[][] = Array.from({ length: m }, () => []);
    for (let e = 0; e < n * k; e++) if (chosen[e] !== 0 && isOver[p.offer[e]!] !== 0) lists[p.offer[e]!]!.push(e);
    const keys = new Float64Array(n * k);
    for (const o of overOffers) {
      const list = lists[o]!;
      for (const e of list) keys[e] = p.value[e]! - (ch.budPrice[o]! + ch.campPrice) * p.expectedCost[e]!;
      list.sort(byKeyDesc(keys));
      let kept = 0;
      let keptCost = 0;
      for (const e of list) {
        const pc = p.expectedCost[e]!;
        if (kept + 1 <= p.capacity[o]! && keptCost + pc <= p.budget[o]!) {
          kept++;
          keptCost += pc;
        } else {
          chosen[e] = 0;
          ch.release(e);
          ch.repairBlocked[e] = kept + 1 > p.capacity[o]! ? Reason.capacity : Reason.budget;
          redo[(e / k) | 0] = 1;
          anyRedo = true;
        }
      }
    }
  }
  if (ch.campaignUsed > p.campaignBudget) {
    const list: number[] = [];
    const keys = new Float64Array(n * k);
    for (let e = 0; e < n * k; e++) {
      if (chosen[e] !== 0 && p.expectedCost[e]! > 0) {
        list.push(e);
        keys[e] = p.value[e]! / p.expectedCost[e]!;
      }
    }
    list.sort((a, b) => keys[a]! - keys[b]! || b - a); // worst value per unit of cost first
    for (let i = 0; i < list.length && ch.campaignUsed > p.campaignBudget; i++) {
      const e = list[i]!;
      chosen[e] = 0;
      ch.release(e);
      ch.repairBlocked[e] = Reason.campaignBudget;
      redo[(e / k) | 0] = 1;
      anyRedo = true;
    }
  }
  if (anyRedo) {
    for (let c = 0; c < n; c++) {
      if (redo[c] === 0) continue;
      for (let e = c * k; e < c * k + k; e++) {
        if (chosen[e] !== 0) {
          chosen[e] = 0;
          ch.release(e);
        }
      }
      const cnt = ch.choose(c, true, true, true);
      for (let i = 0; i < cnt; i++) chosen[picks[i]!] = 1;
    }
  }

  // ---- 3. local improvement against spare capacity ----
  const old = ch.oldPicks;
  for (let pass = 0; pass < improvePasses; pass++) {
    let changed = false;
    for (let c = 0; c < n; c++) {
      if (p.slots[c] === 0) continue;
      const before = ch.loadChosen(c, chosen);
      let oldValue = 0;
      for (let i = 0; i < before; i++) {
        old[i] = picks[i]!;
        oldValue += p.value[picks[i]!]!;
        ch.release(picks[i]!);
      }
      // try the raw-value greedy, then the priced greedy (better on budget-bound offers); keep the best
      let done = false;
      for (let mode = 0; mode < 2 && !done; mode++) {
        const cnt = ch.choose(c, mode === 1, true, false);
        let newValue = 0;
        for (let i = 0; i < cnt; i++) newValue += p.value[picks[i]!]!;
        if (newValue > oldValue + 1e-9 * Math.abs(oldValue) + 1e-12) {
          for (let i = 0; i < before; i++) chosen[old[i]!] = 0;
          for (let i = 0; i < cnt; i++) chosen[picks[i]!] = 1;
          changed = true;
          done = true;
        } else {
          for (let i = 0; i < cnt; i++) ch.release(picks[i]!);
        }
      }
      if (!done) for (let i = 0; i < before; i++) ch.take(old[i]!);
    }
    if (!changed) break;
  }

  // ---- 4. minimum volumes, best effort ----
  const shortLists = new Map<number, number[]>();
  for (let o = 0; o < m; o++) if (p.minVolume[o]! > 0 && ch.recipients[o]! < p.minVolume[o]!) shortLists.set(o, []);
  if (shortLists.size > 0) {
    for (let e = 0; e < n * k; e++) {
      if (p.blocked[e] !== 0 || chosen[e] !== 0) continue;
      const list = shortLists.get(p.offer[e]!);
      if (list !== undefined) list.push(e);
    }
  }
  const valueKeys = shortLists.size > 0 ? Float64Array.from(p.value) : new Float64Array(0);
  for (const [o, list] of shortLists) {
    const want = p.minVolume[o]!;
    list.sort(byKeyDesc(valueKeys));
    for (let i = 0; i < list.length && ch.recipients[o]! < want; i++) {
      const e = list[i]!;
      const c = (e / k) | 0;
      let cnt = ch.loadChosen(c, chosen);
      if (cnt < p.slots[c]! && ch.fits(e, cnt, true) === 0) {
        chosen[e] = 1;
        ch.take(e);
        continue;
      }
      // swap out the lowest-value pick whose offer stays at or above its own minimum
      let worst = -1;
      for (let t = 0; t < cnt; t++) {
        const q = picks[t]!;
        const qo = p.offer[q]!;
        if (ch.recipients[qo]! - 1 < p.minVolume[qo]!) continue;
        if (worst < 0 || p.value[q]! < p.value[picks[worst]!]!) worst = t;
      }
      if (worst < 0) continue;
      const out = picks[worst]!;
      picks[worst] = picks[cnt - 1]!;
      cnt--;
      ch.release(out);
      if (ch.fits(e, cnt, true) === 0) {
        chosen[out] = 0;
        chosen[e] = 1;
        ch.take(e);
      } else {
        ch.take(out);
      }
    }
  }

  // ---- 5. outcomes from the final state ----
  const outcome = new Uint8Array(n * k);
  let objective = 0;
  for (let c = 0; c < n; c++) {
    const cnt = ch.loadChosen(c, chosen);
    const full = cnt >= p.slots[c]!;
    for (let e = c * k; e < c * k + k; e++) {
      if (p.offer[e]! < 0) {
        outcome[e] = Reason.empty;
        continue;
      }
      if (p.blocked[e] !== 0) {
        outcome[e] = p.blocked[e]!;
        continue;
      }
      if (chosen[e] !== 0) {
        outcome[e] = p.discovery[e] !== 0 ? Reason.chosenDiscovery : Reason.chosen;
        objective += p.value[e]!;
        continue;
      }
      const why = ch.fits(e, cnt, true);
      if (why !== 0) outcome[e] = why;
      else if (!(p.value[e]! > 0)) outcome[e] = Reason.noValue;
      else if (!(p.value[e]! - ch.charge(e) > 0)) outcome[e] = Reason.price;
      else if (full) outcome[e] = Reason.lowerRank;
      else outcome[e] = ch.repairBlocked[e] !== 0 ? ch.repairBlocked[e]! : Reason.lowerRank;
    }
  }
  const shortfall = new Int32Array(m);
  for (let o = 0; o < m; o++) shortfall[o] = Math.max(0, p.minVolume[o]! - ch.recipients[o]!);
  return {
    chosen,
    outcome,
    recipients: ch.recipients,
    budgetUsed: ch.used,
    campaignUsed: ch.campaignUsed,
    capacityPrice: ch.capPrice,
    budgetPrice: ch.budPrice,
    campaignPrice: camp[0]!,
    shortfall,
    iterations,
    converged,
    objective,
  };
}
