/**
 * Campaign report: run a campaign on a small synthetic retailer, then write `report.html` next to
 * the mail-house files: one self-contained page (inline SVG charts, no script, no network) to open
 * in any browser or print.
 *
 * Run: npx tsx examples/campaign-report.ts [outDir]
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ingest, runCampaign, writeReport } from 'offerkit';
import { generateRetailer } from 'offerkit/synth';

const outDir = process.argv[2] ?? join(tmpdir(), 'offerkit-campaign-report');
const retailer = generateRetailer({ customers: 2_000, offers: 300, seed: 11 });
const data = await ingest({
  products: retailer.products,
  customers: retailer.customers,
  offers: retailer.offers,
  transactions: retailer.transactions(),
  contacts: retailer.contacts,
});
const generic = retailer.offers.filter((o) => o.kind === 'generic').map((o) => String(o.id));
const run = await runCampaign(
  {
    name: 'autumn',
    seed: 11,
    slots: 6,
    genericOffers: generic.slice(0, 1),
    privacy: { sensitiveTags: ['baby', 'health'], tau: 0.5, kAnonymity: 2 },
  },
  data,
  { outDir: join(outDir, 'mailing') },
);

// Before any redemption is in: the measurement section says "not measured yet".
// After the campaign, pass `measurement: measureCampaign(...)` (and a backtest) and write it again.
const path = join(outDir, 'report.html');
await writeReport(path, { run, data, title: 'Autumn campaign' });
console.log(`${run.mailing.stats.variants} variants for ${run.mailing.stats.customersMailed} customers; report: ${path}`);
