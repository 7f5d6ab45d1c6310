import { entriesByOffer } from './allocate/entriesByOffer.js';
import type { AllocationProblem } from './allocationProblem.js';
import { sortByKeyDesc } from '../lib/typedHeap.js';

/** The mutable fill of every constraint that {@link improveByExchange} reads and keeps up to date. */
export interface ExchangeState {
  readonly recipients: Int32Array;
  readonly used: Float64Array;
  campaignUsed: number;
}

/** Options of {@link improveByExchange}. */
export interface ExchangeOptions {
  /** Most passes over every customer; stops earlier once a pass finds no improving move. Default 6. */
  maxPasses?: number;
  /** Most drop candidates inspected per move (the cheapest by value first). Default 64. */
  scanLimit?: number;
  /** Most drops per move whose customer's refill is evaluated by a trial (the rest count their value only). Default 4. */
  trialLimit?: number;
}

/**
 * Local search on a feasible allocation, in place: for every unchosen entry e of a customer, the
 * best of the moves "add e to a free slot" or "replace a pick q of the same customer by e", where a
 * move blocked only by a resource (e's offer capacity or budget, or the campaign budget) may also
 * drop one chosen entry r of another customer that frees enough of it (r on e's offer for an offer
 * constraint, any costly entry for the campaign budget): the r of lowest value that frees enough
 * is found by scanning the value-ascending list of droppable entries (blocks of 16 whose largest
 * cost cannot free the need are skipped). For the first `trialLimit` drops of a move, the gain also
 * counts what r's customer gets back by refilling its freed slot (a trial on the exact fill, undone);
 * a move is applied when it raises the objective, and r's customer then refills greedily against the
 * spare resources. Passes repeat until none improves. Every move is checked against the same rules as
 * the greedy (duplicate offer, diversity key, department cap, discovery reserve kept) and capacities
 * and budgets are never exceeded (each applied move is re-checked on the exact fill).
 *
 * Cost: O(passes x (customers x k x slots x (slots + scan + trials x k x slots) + c log c)) with c
 * chosen entries, scan the drop candidates inspected (at most `scanLimit`; the scan stops once the
 * cheapest candidate cannot pay for the move) and trials at most `trialLimit`. Allocates the drop
 * lists once a pass. Internal to {@link allocate}; not exported from the package.
 *
 * @example
 * const moves = improveByExchange(problem, chosen, { recipients, used, campaignUsed }, { maxPasses: 4 });
 */
export function improveByExchange(p: AllocationProblem, chosen: Uint8Array, st: ExchangeState, options: ExchangeOptions = {}): number {
  const maxPasses = options.maxPasses ?? 6;
  const search = new ExchangeSearch(p, chosen, st, options.scanLimit ?? 64, options.trialLimit ?? 4);
  const n = p.customerCount;
  let moves = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    search.buildDropLists();
    let improved = false;
    for (let c = 0; c < n; c++) {
      const applied = search.improveRow(c);
      if (applied > 0) {
        moves += applied;
        improved = true;
      }
    }
    if (!improved) break;
  }
  return moves;
}

/**
 * The state of one {@link improveByExchange}: the problem's arrays, the fill it keeps up to date,
 * the drop lists of the current pass and the best move of the row being scanned. Scratch of k
 * entries is allocated once; the drop lists once a pass.
 */
