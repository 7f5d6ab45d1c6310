/**
 * Each customer's best offers from the scoring kernel: a fixed top-K buffer per customer.
 *
 * Row `c` holds `count[c]` entries at `offer[c * k + j]`, `score[c * k + j]` for `j < count[c]`,
 * sorted by score descending, ties by lower offer index; unused entries hold offer `-1`. A
 * campaign's candidates (`mergeCandidates`) are two such runs in one row: the top K, then the
 * discovery offers not among them, each sorted on its own.
 */
export interface Candidates {
  readonly k: number;
  readonly customerCount: number;
  readonly offer: Int32Array;
  readonly score: Float32Array;
  readonly count: Int32Array;
}
