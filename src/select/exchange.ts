import type { AllocationProblem } from './allocate.js';
import { sortByKeyDesc } from './entryHeap.js';

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
  const scanLimit = options.scanLimit ?? 64;
  const trialLimit = options.trialLimit ?? 4;
  const n = p.customerCount;
  const k = p.k;
  const m = p.offerCount;
  const offer = p.offer;
  const value = p.value;
  const cost = p.expectedCost;
  const blocked = p.blocked;
  const discovery = p.discovery;
  const keyOf = p.key;
  const deptOf = p.department;
  const capacity = p.capacity;
  const budget = p.budget;
  const campaignBudget = p.campaignBudget;
  const maxPerDept = p.maxPerDepartment;
  const recipients = st.recipients;
  const used = st.used;
  const hasCampaign = campaignBudget < Number.POSITIVE_INFINITY;
  const constrained = new Uint8Array(m);
  for (let o = 0; o < m; o++) if (capacity[o]! < Number.POSITIVE_INFINITY || budget[o]! < Number.POSITIVE_INFINITY) constrained[o] = 1;
  const picks = new Int32Array(k);
  const rowPicks = new Int32Array(k); // the refill's own picks: a trial runs inside the scan of another row
  const trial = new Int32Array(k); // entries a refill took, so a trial can undo them
  let maxValue = 0;
  for (let e = 0; e < n * k; e++) if (blocked[e] === 0 && value[e]! > maxValue) maxValue = value[e]!;
  const ptr = new Int32Array(m + 1);
  const head = new Int32Array(m);
  let moves = 0;

  for (let pass = 0; pass < maxPasses; pass++) {
    // ---- drop lists: chosen entries of constrained offers (CSR by offer) and costly chosen entries, value ascending ----
    ptr.fill(0);
    let campCount = 0;
    for (let e = 0; e < n * k; e++) {
      if (chosen[e] === 0) continue;
      const o = offer[e]!;
      if (constrained[o] !== 0) ptr[o + 1]!++;
      if (hasCampaign && cost[e]! > 0) campCount++;
    }
    let most = 0;
    for (let o = 0; o < m; o++) {
      if (ptr[o + 1]! > most) most = ptr[o + 1]!;
      ptr[o + 1]! += ptr[o]!;
    }
    const list = new Int32Array(ptr[m]!);
    const fill = ptr.slice(0, m);
    const camp = new Int32Array(campCount);
    const campKeys = new Float64Array(campCount);
    campCount = 0;
    for (let e = 0; e < n * k; e++) {
      if (chosen[e] === 0) continue;
      const o = offer[e]!;
      if (constrained[o] !== 0) list[fill[o]!++] = e;
      if (hasCampaign && cost[e]! > 0) {
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
    for (let o = 0; o < m; o++) head[o] = ptr[o]!;
    // the most cost in every block of 16 list positions: a scan skips a block that cannot free the need
    const listMax = blockMax(list, list.length);
    const campMax = blockMax(camp, campCount);
    let campHead = 0;

    let improved = false;
    for (let c = 0; c < n; c++) {
      const slots = p.slots[c]!;
      if (slots === 0) continue;
      const base = c * k;
      const reserve = p.discoverySlots < slots ? p.discoverySlots : slots;
      // re-scan the row after every applied move (its picks changed); at most k moves a row a pass
      for (let round = 0; round < k; round++) {
        let cnt = 0;
        let disc = 0;
        for (let e = base; e < base + k; e++) {
          if (chosen[e] !== 0) {
            picks[cnt++] = e;
            if (discovery[e] !== 0) disc++;
          }
        }
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
            const campNeed = st.campaignUsed - cq + ce - campaignBudget;
            if (!capShort && !(budNeed > 0) && !(campNeed > 0)) {
              bestGain = upper;
              bestE = e;
              bestQ = q;
              bestR = -1;
              continue;
            }
            // one drop elsewhere must free the rest: on e's offer when its own constraint is short
            const need = budNeed > campNeed ? budNeed : campNeed;
            // drop candidates in ascending value: on e's offer when its own constraint is short, else any costly entry
            const byOffer = capShort || budNeed > 0;
            const end = byOffer ? ptr[o + 1]! : campCount;
            const from = byOffer ? list : camp;
            let i = byOffer ? head[o]! : campHead;
            // lazily skip dropped entries at the head (amortised O(1))
            while (i < end && chosen[from[i]!] === 0) i++;
            if (byOffer) head[o] = i;
            else campHead = i;
            let r = -1;
            let rGain = bestGain;
            let trials = trialLimit;
            const fromMax = byOffer ? listMax : campMax;
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
                if (plain + rowSpare(x - (x % k)) > rGain) g = plain + trialRefill(q, x, e);
              }
              if (g > rGain) {
                rGain = g;
                r = x;
              }
              if (trials <= 0 && r >= 0) break;
            }
            if (r < 0) continue;
            bestGain = rGain;
            bestE = e;
            bestQ = q;
            bestR = r;
          }
        }
        if (bestE < 0 || !(bestGain > 1e-12)) break;
        // apply, then verify against the exact fill (rounding of the need); undo when it does not fit
        if (bestQ >= 0) release(bestQ);
        if (bestR >= 0) release(bestR);
        if (room(bestE)) {
          take(bestE);
          chosen[bestE] = 1;
          if (bestQ >= 0) chosen[bestQ] = 0;
          if (bestR >= 0) {
            chosen[bestR] = 0;
            refill(bestR - (bestR % k));
          }
          moves++;
          improved = true;
        } else {
          if (bestQ >= 0) take(bestQ);
          if (bestR >= 0) take(bestR);
          break;
        }
      }
    }
    if (!improved) break;
  }
  return moves;

  function release(e: number): void {
    const o = offer[e]!;
    recipients[o]!--;
    used[o]! -= cost[e]!;
    st.campaignUsed -= cost[e]!;
  }
  function take(e: number): void {
    const o = offer[e]!;
    recipients[o]!++;
    used[o]! += cost[e]!;
    st.campaignUsed += cost[e]!;
  }
  function blockMax(entries: Int32Array, len: number): Float64Array {
    const out = new Float64Array((len + 15) >> 4);
    for (let i = 0; i < len; i++) {
      const c = cost[entries[i]!]!;
      if (c > out[i >> 4]!) out[i >> 4] = c;
    }
    return out;
  }
  /** Highest value among the unchosen live entries of the row at `base`: a bound on what its refill can add. */
  function rowSpare(base: number): number {
    let best = 0;
    for (let e = base; e < base + k; e++) if (chosen[e] === 0 && blocked[e] === 0 && value[e]! > best) best = value[e]!;
    return best;
  }
  /** Value the refill of r's row adds once q and r are released and e taken (0 when e does not fit); state restored. */
  function trialRefill(q: number, r: number, e: number): number {
    if (q >= 0) release(q);
    release(r);
    let add = 0;
    if (room(e)) {
      take(e);
      chosen[r] = 0;
      if (q >= 0) chosen[q] = 0;
      chosen[e] = 1;
      const rBase = r - (r % k);
      const t = refill(rBase);
      for (let j = 0; j < t; j++) {
        const x = trial[j]!;
        add += value[x]!;
        release(x);
        chosen[x] = 0;
      }
      chosen[e] = 0;
      chosen[r] = 1;
      if (q >= 0) chosen[q] = 1;
      release(e);
    } else {
      add = Number.NEGATIVE_INFINITY;
    }
    take(r);
    if (q >= 0) take(q);
    return add;
  }
  function room(e: number): boolean {
    const o = offer[e]!;
    const pc = cost[e]!;
    return !(recipients[o]! + 1 > capacity[o]!) && !(used[o]! + pc > budget[o]!) && !(st.campaignUsed + pc > campaignBudget);
  }
  /** Fills the free slots of the row at `base` with its best fitting entries by value (rules and resources checked). */
  function refill(base: number): number {
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
          if (clash || inDept >= maxPerDept || !room(e)) continue;
          best = e;
        }
      }
      if (best < 0) return added;
      take(best);
      chosen[best] = 1;
      trial[added++] = best;
    }
  }
}