class ExchangeSearch {
  readonly k: number;
  readonly offer: Int32Array;
  readonly value: Float32Array;
  readonly cost: Float32Array;
  readonly blocked: Uint8Array;
  readonly discovery: Uint8Array;
  readonly keyOf: Int32Array;
  readonly deptOf: Int32Array;
  readonly capacity: Float64Array;
  readonly budget: Float64Array;
  readonly campaignBudget: number;
  readonly maxPerDept: number;
  readonly recipients: Int32Array;
  readonly used: Float64Array;
  readonly hasCampaign: boolean;
  /** Per offer: 1 when its capacity or budget is finite (its chosen entries are droppable for it). */
  readonly constrained: Uint8Array;
  /** The largest live value: a bound on what any refill can add. */
  readonly maxValue: number;
  readonly picks: Int32Array;
  /** The refill's own picks: a trial runs inside the scan of another row. */
  readonly rowPicks: Int32Array;
  /** Entries a refill took, so a trial can undo them. */
  readonly trial: Int32Array;
  // ---- drop lists of the current pass ----
  /** Chosen entries of constrained offers by offer (`list[ptr[o]..ptr[o + 1])`), each group by value ascending. */
  ptr: Int32Array = new Int32Array(0);
  list: Int32Array = new Int32Array(0);
  /** Per offer: first position of its group not yet known to be dropped. */
  readonly head: Int32Array;
  /** Costly chosen entries (for the campaign budget), value ascending, `camp[0..campCount)`. */
  camp: Int32Array = new Int32Array(0);
  campCount = 0;
  campHead = 0;
  /** The most cost in every block of 16 list positions: a scan skips a block that cannot free the need. */
  listMax: Float64Array = new Float64Array(0);
  campMax: Float64Array = new Float64Array(0);
  // ---- the best move found by findBestMove, and the gain of the last bestDrop ----
  bestGain = 0;
  bestQ = -1;
  bestR = -1;
  dropGain = 0;

  constructor(
    readonly p: AllocationProblem,
    readonly chosen: Uint8Array,
    readonly st: ExchangeState,
    readonly scanLimit: number,
    readonly trialLimit: number,
  ) {
    const n = p.customerCount;
    const k = p.k;
    const m = p.offerCount;
    this.k = k;
    this.offer = p.offer;
    this.value = p.value;
    this.cost = p.expectedCost;
    this.blocked = p.blocked;
    this.discovery = p.discovery;
    this.keyOf = p.key;
    this.deptOf = p.department;
    this.capacity = p.capacity;
    this.budget = p.budget;
    this.campaignBudget = p.campaignBudget;
    this.maxPerDept = p.maxPerDepartment;
    this.recipients = st.recipients;
    this.used = st.used;
    this.hasCampaign = p.campaignBudget < Number.POSITIVE_INFINITY;
    const constrained = new Uint8Array(m);
    for (let o = 0; o < m; o++) if (p.capacity[o]! < Number.POSITIVE_INFINITY || p.budget[o]! < Number.POSITIVE_INFINITY) constrained[o] = 1;
    this.constrained = constrained;
    this.picks = new Int32Array(k);
    this.rowPicks = new Int32Array(k);
    this.trial = new Int32Array(k);
    let maxValue = 0;
    for (let e = 0; e < n * k; e++) if (p.blocked[e] === 0 && p.value[e]! > maxValue) maxValue = p.value[e]!;
    this.maxValue = maxValue;
    this.head = new Int32Array(m);
  }

  /** Rebuilds the drop lists from the current choice: chosen entries of constrained offers by offer, and costly chosen entries, value ascending. */
  buildDropLists(): void {
    const n = this.p.customerCount;
    const k = this.k;
    const m = this.p.offerCount;
    const chosen = this.chosen;
    const value = this.value;
    const cost = this.cost;
    const hasCampaign = this.hasCampaign;
    const { rowPtr: ptr, entries: list, most } = entriesByOffer(this.offer, m, chosen, this.constrained);
    let campCount = 0;
    if (hasCampaign) for (let e = 0; e < n * k; e++) if (chosen[e] !== 0 && cost[e]! > 0) campCount++;
    const camp = new Int32Array(campCount);
    const campKeys = new Float64Array(campCount);
    campCount = 0;
    if (hasCampaign) {
      for (let e = 0; e < n * k; e++) {
        if (chosen[e] === 0 || !(cost[e]! > 0)) continue;
        // negated value: the descending sort puts the lowest value first
        campKeys[campCount] = -value[e]!;
        camp[campCount++] = e;
      }
    }
    sortByKeyDesc(campKeys, camp, campCount);
    const keys = new Float64Array(most);
    const idx = new Int32Array(most);
    for (let o = 0; o < m; o++) {
      const lo = ptr[o]!;
      const len = ptr[o + 1]! - lo;
      if (len < 2) continue;
      for (let i = 0; i < len; i++) {
        idx[i] = list[lo + i]!;
        keys[i] = -value[idx[i]!]!;
      }
      sortByKeyDesc(keys, idx, len);
      for (let i = 0; i < len; i++) list[lo + i] = idx[i]!;
    }
    for (let o = 0; o < m; o++) this.head[o] = ptr[o]!;
    this.ptr = ptr;
    this.list = list;
    this.camp = camp;
    this.campCount = campCount;
    this.listMax = this.blockMax(list, list.length);
    this.campMax = this.blockMax(camp, campCount);
    this.campHead = 0;
  }

