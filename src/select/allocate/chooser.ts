import type { AllocationProblem } from '../allocationProblem.js';
import { Reason } from '../reason.js';

/**
 * Per-customer greedy choice against shadow prices, and the fill of every constraint (recipients
 * and budget used per offer, campaign budget used) that every phase of {@link allocate} keeps up to
 * date. Scratch is preallocated once at k entries (no allocation per customer). It is the
 * {@link ExchangeState} the exchange local search reads and updates.
 *
 * Cost: O(offers + customers x k) memory; {@link Chooser.choose} is O(k^2) per customer.
 *
 * @example
 * const ch = new Chooser(problem);
 * const cnt = ch.choose(c, true, false, false); // picks in ch.picks[0..cnt)
 */
export class Chooser {
  readonly order: Int32Array;
  readonly reduced: Float64Array;
  readonly taken: Uint8Array;
  readonly picks: Int32Array;
  readonly oldPicks: Int32Array;
  /** Offer, key and department of each pick, so the rule check reads one array each. */
  readonly pickOffer: Int32Array;
  readonly pickKey: Int32Array;
  readonly pickDept: Int32Array;
  readonly capPrice: Float64Array;
  readonly budPrice: Float64Array;
  campPrice = 0;
  readonly recipients: Int32Array;
  readonly used: Float64Array;
  campaignUsed = 0;
  readonly repairBlocked: Uint8Array;
  /** Entries with a positive reduced value in the last {@link choose} (`order[0..ranked)`). */
  ranked = 0;

  constructor(readonly p: AllocationProblem) {
    this.order = new Int32Array(p.k);
    this.reduced = new Float64Array(p.k);
    this.taken = new Uint8Array(p.k);
    this.picks = new Int32Array(p.k);
    this.oldPicks = new Int32Array(p.k);
    this.pickOffer = new Int32Array(p.k);
    this.pickKey = new Int32Array(p.k);
    this.pickDept = new Int32Array(p.k);
    this.capPrice = new Float64Array(p.offerCount);
    this.budPrice = new Float64Array(p.offerCount);
    this.recipients = new Int32Array(p.offerCount);
    this.used = new Float64Array(p.offerCount);
    this.repairBlocked = new Uint8Array(p.customerCount * p.k);
  }

  /** The charge (value lost to shadow prices) of entry e. */
  charge(e: number): number {
    const o = this.p.offer[e]!;
    return this.capPrice[o]! + (this.budPrice[o]! + this.campPrice) * this.p.expectedCost[e]!;
  }

  /** First rule entry e breaks against the first `n` picks (and remaining capacity when `hard`), or 0. */
  fits(e: number, n: number, hard: boolean): number {
    const p = this.p;
    const offer = p.offer;
    const keyOf = p.key;
    const deptOf = p.department;
    const picks = this.picks;
    const o = offer[e]!;
    const key = keyOf[o]!;
    const dept = deptOf[o]!;
    let inDept = 0;
    for (let i = 0; i < n; i++) {
      const q = offer[picks[i]!]!;
      if (q === o) return Reason.duplicate;
      if (key >= 0 && keyOf[q] === key) return Reason.diversity;
      if (dept >= 0 && deptOf[q] === dept) inDept++;
    }
    if (inDept >= p.maxPerDepartment) return Reason.department;
    return hard ? this.room(e) : 0;
  }

  /** Whether entry e still fits its offer's capacity and budget and the campaign budget: 0, or the Reason. */
  room(e: number): number {
    const p = this.p;
    const o = p.offer[e]!;
    const pc = p.expectedCost[e]!;
    if (this.recipients[o]! + 1 > p.capacity[o]!) return Reason.capacity;
    if (this.used[o]! + pc > p.budget[o]!) return Reason.budget;
    if (this.campaignUsed + pc > p.campaignBudget) return Reason.campaignBudget;
    return 0;
  }

