import type { AllocationProblem } from '../allocationProblem.js';
import { Reason } from '../reason.js';
import type { Chooser } from './chooser.js';

/** What {@link entryOutcomes} read off the final state. */
export interface EntryOutcomes {
  /** Per entry: the {@link Reason} of the final decision (chosen, chosenDiscovery, or why dropped). */
  readonly outcome: Uint8Array;
  /** Sum of `value` over chosen entries. */
  readonly objective: number;
  /** Per offer: minVolume - recipients when short, else 0. */
  readonly shortfall: Int32Array;
}

/**
 * Phase 5 of {@link allocate}: the outcome of every entry from the final state, chosen or the first
 * reason it is not (empty, blocked, a rule or a full constraint against the final picks, no value, its
 * shadow price, a lower rank, or what the repair dropped it for), the objective and the shortfall of
 * every minimum volume.
 *
 * Cost: O(customers x k^2) time; O(customers x k + offers) memory.
 *
 * @example
 * const { outcome, objective } = entryOutcomes(problem, ch, chosen);
 */
export function entryOutcomes(p: AllocationProblem, ch: Chooser, chosen: Uint8Array): EntryOutcomes {
  const n = p.customerCount;
  const k = p.k;
  const m = p.offerCount;
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
  return { outcome, objective, shortfall };
}
