/**
 * A small campaign with capacities, budgets and eligibility rules: score, select under the caps,
 * and print which constraints bind and each offer's clearing (shadow) price.
 *
 * npx tsx examples/caps-and-rules.ts
 */
import {
  CampaignConfigSchema,
  buildEligibilityMask,
  buildProfiles,
  fitRelevanceModel,
  ingest,
  scoreAll,
  selectOffers,
  toDay,
  traceFor,
} from 'offerkit';

// ---- a tiny grocer: 4 departments, 8 categories, 300 customers with seeded random baskets ----
let seed = 7;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; // LCG: reproducible output
  return seed / 2_147_483_648;
};
const cats = [
  ['fresh', 'dairy'], ['fresh', 'bakery'], ['drinks', 'coffee'], ['drinks', 'juice'],
  ['home', 'cleaning'], ['home', 'paper'], ['baby', 'nappies'], ['baby', 'babyfood'],
] as const;
const products = cats.map(([department, category], i) => ({ id: `p${i}`, name: category, department, category, price: 2 + i }));
const customers = Array.from({ length: 300 }, (_, i) => ({
  id: `c${i}`,
  region: i % 3 === 0 ? 'north' : 'south',
  store: `s${i % 4}`,
  segment: i % 2 === 0 ? 'family' : 'single',
  profilingOptOut: i % 50 === 7,
}));
const transactions = [];
for (let c = 0; c < 300; c++) {
  const likes = [Math.floor(rand() * 8), Math.floor(rand() * 8)];
  for (let v = 0; v < 10; v++) {
    const day = 19_700 + Math.floor(rand() * 80);
    const p = rand() < 0.7 ? likes[v % 2]! : Math.floor(rand() * 8);
    transactions.push({ customer: `c${c}`, product: `p${p}`, date: new Date(day * 86_400_000).toISOString().slice(0, 10), basket: `b${c}-${v}`, quantity: 1, spend: 2 + p, discount: 0 });
  }
}
const offer = (id: string, category: string, extra: Record<string, unknown> = {}) => ({
  id, name: `${category} offer`, kind: 'cross-sell', targetCategories: [category], reward: 1, cost: 1.5, margin: 4,
  validFrom: '2024-01-01', validTo: '2024-12-31', ...extra,
});
const offers = [
  offer('dairy-1', 'dairy', { capacity: 20 }),
  offer('dairy-2', 'dairy', { margin: 3 }),
  offer('bakery', 'bakery', { capacity: 15, priority: 2 }),
  offer('coffee', 'coffee', { budget: 3, margin: 8, cost: 3 }),
  offer('juice', 'juice', { eligibleRegions: 'north' }),
  offer('cleaning', 'cleaning', { minSpend: 60, capacity: 25, group: 'home' }),
  offer('paper', 'paper', { group: 'home', minVolume: 40 }),
  offer('nappies', 'nappies', { eligibleSegments: 'family', targetHistory: 'never', capacity: 10 }),
  offer('babyfood', 'babyfood', { targetHistory: 'bought' }),
  { id: 'welcome', name: 'Welcome back', kind: 'generic', reward: 1, cost: 0.5, margin: 1, validFrom: '2024-01-01', validTo: '2024-12-31' },
  { id: 'points', name: 'Double points', kind: 'generic', reward: 1, cost: 0.2, margin: 0.5, validFrom: '2024-01-01', validTo: '2024-12-31', capacity: 50 },
];

const data = await ingest({ products, customers, transactions, offers });
const config = CampaignConfigSchema.parse({ name: 'spring', date: '2024-03-30', slots: 3, genericOffers: ['welcome'], maxPerDepartment: 1, topK: 6 });
const profiles = buildProfiles(data, { asOfDay: toDay('2024-03-30') });
// the scoring kernel sees only eligible pairs: the selection bitset doubles as its mask
const mask = buildEligibilityMask(data, profiles, config);
const model = fitRelevanceModel(profiles, data.offers, data.catalog);
const candidates = scoreAll(model, { k: config.topK, eligible: { words: mask.words } });
const selection = selectOffers(data, profiles, candidates, config, { campaignBudget: 40, groupLevers: { home: 1.2 } });
const { report } = selection;

console.log(`campaign ${config.name}: ${report.customers.targeted} targeted mailers, ${report.customers.genericOnly} generic-only, ${report.customers.noMailer} without mailer`);
console.log(`dual iterations ${report.iterations} (converged: ${report.converged}); objective ${report.objective.toFixed(2)}`);
console.log(`eligibility (pairs failing each rule first): ${JSON.stringify(Object.fromEntries(Object.entries(mask.counts).filter(([, v]) => v > 0)))}`);
console.log('\nbinding constraints:');
for (const b of report.binding) console.log(`  ${b}`);
console.log('\noffer            recipients  capacity  budget used/cap   capacity price  budget price  shortfall');
for (const o of report.offers) {
  const cap = Number.isFinite(o.capacity) ? String(o.capacity) : '-';
  const bud = Number.isFinite(o.budget) ? `${o.budgetUsed.toFixed(2)}/${o.budget}` : '-';
  console.log(`  ${o.id.padEnd(14)} ${String(o.recipients).padStart(10)} ${cap.padStart(9)} ${bud.padStart(15)} ${o.capacityPrice.toFixed(4).padStart(16)} ${o.budgetPrice.toFixed(4).padStart(13)} ${String(o.shortfall).padStart(10)}`);
}
console.log(`  campaign budget used ${report.campaign.used.toFixed(2)} of ${report.campaign.budget} (price ${report.campaign.price.toFixed(4)})`);
const t = traceFor(selection, 1);
console.log(`\ntrace of customer ${t.customer} (${t.status}):`);
for (const x of t.candidates) console.log(`  #${x.rank} ${x.offer.padEnd(10)} score ${x.score.toFixed(3)} value ${x.value.toFixed(3)} -> ${x.reason}: ${x.text}`);
console.log(`  mailer: ${t.mailer.map((m) => `${m.offer} (${m.placement})`).join(', ')}`);
