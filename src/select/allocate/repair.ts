import type { AllocationProblem } from '../allocationProblem.js';
import { heapify, heapPop, sortByKeyDesc } from '../../lib/typedHeap.js';
import { Reason } from '../reason.js';
import type { Chooser } from './chooser.js';
import { entriesByOffer } from './entriesByOffer.js';

/**
 * Phase 2 of {@link allocate}: every customer chooses at the final prices, then over-subscription is
 * repaired so no capacity or budget is ever exceeded. Over-subscribed offers keep the recipients with
 * the highest value net of budget prices, an over-spent campaign budget drops the entries of worst
 * value per unit of cost, and every customer who lost an entry re-chooses with hard
 * remaining-capacity checks (the dropped entries marked in `ch.repairBlocked` with their reason).
 * Returns the chosen flag of every entry; `ch` holds its fill.
 *
 * Cost: O(customers x k^2) time for the choice, O(r log r) for the r entries the repair sorts;
 * O(customers x k) memory.
 *
 * @example
 * const chosen = repairOversubscription(problem, ch); // after solveDualPrices(problem, ch, ...)
 */
export function repairOversubscription(p: AllocationProblem, ch: Chooser): Uint8Array {
  const chosen = chooseAtPrices(p, ch);
  const redo = new Uint8Array(p.customerCount);
  // both repairs run (the campaign one sees the fill the offer one left), then the re-choice
  const offersRepaired = repairOffers(p, ch, chosen, redo);
  const campaignRepaired = repairCampaign(p, ch, chosen, redo);
  if (offersRepaired || campaignRepaired) rechoose(p, ch, chosen, redo);
  return chosen;
}

/** Every customer's greedy choice at the current prices, capacities unchecked; the fill is rebuilt from zero. */
function chooseAtPrices(p: AllocationProblem, ch: Chooser): Uint8Array {
  const n = p.customerCount;
  const picks = ch.picks;
  const chosen = new Uint8Array(n * p.k);
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
  return chosen;
}

/** Over-subscribed offers keep their best recipients by value net of budget prices; returns whether any entry was dropped (its customer marked in `redo`). */
function repairOffers(p: AllocationProblem, ch: Chooser, chosen: Uint8Array, redo: Uint8Array): boolean {
  const m = p.offerCount;
  const k = p.k;
  const isOver = new Uint8Array(m);
  let overCount = 0;
  for (let o = 0; o < m; o++) {
    if (ch.recipients[o]! > p.capacity[o]! || ch.used[o]! > p.budget[o]!) {
      isOver[o] = 1;
      overCount++;
    }
  }
  if (overCount === 0) return false;
  let anyRedo = false;
  const { rowPtr: ptr, entries: list, most } = entriesByOffer(p.offer, m, chosen, isOver);
  const keys = new Float64Array(most);
  const idx = new Int32Array(most);
  for (let o = 0; o < m; o++) {
    if (isOver[o] === 0) continue;
    const lo = ptr[o]!;
    const len = ptr[o + 1]! - lo;
    for (let i = 0; i < len; i++) {
      const e = list[lo + i]!;
      idx[i] = e;
      keys[i] = p.value[e]! - (ch.budPrice[o]! + ch.campPrice) * p.expectedCost[e]!;
    }
    sortByKeyDesc(keys, idx, len);
    let kept = 0;
    let keptCost = 0;
    for (let i = 0; i < len; i++) {
      const e = idx[i]!;
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
  return anyRedo;
}

/** An over-spent campaign budget drops chosen entries, worst value per unit of cost first, until it fits; returns whether any was dropped. */
function repairCampaign(p: AllocationProblem, ch: Chooser, chosen: Uint8Array, redo: Uint8Array): boolean {
  if (!(ch.campaignUsed > p.campaignBudget)) return false;
  const total = p.customerCount * p.k;
  const k = p.k;
  let anyRedo = false;
  let size = 0;
  for (let e = 0; e < total; e++) if (chosen[e] !== 0 && p.expectedCost[e]! > 0) size++;
  const keys = new Float64Array(size);
  const idx = new Int32Array(size);
  size = 0;
  for (let e = 0; e < total; e++) {
    if (chosen[e] !== 0 && p.expectedCost[e]! > 0) {
      // worst value per unit of cost first, ties by higher entry: negated so the heap's "first" is that entry
      keys[size] = -(p.value[e]! / p.expectedCost[e]!);
      idx[size++] = -e;
    }
  }
  // a heap, popped only as far as needed: O(size + released x log size) instead of a full sort
  heapify(keys, idx, size);
  while (size > 0 && ch.campaignUsed > p.campaignBudget) {
    size = heapPop(keys, idx, size);
    const e = -idx[size]!;
    chosen[e] = 0;
    ch.release(e);
    ch.repairBlocked[e] = Reason.campaignBudget;
    redo[(e / k) | 0] = 1;
    anyRedo = true;
  }
  return anyRedo;
}

/** Customers marked in `redo` drop every pick and choose again against the remaining capacity, the repaired entries excluded. */
function rechoose(p: AllocationProblem, ch: Chooser, chosen: Uint8Array, redo: Uint8Array): void {
  const n = p.customerCount;
  const k = p.k;
  const picks = ch.picks;
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
