function checkPair(p: ArrayLike<number>, y: ArrayLike<number>): void {
  if (p.length !== y.length) throw new RangeError(`p has ${p.length} predictions but y has ${y.length} outcomes; give one outcome per prediction`);
  if (p.length === 0) throw new RangeError('no predictions; give at least one');
  for (let i = 0; i < p.length; i++) {
    if (!(p[i]! >= 0 && p[i]! <= 1)) throw new RangeError(`p[${i}] = ${p[i]} is not a probability in [0, 1]`);
    if (!(y[i]! >= 0 && y[i]! <= 1)) throw new RangeError(`y[${i}] = ${y[i]} is outside [0, 1]; use 0/1 outcomes`);
  }
}

/**
 * Brier score: the mean squared difference between predicted probabilities and 0/1 outcomes
 * (0 is perfect; always predicting the base rate r scores r(1 − r)).
 *
 * Cost: O(n).
 * @throws RangeError when the lengths differ, are zero, or a value is outside [0, 1].
 * @example brierScore([0.9, 0.2], [1, 0]) // 0.025
 */
export function brierScore(p: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPair(p, y);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const e = p[i]! - y[i]!;
    s += e * e;
  }
  return s / p.length;
}

export { checkPair };
