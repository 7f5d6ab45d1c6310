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

  it('allocate(problem) is within 1% of the MILP optimum on small campaign-budget and offer-budget instances, 1.25% with both', () => {
    // Seeded suite of small budgeted instances (budgets covering ~3-30 placements, where rounding the dual costs
    // most; the hundreds-of-customers classes of issue #4 are in optimality.test.ts, all within 1%). Measured with the
    // default two starts (bisection + clearing) and exchange 6 passes x 4 trials: worst 0.86% / 0.73% / 1.22%, means
    // 0.19% / 0.14% / 0.55% (seeds 101..112). The offer + campaign class does NOT reach 1% on every instance: seeds
    // 101 (1.11%) and 104 (1.22%) stay above it. Before the two starts (bisection only, 2 x 1 exchange) worst was 1.28 / 1.20 / 2.78%.
    // both40 seeds 2, 4, 6, 9 are left out only because yalps needs 3-14 s each on them (seed 104 measured apart: 1.22%).
    const suites = [
      { name: 'campaign budget, 30 customers', shape: { customers: 30, offers: 8, k: 5, slots: 2, budgetShare: 0, campaignBudget: true }, seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], worst: 0.01 },
      { name: 'offer budgets + capacities, 40 customers', shape: { customers: 40, offers: 8, k: 5, slots: 2, budgetShare: 0.3 }, seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], worst: 0.01 },
      { name: 'offer + campaign budgets, 40 customers', shape: { customers: 40, offers: 8, k: 5, slots: 2, budgetShare: 0.5, campaignBudget: true }, seeds: [1, 3, 5, 7, 8, 10, 11, 12], worst: 0.0125 },
    ];
    for (const suite of suites) {
      const gaps: number[] = [];
      for (const seed of suite.seeds) {
        const p = randomProblem(seed + 100, suite.shape);
        const a = allocate(p);
        expect(checkAllocation(p, a.chosen).violations).toEqual([]);
        // the exchange only ever applies improving moves
        expect(a.objective, `${suite.name} seed ${seed}`).toBeGreaterThanOrEqual(allocate(p, { exchangePasses: 0 }).objective - 1e-9);
        const exact = exactOptimum(p);
        expect(exact.status, `${suite.name} seed ${seed}`).toBe('optimal');
        gaps.push(1 - a.objective / exact.value);
        expect(a.objective, `${suite.name} seed ${seed}`).toBeGreaterThanOrEqual(exact.value * (1 - suite.worst));
      }
      const mean = gaps.reduce((x, y) => x + y, 0) / gaps.length;
      expect(mean, `${suite.name}: gaps ${gaps.map((g) => (100 * g).toFixed(2)).join(' ')}`).toBeLessThanOrEqual(0.006);
    }
  }, 60_000);

  it("allocate(problem) keeps the better of its two starts: never below either priceUpdate alone", () => {
    for (let seed = 1; seed <= 6; seed++) {
      const p = randomProblem(seed + 300, { customers: 60, offers: 8, k: 5, slots: 2, budgetShare: 0.5, campaignBudget: true });
      const both = allocate(p).objective;
      expect(both, `seed ${seed}`).toBeGreaterThanOrEqual(allocate(p, { priceUpdate: 'bisection' }).objective - 1e-9);
      expect(both, `seed ${seed}`).toBeGreaterThanOrEqual(allocate(p, { priceUpdate: 'clearing', maxIterations: 20 }).objective - 1e-9);
    }
  });

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

describe('allocate priceUpdate', () => {
  it("allocate(problem, { priceUpdate: 'clearing' }) never exceeds a capacity or budget and never picks a blocked entry (fast-check)", () => {
    const seed = 77031;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 6 }), fc.boolean(), (s, customers, offers, k, campaign) => {
        const p = randomProblem(s, { customers, offers, k, slots: 2, capShare: 0.7, budgetShare: 0.5, campaignBudget: campaign, maxPerDepartment: 1 });
        const a = allocate(p, { maxIterations: 15, priceUpdate: 'clearing' });
        const check = checkAllocation(p, a.chosen);
        expect(check.violations).toEqual([]);
        expect(a.objective).toBeCloseTo(check.value, 3);
      }),
      { seed, numRuns: 100 },
    );
  });

  it("allocate(problem, { priceUpdate: 'clearing' }) stays within 5% of the MILP optimum on capacity instances", () => {
    for (let seed = 1; seed <= 4; seed++) {
      const p = randomProblem(seed, { customers: 120, offers: 12, k: 6, slots: 3, budgetShare: 0 });
      const a = allocate(p, { priceUpdate: 'clearing' });
      expect(a.objective, `seed ${seed}`).toBeGreaterThanOrEqual(exactOptimum(p).value * 0.95);
    }
  }, 20_000);

  it("allocate(problem, { priceUpdate: 'clearing' }) clears a campaign budget whose bids share one bucket (regression: scratch growth dropped bids)", () => {
    // 300 identical customers: every campaign bid is equal, so the refinement bucket holds 600 bids,
    // far more than the initial scratch (no constrained offer); growing it once lost the bids already copied
    const p = randomProblem(1, { customers: 300, offers: 2, k: 2, slots: 2, capShare: 0, budgetShare: 0 });
    const value = new Float32Array(p.value.length).fill(1);
    const expectedCost = new Float32Array(p.value.length).fill(0.5);
    const q = { ...p, value, expectedCost, blocked: new Uint8Array(p.value.length), key: Int32Array.of(0, 1), campaignBudget: 100 };
    const a = allocate(q, { priceUpdate: 'clearing', maxIterations: 3 });
    expect(a.campaignPrice).toBeGreaterThan(0);
    expect(checkAllocation(q, a.chosen).violations).toEqual([]);
    expect(a.campaignUsed).toBeGreaterThan(99);
  });

  it('allocate(problem, { priceUpdate }) rejects an unknown update with a TypeError', () => {
    const p = randomProblem(2, { customers: 5, offers: 3, k: 2, slots: 1 });
    expect(() => allocate(p, { priceUpdate: 'newton' as 'clearing' })).toThrow(TypeError);
  });
});
