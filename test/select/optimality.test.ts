import { describe, expect, it } from 'vitest';
import { allocate } from '../../src/select/allocate.js';
import { certifyWithin, checkAllocation, randomProblem, type InstanceShape } from './helpers.js';

/**
 * Issue #4: "On small instances (hundreds of customers), compare with the exact optimum ... within 1% of the
 * optimal objective, and never infeasible." yalps' branch and bound does not finish on these sizes, so every
 * instance is certified instead (helpers.ts certifyWithin): the LP relaxation bounds the MILP optimum from above,
 * so `objective >= 0.99 x LP` proves the 1%; otherwise the MILP with `value >= objective / 0.99` must be
 * infeasible. An instance yalps can settle neither way is skipped and logged, not counted.
 */
const classes: { name: string; shape: Omit<InstanceShape, 'customers' | 'offers' | 'slots'> }[] = [
  { name: 'campaign budget + capacities', shape: { k: 5, budgetShare: 0, campaignBudget: true } },
  { name: 'offer budgets (30%) + capacities', shape: { k: 5, budgetShare: 0.3 } },
  { name: 'offer budgets (50%) + capacities + campaign budget', shape: { k: 5, budgetShare: 0.5, campaignBudget: true } },
];
const sizes = [
  { customers: 150, offers: 8, slots: 2 },
  { customers: 300, offers: 20, slots: 3 },
];
const SEEDS = 10;

describe('allocate optimality on hundreds of customers', () => {
  for (const size of sizes) {
    for (const cls of classes) {
      it(`allocate(problem) is within 1% of the MILP optimum on every instance: ${cls.name}, ${size.customers} customers x ${size.offers} offers, ${size.slots} slots (seeds 101..${100 + SEEDS})`, () => {
        const skipped: number[] = [];
        const gaps: string[] = [];
        for (let seed = 101; seed <= 100 + SEEDS; seed++) {
          const p = randomProblem(seed, { ...cls.shape, ...size });
          const a = allocate(p);
          expect(checkAllocation(p, a.chosen).violations, `seed ${seed}`).toEqual([]);
          const cert = certifyWithin(p, a.objective, 0.01);
          gaps.push(`${seed}:${(100 * cert.lpGap).toFixed(2)}%${cert.by === 'lp' ? '' : `(${cert.by})`}`);
          if (cert.by === 'timedout') {
            skipped.push(seed);
            continue;
          }
          expect(cert.by, `seed ${seed}: gap to the LP bound ${(100 * cert.lpGap).toFixed(2)}%`).not.toBe('refuted');
        }
        console.log(`${cls.name}, ${size.customers}x${size.offers}: gap to LP bound ${gaps.join(' ')}${skipped.length > 0 ? `; skipped (yalps timed out): ${skipped.join(', ')}` : ''}`);
        // at least most instances must be decided, or the test proves little
        expect(skipped.length).toBeLessThanOrEqual(2);
      }, 20_000);
    }
  }
});

describe('certifyWithin (test helper)', () => {
  it('certifyWithin(problem, objective, gap) refutes an objective 5% under the exact optimum and certifies the optimum itself', () => {
    // the certificate must be able to fail, or the suite above proves nothing
    const p = randomProblem(7, { customers: 30, offers: 8, k: 5, slots: 2, budgetShare: 0.5, campaignBudget: true });
    const a = allocate(p);
    expect(certifyWithin(p, a.objective * 0.95, 0.01).by).toBe('refuted');
    expect(['lp', 'milp']).toContain(certifyWithin(p, a.objective, 0.02).by);
  });
});
