// Loads dunnhumby's "The Complete Journey" sample (examples/data/completejourney, see its README)
// into offerkit, and prints what was read, what was rejected and why, and the Type A campaigns.
//   npx tsx examples/complete-journey.ts [--backtest]   (--backtest: every campaign, a few minutes)
import { fileURLToPath } from 'node:url';
import { ingest } from 'offerkit';
import { fromCompleteJourney } from 'offerkit/completejourney';

const dir = fileURLToPath(new URL('./data/completejourney', import.meta.url));
const started = Date.now();
const cj = await fromCompleteJourney(dir);
const data = await ingest(cj.sources, { onInvalid: 'collect' });

const s = cj.summary;
console.log(`Read in ${Date.now() - started} ms from ${dir}`);
console.log(
  `files: ${s.rows.products} products, ${s.rows.transactions} transaction lines, ${s.rows.demographics} demographics, ` +
    `${s.rows.campaignDescriptions} campaigns, ${s.rows.campaignRecipients} campaign recipients, ${s.rows.couponRows} coupon rows, ${s.rows.redemptions} redemptions`,
);
console.log(
  `mapped: ${s.households} households (${s.householdsWithoutTransactions} without transactions), ${s.offers} coupon offers, ` +
    `${s.productsPriced} products priced from transactions, ${s.couponProductsNotInCatalog} coupon rows naming unknown products, ` +
    `${s.couponsWithoutCatalogProducts} coupons dropped`,
);

console.log('\ningest (read / accepted / rejected):');
for (const [kind, c] of Object.entries(data.report.counts)) console.log(`  ${kind.padEnd(13)} ${c.read} / ${c.accepted} / ${c.rejected}`);

const reasons = new Map<string, { count: number; rows: number[] }>();
for (const issue of data.report.rejects) {
  const key = `${issue.field}: ${issue.reason} (value ${JSON.stringify(issue.value)})`;
  const entry = reasons.get(key) ?? { count: 0, rows: [] };
  entry.count++;
  if (entry.rows.length < 5) entry.rows.push(issue.row);
  reasons.set(key, entry);
}
console.log(`\nrejects: ${data.report.rejects.length} issue(s)`);
for (const [reason, { count, rows }] of reasons) console.log(`  ${count} x ${reason}; rows ${rows.join(', ')}${count > rows.length ? ', ...' : ''}`);

console.log('\nType A (personalised) campaigns:');
console.log('  id  start       end         recipients  coupons  redemptions  redeeming households');
for (const c of cj.campaigns.filter((x) => x.type === 'A')) {
  const red = cj.redemptions.filter((r) => r.campaign === c.id);
  const redeemers = new Set(red.map((r) => r.household)).size;
  const note = red.length === 0 ? '  (withheld for blind evaluation)' : '';
  console.log(
    `  ${c.id.padStart(2)}  ${c.start}  ${c.end}  ${String(c.recipients.length).padStart(10)}  ${String(c.offers.length).padStart(7)}  ` +
      `${String(red.length).padStart(11)}  ${String(redeemers).padStart(20)}${note}`,
  );
}

// With --backtest: every campaign with recorded redemptions, as the markdown table of bench/results/backtest.md.
if (process.argv.includes('--backtest')) {
  const { backtestCampaign } = await import('offerkit/completejourney');
  const cache = new Map();
  const f = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '—' : v.toFixed(d));
  console.log('\n| campaign | type | households x coupons | redemptions | AUC offerkit / learned / pop / random | pooled AUC offerkit / learned / pop | offerkit - pop AUC [95% CI] | P@16 offerkit / learned / pop | NDCG@16 offerkit / learned / pop | lift offerkit / learned / pop | learned Brier (base rate) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const order = ['27', '8', ...cj.campaigns.map((c) => c.id).filter((id) => id !== '8' && id !== '27')];
  for (const id of order) {
    const c = cj.campaigns.find((x) => x.id === id)!;
    if (c.offers.length < 3) continue;
    const r = backtestCampaign(cj, data, id, { cache });
    if (r.redemptions === 0) {
      console.log(`| ${id} | ${r.type} | ${r.households} x ${r.offers} | ${id === '13' || id === '18' ? 'withheld' : 'none recorded'} | — | — | — | — | — | — | — |`);
      continue;
    }
    const d = r.offerkitVsPopularity!;
    const l = r.learned;
    console.log(
      `| ${id} | ${r.type} | ${r.households} x ${r.offers} | ${r.redemptions} | ${f(r.offerkit.auc)} / ${f(r.offerkitLearned.auc)} / ${f(r.popularity.auc)} / ${f(r.random.auc)} | ` +
        `${f(r.offerkit.pooledAuc)} / ${f(r.offerkitLearned.pooledAuc)} / ${f(r.popularity.pooledAuc)} | ${f(d.difference)} [${f(d.low)}, ${f(d.high)}] | ` +
        `${f(r.offerkit.precisionAtK)} / ${f(r.offerkitLearned.precisionAtK)} / ${f(r.popularity.precisionAtK)} | ` +
        `${f(r.offerkit.ndcgAtK)} / ${f(r.offerkitLearned.ndcgAtK)} / ${f(r.popularity.ndcgAtK)} | ` +
        `${f(r.offerkit.topDecileLift, 2)} / ${f(r.offerkitLearned.topDecileLift, 2)} / ${f(r.popularity.topDecileLift, 2)} | ` +
        `${l?.brier == null ? '—' : `${f(l.brier, 5)} (${f(l.baseRateBrier, 5)})`} |`,
    );
  }
}
