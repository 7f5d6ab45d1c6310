import { parseArgs } from 'node:util';
import { mergeShards, ShardMergeError } from '../run/mergeShards.js';
import { fmt } from './shared.js';

/** `offerkit merge`: checks the shard folders of a sharded run and merges them into DIR/mailing. */
export async function merge(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, shards: { type: 'string' } } });
  const shards = Number(values.shards);
  if (values.out === undefined || values.shards === undefined || !Number.isInteger(shards) || shards < 1) {
    console.error('offerkit merge: --out DIR and --shards N (an integer >= 1) are required; DIR holds shard-<i>-of-<N>/ folders');
    return 2;
  }
  try {
    const { manifest, dir, capacityUsed } = await mergeShards(values.out, shards);
    const full = Object.values(capacityUsed).filter((c) => c.used >= c.capacity).length;
    console.log(`verified         ${shards} shard manifest(s), config and input checksums agree, every customer in one shard`);
    console.log(`capacity         ${Object.keys(capacityUsed).length} capped offer(s), none over capacity, ${full} at capacity`);
    console.log(`merged           ${fmt(manifest.counts.customers)} customers, ${fmt(manifest.counts.customersMailed)} mailed, ${fmt(manifest.counts.variants)} variants, ${fmt(manifest.counts.offerLines)} offer lines -> ${dir}`);
    return 0;
  } catch (error) {
    if (error instanceof ShardMergeError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}
