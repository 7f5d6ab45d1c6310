import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../assemble/manifest.js';
import { TRACE_FILE } from '../assemble/writeMailing.js';
import { AtomicFile } from '../lib/atomicFile.js';
import { canonicalJson } from '../lib/canonicalJson.js';
import type { ShardRecord } from '../shard/shardRecord.js';
import type { ShardCheck } from './checkShard.js';
import { checkShardsAgree } from './mergeShards/checkShardsAgree.js';
import { concatShardRows } from './mergeShards/concatShardRows.js';
import { mergedManifest } from './mergeShards/mergedManifest.js';
import { mergeVariants } from './mergeShards/mergeVariants.js';
import { readShards } from './mergeShards/readShards.js';
import { unionCapacity } from './mergeShards/unionCapacity.js';

/** Options of {@link mergeShards}. */
export interface MergeShardsOptions {
  /** Folder for the merged files and manifest. Default `<outDir>/mailing`. */
  mergedDir?: string;
  /**
   * `checkShard(dir, { index, count })` of some shards, made by the caller in this process after they
   * were written, used instead of checking them again (a check re-hashes every file): `runShards`
   * passes those of the shards it ran, checked while other shards were still running. Default: none.
   */
  checks?: ReadonlyMap<number, ShardCheck>;
}

/** What {@link mergeShards} wrote. */
export interface MergeShardsResult {
  /** Folder of the merged files. */
  readonly dir: string;
  /** The merged `manifest.json`. */
  readonly manifest: Manifest;
  /** Every shard's record, by index. */
  readonly shards: readonly ShardRecord[];
  /** Offer id -> customers holding it in the union, for offers with a finite capacity. */
  readonly capacityUsed: Readonly<Record<string, { readonly used: number; readonly capacity: number }>>;
}

/** A merge refused: the shards are missing, unfinished, altered or do not belong together. */
export class ShardMergeError extends Error {
  override readonly name = 'ShardMergeError';
  constructor(readonly problems: readonly string[]) {
    super(`mergeShards: refused, ${problems.length} problem(s):\n  ${problems.slice(0, 20).join('\n  ')}${problems.length > 20 ? `\n  ... ${problems.length - 20} more` : ''}`);
  }
}

/**
 * Merges the shard folders `<outDir>/shard-<i>-of-<count>/` into one mailing. Refuses with a
 * {@link ShardMergeError} listing every problem, writing nothing, unless:
 * - every shard folder exists and is finished (`checkShard`: its `shard.json` matches, its manifest
 *   verifies byte for byte);
 * - all shards agree on shard count, sharding salt, shard sizes, config, seed, input checksums,
 *   layout, library version, rejects and offer limits;
 * - every customer appears once: shard sizes add up to the customers recorded, each shard's
 *   manifest counts its own customers, and each assigned customer hashes to its shard and appears
 *   once in it (so no customer is in two shards);
 * - no offer exceeds its capacity in the union.
 *
 * Then writes `variants.csv` (variants merged by content-hash id, customer counts summed, sorted by
 * id as a single run sorts them), `assignments.csv`, `offers.csv` and `offers.ndjson` (the shards'
 * rows in shard order), and a `manifest.json` with the checksums, last. Each shard's variants.csv
 * is sorted by id, so they merge as sorted streams: memory stays O(shards + offers) apart from one
 * shard's assignment ids at a time (the duplicate check).
 *
 * @throws ShardMergeError when the shards cannot be merged; RangeError when `count` is not an integer >= 1.
 * @example
 * const { manifest } = await mergeShards('out', 4); // writes out/mailing/
 * manifest.counts.customers; // every customer of the data set
 *
 * Cost: O(total bytes of the shards' files), streamed; the files are read twice (verify, merge),
 * once for shards in `options.checks`.
 */
export async function mergeShards(outDir: string, count: number, options: MergeShardsOptions = {}): Promise<MergeShardsResult> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`mergeShards: count must be an integer >= 1, got ${count}`);
  const mergedDir = options.mergedDir ?? join(outDir, 'mailing');
  const { dirs, records, manifests, problems } = await readShards(outDir, count, options.checks);
  if (problems.length > 0) throw new ShardMergeError(problems);
  checkShardsAgree(records, manifests, problems);
  if (problems.length > 0) throw new ShardMergeError(problems);

  await mkdir(mergedDir, { recursive: true });
  // A manifest on disk must never describe files of another merge: drop it before any file changes.
  await rm(join(mergedDir, 'manifest.json'), { force: true });
  const sinks: AtomicFile[] = [];
  try {
    const openSink = async (name: string): Promise<AtomicFile> => {
      const f = await AtomicFile.open(join(mergedDir, name));
      sinks.push(f);
      return f;
    };
    const assignments = await openSink('assignments.csv');
    const offersCsv = await openSink('offers.csv');
    const offersNdjson = await openSink('offers.ndjson');
    const variantsCsv = await openSink('variants.csv');
    const withTrace = manifests.every((m) => m.files.some((f) => f.name === TRACE_FILE));
    const trace = withTrace ? await openSink(TRACE_FILE) : undefined;
    await concatShardRows(dirs, records, { assignments, offersCsv, offersNdjson, trace }, problems);
    const variants = await mergeVariants(dirs, manifests, variantsCsv, problems);
    const capacityUsed = unionCapacity(records[0]!, variants.usage, problems);
    if (problems.length > 0) throw new ShardMergeError(problems);

    const written = [await assignments.close(), await offersCsv.close(), await offersNdjson.close(), await variantsCsv.close()];
    const manifest = mergedManifest(manifests, records[0]!, written, variants, trace === undefined ? undefined : await trace.close());
    const manifestFile = await openSink('manifest.json');
    await manifestFile.write(canonicalJson(manifest, 2) + '\n');
    await manifestFile.close();
    // Data files first, the manifest last: a manifest on disk always describes complete files.
    for (const f of sinks) await f.publish();
    return { dir: mergedDir, manifest, shards: records, capacityUsed };
  } catch (error) {
    for (const f of sinks) await f.abort();
    throw error;
  }
}
