import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate } from '../../src/select/allocate.js';
import type { AllocationProblem } from '../../src/select/allocationProblem.js';
import { improveByExchange } from '../../src/select/exchange.js';
import { checkAllocation, randomProblem } from './helpers.js';

/** Fill of every constraint recomputed from `chosen`, the slow obvious way. */
function fillOf(p: AllocationProblem, chosen: Uint8Array): { recipients: Int32Array; used: Float64Array; campaignUsed: number } {
  const recipients = new Int32Array(p.offerCount);
  const used = new Float64Array(p.offerCount);
  let campaignUsed = 0;
  for (let e = 0; e < chosen.length; e++) {
    if (chosen[e] === 0) continue;
    recipients[p.offer[e]!]!++;
    used[p.offer[e]!]! += p.expectedCost[e]!;
    campaignUsed += p.expectedCost[e]!;
  }
  return { recipients, used, campaignUsed };
}

/** The best gain of a single add / replace move inside one customer's row that needs no drop elsewhere (brute force). */
function bestDirectMove(p: AllocationProblem, chosen: Uint8Array): number {
  const { recipients, used, campaignUsed } = fillOf(p, chosen);
  const margin = 1e-9;
  let best = 0;
  for (let c = 0; c < p.customerCount; c++) {
    const row = [...Array(p.k).keys()].map((j) => c * p.k + j);
    const picks = row.filter((e) => chosen[e] !== 0);
    for (const e of row) {
      if (chosen[e] !== 0 || p.blocked[e] !== 0 || p.offer[e]! < 0) continue;
      const options: (number | undefined)[] = picks.length < p.slots[c]! ? [undefined, ...picks] : [...picks];
      for (const q of options) {
        const next = picks.filter((x) => x !== q).concat(e);
        const trial = new Uint8Array(chosen.length);
        for (const x of next) trial[x] = 1;
        // rules of the row only: a one-customer copy of the problem with no shared resource
        const rowOnly = { ...p, capacity: new Float64Array(p.offerCount).fill(Infinity), budget: new Float64Array(p.offerCount).fill(Infinity), campaignBudget: Infinity };
        if (checkAllocation(rowOnly, trial).violations.length > 0) continue;
        const o = p.offer[e]!;
        const same = q !== undefined && p.offer[q] === o;
        const cq = q === undefined ? 0 : p.expectedCost[q]!;
        if ((same ? recipients[o]! : recipients[o]! + 1) > p.capacity[o]!) continue;
        if (used[o]! - (same ? cq : 0) + p.expectedCost[e]! > p.budget[o]! * (1 - margin)) continue;
        if (campaignUsed - cq + p.expectedCost[e]! > p.campaignBudget * (1 - margin)) continue;
        const gain = p.value[e]! - (q === undefined ? 0 : p.value[q]!);
        if (gain > best) best = gain;
      }
    }
  }
  return best;
}

describe('improveByExchange', () => {
  it('improveByExchange(problem, chosen, fill) stays feasible, never lowers the objective and leaves no improving direct move (fast-check vs brute force)', () => {
    const seed = 50321;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2, max: 8 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), (s, customers, offers, k, slots, campaign) => {
        const p = randomProblem(s, { customers, offers, k, slots, capShare: 0.5, budgetShare: 0.6, campaignBudget: campaign, maxPerDepartment: 1 });
        const start = allocate(p, { exchangePasses: 0, maxIterations: 15 });
        // a worse feasible start: every third chosen entry dropped, so improving moves exist
        const chosen = start.chosen.slice();
        let nth = 0;
        for (let e = 0; e < chosen.length; e++) if (chosen[e] !== 0 && nth++ % 3 === 0) chosen[e] = 0;
        const startValue = checkAllocation(p, chosen).value;
        const fill = fillOf(p, chosen);
        improveByExchange(p, chosen, fill, { maxPasses: 1000 });
        const check = checkAllocation(p, chosen);
        expect(check.violations).toEqual([]);
        expect(check.value).toBeGreaterThanOrEqual(startValue - 1e-9);
        // the fill it kept up to date is the fill of what it chose
        const exact = fillOf(p, chosen);
        expect([...fill.recipients]).toEqual([...exact.recipients]);
        for (let o = 0; o < p.offerCount; o++) expect(fill.used[o]).toBeCloseTo(exact.used[o]!, 6);
        expect(fill.campaignUsed).toBeCloseTo(exact.campaignUsed, 6);
        expect(bestDirectMove(p, chosen)).toBeLessThanOrEqual(1e-9);
      }),
      { seed, numRuns: 120 },
    );
  });

  it('improveByExchange(problem, chosen, fill) frees an offer budget by dropping a lower-value pair of another customer', () => {
    // two customers, one offer (budget 1): customer 0 holds it at value 1 / cost 1; customer 1 values it 3 at cost 1
    // and has nothing else. Dropping customer 0's entry for customer 1's is the only improving move.
    const p: AllocationProblem = {
      customerCount: 2, k: 1, offerCount: 1,
      offer: Int32Array.of(0, 0), value: Float32Array.of(1, 3), expectedCost: Float32Array.of(1, 1),
      blocked: new Uint8Array(2), discovery: new Uint8Array(2), slots: Uint8Array.of(1, 1), discoverySlots: 0,
      capacity: Float64Array.of(Infinity), budget: Float64Array.of(1), minVolume: new Int32Array(1),
      key: Int32Array.of(-1), department: Int32Array.of(-1), maxPerDepartment: 2, campaignBudget: Infinity,
    };
    const chosen = Uint8Array.of(1, 0);
    const fill = fillOf(p, chosen);
    expect(improveByExchange(p, chosen, fill)).toBe(1);
    expect([...chosen]).toEqual([0, 1]);
    expect(fill.used[0]).toBe(1);
  });

  it('improveByExchange(problem, chosen, fill) refills the freed slot of the customer it dropped from', () => {
    // campaign budget 2: customer 0 holds A (value 1, cost 2) and could hold B (value 0.8, cost 0.5);
    // customer 1 wants C (value 1.5, cost 1.5). Best: drop A, take C, refill customer 0 with B.
    const p: AllocationProblem = {
      customerCount: 2, k: 2, offerCount: 3,
      offer: Int32Array.of(0, 1, 2, -1), value: Float32Array.of(1, 0.8, 1.5, 0), expectedCost: Float32Array.of(2, 0.5, 1.5, 0),
      blocked: new Uint8Array(4), discovery: new Uint8Array(4), slots: Uint8Array.of(1, 1), discoverySlots: 0,
      capacity: new Float64Array(3).fill(Infinity), budget: new Float64Array(3).fill(Infinity), minVolume: new Int32Array(3),
      key: Int32Array.of(-1, -1, -1), department: Int32Array.of(-1, -1, -1), maxPerDepartment: 2, campaignBudget: 2,
    };
    const chosen = Uint8Array.of(1, 0, 0, 0);
    const fill = fillOf(p, chosen);
    improveByExchange(p, chosen, fill);
    expect([...chosen]).toEqual([0, 1, 1, 0]);
    expect(checkAllocation(p, chosen).violations).toEqual([]);
  });
});
