// The whole pipeline in a few calls: records in, a campaign out.
// Run: npx tsx examples/quickstart.ts
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explain, ingest, runCampaign, scorePair, traceFor } from 'offerkit';
import { generateRetailer } from 'offerkit/synth';

// 1. Records: here the built-in synthetic retailer; yours come from arrays, async streams or CSV files (ingestFiles).
const shop = generateRetailer({ customers: 2_000, offers: 500, seed: 42 });
const data = await ingest(
  { products: shop.products, customers: shop.customers, offers: shop.offers, transactions: shop.transactions(), contacts: shop.contacts },
  { onInvalid: 'collect' },
);
console.log('ingested', data.report.counts.transactions.accepted, 'transaction lines;', data.report.rejects.length, 'rejected');

// 2. The campaign: six targeted slots, 5% holdout, 10% generic control, sensitive categories masked.
const outDir = await mkdtemp(join(tmpdir(), 'offerkit-quickstart-'));
const run = await runCampaign(
  { name: 'spring', seed: 42, slots: 6, controlShare: 0.1, privacy: { sensitiveTags: ['baby', 'health'], tau: 0.5 } },
  data,
  { outDir },
);
console.log('variants', run.mailing.stats.variants, '| binding constraints', run.selection.report.binding.length, '| files in', outDir);

// 3. One customer: what they get, why, and the decision trace.
const c = run.plan.count.findIndex((n, i) => n > 0 && run.cells[i] === 2);
const offers = Array.from({ length: run.plan.count[c]! }, (_, j) => run.plan.offer[c * run.plan.stride + j]!);
console.log(`customer ${data.customers.ids.id(c)} gets:`, offers.map((o) => data.offers.records[o]!.name));
const first = offers[0]!;
const why = explain(data, run.profiles, c, first, scorePair(run.model, c, first), { audience: 'customer' });
console.log('why the first one:', why.text);
const trace = traceFor(run.selection, c);
console.log('decision trace:', trace.candidates.slice(0, 5).map((t) => `${t.offer} ${t.reason}`).join(', '));
