// Question: can 2 workers score N customers (default 3M) x 2,000 offers within 3 minutes and 4 GB?
// Not run in CI (bench/run.ts skips scale*). The customer side (factors, bought-category entries) is
// generated directly in typed arrays on SharedArrayBuffers (no ingest, no copies for the workers); the
// offer side (300 categories, 1-3 targets per offer, depths, values, order, tiles) is fitted by
// fitRelevanceModel on a one-customer profile and compiled by compileKernel, then both are joined into one KernelModel.
// Run: npx tsx bench/scale-score.ts [--customers 3000000 --offers 2000 --categories 300 --d 16 --k 16 --entries 12 --workers 2 --no-prune]
import { loadavg } from 'node:os';
import { buildCatalog } from '../src/ingest/catalog.js';
import { buildCustomerTable } from '../src/ingest/customerTable.js';
import { buildOfferTable } from '../src/ingest/offerTable.js';
import type { Profiles } from '../src/profile/profiles.js';
import type { Offer } from '../src/schema/offer.js';
import { compileKernel, fitRelevanceModel, scoreAllParallel, terminateScoreWorkers, type KernelModel } from '../src/score/index.js';
import { flag, rng } from './score-data.js';
import { saveResult } from './lib/saveResult.js';

const customers = flag('customers', 3_000_000);
const offers = flag('offers', 2_000);
const T = flag('categories', 300);
const d = flag('d', 16);
const k = flag('k', 16);
const meanEntries = flag('entries', 12);
const workers = flag('workers', 2);
// --no-prune: brute force (every pair's dot product), the worst case of a model whose bounds cut nothing.
const prune = !process.argv.includes('--no-prune');
const started = performance.now();
const r = rng(11);
const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

// ---- offer side: a small catalog and offers, fitted once ----
const products = Array.from({ length: T }, (_, t) => ({ id: `p${t}`, name: `P${t}`, department: `d${t % 12}`, category: `c${t}`, price: 1 + Math.floor(r() * 20) }));
const catalog = buildCatalog(products);
const records: Offer[] = Array.from({ length: offers }, (_, o) => {
  const targets = new Set<string>();
  const n = o < offers - 5 ? 1 + Math.floor(r() * 3) : 0;
  for (let i = 0; i < n; i++) targets.add(`c${Math.floor(r() ** 1.5 * T)}`);
  return {
    id: `o${o}`, name: `O${o}`, kind: targets.size === 0 ? 'generic' : 'cross-sell', targetProducts: [], targetCategories: [...targets], targetBrands: [],
    reward: 0.5 + Math.floor(r() * 5), cost: r(), margin: 1 + r() * 4, capacity: undefined, budget: undefined, minVolume: undefined, validFrom: 0, validTo: 1,
    priority: 0.5 + Math.floor(r() * 3), group: undefined, channel: 'mail', eligibleRegions: [], eligibleStores: [], eligibleSegments: [],
    minSpend: undefined, maxSpend: undefined, minLapsedDays: undefined, targetHistory: 'any',
  };
});
const offerTable = buildOfferTable(records, catalog, buildCustomerTable([], catalog.categories));
// Category factors with variance decaying by dimension (as the subspace fit gives them).
const V = new Float32Array(T * d);
for (let t = 0; t < T; t++) for (let j = 0; j < d; j++) V[t * d + j] = gauss() / (1 + j);
const one: Profiles = {
  customerCount: 1, categoryCount: T, asOfDay: 365, halfLifeDays: 90,
  rowPtr: new Int32Array(2), category: new Int32Array(0), weightedSpend: new Float32Array(0), spend: new Float32Array(0), purchases: new Int32Array(0),
  lastDay: new Int32Array(0), cycleDays: new Float32Array(0), totalSpend: new Float64Array(1), weightedTotalSpend: new Float64Array(1), visits: new Int32Array(1),
  lines: new Int32Array(1), firstDay: new Int32Array(1).fill(-1), lastVisitDay: new Int32Array(1).fill(-1), discountShare: new Float32Array(1), basketSize: new Float32Array(1),
  region: new Int32Array(1), penetration: new Float32Array(T), spendShare: new Float32Array(T).fill(1 / T), populationCycleDays: new Float32Array(T).fill(30),
};
// Population rates come from the profile, so a one-customer profile gives the floor rate everywhere:
// the offer priors then differ only through depth and value, which is fine for a timing run.
const offerModel = fitRelevanceModel(one, offerTable, catalog, { factors: { dimensions: d, customer: new Float32Array(d).fill(1 / Math.sqrt(d)), category: V } });

