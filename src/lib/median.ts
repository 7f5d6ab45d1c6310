/**
 * Median of a copy of `values`: the middle value, or the mean `(a + b) / 2` of the two middle ones
 * (`NaN` when empty). Not simple-statistics' `median`, which interpolates `a + 0.5 · (b - a)`: that
 * differs in the last bit for about one pair in five, gives `NaN` for `[-Infinity, x]` and throws when
 * empty, and fitted reference prices and offer priors must not change by a bit.
 *
 * @example median(Float64Array.of(3, 1, 2)); // 2
 * Cost: O(n log n) time, O(n) memory (a sorted copy; the input is not mutated).
 */
export function median(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  // A typed array sorts numerically (no comparator needed).
  const s = values.slice().sort();
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}