  /** Applies the best improving move of customer c's row, re-scanning after each (its picks changed), at most k; returns how many. */
  improveRow(c: number): number {
    const p = this.p;
    const slots = p.slots[c]!;
    if (slots === 0) return 0;
    const k = this.k;
    const chosen = this.chosen;
    const discovery = this.discovery;
    const picks = this.picks;
    const base = c * k;
    const reserve = p.discoverySlots < slots ? p.discoverySlots : slots;
    let moves = 0;
    for (let round = 0; round < k; round++) {
      let cnt = 0;
      let disc = 0;
      for (let e = base; e < base + k; e++) {
        if (chosen[e] !== 0) {
          picks[cnt++] = e;
          if (discovery[e] !== 0) disc++;
        }
      }
      const bestE = this.findBestMove(base, cnt, disc, slots, reserve);
      const bestQ = this.bestQ;
      const bestR = this.bestR;
      if (bestE < 0 || !(this.bestGain > 1e-12)) break;
      // apply, then verify against the exact fill (rounding of the need); undo when it does not fit
      if (bestQ >= 0) this.release(bestQ);
      if (bestR >= 0) this.release(bestR);
      if (this.room(bestE)) {
        this.take(bestE);
        chosen[bestE] = 1;
        if (bestQ >= 0) chosen[bestQ] = 0;
        if (bestR >= 0) {
          chosen[bestR] = 0;
          this.refill(bestR - (bestR % k));
        }
        moves++;
      } else {
        if (bestQ >= 0) this.take(bestQ);
        if (bestR >= 0) this.take(bestR);
        break;
      }
    }
    return moves;
  }

  /**
   * The best move of the row at `base` whose picks are `picks[0..cnt)` (`disc` of them discovery):
   * add an unchosen entry e to a free slot or in place of a pick q, with a drop r elsewhere when a
   * resource is short. Returns e (-1 when none) and leaves the gain, q and r in the fields.
   */
  findBestMove(base: number, cnt: number, disc: number, slots: number, reserve: number): number {
    const k = this.k;
    const chosen = this.chosen;
    const offer = this.offer;
    const value = this.value;
    const cost = this.cost;
    const blocked = this.blocked;
    const discovery = this.discovery;
    const keyOf = this.keyOf;
    const deptOf = this.deptOf;
    const capacity = this.capacity;
    const budget = this.budget;
    const campaignBudget = this.campaignBudget;
    const maxPerDept = this.maxPerDept;
    const recipients = this.recipients;
    const used = this.used;
    const picks = this.picks;
    let bestGain = 0;
    let bestE = -1;
    let bestQ = -1;
    let bestR = -1;
    for (let e = base; e < base + k; e++) {
      if (chosen[e] !== 0 || blocked[e] !== 0) continue;
      const o = offer[e]!;
      if (o < 0) continue;
      const ve = value[e]!;
      if (!(ve > bestGain)) continue;
      const ce = cost[e]!;
      const key = keyOf[o]!;
      const dept = deptOf[o]!;
      const de = discovery[e] !== 0 ? 1 : 0;
      // option t = -1: a free slot; t >= 0: replace picks[t]
      for (let t = cnt < slots ? -1 : 0; t < cnt; t++) {
        const q = t < 0 ? -1 : picks[t]!;
        const vq = q < 0 ? 0 : value[q]!;
        const upper = ve - vq;
        if (!(upper > bestGain)) continue;
        // discovery reserve: never fall below it when a move would lower the discovery count
        const dq = q >= 0 && discovery[q] !== 0 ? 1 : 0;
        if (de < dq && disc - 1 < reserve) continue;
        // a non-discovery entry does not take a free slot the reserve still holds
        if (q < 0 && de === 0 && cnt - disc >= slots - reserve) continue;
        // the rules of the row greedy against every pick but q
        let clash = false;
        let inDept = 0;
        for (let i = 0; i < cnt; i++) {
          if (i === t) continue;
          const qo = offer[picks[i]!]!;
          if (qo === o || (key >= 0 && keyOf[qo] === key)) {
            clash = true;
            break;
          }
          if (dept >= 0 && deptOf[qo] === dept) inDept++;
        }
        if (clash || inDept >= maxPerDept) continue;
        // resources once q is released
        const sameOffer = q >= 0 && offer[q] === o;
        const cq = q < 0 ? 0 : cost[q]!;
        const capShort = (sameOffer ? recipients[o]! : recipients[o]! + 1) > capacity[o]!;
        const budNeed = used[o]! - (sameOffer ? cq : 0) + ce - budget[o]!;
        const campNeed = this.st.campaignUsed - cq + ce - campaignBudget;
        if (!capShort && !(budNeed > 0) && !(campNeed > 0)) {
          bestGain = upper;
          bestE = e;
          bestQ = q;
          bestR = -1;
          continue;
        }
        // one drop elsewhere must free the rest: on e's offer when its own constraint is short, else any costly entry
        const need = budNeed > campNeed ? budNeed : campNeed;
        const r = this.bestDrop(e, q, o, base, upper, need, capShort || budNeed > 0, bestGain);
        if (r < 0) continue;
        bestGain = this.dropGain;
        bestE = e;
        bestQ = q;
        bestR = r;
      }
    }
    this.bestGain = bestGain;
    this.bestQ = bestQ;
    this.bestR = bestR;
    return bestE;
  }

