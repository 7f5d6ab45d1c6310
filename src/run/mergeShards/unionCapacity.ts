import type { ShardRecord } from '../../shard/shardRecord.js';

/**
 * Per offer with a finite capacity (from a shard record, which all agree on): customers holding it
 * across shards (`usage`, from the merged variants) and its capacity; an offer over it goes onto `problems`.
 * @example const capacityUsed = unionCapacity(records[0], usage, problems);
 * Cost: O(capped offers).
 */
export function unionCapacity(record: ShardRecord, usage: ReadonlyMap<string, number>, problems: string[]): Record<string, { used: number; capacity: number }> {
  const capacityUsed: Record<string, { used: number; capacity: number }> = {};
  for (let j = 0; j < record.limits.offers.length; j++) {
    const cap = record.limits.capacity[j];
    if (cap === null || cap === undefined) continue;
    const id = record.limits.offers[j]!;
    const used = usage.get(id) ?? 0;
    capacityUsed[id] = { used, capacity: cap };
    if (used > cap) problems.push(`offer ${id}: ${used} customers hold it across shards, over its capacity ${cap}`);
  }
  return capacityUsed;
}
