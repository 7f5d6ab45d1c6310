import { campaignSalt } from '../measure/assignCells.js';
import { shardOf } from '../lib/hashId.js';

/** Which shard each customer belongs to, and how many customers each shard holds. */
export interface CustomerPartition {
  /** Number of shards `n`. */
  readonly count: number;
  /** Salt hashed with every customer id. */
  readonly salt: string;
  /** Customer index -> shard `0..n-1`. */
  readonly shard: Int32Array;
  /** Shard -> number of customers in it. */
  readonly sizes: Int32Array;
}

/**
 * The sharding salt of a campaign: the cell salt (`name#seed`, see `campaignSalt`) with `:shard`
 * appended. murmur3 seeded by a different salt gives an independent hash, so a shard is a random
 * sample of the campaign's holdout, control and targeted cells alike rather than a slice of one.
 *
 * @example
 * shardSalt({ name: 'spring', seed: 7 }); // 'spring#7:shard'
 *
 * Cost: O(1).
 */
export function shardSalt(campaign: { readonly name: string; readonly seed: number }): string {
  return `${campaignSalt(campaign)}:shard`;
}

/**
 * Splits customers into `count` shards by `shardOf(id, salt, count)`: a customer's shard depends
 * only on its id and the salt, never on the other customers, the input order or the machine.
 *
 * @param ids - Customer ids by customer index.
 * @param count - Number of shards, an integer >= 1.
 * @param salt - Sharding salt, see {@link shardSalt}.
 * @throws RangeError when `count` is not an integer >= 1.
 *
 * @example
 * const p = partitionCustomers(data.customers.ids.ids, 4, shardSalt(config));
 * p.sizes; // customers per shard, about a quarter each
 *
 * Cost: O(total id length) time, 4 bytes per customer.
 */
export function partitionCustomers(ids: readonly string[], count: number, salt: string): CustomerPartition {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`partitionCustomers: count must be an integer >= 1, got ${count}`);
  const shard = new Int32Array(ids.length);
  const sizes = new Int32Array(count);
  for (let c = 0; c < ids.length; c++) {
    const s = shardOf(ids[c]!, salt, count);
    shard[c] = s;
    sizes[s]!++;
  }
  return { count, salt, shard, sizes };
}

/**
 * Customer indices of shard `index`, ascending (so a shard keeps the input order of its customers).
 *
 * @throws RangeError when `index` is not an integer in `0..count-1`.
 * @example
 * const rows = shardRows(partitionCustomers(ids, 2, salt), 0); // Int32Array of customer indices
 *
 * Cost: O(customers).
 */
export function shardRows(partition: CustomerPartition, index: number): Int32Array {
  if (!Number.isInteger(index) || index < 0 || index >= partition.count) {
    throw new RangeError(`shardRows: index must be an integer in 0..${partition.count - 1}, got ${index}`);
  }
  const rows = new Int32Array(partition.sizes[index]!);
  const shard = partition.shard;
  let k = 0;
  for (let c = 0; c < shard.length; c++) if (shard[c] === index) rows[k++] = c;
  return rows;
}
