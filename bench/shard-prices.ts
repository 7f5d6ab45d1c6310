/**
 * Question: what do shadow prices from a first pass over a sample buy a sharded campaign? The same
 * synthetic retailer is run once whole, then in shards without prices (each shard searches its own
 * from scratch) and in shards that start from the first pass's prices. Reported: the union's
 * objective (total arbitration value of targeted placements) against the single run, the coupons
 * placed on capped offers, the dual iterations and selection time per shard, and the cost of the pass.
 *
 *   npx tsx bench/shard-prices.ts                       # 20,000 customers x 2,000 offers, 4 shards
 *   npx tsx bench/shard-prices.ts --customers 50000 --shards 8 --sample 10000
 *   npx tsx bench/shard-prices.ts --capacity-scale 0.1  # capacities a tenth as large: most capped offers bind
 *   npx tsx bench/shard-prices.ts --smoke               # 2,000 x 300, seconds (CI)
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ingest, runCampaign, type CampaignRun } from 'offerkit';
import { generateRetailer } from 'offerkit/synth';
import { priceShards } from '../src/run/index.js';
import { saveResult } from './lib/saveResult.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string' },
    offers: { type: 'string' },
    shards: { type: 'string' },
    sample: { type: 'string' },
    'capacity-scale': { type: 'string' },
    smoke: { type: 'boolean', default: false },
  },
});
const smoke = values.smoke;
const customers = Number(values.customers ?? (smoke ? 2_000 : 20_000));
const offers = Number(values.offers ?? (smoke ? 300 : 2_000));
const shards = Number(values.shards ?? 4);
const sampleSize = Number(values.sample ?? (smoke ? 1_000 : 20_000));
const capacityScale = Number(values['capacity-scale'] ?? 1);
const config = { name: 'shard-prices', seed: 3, slots: 6, topK: 16 };

const shop = generateRetailer({ customers, offers, seed: 3 });
// --capacity-scale < 1 tightens every capped offer, so capacities bind and prices matter.
const offerRecords = shop.offers.map((o) => (typeof o.capacity === 'number' ? { ...o, capacity: Math.max(1, Math.round(o.capacity * capacityScale)) } : o));
const data = await ingest({ products: shop.products, customers: shop.customers, offers: offerRecords, transactions: shop.transactions(), contacts: shop.contacts });
let capped = 0;
for (let o = 0; o < data.offers.ids.size; o++) if (Number.isFinite(data.offers.capacity[o]!)) capped++;

/** Coupons on capped offers in a plan, and how many capped offers are filled to capacity. */
function fill(runs: readonly CampaignRun[]): { coupons: number; full: number } {
  const used = new Float64Array(data.offers.ids.size);
  for (const run of runs) {
    const plan = run.plan;
    // Shard plans index the shard's slice, whose offer table is the whole one (same offer indices).
    for (let c = 0; c < plan.customerCount; c++) for (let j = 0; j < plan.count[c]!; j++) used[plan.offer[c * plan.stride + j]!]!++;
  }
  let coupons = 0;
  let full = 0;
  for (let o = 0; o < used.length; o++) {
    const cap = data.offers.capacity[o]!;
    if (!Number.isFinite(cap)) continue;
    coupons += used[o]!;
    if (used[o]! >= cap) full++;
  }
  return { coupons, full };
}

const single = await runCampaign(config, data);
const prepared = single.prepared;
const t0 = performance.now();
const { prices } = await priceShards(config, data, { sampleSize, prepared });
const passMs = performance.now() - t0;

interface Mode {
  name: string;
  objective: number;
  coupons: number;
  full: number;
  iterations: number[];
  converged: number;
  selectMs: number;
}
const modes: Mode[] = [];
for (const withPrices of [false, true]) {
  const runs: CampaignRun[] = [];
  for (let i = 0; i < shards; i++) runs.push(await runCampaign(config, data, { shard: { index: i, count: shards }, prepared, ...(withPrices ? { prices } : {}) }));
  const f = fill(runs);
  modes.push({
    name: withPrices ? `${shards} shards, first-pass prices` : `${shards} shards, no prices`,
    objective: runs.reduce((s, r) => s + r.selection.report.objective, 0),
    ...f,
    iterations: runs.map((r) => r.selection.report.iterations),
    converged: runs.filter((r) => r.selection.report.converged).length,
    selectMs: runs.reduce((s, r) => s + (r.timings.select ?? 0), 0),
  });
}
const s = fill([single]);
console.log(`shard-prices: ${customers} customers x ${offers} offers (${capped} capped, capacity x ${capacityScale}), ${shards} shards, pricing sample ${prices.sample.customers} customers (${(passMs / 1000).toFixed(1)} s, ${prices.iterations} iterations, converged ${prices.converged})`);
console.log('| run | objective | vs single | coupons on capped offers | capped offers full | dual iterations per shard | shards converged | select time (s) |');
console.log('| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |');
console.log(`| single run | ${single.selection.report.objective.toFixed(1)} | 100.00% | ${s.coupons} | ${s.full} | ${single.selection.report.iterations} | ${single.selection.report.converged ? 1 : 0}/1 | ${((single.timings.select ?? 0) / 1000).toFixed(2)} |`);
for (const m of modes) {
  console.log(
    `| ${m.name} | ${m.objective.toFixed(1)} | ${((100 * m.objective) / single.selection.report.objective).toFixed(2)}% | ${m.coupons} | ${m.full} | ${m.iterations.join(', ')} | ${m.converged}/${shards} | ${(m.selectMs / 1000).toFixed(2)} |`,
  );
}
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
saveResult('shard-prices', { single: { objective: single.selection.report.objective, iterations: single.selection.report.iterations }, modes });