  /**
   * The drop r (another row's chosen entry freeing at least `need`) that makes the move "e in place
   * of q" gain most above `bestGain`, scanning the drop list in ascending value (on e's offer `o`
   * when `byOffer`, else the campaign list); its gain goes to `dropGain`. Returns r, or -1.
   */
  bestDrop(e: number, q: number, o: number, base: number, upper: number, need: number, byOffer: boolean, bestGain: number): number {
    const k = this.k;
    const chosen = this.chosen;
    const value = this.value;
    const cost = this.cost;
    const maxValue = this.maxValue;
    const scanLimit = this.scanLimit;
    const end = byOffer ? this.ptr[o + 1]! : this.campCount;
    const from = byOffer ? this.list : this.camp;
    let i = byOffer ? this.head[o]! : this.campHead;
    // lazily skip dropped entries at the head (amortised O(1))
    while (i < end && chosen[from[i]!] === 0) i++;
    if (byOffer) this.head[o] = i;
    else this.campHead = i;
    let r = -1;
    let rGain = bestGain;
    let trials = this.trialLimit;
    const fromMax = byOffer ? this.listMax : this.campMax;
    for (let s = 0; i < end && s < scanLimit; i++, s++) {
      const x = from[i]!;
      const plain = upper - value[x]!;
      // ascending values: once even the best refill cannot pay, no later drop can either
      if (!(plain + (trials > 0 ? maxValue : 0) > rGain)) break;
      if ((i & 15) === 0 && fromMax[i >> 4]! < need) {
        i += 15; // the whole block is too cheap (the loop adds the 16th)
        continue;
      }
      if (chosen[x] === 0 || x - (x % k) === base || cost[x]! < need) continue;
      let g = plain;
      if (trials > 0) {
        trials--;
        // a trial only when the best unchosen entry of the drop's row could make the move pay
        if (plain + this.rowSpare(x - (x % k)) > rGain) g = plain + this.trialRefill(q, x, e);
      }
      if (g > rGain) {
        rGain = g;
        r = x;
      }
      if (trials <= 0 && r >= 0) break;
    }
    this.dropGain = rGain;
    return r;
  }

  release(e: number): void {
    const o = this.offer[e]!;
    const pc = this.cost[e]!;
    this.recipients[o]!--;
    this.used[o]! -= pc;
    this.st.campaignUsed -= pc;
  }

  take(e: number): void {
    const o = this.offer[e]!;
    const pc = this.cost[e]!;
    this.recipients[o]!++;
    this.used[o]! += pc;
    this.st.campaignUsed += pc;
  }

  /** Whether entry e fits its offer's capacity and budget and the campaign budget on the exact fill. */
  room(e: number): boolean {
    const o = this.offer[e]!;
    const pc = this.cost[e]!;
    return !(this.recipients[o]! + 1 > this.capacity[o]!) && !(this.used[o]! + pc > this.budget[o]!) && !(this.st.campaignUsed + pc > this.campaignBudget);
  }

