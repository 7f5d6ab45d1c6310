import type { AllocationProblem } from '../allocationProblem.js';
import { clearingPrice } from '../clearingPrice.js';
import type { Chooser } from './chooser.js';
import { entriesByOffer } from './entriesByOffer.js';

/**
 * Bids of the last demand pass for the `clearing` price update: per customer the reduced value of
 * the best entry left out and of the weakest pick, per entry whether it was picked, and the live
 * entries of every constrained offer as CSR, so each clearing price is one quickselect over them.
 *
 * Cost: O(customers x k) memory; {@link BidBook.record} O(k) per customer, a capacity or budget
 * target O(entries of the offer), the campaign target O(customers x k).
 *
 * @example
 * const book = new BidBook(problem);
 * book.record(ch, c, ch.choose(c, true, false, false)); // every customer, then:
 * const target = book.capacityTarget(ch, o);
 */
export class BidBook {
  /** Per customer: reduced value of the best entry left out (what a pick would be swapped for), 0 if none. */
  readonly bestOut: Float64Array;
  /** Per customer: reduced value of the weakest pick when every slot is full, else 0 (a free slot). */
  readonly weakestIn: Float64Array;
  readonly picked: Uint8Array;
  /** Live entries of offer o (not blocked, customer has slots) at `entries[rowPtr[o]..rowPtr[o+1])`, in entry order. */
  readonly rowPtr: Int32Array;
  readonly entries: Int32Array;
  bids: Float64Array;
  weights: Float64Array;
  /** Campaign bids by bucket: the top 16 bits of the float32 of a positive bid, monotone in the bid. */
  readonly hist = new Float64Array(32768);
  readonly f32 = new Float32Array(1);
  readonly bits = new Uint32Array(this.f32.buffer);

  constructor(readonly p: AllocationProblem) {
    const n = p.customerCount;
    const k = p.k;
    const m = p.offerCount;
    this.bestOut = new Float64Array(n);
    this.weakestIn = new Float64Array(n);
    this.picked = new Uint8Array(n * k);
    const constrained = new Uint8Array(m);
    for (let o = 0; o < m; o++) constrained[o] = p.capacity[o]! < Number.POSITIVE_INFINITY || p.budget[o]! < Number.POSITIVE_INFINITY ? 1 : 0;
    // live entries: not blocked, and their customer has slots to fill
    const live = new Uint8Array(n * k);
    for (let e = 0; e < n * k; e++) live[e] = p.blocked[e] === 0 && p.slots[(e / k) | 0] !== 0 ? 1 : 0;
    const { rowPtr, entries, most } = entriesByOffer(p.offer, m, live, constrained);
    this.rowPtr = rowPtr;
    this.entries = entries;
    this.bids = new Float64Array(Math.max(16, most));
    this.weights = new Float64Array(Math.max(16, most));
  }

  /** Records customer c's thresholds and picks right after `ch.choose(c, ...)` returned `cnt`. */
  record(ch: Chooser, c: number, cnt: number): void {
    const k = this.p.k;
    const picked = this.picked;
    for (let e = c * k; e < c * k + k; e++) picked[e] = 0;
    for (let i = 0; i < cnt; i++) picked[ch.picks[i]!] = 1;
    const r = ch.ranked;
    const taken = ch.taken;
    const red = ch.reduced;
    let out = 0;
    // reduced values are sorted descending: the first entry not taken is the best left out
    for (let t = 0; t < r; t++) {
      if (taken[t] === 0) {
        out = red[t]!;
        break;
      }
    }
    let weakest = 0;
    if (cnt >= this.p.slots[c]!) {
      for (let t = r - 1; t >= 0; t--) {
        if (taken[t] !== 0) {
          weakest = red[t]!;
          break;
        }
      }
    }
    this.bestOut[c] = out;
    this.weakestIn[c] = weakest;
  }

