import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { TRACE_FILE } from '../../assemble/writeMailing.js';
import type { AtomicFile } from '../../lib/atomicFile.js';
import { shardOf } from '../../lib/hashId.js';
import type { ShardRecord } from '../../shard/shardRecord.js';
import { csvRows } from '../csvRows.js';

/** The merged files that are the shards' rows in shard order; `trace` only when every shard wrote one. */
export interface ConcatSinks {
  readonly assignments: AtomicFile;
  readonly offersCsv: AtomicFile;
  readonly offersNdjson: AtomicFile;
  readonly trace: AtomicFile | undefined;
}

/** Problems of one kind listed per shard before the rest are only counted. */
const MAX_LISTED = 10;

/** Copies `src` into `sink`, leaving out its first line when `skipHeader`. */
async function copyBody(src: string, sink: AtomicFile, skipHeader: boolean): Promise<void> {
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

/**
 * Appends each shard's `assignments.csv`, `offers.csv`, `offers.ndjson` and trace to the merged
 * files (headers once), after checking that every assigned customer hashes to its shard and is
 * there once; pushes what is wrong onto `problems` (the first few of each kind per shard, then a count).
 * Shards' gzip traces concatenate into one valid gzip stream (a gzip file may hold several members).
 * @example await concatShardRows(dirs, records, { assignments, offersCsv, offersNdjson, trace }, problems);
 * Cost: O(bytes of those files); memory one shard's assignment ids at a time.
 */
export async function concatShardRows(dirs: readonly string[], records: readonly ShardRecord[], sinks: ConcatSinks, problems: string[]): Promise<void> {
  const count = dirs.length;
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
    await copyBody(join(dirs[i]!, 'assignments.csv'), sinks.assignments, i > 0);
    await copyBody(join(dirs[i]!, 'offers.csv'), sinks.offersCsv, i > 0);
    await copyBody(join(dirs[i]!, 'offers.ndjson'), sinks.offersNdjson, false);
    if (sinks.trace !== undefined) await copyBody(join(dirs[i]!, TRACE_FILE), sinks.trace, false);
  }
}
