import type { Manifest } from '../../assemble/manifest.js';
import { canonicalJson } from '../../lib/canonicalJson.js';
import type { ShardRecord } from '../../shard/shardRecord.js';

/**
 * Pushes onto `problems` every way the shards do not belong together: salt, sizes, config, seed,
 * inputs, layout id, library, rejects, prices or offer limits unlike shard 0's; a shard holding
 * other than its partition's customers; capacity shares adding up past a capacity.
 * @example checkShardsAgree(records, manifests, problems); if (problems.length > 0) throw new ShardMergeError(problems);
 * Cost: O(shards x (offers + size of the config)).
 */
export function checkShardsAgree(records: readonly ShardRecord[], manifests: readonly Manifest[], problems: string[]): void {
  const count = records.length;
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
}
