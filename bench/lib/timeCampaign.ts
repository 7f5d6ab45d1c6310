// One timed campaign on the synthetic retailer, run from any checkout of offerkit (`--tree DIR`),
// so `bench/rule-checks.ts` can time two commits side by side. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const { values } = parseArgs({
  options: { tree: { type: 'string' }, customers: { type: 'string', default: '20000' }, k: { type: 'string', default: '1' }, tau: { type: 'string', default: '0.5' }, csv: { type: 'string' } },
});
const tree = values.tree!;
const load = (path: string) => import(pathToFileURL(join(tree, path)).href);
const { generateRetailer } = await load('src/synth/generateRetailer.ts');
const { ingest } = await load('src/ingest/ingest.ts');
const { ingestFiles } = await load('src/ingest/ingestFiles.ts');
const { runCampaign } = await load('src/campaign.ts');
const { demoConfig } = await load('src/demo.ts');

const retailer = generateRetailer({ customers: Number(values.customers), offers: 2000, seed: 1 });
// With --csv DIR (the same retailer written by `offerkit generate`), ingest is timed from the files.
const csv = values.csv;
const ingestStarted = performance.now();
const data =
  csv === undefined
    ? await ingest({ products: retailer.products, customers: retailer.customers, offers: retailer.offers, transactions: retailer.transactions(), contacts: retailer.contacts })
    : await ingestFiles({ products: join(csv, 'products.csv'), customers: join(csv, 'customers.csv'), transactions: join(csv, 'transactions.csv'), offers: join(csv, 'offers.csv'), contacts: join(csv, 'contacts.csv') });
const ingestMs = performance.now() - ingestStarted;
const base = demoConfig(retailer, 1);
const config = { ...base, privacy: { ...base.privacy, kAnonymity: Number(values.k), tau: Number(values.tau) } };
const out = mkdtempSync(join(tmpdir(), 'offerkit-rule-checks-'));
const started = performance.now();
const run = await runCampaign(config, data, { outDir: join(out, 'mailing') });
const total = performance.now() - started;
rmSync(out, { recursive: true, force: true });
let lines = 0;
for (let c = 0; c < run.plan.customerCount; c++) lines += run.plan.count[c];
console.log(JSON.stringify({ total, timings: { ingest: ingestMs, ...run.timings }, mailed: run.mailing.stats.customersMailed, lines }));
