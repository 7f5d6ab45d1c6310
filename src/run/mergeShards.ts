import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../assemble/canonicalJson.js';
import { csvRow } from '../assemble/csvCell.js';
import { MANIFEST_FORMAT, type Manifest, type ManifestFile } from '../assemble/manifest.js';
import { MAILING_FILES, TRACE_FILE } from '../assemble/writeMailing.js';
import { shardOf } from '../measure/hashId.js';
import { checkShard, type ShardCheck } from './checkShard.js';
import { csvRows } from './csvRows.js';
import { HashedFile } from './hashedFile.js';
import { shardDirName, type ShardRecord } from './shardRecord.js';

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

type Row = string[];

/** Copies `src` into `sink`, leaving out its first line when `skipHeader`. */
async function copyBody(src: string, sink: HashedFile, skipHeader: boolean): Promise<void> {
  let skipping = skipHeader;
  for await (const chunk of createReadStream(src) as AsyncIterable<Buffer>) {
    let buf = chunk;
    if (skipping) {
      const nl = buf.indexOf(10);
      if (nl < 0) continue;
      buf = buf.subarray(nl + 1);
      skipping = false;
    }
    if (buf.length > 0) await sink.write(buf);
  }
}

const MAX_LISTED = 10;

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
  const problems: string[] = [];
  const dirs: string[] = [];
  const records: ShardRecord[] = [];
  const manifests: Manifest[] = [];
  for (let i = 0; i < count; i++) {
    const dir = join(outDir, shardDirName(i, count));
    dirs.push(dir);
    const exists = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!exists) {
      problems.push(`shard ${i} of ${count} is missing: no folder ${dir} (run it with --shard ${i}/${count})`);
      continue;
    }
    const check = options.checks?.get(i) ?? (await checkShard(dir, { index: i, count }));
    problems.push(...check.problems);
    if (check.ok && check.record !== undefined) {
      records[i] = check.record;
      manifests[i] = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    }
  }
  if (problems.length > 0) throw new ShardMergeError(problems);

  // ---- the shards belong together ----
  const r0 = records[0]!;
  const m0 = manifests[0]!;
  const same = (what: string, get: (r: ShardRecord, m: Manifest) => unknown): void => {
    const want = canonicalJson(get(r0, m0));
    for (let i = 1; i < count; i++) {
      const got = canonicalJson(get(records[i]!, manifests[i]!));
      if (got !== want) problems.push(`shard ${i} disagrees with shard 0 on ${what}: ${got.slice(0, 120)} vs ${want.slice(0, 120)}`);
    }
  };
  same('the sharding salt', (r) => r.salt);
  same('the shard sizes', (r) => r.shardSizes);
  same('the campaign config', (r, m) => [r.configSha256, m.config]);
  same('the seed', (_r, m) => m.seed);
  same('the input checksums', (r, m) => [r.inputs, m.inputs]);
  // The slot count is each shard's widest mailer; the merge pads to the widest.
  same('the layout id', (_r, m) => m.layout.id);
  same('the library version', (_r, m) => m.library);
  same('the rejected input records', (_r, m) => m.counts.rejects);
  same('the first-pass prices', (r) => r.pricesSha256 ?? null);
  same('the offer limits', (r) => [r.limits.offers, r.limits.capacity, r.limits.budget, r.campaignBudget?.total ?? null]);
  if (r0.shardSizes.length !== count) problems.push(`shard records list ${r0.shardSizes.length} shard sizes, expected ${count}`);
  for (let i = 0; i < count; i++) {
    const r = records[i]!;
    const m = manifests[i]!;
    if (r.customers !== r0.shardSizes[i]) problems.push(`shard ${i} holds ${r.customers} customers, but the partition gives it ${r0.shardSizes[i]}`);
    if (m.counts.customers !== r.customers) problems.push(`shard ${i}: manifest counts ${m.counts.customers} customers, shard.json ${r.customers}`);
    if (m.counts.customersMailed + m.counts.customersUnmailed !== m.counts.customers) problems.push(`shard ${i}: mailed + unmailed customers do not add up to its customers`);
  }
  // Shares of each capped offer must not add up past its capacity.
  for (let j = 0; j < r0.limits.offers.length; j++) {
    const cap = r0.limits.capacity[j];
    if (cap === null || cap === undefined) continue;
    let sum = 0;
    for (let i = 0; i < count; i++) sum += records[i]!.limits.capacityShare[j] ?? Number.POSITIVE_INFINITY;
    if (sum > cap) problems.push(`offer ${r0.limits.offers[j]}: shard capacity shares add up to ${sum}, over its capacity ${cap}`);
  }
  if (problems.length > 0) throw new ShardMergeError(problems);

  await mkdir(mergedDir, { recursive: true });
  // A manifest on disk must never describe files of another merge: drop it before any file changes.
  await rm(join(mergedDir, 'manifest.json'), { force: true });
  const sinks: HashedFile[] = [];
  try {
    const openSink = async (name: string): Promise<HashedFile> => {
      const f = await HashedFile.open(join(mergedDir, name));
      sinks.push(f);
      return f;
    };
    const assignments = await openSink('assignments.csv');
    const offersCsv = await openSink('offers.csv');
    const offersNdjson = await openSink('offers.ndjson');
    const variantsCsv = await openSink('variants.csv');
    // Shards' gzip traces concatenate into one valid gzip stream (a gzip file may hold several members).
    const withTrace = manifests.every((m) => m.files.some((f) => f.name === TRACE_FILE));
    const trace = withTrace ? await openSink(TRACE_FILE) : undefined;

    // ---- assignments: every customer in its own shard, once ----
    for (let i = 0; i < count; i++) {
      const it = csvRows(join(dirs[i]!, 'assignments.csv'));
      await it.next(); // header
      const seen = new Set<string>();
      let wrongShard = 0;
      let duplicates = 0;
      const salt = records[i]!.salt;
      for (let next = await it.next(); next.done !== true; next = await it.next()) {
        const id = next.value[0]!;
        if (shardOf(id, salt, count) !== i && wrongShard++ < MAX_LISTED) problems.push(`shard ${i}: customer "${id}" belongs to shard ${shardOf(id, salt, count)}, not ${i}`);
        if (seen.has(id)) {
          if (duplicates++ < MAX_LISTED) problems.push(`shard ${i}: customer "${id}" is assigned twice`);
        } else seen.add(id);
      }
      if (wrongShard > MAX_LISTED) problems.push(`shard ${i}: ... ${wrongShard - MAX_LISTED} more customers in the wrong shard`);
      if (duplicates > MAX_LISTED) problems.push(`shard ${i}: ... ${duplicates - MAX_LISTED} more duplicate customers`);
      await copyBody(join(dirs[i]!, 'assignments.csv'), assignments, i > 0);
      await copyBody(join(dirs[i]!, 'offers.csv'), offersCsv, i > 0);
      await copyBody(join(dirs[i]!, 'offers.ndjson'), offersNdjson, false);
      if (trace !== undefined) await copyBody(join(dirs[i]!, TRACE_FILE), trace, false);
    }

    // ---- variants: a k-way merge of id-sorted streams ----
    let slots = 0;
    for (const m of manifests) slots = Math.max(slots, m.layout.slots);
    const headerOf = (n: number): string => {
      const cells = ['variant_id', 'creative', 'customers'];
      for (let j = 1; j <= n; j++) cells.push(`offer_${j}`);
      return csvRow(cells);
    };
    const its = dirs.map((d) => csvRows(join(d, 'variants.csv')));
    const heads: (Row | undefined)[] = [];
    for (let i = 0; i < count; i++) {
      const h = (await its[i]!.next()).value as Row | undefined;
      if (h === undefined || csvRow(h) !== headerOf(manifests[i]!.layout.slots)) problems.push(`shard ${i}: variants.csv header does not match its ${manifests[i]!.layout.slots}-slot layout`);
      const first = await its[i]!.next();
      heads.push(first.done === true ? undefined : first.value);
    }
    await variantsCsv.write(headerOf(slots));
    // Offer cells of a variant row, trailing padding dropped (shards pad to their own widths).
    const offersOf = (row: Row): string[] => {
      let end = row.length;
      while (end > 3 && row[end - 1] === '') end--;
      return row.slice(3, end);
    };
    const usage = new Map<string, number>();
    let variants = 0;
    for (;;) {
      let min: string | undefined;
      for (const h of heads) if (h !== undefined && (min === undefined || h[0]! < min)) min = h[0]!;
      if (min === undefined) break;
      let customers = 0;
      let creative = '';
      let offers: string[] | undefined;
      for (let i = 0; i < count; i++) {
        const h = heads[i];
        if (h === undefined || h[0] !== min) continue;
        const n = Number(h[2]);
        if (!Number.isInteger(n) || n < 1) problems.push(`shard ${i}: variant ${min} has customer count "${h[2]}"`);
        customers += n;
        const o = offersOf(h);
        if (offers === undefined) {
          offers = o;
          creative = h[1]!;
        } else if (h[1] !== creative || o.join('\u0000') !== offers.join('\u0000')) {
          problems.push(`variant ${min} has different content in two shards (a content-hash collision or altered files)`);
        }
        const next = await its[i]!.next();
        heads[i] = next.done === true ? undefined : next.value;
        if (heads[i] !== undefined && !(heads[i]![0]! > min)) problems.push(`shard ${i}: variants.csv is not sorted by id at ${heads[i]![0]}`);
      }
      const cells: (string | number)[] = [min, creative, customers];
      for (let j = 0; j < slots; j++) cells.push(j < offers!.length ? offers![j]! : '');
      for (const id of offers!) usage.set(id, (usage.get(id) ?? 0) + customers);
      await variantsCsv.write(csvRow(cells));
      variants++;
    }

    // ---- capacity in the union ----
    const capacityUsed: Record<string, { used: number; capacity: number }> = {};
    for (let j = 0; j < r0.limits.offers.length; j++) {
      const cap = r0.limits.capacity[j];
      if (cap === null || cap === undefined) continue;
      const id = r0.limits.offers[j]!;
      const used = usage.get(id) ?? 0;
      capacityUsed[id] = { used, capacity: cap };
      if (used > cap) problems.push(`offer ${id}: ${used} customers hold it across shards, over its capacity ${cap}`);
    }
    if (problems.length > 0) throw new ShardMergeError(problems);

    // ---- manifest, last ----
    const written = [await assignments.close(), await offersCsv.close(), await offersNdjson.close(), await variantsCsv.close()];
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
    rows[MAILING_FILES.indexOf('variants.csv')] = variants;
    const files: ManifestFile[] = MAILING_FILES.map((name, f) => ({ name, bytes: written[f]!.bytes, sha256: written[f]!.sha256, rows: rows[f]! }));
    if (trace !== undefined) {
      let traceRows = 0;
      for (const m of manifests) traceRows += m.files.find((x) => x.name === TRACE_FILE)!.rows;
      files.push({ name: TRACE_FILE, ...(await trace.close()), rows: traceRows });
      files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      library: m0.library,
      config: m0.config,
      seed: m0.seed,
      inputs: m0.inputs,
      layout: { id: m0.layout.id, slots },
      counts: { customers, customersMailed: mailed, customersUnmailed: unmailed, variants, offerLines, rejects: m0.counts.rejects },
      files,
      // Each shard checked its share of the campaign budget; the merged plan answers to the whole.
      ...(m0.audit === undefined ? {} : { audit: { ...m0.audit, campaignBudget: r0.campaignBudget === null ? null : r0.campaignBudget.total } }),
    };
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