// ---- customer side: typed arrays on SharedArrayBuffers, written once ----
const shared = <A extends Float32Array | Float64Array | Int32Array>(ctor: new (b: SharedArrayBuffer) => A, n: number, bytes: number): A => new ctor(new SharedArrayBuffer(n * bytes));
const C = customers;
const customerFactor = shared(Float32Array, C * d, 4);
const customerNorm = shared(Float64Array, C, 8);
const customerValueScale = shared(Float64Array, C, 8);
const customerBaseAffinity = shared(Float64Array, C, 8);
const entryRowPtr = shared(Int32Array, C + 1, 4);
let nnz = 0;
for (let c = 0; c < C; c++) {
  entryRowPtr[c] = nnz;
  nnz += Math.floor(r() * 2 * meanEntries);
}
entryRowPtr[C] = nnz;
const entryCategory = shared(Int32Array, nnz, 4);
const entryAffinity = shared(Float64Array, nnz, 8);
const entryDue = shared(Float64Array, nnz, 8);
for (let c = 0; c < C; c++) {
  let n2 = 0;
  for (let j = 0; j < d; j++) {
    const u = Math.fround(gauss() / (1 + j));
    customerFactor[c * d + j] = u;
    n2 += u * u;
  }
  customerNorm[c] = Math.sqrt(n2);
  customerValueScale[c] = 1 + 0.3 * r();
  const exposure = 4 * r();
  customerBaseAffinity[c] = Math.log(4 / (exposure + 4));
  const favourite = Math.floor(r() * T);
  for (let e = entryRowPtr[c]!; e < entryRowPtr[c + 1]!; e++) {
    // Distinct categories in a row: consecutive from a favourite (the kernel accepts any order).
    entryCategory[e] = (favourite + e - entryRowPtr[c]!) % T;
    entryAffinity[e] = Math.log(1 - Math.exp(-3 * r())) + 0.5;
    entryDue[e] = Math.log((1.5 + 2.5 * r()) / 2.5);
  }
}
const model: KernelModel = {
  ...compileKernel(offerModel),
  customerCount: C,
  customerFactor,
  customerNorm,
  customerValueScale,
  customerBaseAffinity,
  entryRowPtr,
  entryCategory,
  entryAffinity,
  entryDue,
};
const built = performance.now();
console.log(`scale-score: ${C} customers x ${offers} offers (${T} categories, d=${d}, K=${k}, ${(nnz / C).toFixed(1)} bought categories per customer), ${workers} workers, ${prune ? 'pruning' : 'brute force (--no-prune)'}`);
console.log(`model built in ${((built - started) / 1000).toFixed(1)} s; heap ${mb(process.memoryUsage().heapUsed)}, RSS ${mb(process.memoryUsage().rss)}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

const cpu0 = process.cpuUsage();
const out = await scoreAllParallel(model, { workers, k, prune });
const seconds = (performance.now() - built) / 1000;
const cpu = process.cpuUsage(cpu0);
let filled = 0;
for (let c = 0; c < C; c++) filled += out.count[c]!;
const peak = process.resourceUsage().maxRSS * 1024;
console.log(`scored in ${seconds.toFixed(1)} s wall = ${Math.round(C / seconds)} customers/s (includes spawning ${workers} workers); CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s over all threads`);
console.log(`mean candidates ${(filled / C).toFixed(2)}; peak RSS ${mb(peak)} (target 3M in < 180 s and < 4 GB); total ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
saveResult(`scale-score-${C}${prune ? '' : '-brute'}`, { customers: C, offers, categories: T, d, k, workers, prune, seconds, customersPerSecond: C / seconds, peakRssBytes: peak, meanCandidates: filled / C });
await terminateScoreWorkers();
