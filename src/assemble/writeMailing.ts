import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { IngestReport } from '../ingest/ingestReport.js';
import type { MailerPlan } from '../select/mailerPlan.js';
import type { AssembleData } from './assembleMailing.js';
import { AtomicFile, type WrittenFile } from '../lib/atomicFile.js';
import { canonicalJson } from '../lib/canonicalJson.js';
import { CSV_NEWLINE, csvCell, csvRow } from './csvCell.js';
import { PLACEMENT_REASON_NAMES } from './layout.js';
import type { Mailing } from './mailing.js';
import { MANIFEST_FORMAT, type Manifest, type ManifestAudit, type ManifestFile } from './manifest.js';

/** Names of the files {@link writeMailing} writes, besides `manifest.json`, in manifest order. */
export const MAILING_FILES = ['assignments.csv', 'offers.csv', 'offers.ndjson', 'variants.csv'] as const;
/** The decision trace of the printed plan, one JSON line per customer, gzip: written when `options.trace` is given. */
export const TRACE_FILE = 'trace.ndjson.gz';

/** What {@link writeMailing} reads from the data set; a `Dataset` fits (its report gives the rejects count). */
export type WriteMailingData = AssembleData & { readonly report?: Pick<IngestReport, 'counts'> };

/** Options of {@link writeMailing}; everything lands in `manifest.json`. */
export interface WriteMailingOptions {
  /** The campaign config (any JSON value), written with sorted keys. Default `null`. */
  config?: unknown;
  /** Seed of the run. Default: `config.seed` when it is a number, else `null`. */
  seed?: number;
  /** Input name -> sha256 (64 lowercase hex digits) of each input file. Default `{}`. */
  inputChecksums?: Readonly<Record<string, string>>;
  /** Input records rejected at ingest. Default: the sum of `data.report.counts[*].rejected`, else 0. */
  rejects?: number;
  /** offerkit version for the manifest (the caller reads package.json). Default `'unknown'`. */
  libraryVersion?: string;
  /** Creation time to record. Default: none, so reruns are byte-identical. */
  createdAt?: string;
  /**
   * The decision trace line (one JSON object, no newline) of customer `c`, for every customer of
   * the plan, written to `trace.ndjson.gz` and listed in the manifest. Default: no trace file.
   */
  trace?: (c: number) => string;
  /** The rule settings to record in the manifest for `offerkit audit`. Default: none. */
  audit?: ManifestAudit;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Writes a mailing for the mail house into `dir` (created if missing): `variants.csv` (variant id,
 * creative, customers, offer_1..offer_n with n = layout slots), `assignments.csv` (customer id,
 * variant id; mailed customers only), `offers.csv` and `offers.ndjson` (per printed offer: customer,
 * 1-based position, offer id, offer name, placement reason), with `options.trace` the decision
 * trace `trace.ndjson.gz` (one JSON line per customer), then `manifest.json` (config, seed,
 * input checksums, counts, library version, and size + sha256 + rows of every file).
 *
 * Files stream through temp files in `dir` and are renamed into place only when all are complete;
 * on any error the temp files are removed and existing outputs are left as they were. CSV follows
 * RFC 4180 (CRLF, quoted cells); nothing depends on the clock unless `createdAt` is given, so the
 * same inputs give byte-identical files.
 *
 * Cost: O(customers x stride) time; memory O(offers + one 64 KiB buffer per file).
 *
 * @example
 * const manifest = await writeMailing('out/mailing', mailing, plan, data, { config, libraryVersion: '0.1.0' });
 * manifest.files.find((f) => f.name === 'variants.csv')?.rows; // number of variants
 */
export async function writeMailing(
  dir: string,
  mailing: Mailing,
  plan: MailerPlan,
  data: WriteMailingData,
  options: WriteMailingOptions = {},
): Promise<Manifest> {
  const customerCount = plan.customerCount;
  if (mailing.customerVariant.length !== customerCount || data.customers.ids.size !== customerCount) {
    throw new RangeError(
      `writeMailing: mailing has ${mailing.customerVariant.length} customers, plan ${customerCount}, data set ${data.customers.ids.size}; pass the plan and data the mailing was assembled from`,
    );
  }
  const inputs = options.inputChecksums ?? {};
  for (const [name, sum] of Object.entries(inputs)) {
    if (typeof sum !== 'string' || !SHA256_HEX.test(sum)) throw new TypeError(`writeMailing: input checksum of "${name}" must be 64 lowercase hex digits (sha256), got ${JSON.stringify(sum)}`);
  }
  const configSeed = (options.config as { seed?: unknown } | null | undefined)?.seed;
  const seed = options.seed ?? (typeof configSeed === 'number' ? configSeed : null);
  if (seed !== null && !Number.isInteger(seed)) throw new TypeError(`writeMailing: seed must be an integer, got ${seed}`);
  let rejects = options.rejects;
  if (rejects === undefined) {
    rejects = 0;
    if (data.report !== undefined) for (const k of Object.values(data.report.counts)) rejects += k.rejected;
  }

  await mkdir(dir, { recursive: true });
  const files: AtomicFile[] = [];
  try {
    const openFile = async (name: string): Promise<AtomicFile> => {
      const f = await AtomicFile.open(join(dir, name));
      files.push(f);
      return f;
    };
    const [assignments, offersCsv, offersNdjson, variantsCsv] = [
      await openFile('assignments.csv'),
      await openFile('offers.csv'),
      await openFile('offers.ndjson'),
      await openFile('variants.csv'),
    ];
    const slotCount = mailing.layout.slots.length;

    // variants.csv: one row per variant, offer columns padded to the layout's slot count.
    const header = ['variant_id', 'creative', 'customers'];
    for (let j = 1; j <= slotCount; j++) header.push(`offer_${j}`);
    variantsCsv.add(csvRow(header));
    for (const v of mailing.variants) {
      const cells: (string | number)[] = [v.id, v.creative, v.customers];
      for (let j = 0; j < slotCount; j++) cells.push(j < v.offers.length ? v.offers[j]! : '');
      variantsCsv.addRow(csvRow(cells));
      if (variantsCsv.full) await variantsCsv.flush();
    }

    // Per-offer text is built once and reused for every line that prints the offer.
    const offerIds = data.offers.ids.ids;
    const offerCsvCells: string[] = new Array<string>(offerIds.length);
    const offerJsonFields: string[] = new Array<string>(offerIds.length);
    const reasonCsv = PLACEMENT_REASON_NAMES.map((r) => csvCell(r));
    const variantIdCells = mailing.variants.map((v) => csvCell(v.id));
    assignments.add(csvRow(['customer_id', 'variant_id']));
    offersCsv.add(csvRow(['customer_id', 'position', 'offer_id', 'offer_name', 'reason']));
    const { offer, reason, count, stride } = plan;
    const customerIds = data.customers.ids.ids;
    for (let c = 0; c < customerCount; c++) {
      const v = mailing.customerVariant[c]!;
      const n = count[c]!;
      if (v < 0) {
        if (n !== 0) throw new TypeError(`writeMailing: customer "${customerIds[c]}" has ${n} offers in the plan but no variant; the mailing was not assembled from this plan`);
        continue;
      }
      const variant = mailing.variants[v]!;
      if (variant.offers.length !== n) throw new TypeError(`writeMailing: customer "${customerIds[c]}" has ${n} offers in the plan but variant ${variant.id} has ${variant.offers.length}; the mailing was not assembled from this plan`);
      const customerCell = csvCell(customerIds[c]!);
      const customerJson = JSON.stringify(customerIds[c]!);
      assignments.addRow(customerCell + ',' + variantIdCells[v]! + CSV_NEWLINE);
      const base = c * stride;
      for (let j = 0; j < n; j++) {
        const o = offer[base + j]!;
        const r = reason[base + j]!;
        if (offerIds[o] !== variant.offers[j]) throw new TypeError(`writeMailing: customer "${customerIds[c]}" position ${j + 1} holds offer "${offerIds[o]}" in the plan but "${variant.offers[j]}" in variant ${variant.id}; the mailing was not assembled from this plan`);
        if (offerCsvCells[o] === undefined) {
          const name = data.offers.records[o]!.name;
          offerCsvCells[o] = csvCell(offerIds[o]!) + ',' + csvCell(name);
          offerJsonFields[o] = `"offer":${JSON.stringify(offerIds[o]!)},"name":${JSON.stringify(name)}`;
        }
        const reasonName = PLACEMENT_REASON_NAMES[r];
        if (reasonName === undefined) throw new TypeError(`writeMailing: customer "${customerIds[c]}" position ${j + 1} has unknown placement reason ${r}`);
        offersCsv.addRow(customerCell + ',' + (j + 1) + ',' + offerCsvCells[o] + ',' + reasonCsv[r] + CSV_NEWLINE);
        offersNdjson.addRow(`{"customer":${customerJson},"position":${j + 1},${offerJsonFields[o]},"reason":"${reasonName}"}\n`);
      }
      if (assignments.full) await assignments.flush();
      if (offersCsv.full) await offersCsv.flush();
      if (offersNdjson.full) await offersNdjson.flush();
    }

    const written: WrittenFile[] = [];
    for (const f of [assignments, offersCsv, offersNdjson, variantsCsv]) written.push(await f.close());
    const manifestFiles: ManifestFile[] = MAILING_FILES.map((name, i) => ({ name, ...written[i]! }));
    if (options.trace !== undefined) {
      const trace = await AtomicFile.open(join(dir, TRACE_FILE), { gzip: true });
      files.push(trace);
      for (let c = 0; c < customerCount; c++) {
        trace.addRow(options.trace(c) + '\n');
        if (trace.full) await trace.flush();
      }
      manifestFiles.push({ name: TRACE_FILE, ...(await trace.close()) });
      manifestFiles.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      library: { name: 'offerkit', version: options.libraryVersion ?? 'unknown' },
      ...(options.createdAt === undefined ? {} : { createdAt: options.createdAt }),
      config: options.config ?? null,
      seed,
      inputs: { ...inputs },
      layout: { id: mailing.layout.id, slots: slotCount },
      counts: {
        customers: customerCount,
        customersMailed: mailing.stats.customersMailed,
        customersUnmailed: mailing.stats.customersUnmailed,
        variants: mailing.variants.length,
        offerLines: written[1]!.rows,
        rejects,
      },
      files: manifestFiles,
      ...(options.audit === undefined ? {} : { audit: options.audit }),
    };
    const manifestFile = await openFile('manifest.json');
    manifestFile.add(canonicalJson(manifest, 2) + '\n');
    await manifestFile.close();
    // Publish data files first and the manifest last: a manifest on disk always describes complete files.
    for (const f of files) await f.publish();
    return manifest;
  } catch (error) {
    for (const f of files) await f.abort();
    throw error;
  }
}
