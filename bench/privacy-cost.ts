// Question: what does sensitive-offer masking cost in expected redemptions, and what bound does it achieve?
// Same synthetic retailer, same campaign, once with baby/health offers masked (decoys, cover, consent, tau)
// and once with nothing treated as sensitive; expected redemptions come from the simulator's true
// probabilities of the printed offers. Run: npx tsx bench/privacy-cost.ts [--smoke] [--customers N] [--k N]
// --k sets the k-anonymity floor of both runs (default 1); the bound is then read on the final plan.
import { ingest, runCampaign, type CampaignRun } from 'offerkit';
import { generateRetailer } from 'offerkit/synth';
import { saveResult } from './lib/saveResult.js';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const at = args.indexOf('--customers');
const customers = at >= 0 ? Number(args[at + 1]) : smoke ? 1_500 : 10_000;
const kAt = args.indexOf('--k');
const kAnonymity = kAt >= 0 ? Number(args[kAt + 1]) : 1;

const shop = generateRetailer({ customers, offers: smoke ? 400 : 2_000, seed: 11 });
const data = await ingest({ products: shop.products, customers: shop.customers, offers: shop.offers, transactions: shop.transactions(), contacts: shop.contacts });
const base = { name: 'privacy-cost', seed: 11, slots: 6, controlShare: 0, holdoutShare: 0 };

function expectedRedemptions(run: CampaignRun): { total: number; mailers: number; coupons: number } {
  let total = 0;
  let mailers = 0;
  let coupons = 0;
  const plan = run.plan;
  for (let c = 0; c < plan.customerCount; c++) {
    if (plan.count[c] === 0) continue;
    mailers++;
    coupons += plan.count[c]!;
    for (let j = 0; j < plan.count[c]!; j++) total += shop.simulator.redemptionProbability(c, plan.offer[c * plan.stride + j]!);
  }
  return { total, mailers, coupons };
}

const masked = await runCampaign({ ...base, privacy: { sensitiveTags: ['baby', 'health'], decoys: 3, tau: 0.5, allowCover: true, kAnonymity } }, data);
// A tag no product carries: nothing is sensitive, so nothing is masked.
const unmasked = await runCampaign({ ...base, privacy: { sensitiveTags: ['(none)'], kAnonymity } }, data);
const m = expectedRedemptions(masked);
const u = expectedRedemptions(unmasked);
// The bound as printed: recounted on the final plan, after the k-anonymity merges and their tau repair.
const report = masked.privacy;
const inSegment = report.reduce((s, r) => s + r.inSegment, 0);
const cover = report.reduce((s, r) => s + r.cover, 0);
const worst = report.reduce((w, r) => Math.max(w, r.achievedBound), 0);
console.log(`customers ${customers}, sensitive offers mailed ${report.length}, met ${report.filter((r) => r.met).length}`);
console.log(`in-segment recipients ${inSegment}, cover recipients ${cover}, decoys added ${masked.masking.decoysAdded}, worst P(segment|received) ${worst.toFixed(3)} (tau 0.5)`);
console.log(`removed by cause: ${Object.entries(masked.masking.cost.byCause).map(([k, v]) => `${k} ${v.count}`).join(', ')}`);
console.log(`expected redemptions per 1,000 mailers: unmasked ${((1000 * u.total) / u.mailers).toFixed(1)}, masked ${((1000 * m.total) / m.mailers).toFixed(1)}`);
console.log(`coupons per mailer: unmasked ${(u.coupons / u.mailers).toFixed(3)}, masked ${(m.coupons / m.mailers).toFixed(3)}; expected redemptions per coupon: unmasked ${(u.total / u.coupons).toFixed(4)}, masked ${(m.total / m.coupons).toFixed(4)}`);
console.log(`cost of masking: ${(u.total - m.total).toFixed(1)} expected redemptions of ${u.total.toFixed(1)} (${((100 * (u.total - m.total)) / u.total).toFixed(2)}%)`);
const cost = masked.masking.cost;
console.log(`cost in the model's own arbitration value: removed ${cost.removedValue.toFixed(1)}, replacements ${cost.replacementValue.toFixed(1)}, net ${cost.netValue.toFixed(1)}`);
const anon = masked.anonymity;
console.log(`k-anonymity (k ${kAnonymity}): variants ${anon.variants}, merged ${anon.merged}, customers moved ${anon.customersMoved}, to generic ${anon.toGeneric}, suppressed ${anon.suppressed}; tau repair: cover added ${anon.coverAdded}, withdrawn ${anon.withdrawn}; value lost ${anon.valueLost.toFixed(1)}`);
saveResult(`privacy-cost-k${kAnonymity}`, { customers, kAnonymity, unmasked: u, masked: m, worstBound: worst, inSegment, cover, cost, anonymity: { variants: anon.variants, merged: anon.merged, customersMoved: anon.customersMoved, toGeneric: anon.toGeneric, suppressed: anon.suppressed, coverAdded: anon.coverAdded, withdrawn: anon.withdrawn, valueLost: anon.valueLost } });
if (report.some((r) => !r.met)) process.exitCode = 1;
