/**
 * Does a full campaign scale to millions of customers x 2,000 offers on 2 cores? End to end:
 * streaming generation of the synthetic retailer -> ingest (typed-array store) -> campaign run in
 * shards (profiles and model fitted once on everyone, then per shard: eligibility, scoring on
 * `--workers` threads, selection under the shard's capacity share, protect, assemble, write) ->
 * merge of the shards. Reports wall and CPU time per stage and the peak RSS of the process.
 *
 *   npx tsx bench/scale-campaign.ts                                  # 3,000,000 customers (needs a big machine)
 *   npx tsx bench/scale-campaign.ts --customers 200000 --days 91    # a few minutes on 2 cores
 *   npx tsx bench/scale-campaign.ts --smoke                          # 2,000 customers, seconds
 *
 * Options: --customers N (3,000,000), --offers N (2,000), --days N of history (364), --shards N (8: with
 * --parallel 2, two shards of 375,000 customers are held at once at 3M),
 * --workers N (2), --seed N (1), --out DIR (a temp folder, removed at the end unless --keep),
 * --in-memory (keep every transaction line in memory instead of spilling them to part files),
 * --parallel P (run P shards at once on worker threads, `runShards({ parallel })`, which fits profiles and model,
 * slices every shard to a task file and drops the fit before the threads start; each scores on its own
 * thread, so --workers is ignored; default 1: shards one after the other, scoring on --workers threads),
 * --gen-in-process (draw the synthetic purchase histories on the ingesting thread instead of a worker
 * thread running a few blocks ahead, `transactions({ thread: true })`; the lines are the same).
 * Not run in CI (the bench runner skips files starting with 'scale').
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ingest, verifyManifest } from 'offerkit';
import { generateRetailer } from 'offerkit/synth';
import { runCampaign, type PreparedCampaign } from '../src/campaign.js';
import { mergeShards, runShards, type MergeShardsResult } from '../src/run/index.js';
import { saveResult } from './lib/saveResult.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string' },
    offers: { type: 'string' },
    days: { type: 'string' },
    shards: { type: 'string' },
    workers: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'in-memory': { type: 'boolean', default: false },
    parallel: { type: 'string' },
    'gen-in-process': { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
  },
});
const customers = values.smoke ? 2_000 : Number(values.customers ?? 3_000_000);
const offers = Number(values.offers ?? (values.smoke ? 200 : 2_000));
const days = Number(values.days ?? 364);
const shards = Number(values.shards ?? 8);
const workers = Number(values.workers ?? 2);
const seed = Number(values.seed ?? 1);
const parallel = Number(values.parallel ?? 1);
const out = values.out ?? (await mkdtemp(join(tmpdir(), 'offerkit-scale-')));

interface Row {
  stage: string;
  wallMs: number;
  cpuMs: number;
  gcMs: number;
  rssMb: number;
}
// Time in garbage collection (main thread), to see when a stage's cost grows faster than the customers.
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });
const rows: Row[] = [];
const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
async function timed<T>(stage: string, work: () => T | Promise<T>): Promise<T> {
  const cpu0 = process.cpuUsage();
  const gc0 = gcMs;
  const t0 = performance.now();
  const result = await work();
  // GC entries are delivered asynchronously: let them arrive before reading the total.
  await new Promise((resolve) => setImmediate(resolve));
  const cpu = process.cpuUsage(cpu0);
  rows.push({ stage, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, gcMs: gcMs - gc0, rssMb: mb(process.memoryUsage().rss) });
  console.error(`[scale] ${stage}: ${((performance.now() - t0) / 1000).toFixed(1)} s, rss ${mb(process.memoryUsage().rss)} MB`);
  return result;
}

const load0 = loadavg();
const started = performance.now();
// The generator's own records (households, offers, contacts as objects) are not part of a campaign's memory: the shop is dropped after ingest.
let shop: ReturnType<typeof generateRetailer> | undefined = await timed('generate (catalog, households, offers, contacts)', () => generateRetailer({ customers, offers, days, seed }));
const data = await timed('generate transactions + ingest (streamed)', () =>
  ingest(
    { products: shop!.products, customers: shop!.customers, offers: shop!.offers, transactions: shop!.transactions({ thread: !values['gen-in-process'] }), contacts: shop!.contacts },
    values['in-memory'] ? {} : { spill: {} },
  ),
);
shop = undefined;
const config = { name: 'scale', seed, slots: 6, topK: 16 };
let prepared: PreparedCampaign | undefined;
const stageTotals = new Map<string, number>();
let merged: MergeShardsResult;
if (parallel > 1) {
  // runShards fits profiles and model itself, slices every shard to a task file and drops the fit before the threads start:
  // the time to the first shard's start is that fit and slicing.
  let firstStartAt: number | undefined;
  let lastShardAt = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const gc0 = gcMs;
  const result = await timed(`campaign: profiles + model, slices to files, shards ${parallel} at once on threads, merge`, () =>
    runShards(config, data, out, shards, {
      parallel,
      pricing: false,
      onShard: (event) => {
        if (event.status === 'starting' && firstStartAt === undefined) {
          firstStartAt = performance.now();
          const cpu = process.cpuUsage(cpu0);
          console.error(`[scale] profiles + model + slicing ${shards} shards to task files: ${((firstStartAt - started) / 1000).toFixed(1)} s (cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, gc ${((gcMs - gc0) / 1000).toFixed(1)} s), rss ${mb(process.memoryUsage().rss)} MB`);
        }
        if (event.status !== 'done') return;
        lastShardAt = performance.now();
        for (const [stage, ms] of Object.entries(event.summary.timings)) stageTotals.set(stage, (stageTotals.get(stage) ?? 0) + ms);
      },
    }),
  );
  console.error(`[scale] shards took ${((lastShardAt - firstStartAt!) / 1000).toFixed(1)} s, the merge ${((performance.now() - lastShardAt) / 1000).toFixed(1)} s`);
  merged = result.merge;
} else {
  for (let i = 0; i < shards; i++) {
    const run = await timed(`campaign shard ${i + 1}/${shards}${i === 0 ? ' (incl. profiles + model on all)' : ''}`, () =>
      runCampaign(config, data, { outDir: out, shard: { index: i, count: shards }, workers, ...(prepared === undefined ? {} : { prepared }) }),
    );
    prepared = run.prepared;
    for (const [stage, ms] of Object.entries(run.timings)) stageTotals.set(stage, (stageTotals.get(stage) ?? 0) + ms);
  }
  merged = await timed('merge shards (verify + merge)', () => mergeShards(out, shards));
}
const verified = await timed('verify merged manifest', () => verifyManifest(merged.dir));
const totalMs = performance.now() - started;
const load1 = loadavg();

const fmt = (x: number): string => x.toLocaleString('en-GB', { maximumFractionDigits: 0 });
const lines: string[] = [];
lines.push(`customers ${fmt(customers)}, offers ${fmt(offers)}, days ${days}, transactions ${fmt(data.transactions.length)} (${values['in-memory'] ? 'in memory' : 'spilled to part files'}), shards ${shards}, ${parallel > 1 ? `${parallel} shards at once on threads` : `workers ${workers}`}, seed ${seed}`);
lines.push('');
lines.push('| stage | wall s | cpu s | gc s (main thread) | RSS after (MB) |');
lines.push('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) lines.push(`| ${r.stage} | ${(r.wallMs / 1000).toFixed(1)} | ${(r.cpuMs / 1000).toFixed(1)} | ${(r.gcMs / 1000).toFixed(1)} | ${fmt(r.rssMb)} |`);
lines.push(`| **total** | **${(totalMs / 1000).toFixed(1)}** | | ${(gcMs / 1000).toFixed(1)} | |`);
lines.push('');
lines.push(`campaign stages summed over shards (wall s): ${[...stageTotals].map(([s, ms]) => `${s} ${(ms / 1000).toFixed(1)}`).join(', ')}`);
lines.push(`peak RSS ${fmt(process.resourceUsage().maxRSS / 1024)} MB; merged: ${fmt(merged.manifest.counts.customersMailed)} mailed, ${fmt(merged.manifest.counts.variants)} variants, ${fmt(merged.manifest.counts.offerLines)} offer lines; manifest verifies: ${verified.ok}`);
lines.push(`load average (1/5/15 min) before ${load0.map((x) => x.toFixed(1)).join('/')}, after ${load1.map((x) => x.toFixed(1)).join('/')}`);
console.log(lines.join('\n'));
saveResult('scale-campaign', { lines });
if (!verified.ok) process.exitCode = 1;
data.transactions.parts?.remove();
if (values.out === undefined && !values.keep) await rm(out, { recursive: true, force: true });
