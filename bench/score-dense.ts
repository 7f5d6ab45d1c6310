import { fileURLToPath } from 'node:url';
// Question: how fast is the scoring kernel on the dense case (customers x offers, d = 64, K = 8), with
// its WebAssembly SIMD tile and with its JS tile, against naive JS (objects, map/sort/slice) and
// ml-matrix mmul + sort?
// Run: npx tsx bench/score-dense.ts [--smoke] [--customers 100000 --offers 2000 --d 64 --k 8 --batch 500]
import b from 'benny';
import { loadavg } from 'node:os';
import { Matrix } from 'ml-matrix';
import { createCandidates, createScoreScratch, scoreAll, scoreInto, wasmSimdSupported } from '../src/score/index.js';
import { denseCase, flag, smoke } from './score-data.js';

const customers = flag('customers', smoke ? 2_000 : 100_000);
const offers = flag('offers', smoke ? 200 : 2_000);
const d = flag('d', smoke ? 16 : 64);
const k = flag('k', 8);
const batch = flag('batch', smoke ? 50 : 500);
const { model, customer, offer } = denseCase(customers, offers, d, 42);
let sink = 0;

// Full runs of the kernel over every customer, each timed once (after a warm-up of 1,000 customers).
const simd = wasmSimdSupported();
if (!simd) console.log('WebAssembly SIMD unavailable: the "wasm" rows below run the JS tile too');
const fullRun = (label: string, useSimd: boolean) => {
  scoreAll({ ...model, customerCount: Math.min(customers, 1000) } as typeof model, { k, simd: useSimd && simd });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const full = scoreAll(model, { k, simd: useSimd && simd });
  const fullMs = performance.now() - t0;
  const cpuMs = process.cpuUsage(cpu0).user / 1000;
  sink += full.offer[0]!;
  // CPU time is reported beside wall time because the 2-core machine is shared with other jobs.
  console.log(`kernel (${label}), all ${customers} customers x ${offers} offers, d=${d}, K=${k}: wall ${fullMs.toFixed(0)} ms = ${Math.round(customers / (fullMs / 1000))} customers/s; CPU ${cpuMs.toFixed(0)} ms = ${Math.round(customers / (cpuMs / 1000))} customers/s of CPU time; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  return full;
};
const fullWasm = fullRun('wasm', true);
const fullJs = fullRun('js tile', false);
for (let i = 0; i < fullJs.offer.length; i++) {
  if (fullWasm.offer[i] !== fullJs.offer[i] || fullWasm.score[i] !== fullJs.score[i]) throw new Error(`wasm and js tile differ at ${i}`);
}
console.log('wasm and js tile: identical candidates for every customer');

// Side by side on one batch of customers.
const naiveCustomers = Array.from({ length: batch }, (_, c) => ({ id: c, factor: Array.from(customer.subarray(c * d, (c + 1) * d)) }));
const naiveOffers = Array.from({ length: offers }, (_, o) => ({ id: o, factor: Array.from(offer.subarray(o * d, (o + 1) * d)) }));
const uBatch = new Matrix(Array.from({ length: batch }, (_, c) => Array.from(customer.subarray(c * d, (c + 1) * d))));
const fT = new Matrix(Array.from({ length: offers }, (_, o) => Array.from(offer.subarray(o * d, (o + 1) * d)))).transpose();
const out = createCandidates(model.customerCount, k);
const scratch = createScoreScratch(model, k);
const cases = smoke ? { minSamples: 1, maxTime: 0.05 } : { minSamples: 5, maxTime: 3 };

const summary = await b.suite(
  `score-dense: ${batch} customers x ${offers} offers, d=${d}, K=${k}`,
  b.add('offerkit scoreInto (wasm): f64x2 SIMD 4x4 tiles, log-space top-K', () => {
    scoreInto(model, 0, batch, out, scratch, { simd });
    sink += out.offer[0]!;
  }, cases),
  b.add('offerkit scoreInto (js tile): typed arrays, 4x4 register tiles, log-space top-K', () => {
    scoreInto(model, 0, batch, out, scratch, { simd: false });
    sink += out.offer[0]!;
  }, cases),
  b.add('naive JS (objects, map / sort / slice)', () => {
    for (const c of naiveCustomers) {
      const top = naiveOffers
        .map((o) => ({ offer: o.id, score: o.factor.reduce((s, f, j) => s + f * c.factor[j]!, 0) }))
        .sort((x, y) => y.score - x.score || x.offer - y.offer)
        .slice(0, k);
      sink += top[0]!.offer;
    }
  }, cases),
  b.add('ml-matrix mmul + sort', () => {
    const scores = uBatch.mmul(fT);
    for (let c = 0; c < batch; c++) {
      const row = scores.getRow(c);
      const idx = row.map((_, o) => o).sort((x, y) => row[y]! - row[x]! || x - y).slice(0, k);
      sink += idx[0]!;
    }
  }, cases),
  b.cycle(),
  b.complete(),
  // The latest figures as JSON beside RESULTS.md (not from the CI smoke, whose sizes answer no question).
  ...(smoke ? [] : [b.save({ file: 'score-dense', folder: fileURLToPath(new URL('./results', import.meta.url)), format: 'json' })]),
);
// Rates from the mean time per op: benny rounds `ops` to whole numbers.
const rate = (i: number) => batch / summary.results[i]!.details.mean;
console.log(`customers/s: kernel wasm ${Math.round(rate(0))}, kernel js tile ${Math.round(rate(1))}, naive ${Math.round(rate(2))}, ml-matrix ${Math.round(rate(3))}`);
console.log(`ratios: wasm / naive ${(rate(0) / rate(2)).toFixed(1)}x, js tile / naive ${(rate(1) / rate(2)).toFixed(1)}x, wasm / js tile ${(rate(0) / rate(1)).toFixed(2)}x, wasm / ml-matrix ${(rate(0) / rate(3)).toFixed(1)}x (sink ${sink}); load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
