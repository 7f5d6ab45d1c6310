import { solve, type Coefficients, type Constraint } from 'yalps';
import type { AllocationProblem } from '../../src/select/allocationProblem.js';
import type { Profiles } from '../../src/profile/profiles.js';

/** mulberry32: a small seeded PRNG so every instance can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface InstanceShape {
  customers: number;
  offers: number;
  k: number;
  slots: number;
  /** share of offers with a finite capacity / budget */
  capShare?: number;
  budgetShare?: number;
  campaignBudget?: boolean;
  maxPerDepartment?: number;
}

/** A random allocation instance: keys nest inside departments (category ⊂ department), like real data. */
export function randomProblem(seed: number, s: InstanceShape): AllocationProblem {
  const r = rng(seed);
  const n = s.customers;
  const m = s.offers;
  const k = Math.min(s.k, m);
  const key = new Int32Array(m);
  const department = new Int32Array(m);
  const keys = Math.max(2, Math.floor(m * 0.6));
  for (let o = 0; o < m; o++) {
    key[o] = Math.floor(r() * keys);
    department[o] = key[o]! % 3;
  }
  const offer = new Int32Array(n * k).fill(-1);
  const value = new Float32Array(n * k);
  const expectedCost = new Float32Array(n * k);
  const blocked = new Uint8Array(n * k);
  const discovery = new Uint8Array(n * k);
  const demand = new Float64Array(m);
  const cost = Float64Array.from({ length: m }, () => 1 + r() * 9);
  const pop = Float64Array.from({ length: m }, () => 0.5 + r());
  for (let c = 0; c < n; c++) {
    // a random k-subset of offers per customer
    const perm = Array.from({ length: m }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(r() * (m - i));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    for (let j = 0; j < k; j++) {
      const e = c * k + j;
      const o = perm[j]!;
      offer[e] = o;
      const p = 0.02 + 0.3 * r();
      value[e] = Math.fround(p * pop[o]! * (1 + 4 * r()));
      expectedCost[e] = Math.fround(p * cost[o]!);
      if (r() < 0.1) blocked[e] = 3;
      demand[o]! += 1;
    }
  }
  const capacity = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  const budget = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  for (let o = 0; o < m; o++) {
    if (r() < (s.capShare ?? 0.5)) capacity[o] = Math.floor(demand[o]! * (0.1 + 0.4 * r()));
    if (r() < (s.budgetShare ?? 0.3)) budget[o] = demand[o]! * cost[o]! * 0.16 * (0.1 + 0.4 * r());
  }
  let totalCost = 0;
  for (let e = 0; e < n * k; e++) totalCost += expectedCost[e]!;
  return {
    customerCount: n,
    k,
    offerCount: m,
    offer,
    value,
    expectedCost,
    blocked,
    discovery,
    slots: new Uint8Array(n).fill(s.slots),
    discoverySlots: 0,
    capacity,
    budget,
    minVolume: new Int32Array(m),
    key,
    department,
    maxPerDepartment: s.maxPerDepartment ?? 2,
    campaignBudget: s.campaignBudget === true ? totalCost * 0.25 * (s.slots / k) : Number.POSITIVE_INFINITY,
  };
}

/**
 * The allocation problem as a yalps model: one 0/1 variable per live entry (value > 0), with the rows
 * that can bind (a per-customer row is left out when the customer's live entries cannot break it).
 */
function milpModel(p: AllocationProblem): { constraints: Map<string, Constraint>; variables: Map<string, Coefficients> } {
  const constraints = new Map<string, Constraint>();
  const variables = new Map<string, Coefficients>();
  const { customerCount: n, k } = p;
  for (let c = 0; c < n; c++) {
    if (p.slots[c] === 0) continue;
    const live: number[] = [];
    for (let j = 0; j < k; j++) {
      const e = c * k + j;
      if (p.offer[e]! >= 0 && p.blocked[e] === 0 && p.value[e]! > 0) live.push(e);
    }
    const count = (of: (e: number) => number): Map<number, number> => {
      const m = new Map<number, number>();
      for (const e of live) if (of(e) >= 0) m.set(of(e), (m.get(of(e)) ?? 0) + 1);
      return m;
    };
    const byOffer = count((e) => p.offer[e]!);
    const byKey = count((e) => p.key[p.offer[e]!]!);
    const byDept = count((e) => p.department[p.offer[e]!]!);
    const slotRow = live.length > p.slots[c]!;
    if (slotRow) constraints.set(`s${c}`, { max: p.slots[c]! });
    for (const e of live) {
      const o = p.offer[e]!;
      const coef = new Map<string, number>([['v', p.value[e]!], [`x${e}`, 1]]);
      constraints.set(`x${e}`, { max: 1 });
      if (slotRow) coef.set(`s${c}`, 1);
      if (byOffer.get(o)! > 1) {
        coef.set(`u${c}_${o}`, 1);
        constraints.set(`u${c}_${o}`, { max: 1 });
      }
      const key = p.key[o]!;
      if (key >= 0 && byKey.get(key)! > 1) {
        coef.set(`k${c}_${key}`, 1);
        constraints.set(`k${c}_${key}`, { max: 1 });
      }
      const dept = p.department[o]!;
      if (dept >= 0 && byDept.get(dept)! > p.maxPerDepartment) {
        coef.set(`d${c}_${dept}`, 1);
        constraints.set(`d${c}_${dept}`, { max: p.maxPerDepartment });
      }
      if (p.capacity[o]! < Infinity) {
        coef.set(`cap${o}`, 1);
        constraints.set(`cap${o}`, { max: p.capacity[o]! });
      }
      if (p.budget[o]! < Infinity) {
        coef.set(`bud${o}`, p.expectedCost[e]!);
        constraints.set(`bud${o}`, { max: p.budget[o]! });
      }
      if (p.campaignBudget < Infinity) {
        coef.set('camp', p.expectedCost[e]!);
        constraints.set('camp', { max: p.campaignBudget });
      }
      variables.set(`x${e}`, coef);
    }
  }
  return { constraints, variables };
}

/**
 * The exact optimum of an allocation problem as a 0/1 MILP solved by yalps (discovery share not
 * modelled); with `integers = false` the LP relaxation, an upper bound on the MILP optimum.
 */
export function exactOptimum(p: AllocationProblem, integers = true, timeout = 15_000): { value: number; status: string } {
  const { constraints, variables } = milpModel(p);
  const sol = solve({ direction: 'maximize', objective: 'v', constraints, variables, integers }, { timeout, maxPivots: 1 << 20 });
  return { value: sol.result, status: sol.status };
}

/** How {@link certifyWithin} settled whether `objective >= (1 - gap) x` the MILP optimum. */
export interface Certificate {
  /** `lp`: the LP relaxation (an upper bound on the optimum) is already close enough; `milp`: yalps proved no
   * integer solution beats `objective / (1 - gap)`; `refuted`: it found one; `timedout`: undecided. */
  readonly by: 'lp' | 'milp' | 'refuted' | 'timedout';
  /** The LP relaxation bound. */
  readonly lp: number;
  /** `1 - objective / lp`: an upper bound on the true gap to the MILP optimum. */
  readonly lpGap: number;
}

/**
 * Whether `objective` is within `gap` of the MILP optimum of p, without solving the MILP to optimality
 * (yalps' branch and bound does not finish on hundreds of customers): first against the LP relaxation,
 * which bounds the optimum from above; failing that, the MILP with the extra row `value >= objective / (1 - gap)`
 * must be infeasible (its branch and bound prunes every node whose LP falls under that target).
 */
export function certifyWithin(p: AllocationProblem, objective: number, gap: number, timeout = 5_000): Certificate {
  const { constraints, variables } = milpModel(p);
  const lpSol = solve({ direction: 'maximize', objective: 'v', constraints, variables }, { maxPivots: 1 << 20 });
  const lp = lpSol.result;
  const lpGap = 1 - objective / lp;
  if (lpSol.status === 'optimal' && lpGap <= gap) return { by: 'lp', lp, lpGap };
  constraints.set('v', { min: (objective / (1 - gap)) * (1 + 1e-9) });
  const sol = solve({ direction: 'maximize', objective: 'v', constraints, variables, integers: true }, { timeout, maxPivots: 1 << 20 });
  // a timed-out search that already holds an integer solution above the target refutes too
  const by = sol.status === 'infeasible' ? 'milp' : Number.isFinite(sol.result) ? 'refuted' : 'timedout';
  return { by, lp, lpGap };
}

/** Sum of chosen values and a feasibility check against every constraint, the slow obvious way. */
export function checkAllocation(p: AllocationProblem, chosen: Uint8Array): { value: number; violations: string[] } {
  const v: string[] = [];
  const recipients = new Float64Array(p.offerCount);
  const used = new Float64Array(p.offerCount);
  let camp = 0;
  let value = 0;
  for (let c = 0; c < p.customerCount; c++) {
    const offers: number[] = [];
    for (let j = 0; j < p.k; j++) {
      const e = c * p.k + j;
      if (chosen[e] === 0) continue;
      const o = p.offer[e]!;
      if (p.blocked[e] !== 0) v.push(`customer ${c}: blocked entry ${j} chosen`);
      offers.push(o);
      recipients[o]! += 1;
      used[o]! += p.expectedCost[e]!;
      camp += p.expectedCost[e]!;
      value += p.value[e]!;
    }
    if (offers.length > p.slots[c]!) v.push(`customer ${c}: ${offers.length} > slots`);
    if (new Set(offers).size !== offers.length) v.push(`customer ${c}: duplicate offer`);
    const keys = offers.map((o) => p.key[o]!).filter((x) => x >= 0);
    if (new Set(keys).size !== keys.length) v.push(`customer ${c}: diversity key repeated`);
    const depts = new Map<number, number>();
    for (const o of offers) if (p.department[o]! >= 0) depts.set(p.department[o]!, (depts.get(p.department[o]!) ?? 0) + 1);
    for (const [d, cnt] of depts) if (cnt > p.maxPerDepartment) v.push(`customer ${c}: department ${d} has ${cnt}`);
  }
  for (let o = 0; o < p.offerCount; o++) {
    if (recipients[o]! > p.capacity[o]!) v.push(`offer ${o}: ${recipients[o]} recipients > capacity ${p.capacity[o]}`);
    if (used[o]! > p.budget[o]! * (1 + 1e-9)) v.push(`offer ${o}: budget ${used[o]} > ${p.budget[o]}`);
  }
  if (camp > p.campaignBudget * (1 + 1e-9)) v.push(`campaign budget ${camp} > ${p.campaignBudget}`);
  return { value, violations: v };
}

/** Builds a Profiles object from per-customer lists of (category, spend, lastDay); other fields zero. */
export function profilesFrom(
  rows: readonly (readonly { category: number; spend?: number; lastDay?: number }[])[],
  categoryCount: number,
  asOfDay = 0,
): Profiles {
  const n = rows.length;
  const rowPtr = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) rowPtr[c + 1] = rowPtr[c]! + rows[c]!.length;
  const nnz = rowPtr[n]!;
  const category = new Int32Array(nnz);
  const spend = new Float32Array(nnz);
  const lastDay = new Int32Array(nnz);
  const totalSpend = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const sorted = [...rows[c]!].sort((a, b) => a.category - b.category);
    for (let i = 0; i < sorted.length; i++) {
      const k = rowPtr[c]! + i;
      category[k] = sorted[i]!.category;
      spend[k] = sorted[i]!.spend ?? 10;
      lastDay[k] = sorted[i]!.lastDay ?? asOfDay - 1;
      totalSpend[c]! += spend[k]!;
    }
  }
  return {
    customerCount: n,
    categoryCount,
    asOfDay,
    halfLifeDays: 90,
    rowPtr,
    category,
    weightedSpend: spend,
    spend,
    purchases: new Int32Array(nnz).fill(1),
    lastDay,
    cycleDays: new Float32Array(nnz).fill(Number.NaN),
    totalSpend,
    weightedTotalSpend: totalSpend,
    visits: new Int32Array(n),
    lines: new Int32Array(n),
    firstDay: new Int32Array(n),
    lastVisitDay: new Int32Array(n).fill(-1),
    discountShare: new Float32Array(n),
    basketSize: new Float32Array(n),
    region: new Int32Array(n),
    penetration: new Float32Array(categoryCount),
    spendShare: new Float32Array(categoryCount),
    populationCycleDays: new Float32Array(categoryCount).fill(Number.NaN),
  };
}
