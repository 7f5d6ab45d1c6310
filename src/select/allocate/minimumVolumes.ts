import type { AllocationProblem } from '../allocationProblem.js';
import { sortByKeyDesc } from '../../lib/typedHeap.js';
import type { Chooser } from './chooser.js';
import { entriesByOffer } from './entriesByOffer.js';

/**
 * Phase 4 of {@link allocate}, best effort: every offer short of its `minVolume` takes, by value, the
 * unchosen live entries it needs: into a free slot when the entry fits, else swapped for the
 * customer's lowest-value pick whose offer stays at or above its own minimum. Rules, capacities and
 * budgets stay respected. Updates `chosen` and the fill of `ch` in place.
 *
 * Cost: O(customers x k) to index the candidates, plus O(r log r + r x k) for the r candidates of
 * short offers.
 *
 * @example
 * fillMinimumVolumes(problem, ch, chosen); // ch.recipients[o] >= problem.minVolume[o] where possible
 */
export function fillMinimumVolumes(p: AllocationProblem, ch: Chooser, chosen: Uint8Array): void {
  const m = p.offerCount;
  const isShort = new Uint8Array(m);
  let shortCount = 0;
  for (let o = 0; o < m; o++) {
    if (p.minVolume[o]! > 0 && ch.recipients[o]! < p.minVolume[o]!) {
      isShort[o] = 1;
      shortCount++;
    }
  }
  if (shortCount === 0) return;
  // the candidates: unchosen live entries of short offers, by offer
  const total = p.customerCount * p.k;
  const open = new Uint8Array(total);
  for (let e = 0; e < total; e++) open[e] = p.blocked[e] === 0 && chosen[e] === 0 ? 1 : 0;
  const { rowPtr: ptr, entries: list, most } = entriesByOffer(p.offer, m, open, isShort);
  const keys = new Float64Array(most);
  const idx = new Int32Array(most);
  for (let o = 0; o < m; o++) {
    if (isShort[o] === 0) continue;
    const want = p.minVolume[o]!;
    const lo = ptr[o]!;
    const len = ptr[o + 1]! - lo;
    for (let i = 0; i < len; i++) {
      idx[i] = list[lo + i]!;
      keys[i] = p.value[idx[i]!]!;
    }
    sortByKeyDesc(keys, idx, len);
    for (let i = 0; i < len && ch.recipients[o]! < want; i++) admit(p, ch, chosen, idx[i]!);
  }
}

/** Places entry e: into a free slot of its customer when it fits, else in place of the customer's lowest-value pick that its offer's minimum can spare. */
function admit(p: AllocationProblem, ch: Chooser, chosen: Uint8Array, e: number): void {
  const picks = ch.picks;
  const c = (e / p.k) | 0;
  let cnt = ch.loadChosen(c, chosen);
  if (cnt < p.slots[c]! && ch.fits(e, cnt, true) === 0) {
    chosen[e] = 1;
    ch.take(e);
    return;
  }
  // swap out the lowest-value pick whose offer stays at or above its own minimum
  let worst = -1;
  for (let t = 0; t < cnt; t++) {
    const q = picks[t]!;
    const qo = p.offer[q]!;
    if (ch.recipients[qo]! - 1 < p.minVolume[qo]!) continue;
    if (worst < 0 || p.value[q]! < p.value[picks[worst]!]!) worst = t;
  }
  if (worst < 0) return;
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
