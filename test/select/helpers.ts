import { solve, type Coefficients, type Constraint } from 'yalps';
import type { AllocationProblem } from '../../src/select/allocate.js';
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
 * The exact optimum of an allocation problem as a 0/1 MILP solved by yalps (discovery share not
 * modelled); with `integers = false` the LP relaxation, an upper bound on the MILP optimum.
 */
export function exactOptimum(p: AllocationProblem, integers = true): { value: number; status: string } {
  const constraints = new Map<string, Constraint>();
  const variables = new Map<string, Coefficients>();
  const { customerCount: n, k } = p;
  for (let c = 0; c < n; c++) {
    if (p.slots[c] === 0) continue;
    constraints.set(`s${c}`, { max: p.slots[c]! });
    for (let j = 0; j < k; j++) {
      const e = c * k + j;
      const o = p.offer[e]!;
      if (o < 0 || p.blocked[e] !== 0 || p.value[e]! < 0) continue;
      const coef = new Map<string, number>([
        ['v', p.value[e]!],
        [`s${c}`, 1],
        [`x${e}`, 1],
        [`u${c}_${o}`, 1],
      ]);
      constraints.set(`x${e}`, { max: 1 });
      constraints.set(`u${c}_${o}`, { max: 1 });
      if (p.key[o]! >= 0) {
        coef.set(`k${c}_${p.key[o]}`, 1);
        constraints.set(`k${c}_${p.key[o]}`, { max: 1 });
      }
      if (p.department[o]! >= 0) {
        coef.set(`d${c}_${p.department[o]}`, 1);
        constraints.set(`d${c}_${p.department[o]}`, { max: p.maxPerDepartment });
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
  const sol = solve({ direction: 'maximize', objective: 'v', constraints, variables, integers }, { timeout: 15_000 });
  return { value: sol.result, status: sol.status };
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
