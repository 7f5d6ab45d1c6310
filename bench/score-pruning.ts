import { fileURLToPath } from 'node:url';
// Question: how much does upper-bound pruning save over brute force on the full model
// (synthetic retailer -> ingest -> profiles -> fitted model), with identical output?
// Run: npx tsx bench/score-pruning.ts [--smoke] [--customers 5000 --offers 2000 --k 16 --d 16]
import b from 'benny';
import { ingest } from '../src/ingest/index.js';
import { buildProfiles } from '../src/profile/index.js';
import { createCandidates, createScoreScratch, fitRelevanceModel, scoreInto } from '../src/score/index.js';
import { generateRetailer } from '../src/synth/index.js';
import { loadavg } from 'node:os';
import { flag, smoke } from './score-data.js';

const customers = flag('customers', smoke ? 300 : 5_000);
const offers = flag('offers', smoke ? 300 : 2_000);
const k = flag('k', 16);
const d = flag('d', 16);
const shop = generateRetailer({ customers, offers, seed: 3, ...(smoke ? { products: 600, categories: 120 } : {}) });
const t0 = performance.now();
const data = await ingest({ ...shop, transactions: shop.transactions() });
const t1 = performance.now();
const profiles = buildProfiles(data);
const t2 = performance.now();
const model = fitRelevanceModel(profiles, data.offers, data.catalog, { dimensions: d });
const t3 = performance.now();
console.log(`${data.transactions.length} lines; ingest ${(t1 - t0).toFixed(0)} ms, buildProfiles ${(t2 - t1).toFixed(0)} ms, fitRelevanceModel (d=${model.dimensions}) ${(t3 - t2).toFixed(0)} ms`);

const C = model.customerCount;
const run = (prune: boolean, simd?: boolean) => {
  const out = createCandidates(C, k);
  const scratch = createScoreScratch(model, k);
  scoreInto(model, 0, C, out, scratch, { prune, simd });
  return { out, evaluated: scratch.evaluated, touched: scratch.touchedEvaluated };
};
const pruned = run(true);
const brute = run(false);
const prunedJs = run(true, false);
for (let i = 0; i < pruned.out.offer.length; i++) {
  if (pruned.out.offer[i] !== brute.out.offer[i] || pruned.out.score[i] !== brute.out.score[i]) throw new Error(`pruned result differs at ${i}`);
  if (pruned.out.offer[i] !== prunedJs.out.offer[i] || pruned.out.score[i] !== prunedJs.out.score[i]) throw new Error(`wasm and js tile differ at ${i}`);
}
// The WebAssembly tile decides a chunk of tiles with the thresholds at the chunk's start, so it may compute more dots than the JS tile (same result).
console.log(`untouched-offer dense evaluations, pruned: wasm tile ${pruned.evaluated}, js tile ${prunedJs.evaluated}`);
console.log(`untouched-offer dense evaluations: pruned ${pruned.evaluated} vs brute ${brute.evaluated} (${((100 * pruned.evaluated) / brute.evaluated).toFixed(1)}%), identical top-${k}`);
console.log(`all dot products (untouched + touched offers): pruned ${pruned.evaluated + pruned.touched} vs brute ${brute.evaluated + brute.touched} (${((100 * (pruned.evaluated + pruned.touched)) / (brute.evaluated + brute.touched)).toFixed(1)}%)`);

let sink = 0;
const out = createCandidates(C, k);
const scratch = createScoreScratch(model, k);
const cases = smoke ? { minSamples: 1, maxTime: 0.05 } : { minSamples: 5, maxTime: 3 };
const summary = await b.suite(
  `score-pruning: ${C} customers x ${model.offerCount} offers, d=${model.dimensions}, K=${k}`,
  b.add('scoreInto, upper-bound pruning', () => {
    scoreInto(model, 0, C, out, scratch, { prune: true });
    sink += out.offer[0]!;
  }, cases),
  b.add('scoreInto, upper-bound pruning, js tile (simd: false)', () => {
    scoreInto(model, 0, C, out, scratch, { prune: true, simd: false });
    sink += out.offer[0]!;
  }, cases),
  b.add('scoreInto, brute force (prune: false)', () => {
    scoreInto(model, 0, C, out, scratch, { prune: false });
    sink += out.offer[0]!;
  }, cases),
  b.cycle(),
  b.complete(),
  // The latest figures as JSON beside RESULTS.md (not from the CI smoke, whose sizes answer no question).
  ...(smoke ? [] : [b.save({ file: 'score-pruning', folder: fileURLToPath(new URL('./results', import.meta.url)), format: 'json' })]),
);
// Rates from the mean time per op: benny rounds `ops` to whole numbers.
const [pr, pj, br] = summary.results.map((x) => C / x.details.mean) as [number, number, number];
console.log(`customers/s: pruned ${Math.round(pr)}, pruned js tile ${Math.round(pj)}, brute ${Math.round(br)}; speed-up ${(pr / br).toFixed(2)}x (sink ${sink}); load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
