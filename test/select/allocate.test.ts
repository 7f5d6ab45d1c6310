import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate } from '../../src/select/allocate.js';
import { checkAllocation, exactOptimum, randomProblem } from './helpers.js';

describe('allocate', () => {
  it('allocate(problem) is within 1% of the exact MILP optimum (yalps) on capacity + per-customer rule instances', () => {
    // capacity, diversity and department constraints only: seeds 1..8, 120 customers x 12 offers, 3 of 6 candidates
    for (let seed = 1; seed <= 8; seed++) {
      const p = randomProblem(seed, { customers: 120, offers: 12, k: 6, slots: 3, budgetShare: 0 });
      const a = allocate(p);
      const exact = exactOptimum(p);
      expect(exact.status).toBe('optimal');
      expect(checkAllocation(p, a.chosen).violations).toEqual([]);
      expect(a.objective, `seed ${seed}`).toBeGreaterThanOrEqual(exact.value * 0.99);
    }
  }, 20_000);

  it('allocate(problem) stays feasible and within 5% of the MILP optimum with per-offer and campaign budgets', () => {
    // small knapsacks (a budget covers ~10-30 placements) are where rounding the dual costs most
    const gaps: number[] = [];
    for (let seed = 1; seed <= 4; seed++) {
      const shape = seed % 2 === 0 ? { customers: 30, offers: 8, k: 5, slots: 2, budgetShare: 0, campaignBudget: true } : { customers: 40, offers: 8, k: 5, slots: 2, budgetShare: 0.3 };
      const p = randomProblem(seed + 100, shape);
      const a = allocate(p);
      const exact = exactOptimum(p);
      expect(checkAllocation(p, a.chosen).violations).toEqual([]);
      if (exact.status !== 'optimal') continue;
      gaps.push(1 - a.objective / exact.value);
      expect(a.objective, `seed ${seed + 100}`).toBeGreaterThanOrEqual(exact.value * 0.95);
    }
    expect(gaps.length).toBeGreaterThan(1);
  }, 20_000);

  it('allocate(problem) never exceeds a capacity or budget and never picks a blocked entry (fast-check)', () => {
    const seed = 20240611;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        (s, customers, offers, k, slots, campaign) => {
          const p = randomProblem(s, { customers, offers, k, slots, capShare: 0.7, budgetShare: 0.5, campaignBudget: campaign, maxPerDepartment: 1 });
          const a = allocate(p, { maxIterations: 25 });
          const check = checkAllocation(p, a.chosen);
          expect(check.violations).toEqual([]);
          expect(a.objective).toBeCloseTo(check.value, 3);
        },
      ),
      { seed, numRuns: 150 },
    );
  });

  it('allocate(problem) with no binding constraint takes every customer greedy choice in one iteration', () => {
    const p = randomProblem(7, { customers: 50, offers: 10, k: 5, slots: 2, capShare: 0, budgetShare: 0 });
    const a = allocate(p);
    expect(a.iterations).toBe(1);
    expect(a.converged).toBe(true);
    expect([...a.capacityPrice].every((x) => x === 0)).toBe(true);
    // each customer holds its best entries subject to key/department rules (checked against the exact optimum)
    expect(a.objective).toBeCloseTo(exactOptimum(p).value, 4);
  });

  it('allocate(problem) prices a binding capacity and reports a positive clearing price', () => {
    const p = randomProblem(3, { customers: 80, offers: 6, k: 4, slots: 1, capShare: 1, budgetShare: 0 });
    const a = allocate(p);
    let priced = 0;
    for (let o = 0; o < p.offerCount; o++) {
      expect(a.recipients[o]).toBeLessThanOrEqual(p.capacity[o]!);
      if (a.capacityPrice[o]! > 0) priced++;
    }
    expect(priced).toBeGreaterThan(0);
  });

  it('allocate(problem) does not mutate its inputs', () => {
    const p = randomProblem(11, { customers: 40, offers: 8, k: 5, slots: 2, campaignBudget: true });
    const before = JSON.stringify([[...p.value], [...p.capacity], [...p.budget], [...p.blocked], [...p.offer]]);
    allocate(p);
    expect(JSON.stringify([[...p.value], [...p.capacity], [...p.budget], [...p.blocked], [...p.offer]])).toBe(before);
  });

  it('allocate(problem) serves minVolume best effort by free slots and swaps', () => {
    const p = randomProblem(5, { customers: 60, offers: 8, k: 5, slots: 2, capShare: 0, budgetShare: 0 });
    const minVolume = new Int32Array(p.offerCount);
    const base = allocate(p);
    let target = 0;
    for (let o = 1; o < p.offerCount; o++) if (base.recipients[o]! < base.recipients[target]!) target = o;
    minVolume[target] = base.recipients[target]! + 5;
    const a = allocate({ ...p, minVolume });
    expect(a.recipients[target]! + a.shortfall[target]!).toBeGreaterThanOrEqual(minVolume[target]!);
    expect(a.recipients[target]).toBeGreaterThan(base.recipients[target]!);
    expect(checkAllocation(p, a.chosen).violations).toEqual([]);
  });
});
