/** Format tag of `manifest.json`. */
export const MANIFEST_FORMAT = 'offerkit-mailing-manifest-v1';

/** One output file as the manifest records it. */
export interface ManifestFile {
  /** File name inside the output folder. */
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
  /** Data rows (CSV: without the header; NDJSON: lines). */
  readonly rows: number;
}

/**
 * `manifest.json` of a mailing: what produced it (config, seed, input checksums, library version)
 * and what it holds (counts, and size + sha256 + rows of every output file, sorted by name).
 */
export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly library: { readonly name: 'offerkit'; readonly version: string };
  /** Only present when passed in, so reruns stay byte-identical by default. */
  readonly createdAt?: string;
  readonly config: unknown;
  readonly seed: number | null;
  /** Input name -> sha256, as passed in. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly layout: { readonly id: string; readonly slots: number };
  readonly counts: {
    readonly customers: number;
    readonly customersMailed: number;
    readonly customersUnmailed: number;
    readonly variants: number;
    /** Rows of offers.csv: one per printed offer. */
    readonly offerLines: number;
    /** Input records rejected at ingest. */
    readonly rejects: number;
  };
  readonly files: readonly ManifestFile[];
  /** What `offerkit audit` needs besides the inputs and files: the settings the run's rules were checked under. */
  readonly audit?: ManifestAudit;
}

/** The run settings the mailer rules used, recorded so an audit checks the printed plan under the same ones. */
export interface ManifestAudit {
  /** Campaign day number (days since 1970-01-01). */
  readonly day: number;
  /** Campaign budget on expected redemption cost, `null` when none. */
  readonly campaignBudget: number | null;
  readonly mailerChannel: string;
  /** p(redeem) charged for placements without a score of their own. */
  readonly fallbackPropensity: number;
}
