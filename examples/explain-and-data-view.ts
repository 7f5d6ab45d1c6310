// Transparency: why a customer got each offer (for the customer and for staff), a staff brief, and
// the "your data" view. Run: npx tsx examples/explain-and-data-view.ts
import { buildProfiles, dataView, explain, ingest, staffBrief, toDay, type ExplainContributions } from 'offerkit';

const today = toDay('2024-03-01');
const iso = (daysAgo: number): string => new Date((today - daysAgo) * 86_400_000).toISOString().slice(0, 10);

const products = [
  { id: 'coffee', name: 'Ground coffee 250g', department: 'drinks', category: 'ground coffee', price: 4.2 },
  { id: 'milk', name: 'Semi-skimmed milk 2l', department: 'dairy', category: 'milk', price: 1.3 },
  { id: 'penne', name: 'Penne 500g', department: 'food', category: 'pasta', price: 0.9 },
  { id: 'sauce', name: 'Tomato sauce', department: 'food', category: 'pasta sauce', price: 1.6 },
  { id: 'vits', name: 'Prenatal vitamins', department: 'health', category: 'prenatal vitamins', price: 7.5, sensitive: 'baby' },
];
const customers = [{ id: 'c1', name: 'Ana Silva', region: 'north', store: 'leeds', consentSensitive: true, optedOutCategories: 'alcohol' }];
const transactions: Record<string, unknown>[] = [];
const buy = (product: string, daysAgo: number, spend: number) => transactions.push({ customer: 'c1', product, date: iso(daysAgo), basket: `b${daysAgo}`, spend });
for (const d of [80, 62, 41, 27, 12, 3]) buy('coffee', d, 4.2);
for (let d = 49; d >= 7; d -= 6) buy('milk', d, 1.3);
for (const d of [30, 12]) buy('penne', d, 0.9);
buy('vits', 9, 7.5);
const offer = (id: string, name: string, category: string, reward: number) => ({
  id, name, kind: 'cross-sell', targetCategories: [category], reward, cost: reward, margin: 1, validFrom: '2024-01-01', validTo: '2024-12-31',
});
const offers = [
  offer('o-coffee', '£1 off ground coffee', 'ground coffee', 1),
  offer('o-milk', 'Milk: 2 for £2.20', 'milk', 0.4),
  offer('o-sauce', '50p off pasta sauce', 'pasta sauce', 0.5),
  offer('o-vits', '£2 off prenatal vitamins', 'prenatal vitamins', 2),
];
const contacts = [{ customer: 'c1', offer: 'o-coffee', campaign: 'winter', date: iso(60), redeemed: true }];

const data = await ingest({ products, customers, transactions, offers, contacts });
const profiles = buildProfiles(data, { asOfDay: today });

// Contributions come from the relevance model (scorePair(model, c, o) has this shape); fixed here so the example is self-contained.
const contributions: Record<string, ExplainContributions> = {
  'o-coffee': { total: 2.1, affinity: 1.4, crossSell: 0, replenishment: 0.3, value: 0.4 },
  'o-milk': { total: 1.6, affinity: 0.5, crossSell: 0, replenishment: 0.9, value: 0.2 },
  'o-sauce': { total: 0.9, affinity: 0, crossSell: 0.7, replenishment: 0, value: 0.2 },
  'o-vits': { total: 1.8, affinity: 1.5, crossSell: 0, replenishment: 0, value: 0.3 },
};
for (const [id, parts] of Object.entries(contributions)) {
  console.log(`${id}`);
  console.log(`  to the customer: ${explain(data, profiles, 'c1', id, parts).text}`);
  console.log(`  to staff:        ${explain(data, profiles, 'c1', id, parts, { audience: 'staff' }).text}`);
}

console.log('\nStaff brief:', staffBrief(data, profiles, 'c1', ['o-coffee', 'o-vits']).text);

const json = JSON.stringify(dataView(data, profiles, 'c1'), null, 2);
console.log(`\nYour data (${json.length} characters, first 40 lines):`);
console.log(json.split('\n').slice(0, 40).join('\n'));
console.log('  …');
