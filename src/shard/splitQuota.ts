/**
 * Splits a whole number `total` into integer parts proportional to `weights` by the largest
 * remainder method: each part gets `floor(total * w / W)`, and the units left over go one each to
 * the parts with the largest remainders (ties: lower index). The parts always sum to `total`
 * exactly, and each is within 1 of its exact proportional share. Exact for any sizes (BigInt).
 *
 * A non-integer `total` is floored first (capacities count coupons); `Infinity` gives `Infinity`
 * to every part. With all weights 0 the parts are all 0.
 *
 * @throws RangeError when `total` is negative or NaN, or a weight is not an integer >= 0.
 * @example
 * splitQuota(10, [1, 1, 1]); // [4, 3, 3]
 *
 * Cost: O(parts log parts).
 */
export function splitQuota(total: number, weights: ArrayLike<number>): number[] {
  if (!(total >= 0)) throw new RangeError(`splitQuota: total must be a number >= 0, got ${total}`);
  const n = weights.length;
  let sum = 0n;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (!Number.isInteger(w) || w < 0) throw new RangeError(`splitQuota: weights must be integers >= 0, got ${w} at ${i}`);
    sum += BigInt(w);
  }
  if (total === Number.POSITIVE_INFINITY) return Array.from({ length: n }, () => Number.POSITIVE_INFINITY);
  const parts = new Array<number>(n).fill(0);
  if (sum === 0n) return parts;
  const whole = BigInt(Math.floor(total));
  const rest: { i: number; r: bigint }[] = [];
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const x = whole * BigInt(weights[i]!);
    const q = x / sum;
    parts[i] = Number(q);
    given += q;
    rest.push({ i, r: x % sum });
  }
  rest.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let j = 0; given < whole; j++, given++) parts[rest[j]!.i]!++;
  return parts;
}
