import type { AllocationProblem } from '../allocationProblem.js';
import type { Chooser } from './chooser.js';

/**
 * Phase 3 of {@link allocate}: each customer with slots re-chooses against the spare capacity, by
 * raw value and then by value net of prices (better on budget-bound offers), and keeps the first
 * choice worth more than its current picks. Passes repeat until one changes nothing, at most
 * `passes`. Updates `chosen` and the fill of `ch` in place; capacities and budgets stay respected.
 *
 * Cost: O(passes x customers x k^2) time; no allocation.
 *
 * @example
 * improveLocally(problem, ch, chosen, 1); // after repairOversubscription
 */
export function improveLocally(p: AllocationProblem, ch: Chooser, chosen: Uint8Array, passes: number): void {
  const n = p.customerCount;
  const value = p.value;
  const picks = ch.picks;
  const old = ch.oldPicks;
  for (let pass = 0; pass < passes; pass++) {
    let changed = false;
    for (let c = 0; c < n; c++) {
      if (p.slots[c] === 0) continue;
      const before = ch.loadChosen(c, chosen);
      let oldValue = 0;
      for (let i = 0; i < before; i++) {
        old[i] = picks[i]!;
        oldValue += value[picks[i]!]!;
        ch.release(picks[i]!);
      }
      // try the raw-value greedy, then the priced greedy (better on budget-bound offers); keep the best
      let done = false;
      for (let mode = 0; mode < 2 && !done; mode++) {
        const cnt = ch.choose(c, mode === 1, true, false);
        let newValue = 0;
        for (let i = 0; i < cnt; i++) newValue += value[picks[i]!]!;
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
}
