/**
 * A campaign in shards, as a batch job on one machine or many would run it: a first pass prices every
 * capacity and budget on a sample (prices.json), each shard selects under its share of the limits
 * starting from those prices, and the merge checks that the shards belong together and that no offer
 * exceeds its capacity. Two shards run at once, each on its own worker thread (`parallel: 2`, one per
 * core); the files are the same as one at a time. Running it again skips the finished shards (resume).
 *
 * npx tsx examples/sharded-run.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest, readShardPrices, runShards } from 'offerkit';
import { generateRetailer } from 'offerkit/synth';

const shop = generateRetailer({ customers: 3_000, offers: 400, seed: 5 });
const data = await ingest({ products: shop.products, customers: shop.customers, offers: shop.offers, transactions: shop.transactions(), contacts: shop.contacts });
const config = { name: 'sharded-example', seed: 5, slots: 5 };
const out = await mkdtemp(join(tmpdir(), 'offerkit-sharded-'));

try {
  const first = await runShards(config, data, out, 4, { pricing: { sampleSize: 1_000 }, parallel: 2 });
  const prices = (await readShardPrices(out))!;
  const priced = prices.offers
    .map((id, j) => ({ id, price: prices.capacityPrice[j]! }))
    .filter((p) => p.price > 0)
    .sort((a, b) => b.price - a.price || (a.id < b.id ? -1 : 1));
  console.log(`first pass: ${prices.sample.customers} of ${prices.sample.of} customers sampled; ${prices.offers.length} limited offers, ${priced.length} with a positive capacity price`);
  for (const p of priced.slice(0, 3)) console.log(`  ${p.id}: capacity price ${p.price.toPrecision(3)}`);
  console.log(`shards run: ${first.ran.join(', ')}; merged ${first.merge.manifest.counts.customers} customers, ${first.merge.manifest.counts.customersMailed} mailed, ${first.merge.manifest.counts.variants} variants`);

  // Every capped offer stays within its capacity in the union of the shards (the merge refuses otherwise).
  const tight = Object.entries(first.merge.capacityUsed)
    .sort(([, a], [, b]) => b.used / b.capacity - a.used / a.capacity)
    .slice(0, 3);
  for (const [id, { used, capacity }] of tight) console.log(`  ${id}: ${used} of ${capacity} coupons across the shards`);

  // A second call finds every shard finished (same config, inputs and prices) and only merges again.
  const again = await runShards(config, data, out, 4, { pricing: { sampleSize: 1_000 } });
  console.log(`second call: skipped ${again.skipped.join(', ')}; ran ${again.ran.length === 0 ? 'none' : again.ran.join(', ')}`);
} finally {
  await rm(out, { recursive: true, force: true });
}
