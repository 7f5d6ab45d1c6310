// Assemble a mailing by hand: ingest a tiny retailer, write a MailerPlan (normally made by
// selectOffers + maskSensitive), group customers into variants and write the mail-house files.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assembleMailing, createLayout, ingest, PlacementReason, verifyManifest, writeMailing, type MailerPlan } from 'offerkit';

const data = await ingest({
  products: [
    { id: 'P1', name: 'Whole milk', department: 'fresh', category: 'dairy', price: 1.2 },
    { id: 'P2', name: 'Sourdough', department: 'bakery', category: 'bread', price: 2.5 },
    { id: 'P3', name: 'Nappies', department: 'baby', category: 'nappies', price: 9, sensitive: 'baby' },
    { id: 'P4', name: 'Espresso beans', department: 'grocery', category: 'coffee', price: 6 },
  ],
  customers: [
    { id: 'C001', region: 'north', store: 'Leeds', segment: 'family' },
    { id: 'C002', region: 'north', store: 'Leeds' },
    { id: 'C003', region: 'south', store: 'Bath', segment: 'family' },
    { id: 'C004', region: 'south', store: 'Bath' },
    { id: 'C005', region: 'south', store: 'Bath', consentMail: false },
  ],
  transactions: [{ customer: 'C001', product: 'P3', date: '2024-05-01', basket: 'B1', spend: 9 }],
  offers: [
    { id: 'MILK-50', name: '50p off milk', kind: 'cross-sell', targetCategories: 'dairy', reward: 0.5, cost: 0.5, margin: 0.3, validFrom: '2024-06-01', validTo: '2024-06-30' },
    { id: 'BREAD-1', name: '£1 off sourdough, any loaf', kind: 'cross-sell', targetCategories: 'bread', reward: 1, cost: 1, margin: 0.8, validFrom: '2024-06-01', validTo: '2024-06-30' },
    { id: 'NAPPY-2', name: '£2 off nappies', kind: 'retention', targetCategories: 'nappies', reward: 2, cost: 2, margin: 3, validFrom: '2024-06-01', validTo: '2024-06-30' },
    { id: 'COFFEE-X2', name: 'Double points on coffee', kind: 'acquisition', targetCategories: 'coffee', reward: 1, cost: 1, margin: 2, validFrom: '2024-06-01', validTo: '2024-06-30' },
    { id: 'GEN-10', name: '10% off a £50 shop', kind: 'generic', reward: 5, cost: 5, margin: 4, validFrom: '2024-06-01', validTo: '2024-06-30' },
  ],
});

// Three slots: two targeted, then the generic offer every mailer carries. Families get the kids artwork.
const layout = createLayout({ targeted: 2, generic: 1, creatives: { family: 'family-artwork' }, id: 'june-2024' });

// A MailerPlan is fixed-stride typed arrays; rows are packed and hold offer indices of data.offers.ids.
const o = (id: string) => data.offers.ids.get(id);
const R = PlacementReason;
const rows: Record<string, [offer: number, reason: number][]> = {
  C001: [[o('MILK-50'), R.targeted], [o('NAPPY-2'), R.targeted], [o('GEN-10'), R.generic]],
  C002: [[o('MILK-50'), R.targeted], [o('BREAD-1'), R.targeted], [o('GEN-10'), R.generic]],
  C003: [[o('MILK-50'), R.decoy], [o('NAPPY-2'), R.cover], [o('GEN-10'), R.generic]],
  C004: [[o('MILK-50'), R.targeted], [o('BREAD-1'), R.discovery], [o('GEN-10'), R.generic]],
  C005: [], // no mail consent: no mailer
};
const stride = layout.slots.length;
const n = data.customers.ids.size;
const plan: MailerPlan = {
  customerCount: n,
  stride,
  offer: new Int32Array(n * stride).fill(-1),
  value: new Float32Array(n * stride),
  reason: new Uint8Array(n * stride),
  propensity: new Float32Array(n * stride),
  count: new Int32Array(n),
};
for (let c = 0; c < n; c++) {
  const row = rows[data.customers.ids.id(c)]!;
  plan.count[c] = row.length;
  row.forEach(([offer, reason], j) => {
    plan.offer[c * stride + j] = offer;
    plan.reason[c * stride + j] = reason;
  });
}

// C001 (targeted) and C003 (decoy + cover) print the same offers: one variant, so the mailer reveals nothing.
const mailing = assembleMailing(plan, data, { layout });
console.log(`${mailing.stats.variants} variants for ${mailing.stats.customersMailed} customers (${mailing.stats.customersUnmailed} without a mailer)`);
for (const v of mailing.variants) console.log(`  ${v.id}  ${v.creative.padEnd(14)} ${v.customers} customer(s): ${v.offers.join(' | ')}`);

const packageJson = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const dir = await mkdtemp(join(tmpdir(), 'offerkit-mailing-'));
const manifest = await writeMailing(dir, mailing, plan, data, { config: { name: 'june-2024', seed: 1 }, libraryVersion: packageJson.version });
console.log(`\nwrote ${dir} (offerkit ${manifest.library.version}, layout ${manifest.layout.id}):`);
for (const f of manifest.files) console.log(`  ${f.name.padEnd(16)} ${String(f.rows).padStart(3)} rows ${String(f.bytes).padStart(5)} bytes  sha256 ${f.sha256.slice(0, 12)}...`);
console.log(`counts: ${JSON.stringify(manifest.counts)}`);
const check = await verifyManifest(dir);
console.log(`verifyManifest: ${check.ok ? 'ok' : check.problems.join('; ')}`);
console.log('\nvariants.csv:\n' + (await readFile(join(dir, 'variants.csv'), 'utf8')).trimEnd());
await rm(dir, { recursive: true, force: true });
if (!check.ok) process.exit(1);
