import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../lib/canonicalJson.js';
import { verifyManifest } from '../assemble/verifyManifest.js';
import { readShardRecord, type ShardRecord } from '../shard/shardRecord.js';

/** What a finished shard must match; omitted fields are not checked. */
export interface ShardExpectation {
  readonly index: number;
  readonly count: number;
  readonly salt?: string;
  readonly configSha256?: string;
  readonly inputs?: Readonly<Record<string, string>>;
  /** sha256 of the prices the shard must have started from; `null` = none. */
  readonly pricesSha256?: string | null;
}

/** Result of {@link checkShard}. */
export interface ShardCheck {
  readonly ok: boolean;
  readonly problems: string[];
  /** The shard record, when one could be read. */
  readonly record: ShardRecord | undefined;
}

/**
 * Whether `dir` holds a finished shard: `shard.json` is readable and matches `expected` (index,
 * count, salt, config and input checksums), its `manifestSha256` is the sha256 of `manifest.json`,
 * and `verifyManifest(dir)` passes (every file's size, sha256 and rows). Lists every problem.
 *
 * @example
 * const { ok } = await checkShard('out/shard-1-of-4', { index: 1, count: 4 });
 *
 * Cost: O(bytes of the shard's files), streamed.
 */
export async function checkShard(dir: string, expected: ShardExpectation): Promise<ShardCheck> {
  const record = await readShardRecord(dir);
  if (record === undefined) return { ok: false, problems: [`${dir}: no readable shard.json (the shard did not finish)`], record };
  const problems: string[] = [];
  if (record.index !== expected.index || record.count !== expected.count) {
    problems.push(`${dir}: shard.json says shard ${record.index} of ${record.count}, expected ${expected.index} of ${expected.count}`);
  }
  if (expected.salt !== undefined && record.salt !== expected.salt) problems.push(`${dir}: sharding salt "${record.salt}", expected "${expected.salt}"`);
  if (expected.configSha256 !== undefined && record.configSha256 !== expected.configSha256) {
    problems.push(`${dir}: config checksum ${record.configSha256.slice(0, 12)}..., expected ${expected.configSha256.slice(0, 12)}... (the campaign config changed)`);
  }
  if (expected.inputs !== undefined && canonicalJson(record.inputs) !== canonicalJson(expected.inputs)) {
    problems.push(`${dir}: input checksums ${canonicalJson(record.inputs)} differ from ${canonicalJson(expected.inputs)} (the input files changed)`);
  }
  if (expected.pricesSha256 !== undefined && (record.pricesSha256 ?? null) !== expected.pricesSha256) {
    problems.push(`${dir}: started from prices ${String(record.pricesSha256 ?? 'none').slice(0, 12)}, expected ${String(expected.pricesSha256 ?? 'none').slice(0, 12)} (the first pass changed)`);
  }
  let manifestBytes: Buffer | undefined;
  try {
    manifestBytes = await readFile(join(dir, 'manifest.json'));
  } catch (error) {
    problems.push(`${dir}: manifest.json cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (manifestBytes !== undefined) {
    const sum = createHash('sha256').update(manifestBytes).digest('hex');
    if (sum !== record.manifestSha256) problems.push(`${dir}: manifest.json sha256 ${sum.slice(0, 12)}... is not the one shard.json recorded (${record.manifestSha256.slice(0, 12)}...)`);
    const check = await verifyManifest(dir);
    for (const p of check.problems) problems.push(`${dir}: ${p}`);
  }
  return { ok: problems.length === 0, problems, record };
}
