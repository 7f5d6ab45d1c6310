/**
 * Measuring a finished campaign: split customers into holdout / control / targeted cells by a salted
 * hash, simulate what they did (a seeded toy world where the targeted mailer works best), then report
 * per-cell redemption with Wilson intervals and lift with p-values.
 *
 * Run: npx tsx examples/measure-campaign.ts
 */
import { assignCells, campaignSalt, Cell, CELL_NAMES, measureCampaign, type CampaignCustomer, type RedemptionRecord } from 'offerkit';
import { createRandom } from 'offerkit/synth';


// offerkit's own seeded generator: the same seed gives the same simulated campaign.
const rng = createRandom(42);
const random = (): number => rng.next();
const ids = Array.from({ length: 20_000 }, (_, i) => `C${String(i).padStart(6, '0')}`);
const cells = assignCells(ids, { holdoutShare: 0.1, controlShare: 0.1, salt: campaignSalt({ name: 'spring', seed: 7 }) });

const targetedOffers = ['coffee-2for1', 'nappies-20off', 'wine-5off', 'fruit-bonus', 'pasta-3for2', 'tea-50pts'];
const genericOffers = ['bakery-10off', 'milk-bonus'];
const customers: CampaignCustomer[] = [];
const redemptions: RedemptionRecord[] = [];
const purchases: RedemptionRecord[] = [];

for (let i = 0; i < ids.length; i++) {
  const id = ids[i];
  const cell = cells[i] as 0 | 1 | 2;
  // the planner chose 3 targeted offers for everyone; the holdout's are "would-have" offers
  const start = Math.floor(random() * targetedOffers.length);
  const planned = [0, 1, 2].map((j) => targetedOffers[(start + j) % targetedOffers.length]);
  const offers = cell === Cell.targeted ? planned : cell === Cell.control ? genericOffers : planned;
  customers.push({ id, cell, offers });
  // toy behaviour: 4 % buy a planned product anyway; a relevant coupon converts 5 % more, a generic one 2 %
  const organic = random() < 0.04;
  const redeemRate = cell === Cell.targeted ? 0.09 : cell === Cell.control ? 0.06 : 0;
  if (cell === Cell.holdout) {
    if (organic) purchases.push({ customer: id, offer: planned[0], spend: 20 + 30 * random() });
  } else if (random() < redeemRate) {
    redemptions.push({ customer: id, offer: offers[Math.floor(random() * offers.length)], spend: 25 + 30 * random() });
  } else if (organic) {
    purchases.push({ customer: id, offer: planned[0], spend: 20 + 30 * random() });
  }
}

const m = measureCampaign({ customers, redemptions, purchases }, { confidence: 0.95 });

const pct = (x: number | null | undefined): string => (x == null ? 'n/a' : `${(100 * x).toFixed(2)}%`);
const pv = (p: number | null): string => (p === null ? 'n/a' : p < 1e-3 ? p.toExponential(2) : p.toFixed(4));
const num = (x: number | null | undefined, d = 2): string => (x == null ? 'n/a' : x.toFixed(d));

console.log(`Cells (confidence ${m.confidence}):`);
console.log('cell      customers  coupons  redemption  95% Wilson           per-coupon  response  spend/customer');
for (const c of m.cells) {
  const r = c.redemption;
  console.log(
    [
      CELL_NAMES[c.cell].padEnd(9),
      String(c.customers).padStart(9),
      String(c.coupons).padStart(8),
      pct(r?.rate).padStart(11),
      `[${pct(r?.lower)}, ${pct(r?.upper)}]`.padStart(20),
      pct(c.couponRedemption?.rate).padStart(11),
      pct(c.response?.rate).padStart(9),
      num(c.spend?.mean).padStart(15),
    ].join('  '),
  );
}

console.log('(holdout customers get no coupons: their redemption is organic buying of the offers they would have got)');
console.log('\nLift (absolute difference, Newcombe 95% interval, two-proportion z test):');
for (const [name, l] of Object.entries(m.lift)) {
  if (l === null) {
    console.log(`  ${name}: n/a (no organic purchase data)`);
    continue;
  }
  console.log(
    `  ${name.padEnd(18)} ${pct(l.difference)} [${pct(l.lower)}, ${pct(l.upper)}]  relative ${pct(l.relativeLift)}  z=${num(l.z)}  p=${pv(l.pValue)}`,
  );
}
if (m.spend) {
  console.log('\nIncremental spend per customer (Welch):');
  for (const [name, s] of Object.entries(m.spend)) {
    console.log(`  ${name.padEnd(18)} ${num(s.difference)} [${num(s.lower)}, ${num(s.upper)}]  df=${num(s.df, 1)}  p=${pv(s.pValue)}`);
  }
}
console.log(`\nIgnored records: ${JSON.stringify(m.ignored)}`);
