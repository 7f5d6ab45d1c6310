/**
 * The clearing price of one constraint from its bidders: each bidder `i` wants the resource while
 * the price is below `bids[i]` and then uses `weights[i]` of it (1 for a recipient, the expected
 * cost for a budget). Returns the lowest price `x >= 0` at which the total weight of bids strictly
 * above `x` is at most `limit`: `0` when everything fits, else one of the bids. Weighted quickselect
 * with a three-way partition, explicit loop (no recursion); reorders the first `count` positions of
 * `bids` and `weights` (pass scratch copies). Expected O(count).
 *
 * @example
 * clearingPrice(Float64Array.of(5, 3, 9, 1), Float64Array.of(1, 1, 1, 1), 4, 2) // 3: only 5 and 9 bid above 3
 */
export function clearingPrice(bids: Float64Array, weights: Float64Array, count: number, limit: number): number {
  // demand at price 0: every positive bid
  let total = 0;
  let lo = 0;
  for (let i = 0; i < count; i++) {
    if (bids[i]! > 0) {
      total += weights[i]!;
      // compact positive bids to the front so the selection only sees real bidders
      const b = bids[lo]!;
      const w = weights[lo]!;
      bids[lo] = bids[i]!;
      weights[lo] = weights[i]!;
      bids[i] = b;
      weights[i] = w;
      lo++;
    }
  }
  if (!(total > limit)) return 0;
  let hi = lo;
  lo = 0;
  let above = 0; // weight of bids already known to lie above the active range
  while (hi > lo) {
    // median of three as pivot: deterministic, robust on sorted input. Inline rather than
    // simple-statistics' median, which returns the same value but allocates and sorts a copy on every
    // round of a loop that runs for each constrained offer in each dual iteration
    const a = bids[lo]!;
    const b = bids[(lo + hi) >>> 1]!;
    const c = bids[hi - 1]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    // Dutch-flag partition: [lo, gt) > pivot, [gt, i) == pivot, [lt, hi) < pivot
    let gt = lo;
    let i = lo;
    let lt = hi;
    let wGt = 0;
    let wEq = 0;
    while (i < lt) {
      const x = bids[i]!;
      if (x > pivot) {
        wGt += weights[i]!;
        swap(bids, weights, i, gt);
        gt++;
        i++;
      } else if (x < pivot) {
        lt--;
        swap(bids, weights, i, lt);
      } else {
        wEq += weights[i]!;
        i++;
      }
    }
    if (above + wGt > limit) {
      hi = gt;
    } else if (above + wGt + wEq > limit) {
      return pivot;
    } else {
      above += wGt + wEq;
      lo = lt;
    }
  }
  // unreachable when total > limit; the smallest positive bid is the safe answer
  return 0;
}

function swap(bids: Float64Array, weights: Float64Array, i: number, j: number): void {
  const b = bids[i]!;
  bids[i] = bids[j]!;
  bids[j] = b;
  const w = weights[i]!;
  weights[i] = weights[j]!;
  weights[j] = w;
}
