/** Why an offer sits on a customer's mailer. */
export const PlacementReason = {
  /** Chosen by relevance for a category the customer buys. */
  targeted: 0,
  /** Chosen by relevance for a category the customer does not buy yet (discovery share). */
  discovery: 1,
  /** Generic offer filling a slot that too few relevant offers could fill. */
  fallback: 2,
  /** Generic offer printed on every mailer. */
  generic: 3,
  /** Unrelated offer added so a sensitive offer never stands alone (protect stage). */
  decoy: 4,
  /** Sensitive offer sent to a customer outside the inferred segment, for deniability (protect stage). */
  cover: 5,
} as const;
/** A {@link PlacementReason} value. */
export type PlacementReasonCode = (typeof PlacementReason)[keyof typeof PlacementReason];

/**
 * The offers on each customer's mailer, in print order, with a fixed stride per customer so later
 * stages can rewrite rows in place of typed arrays.
 *
 * Row `c` holds `count[c]` entries at `offer[c * stride + j]`, `value[...]`, `reason[...]`; unused
 * entries hold offer `-1`. `value` is the arbitration value of a targeted pair (0 for generic fill);
 * `propensity` the p(redeem) charged to the offer's and the campaign's budget for that entry.
 * A customer with `count[c] === 0` gets no mailer (holdout, or no consent to the channel).
 */
export interface MailerPlan {
  readonly customerCount: number;
  readonly stride: number;
  readonly offer: Int32Array;
  readonly value: Float32Array;
  readonly reason: Uint8Array;
  readonly propensity: Float32Array;
  readonly count: Int32Array;
}
