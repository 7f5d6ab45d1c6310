import { MANIFEST_FORMAT, type Manifest, type ManifestFile } from '../../assemble/manifest.js';
import { MAILING_FILES, TRACE_FILE } from '../../assemble/writeMailing.js';
import type { WrittenFile } from '../../lib/atomicFile.js';
import type { ShardRecord } from '../../shard/shardRecord.js';
import type { MergedVariants } from './mergeVariants.js';

/**
 * The merged `manifest.json`: shard 0's config, seed, inputs and layout id (the shards agree on
 * them), the widest slot count, counts summed over the shards, and the merged files (`written`, in
 * {@link MAILING_FILES} order, and `trace` when there is one) with rows from the shards' manifests
 * (variants counted by the merge).
 * @example const manifest = mergedManifest(manifests, records[0], written, variants, traceFile);
 * Cost: O(shards x files).
 */
export function mergedManifest(
  manifests: readonly Manifest[],
  record: ShardRecord,
  written: readonly WrittenFile[],
  variants: Pick<MergedVariants, 'slots' | 'variants'>,
  trace: WrittenFile | undefined,
): Manifest {
  const m0 = manifests[0]!;
  let mailed = 0;
  let unmailed = 0;
  let customers = 0;
  let offerLines = 0;
  const rows = [0, 0, 0, 0];
  for (const m of manifests) {
    customers += m.counts.customers;
    mailed += m.counts.customersMailed;
    unmailed += m.counts.customersUnmailed;
    offerLines += m.counts.offerLines;
    for (let f = 0; f < MAILING_FILES.length; f++) if (MAILING_FILES[f] !== 'variants.csv') rows[f]! += m.files.find((x) => x.name === MAILING_FILES[f])!.rows;
  }
  rows[MAILING_FILES.indexOf('variants.csv')] = variants.variants;
  const files: ManifestFile[] = MAILING_FILES.map((name, f) => ({ name, bytes: written[f]!.bytes, sha256: written[f]!.sha256, rows: rows[f]! }));
  if (trace !== undefined) {
    let traceRows = 0;
    for (const m of manifests) traceRows += m.files.find((x) => x.name === TRACE_FILE)!.rows;
    files.push({ name: TRACE_FILE, bytes: trace.bytes, sha256: trace.sha256, rows: traceRows });
    files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return {
    format: MANIFEST_FORMAT,
    library: m0.library,
    config: m0.config,
    seed: m0.seed,
    inputs: m0.inputs,
    layout: { id: m0.layout.id, slots: variants.slots },
    counts: { customers, customersMailed: mailed, customersUnmailed: unmailed, variants: variants.variants, offerLines, rejects: m0.counts.rejects },
    files,
    // Each shard checked its share of the campaign budget; the merged plan answers to the whole.
    ...(m0.audit === undefined ? {} : { audit: { ...m0.audit, campaignBudget: record.campaignBudget === null ? null : record.campaignBudget.total } }),
  };
}
