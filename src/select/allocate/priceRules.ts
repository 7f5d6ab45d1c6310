// The update rules of one shadow price, shared by both price updates of the dual iterations.

/**
 * One bisection step of a shadow price against its constraint: raise it when `used > limit`, lower
 * it when positive and the constraint is filled below `(1 - tol)`. The bracket `[lo, hi]` is
 * re-opened when other prices moved the clearing point outside it. Returns whether it is settled.
 * O(1).
 *
 * @example
 * settled = priceStep(capPrice, capLo, capHi, o, demand[o], capacity[o], capInit[o], 0.01) && settled;
 */
export function priceStep(price: Float64Array, lo: Float64Array, hi: Float64Array, i: number, used: number, limit: number, init: number, tol: number): boolean {
  if (!(limit < Number.POSITIVE_INFINITY)) return true;
  const x = price[i]!;
  const eps = 1e-7 * init;
  if (used > limit * (1 + 1e-12)) {
    if (hi[i]! <= x) hi[i] = Number.POSITIVE_INFINITY; // stale bracket: a price above hi is now over-subscribed
    lo[i] = x;
    const h = hi[i]!;
    if (h === Number.POSITIVE_INFINITY) price[i] = x > 0 ? 2 * x : init;
    else price[i] = h - x <= eps ? h : 0.5 * (x + h);
    return false;
  }
  if (x > 0 && used < limit * (1 - tol)) {
    if (lo[i]! >= x) lo[i] = 0; // stale bracket
    hi[i] = x;
    if (x - lo[i]! <= eps) return true; // at the jump of a step demand: the feasible side
    price[i] = 0.5 * (lo[i]! + x);
    return false;
  }
  return true;
}

/**
 * Whether a price is settled against its constraint: not over-subscribed, and (when positive) the
 * constraint filled to at least `(1 - tol)`; an infinite limit is always settled. O(1).
 *
 * @example
 * if (isSettled(campPrice, campSpend, campaignBudget, 0.01)) stop();
 */
export function isSettled(price: number, used: number, limit: number, tol: number): boolean {
  if (!(limit < Number.POSITIVE_INFINITY)) return true;
  return !(used > limit * (1 + 1e-12)) && !(price > 0 && used < limit * (1 - tol));
}

/**
 * Moves `price[i]` to `target` (never below 0), half-way when that reverses the last move `dir`
 * (a price that overshot its clearing point); returns the direction moved (0 when unchanged). O(1).
 *
 * @example
 * capDir[o] = moveTowards(capPrice, o, target, capDir[o]);
 */
export function moveTowards(price: Float64Array, i: number, target: number, dir: number): number {
  const x = price[i]!;
  const t = target > 0 ? target : 0;
  if (t === x) return dir;
  const next = t > x ? 1 : -1;
  price[i] = turned(dir, next) ? 0.5 * (x + t) : t;
  return next;
}

/** Whether a price that moved `dir` last time and now wants to move `next` has turned around. */
function turned(dir: number, next: number): boolean {
  return (dir > 0 && next < 0) || (dir < 0 && next > 0);
}
