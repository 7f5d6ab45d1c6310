import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../lib/atomicFile.js';
import { canonicalJson } from '../lib/canonicalJson.js';

/** Format tag of `shard.json`. */
export const SHARD_RECORD_FORMAT = 'offerkit-shard-v1';
/** File name of the shard record, written into a shard's folder after its `manifest.json`. */
export const SHARD_RECORD_FILE = 'shard.json';

/** Offer limits as a shard record keeps them: offers with a finite capacity or budget only; `null` means uncapped. */
export interface ShardRecordLimits {
  readonly offers: readonly string[];
  readonly capacity: readonly (number | null)[];
  readonly capacityShare: readonly (number | null)[];
  readonly budget: readonly (number | null)[];
  readonly budgetShare: readonly (number | null)[];
}

/**
 * `shard.json`: what a shard run covered and under which limits. It is the commit marker of a
 * shard: written atomically after the shard's `manifest.json`, holding that manifest's sha256, so a
 * folder with a verifying manifest and a matching record is a finished shard.
 */
export interface ShardRecord {
  readonly format: typeof SHARD_RECORD_FORMAT;
  /** Shard index `0..count-1`. */
  readonly index: number;
  readonly count: number;
  /** Sharding salt (see `shardSalt`). */
  readonly salt: string;
  /** Customers in this shard. */
  readonly customers: number;
  /** Customers in every shard, by shard index (their sum is the data set's customer count). */
  readonly shardSizes: readonly number[];
  /** sha256 of the canonical JSON of the parsed campaign config. */
  readonly configSha256: string;
  /** Input name -> sha256, as in the manifest. */
  readonly inputs: Readonly<Record<string, string>>;
  /** sha256 of this shard's `manifest.json` bytes. */
  readonly manifestSha256: string;
  readonly limits: ShardRecordLimits;
  /** The campaign budget and this shard's share; `null` when there is none. */
  readonly campaignBudget: { readonly total: number; readonly share: number } | null;
  /** sha256 of the first pass's `prices.json` the shard started from (see `pricesChecksum`); `null` when none. Absent in older records. */
  readonly pricesSha256?: string | null;
}

/**
 * Folder name of shard `index` of `count`, 0-based: `shard-<index>-of-<count>`.
 * @example shardDirName(0, 4); // 'shard-0-of-4'
 * Cost: O(1).
 */
export function shardDirName(index: number, count: number): string {
  return `shard-${index}-of-${count}`;
}

/**
 * sha256 (hex) of a value's canonical JSON (keys sorted): equal configs give equal checksums
 * whatever order their keys were written in.
 * @example configChecksum({ seed: 1, slots: 6 }) === configChecksum({ slots: 6, seed: 1 }); // true
 * Cost: O(size of the value).
 */
export function configChecksum(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex');
}

/**
 * Writes `dir/shard.json` through a temp file and a rename, so readers see the old record, none,
 * or the whole new one.
 * @example await writeShardRecord('out/shard-0-of-2', record);
 * Cost: O(size of the record).
 */
export async function writeShardRecord(dir: string, record: ShardRecord): Promise<void> {
  await writeFileAtomic(join(dir, SHARD_RECORD_FILE), `${canonicalJson(record, 2)}\n`);
}

/**
 * Reads `dir/shard.json`; `undefined` when it is missing, unreadable or not a shard record.
 * @example const record = await readShardRecord('out/shard-0-of-2');
 * Cost: O(size of the record).
 */
export async function readShardRecord(dir: string): Promise<ShardRecord | undefined> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(join(dir, SHARD_RECORD_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const r = value as Partial<ShardRecord> | null;
  if (r === null || typeof r !== 'object' || r.format !== SHARD_RECORD_FORMAT) return undefined;
  if (!Number.isInteger(r.index) || !Number.isInteger(r.count) || typeof r.salt !== 'string' || !Number.isInteger(r.customers)) return undefined;
  if (!Array.isArray(r.shardSizes) || typeof r.configSha256 !== 'string' || typeof r.manifestSha256 !== 'string') return undefined;
  if (r.inputs === null || typeof r.inputs !== 'object' || r.limits === null || typeof r.limits !== 'object' || !Array.isArray(r.limits.offers)) return undefined;
  return r as ShardRecord;
}

/** Finite numbers as themselves, `Infinity` as `null` (JSON has no infinity). */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
