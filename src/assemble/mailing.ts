import type { MailerLayout } from './layout.js';

/** One distinct mailer: the same ordered offers, layout and creative, shared by `customers` customers. */
export interface Variant {
  /** Content hash, see `variantId`. */
  readonly id: string;
  /** Offer ids in print order. */
  readonly offers: readonly string[];
  readonly creative: string;
  /** Customers receiving this variant. */
  readonly customers: number;
}

/** One bucket of the customers-per-variant histogram: variants with `from <= customers <= to`. */
export interface VariantSizeBucket {
  readonly from: number;
  readonly to: number;
  readonly variants: number;
}

/** How customers spread over variants. */
export interface MailingStats {
  readonly variants: number;
  readonly customersMailed: number;
  /** Customers with an empty row (holdout, no consent): no mailer. */
  readonly customersUnmailed: number;
  readonly customersPerVariant: {
    readonly min: number;
    /** Middle value; the mean of the two middle values for an even count. */
    readonly median: number;
    /** Nearest-rank 90th percentile. */
    readonly p90: number;
    readonly max: number;
    /** Power-of-two buckets 1, 2-3, 4-7, ... up to the largest variant; empty buckets included. */
    readonly histogram: readonly VariantSizeBucket[];
  };
}

/** The assembled mailing: distinct variants and which one each customer gets. */
export interface Mailing {
  readonly layout: MailerLayout;
  /** Sorted by id, so the order does not depend on customer order or shard. */
  readonly variants: readonly Variant[];
  /** Customer index -> index into `variants`, `-1` when the customer gets no mailer. */
  readonly customerVariant: Int32Array;
  readonly stats: MailingStats;
}
