/**
 * Why an offer sits on a printed mailer, by name, in the order of the engine's numeric placement
 * codes (targeted 0, discovery 1, fallback 2, generic 3, decoy 4, cover 5): the `reason` column of
 * `offers.csv` and the `placement` field of `trace.ndjson.gz`.
 */
export const PLACEMENT_NAMES = ['targeted', 'discovery', 'fallback', 'generic', 'decoy', 'cover'] as const;
/** A placement name, see {@link PLACEMENT_NAMES}. */
export type PlacementName = (typeof PLACEMENT_NAMES)[number];

const PLACEMENT_SET: ReadonlySet<string> = new Set(PLACEMENT_NAMES);

/**
 * Whether `value` is one of the {@link PLACEMENT_NAMES}.
 * @example isPlacementName('cover'); // true
 * Cost: O(1).
 */
export function isPlacementName(value: unknown): value is PlacementName {
  return typeof value === 'string' && PLACEMENT_SET.has(value);
}

/** One printed offer: its id, why it is there and the p(redeem) charged to budgets for it (`undefined` when unknown). */
export interface PrintedEntry {
  readonly offer: string;
  readonly placement: PlacementName;
  readonly p: number | undefined;
}

/** One customer's printed mailer: the entries in print order (position 1 first). */
export interface PrintedMailer {
  readonly customer: string;
  readonly entries: readonly PrintedEntry[];
}
