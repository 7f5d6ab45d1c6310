import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../../assemble/manifest.js';
import { shardDirName, type ShardRecord } from '../../shard/shardRecord.js';
import { checkShard, type ShardCheck } from '../checkShard.js';

/** The shard folders of a merge, with the record and manifest of each finished one, by index. */
export interface ShardsRead {
  readonly dirs: readonly string[];
  /** Set only where the shard checked out; complete when `problems` is empty. */
  readonly records: ShardRecord[];
  readonly manifests: Manifest[];
  /** Missing folders and failed checks, in shard order. */
  readonly problems: string[];
}

/**
 * Finds `<outDir>/shard-<i>-of-<count>/` for every `i` and checks each (`checkShard`, or the check
 * in `checks` made earlier by this process), reading the record and manifest of those that pass.
 * @example const { records, problems } = await readShards('out', 4, undefined);
 * Cost: one `checkShard` per shard not in `checks` (re-hashes its files).
 */
export async function readShards(outDir: string, count: number, checks: ReadonlyMap<number, ShardCheck> | undefined): Promise<ShardsRead> {
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
    const check = checks?.get(i) ?? (await checkShard(dir, { index: i, count }));
    problems.push(...check.problems);
    if (check.ok && check.record !== undefined) {
      records[i] = check.record;
      manifests[i] = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    }
  }
  return { dirs, records, manifests, problems };
}