  /**
   * Customer c's greedy choice by reduced value (value - charge when `usePrices`), discovery slots
   * first reserved, into `picks`; returns how many. With `hard`, remaining capacity and budgets are
   * checked and consumed. With `skipRepaired`, entries removed by the repair are not considered.
   * Leaves the ranked entries in `order` / `reduced` / `taken` (`ranked` of them) for bids.
   */
  choose(c: number, usePrices: boolean, hard: boolean, skipRepaired: boolean): number {
    const p = this.p;
    const n = p.slots[c]!;
    this.ranked = 0;
    if (n === 0) return 0;
    const k = p.k;
    const base = c * k;
    // typed arrays copied into locals: one load each instead of a property chain per entry
    const offer = p.offer;
    const value = p.value;
    const cost = p.expectedCost;
    const blocked = p.blocked;
    const discovery = p.discovery;
    const keyOf = p.key;
    const deptOf = p.department;
    const capPrice = this.capPrice;
    const budPrice = this.budPrice;
    const camp = this.campPrice;
    const repairBlocked = this.repairBlocked;
    const order = this.order;
    const red = this.reduced;
    let m = 0;
    for (let j = 0; j < k; j++) {
      const e = base + j;
      if (blocked[e] !== 0) continue;
      if (skipRepaired && repairBlocked[e] !== 0) continue;
      const v = value[e]!;
      let ch = 0;
      if (usePrices) {
        const o = offer[e]!;
        ch = capPrice[o]! + (budPrice[o]! + camp) * cost[e]!;
      }
      const r = v - ch;
      // only entries that still bring positive value net of their shadow prices compete for a slot
      if (!(r > 0)) continue;
      // insertion sort, descending; equal values keep candidate (score) order
      let t = m++;
      while (t > 0 && red[t - 1]! < r) {
        red[t] = red[t - 1]!;
        order[t] = order[t - 1]!;
        t--;
      }
      red[t] = r;
      order[t] = e;
    }
    this.ranked = m;
    const taken = this.taken;
    for (let t = 0; t < m; t++) taken[t] = 0;
    const picks = this.picks;
    const pickOffer = this.pickOffer;
    const pickKey = this.pickKey;
    const pickDept = this.pickDept;
    const maxPerDept = p.maxPerDepartment;
    const reserve = p.discoverySlots < n ? p.discoverySlots : n;
    const nonDiscoveryLimit = n - reserve;
    let count = 0;
    let nonDiscovery = 0;
    for (let phase = 0; phase < 2 && count < n; phase++) {
      if (phase === 1 && reserve === 0) break;
      for (let t = 0; t < m && count < n; t++) {
        if (taken[t] !== 0) continue;
        const e = order[t]!;
        const disc = discovery[e] !== 0;
        if (phase === 0 && !disc && nonDiscovery >= nonDiscoveryLimit) continue;
        // the rules of fits(), inlined on the picks' cached offer / key / department
        const o = offer[e]!;
        const key = keyOf[o]!;
        const dept = deptOf[o]!;
        let inDept = 0;
        let clash = false;
        for (let i = 0; i < count; i++) {
          if (pickOffer[i] === o || (key >= 0 && pickKey[i] === key)) {
            clash = true;
            break;
          }
          if (dept >= 0 && pickDept[i] === dept) inDept++;
        }
        if (clash || inDept >= maxPerDept) continue;
        if (hard && this.room(e) !== 0) continue;
        taken[t] = 1;
        picks[count] = e;
        pickOffer[count] = o;
        pickKey[count] = key;
        pickDept[count] = dept;
        count++;
        if (!disc) nonDiscovery++;
        if (hard) this.take(e);
      }
    }
    return count;
  }

  take(e: number): void {
    const o = this.p.offer[e]!;
    const pc = this.p.expectedCost[e]!;
    this.recipients[o]!++;
    this.used[o]! += pc;
    this.campaignUsed += pc;
  }

  release(e: number): void {
    const o = this.p.offer[e]!;
    const pc = this.p.expectedCost[e]!;
    this.recipients[o]!--;
    this.used[o]! -= pc;
    this.campaignUsed -= pc;
  }

  /** Loads customer c's chosen entries into `picks`; returns how many. */
  loadChosen(c: number, chosen: Uint8Array): number {
    const k = this.p.k;
    let n = 0;
    for (let e = c * k; e < c * k + k; e++) if (chosen[e] !== 0) this.picks[n++] = e;
    return n;
  }
}