  /** Entry e's surplus over its alternative at the current prices: reduced value minus the threshold it must beat. */
  surplus(ch: Chooser, e: number): number {
    const p = this.p;
    const c = (e / p.k) | 0;
    const thr = this.picked[e] !== 0 ? this.bestOut[c]! : this.weakestIn[c]!;
    return p.value[e]! - ch.charge(e) - thr;
  }

  grow(size: number): void {
    if (this.bids.length >= size) return;
    const next = Math.max(size, 2 * this.bids.length);
    const bids = new Float64Array(next);
    const weights = new Float64Array(next);
    bids.set(this.bids);
    weights.set(this.weights);
    this.bids = bids;
    this.weights = weights;
  }

  /** Clearing price of offer o's capacity given every other price. */
  capacityTarget(ch: Chooser, o: number): number {
    const bids = this.bids;
    const weights = this.weights;
    const entries = this.entries;
    const capPrice = ch.capPrice[o]!;
    let cnt = 0;
    for (let i = this.rowPtr[o]!; i < this.rowPtr[o + 1]!; i++) {
      // the capacity price at which this customer would swap the offer for its alternative
      bids[cnt] = this.surplus(ch, entries[i]!) + capPrice;
      weights[cnt++] = 1;
    }
    return clearingPrice(bids, weights, cnt, this.p.capacity[o]!);
  }

  /** Clearing price of offer o's budget (value per unit of expected cost) given every other price. */
  budgetTarget(ch: Chooser, o: number): number {
    const p = this.p;
    const bids = this.bids;
    const weights = this.weights;
    const entries = this.entries;
    const budPrice = ch.budPrice[o]!;
    let cnt = 0;
    for (let i = this.rowPtr[o]!; i < this.rowPtr[o + 1]!; i++) {
      const e = entries[i]!;
      const pc = p.expectedCost[e]!;
      if (!(pc > 0)) continue; // free entries never touch the budget
      bids[cnt] = this.surplus(ch, e) / pc + budPrice;
      weights[cnt++] = pc;
    }
    return clearingPrice(bids, weights, cnt, p.budget[o]!);
  }

  /** Clearing price of the campaign budget: a float32-bucket histogram, then a quickselect inside one bucket. */
  campaignTarget(ch: Chooser): number {
    const p = this.p;
    const k = p.k;
    const n = p.customerCount;
    const hist = this.hist;
    const f32 = this.f32;
    const bits = this.bits;
    const camp = ch.campPrice;
    hist.fill(0);
    let total = 0;
    for (let c = 0; c < n; c++) {
      if (p.slots[c] === 0) continue;
      for (let e = c * k; e < c * k + k; e++) {
        if (p.blocked[e] !== 0) continue;
        const pc = p.expectedCost[e]!;
        if (!(pc > 0)) continue;
        const bid = this.surplus(ch, e) / pc + camp;
        if (!(bid > 0)) continue;
        total += pc;
        f32[0] = bid;
        hist[bits[0]! >>> 16]! += pc;
      }
    }
    const limit = p.campaignBudget;
    if (!(total > limit)) return 0;
    let above = 0;
    let bucket = hist.length - 1;
    for (; bucket > 0; bucket--) {
      if (above + hist[bucket]! > limit) break;
      above += hist[bucket]!;
    }
    let cnt = 0;
    for (let c = 0; c < n; c++) {
      if (p.slots[c] === 0) continue;
      for (let e = c * k; e < c * k + k; e++) {
        if (p.blocked[e] !== 0) continue;
        const pc = p.expectedCost[e]!;
        if (!(pc > 0)) continue;
        const bid = this.surplus(ch, e) / pc + camp;
        if (!(bid > 0)) continue;
        f32[0] = bid;
        if (bits[0]! >>> 16 !== bucket) continue;
        if (cnt === this.bids.length) this.grow(cnt + 1);
        this.bids[cnt] = bid;
        this.weights[cnt++] = pc;
      }
    }
    return clearingPrice(this.bids, this.weights, cnt, limit - above);
  }
}