  /** The most cost of the entries in every block of 16 positions of `entries[0..len)`. */
  blockMax(entries: Int32Array, len: number): Float64Array {
    const cost = this.cost;
    const out = new Float64Array((len + 15) >> 4);
    for (let i = 0; i < len; i++) {
      const c = cost[entries[i]!]!;
      if (c > out[i >> 4]!) out[i >> 4] = c;
    }
    return out;
  }

  /** Highest value among the unchosen live entries of the row at `base`: a bound on what its refill can add. */
  rowSpare(base: number): number {
    const k = this.k;
    const chosen = this.chosen;
    const blocked = this.blocked;
    const value = this.value;
    let best = 0;
    for (let e = base; e < base + k; e++) if (chosen[e] === 0 && blocked[e] === 0 && value[e]! > best) best = value[e]!;
    return best;
  }

  /** Value the refill of r's row adds once q and r are released and e taken (-Infinity when e does not fit); state restored. */
  trialRefill(q: number, r: number, e: number): number {
    const chosen = this.chosen;
    const trial = this.trial;
    if (q >= 0) this.release(q);
    this.release(r);
    let add = 0;
    if (this.room(e)) {
      this.take(e);
      chosen[r] = 0;
      if (q >= 0) chosen[q] = 0;
      chosen[e] = 1;
      const rBase = r - (r % this.k);
      const t = this.refill(rBase);
      for (let j = 0; j < t; j++) {
        const x = trial[j]!;
        add += this.value[x]!;
        this.release(x);
        chosen[x] = 0;
      }
      chosen[e] = 0;
      chosen[r] = 1;
      if (q >= 0) chosen[q] = 1;
      this.release(e);
    } else {
      add = Number.NEGATIVE_INFINITY;
    }
    this.take(r);
    if (q >= 0) this.take(q);
    return add;
  }

  /** Fills the free slots of the row at `base` with its best fitting entries by value (rules and resources checked); returns how many, listed in `trial`. */
  refill(base: number): number {
    const p = this.p;
    const k = this.k;
    const chosen = this.chosen;
    const offer = this.offer;
    const value = this.value;
    const blocked = this.blocked;
    const discovery = this.discovery;
    const keyOf = this.keyOf;
    const deptOf = this.deptOf;
    const maxPerDept = this.maxPerDept;
    const rowPicks = this.rowPicks;
    let added = 0;
    const c = base / k;
    const slots = p.slots[c]!;
    const reserve = p.discoverySlots < slots ? p.discoverySlots : slots;
    for (;;) {
      let cnt = 0;
      let disc = 0;
      for (let e = base; e < base + k; e++) {
        if (chosen[e] !== 0) {
          rowPicks[cnt++] = e;
          if (discovery[e] !== 0) disc++;
        }
      }
      if (cnt >= slots) return added;
      // like the row greedy: a non-discovery entry takes a slot the discovery reserve holds only when no discovery entry fits
      let best = -1;
      for (let phase = 0; phase < 2 && best < 0; phase++) {
        const nonDiscoveryOk = phase === 1 || cnt - disc < slots - reserve;
        for (let e = base; e < base + k; e++) {
          if (chosen[e] !== 0 || blocked[e] !== 0) continue;
          const o = offer[e]!;
          if (o < 0 || !(value[e]! > 0)) continue;
          if (best >= 0 && !(value[e]! > value[best]!)) continue;
          if (!nonDiscoveryOk && discovery[e] === 0) continue;
          const key = keyOf[o]!;
          const dept = deptOf[o]!;
          let clash = false;
          let inDept = 0;
          for (let i = 0; i < cnt; i++) {
            const qo = offer[rowPicks[i]!]!;
            if (qo === o || (key >= 0 && keyOf[qo] === key)) {
              clash = true;
              break;
            }
            if (dept >= 0 && deptOf[qo] === dept) inDept++;
          }
          if (clash || inDept >= maxPerDept || !this.room(e)) continue;
          best = e;
        }
      }
      if (best < 0) return added;
      this.take(best);
      chosen[best] = 1;
      this.trial[added++] = best;
    }
  }
}
