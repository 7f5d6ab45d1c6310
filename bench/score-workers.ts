import { fileURLToPath } from 'node:url';
// Question: how much faster is scoreAllParallel with 2 workers than with 1 (same output), and what
// does worker start-up cost now that workers are pooled?
// The worker is bundled once with esbuild to a temp dir (as tsup does for dist/score/worker.js), so
// start-up is a plain Node worker rather than tsx compiling the sources in each thread.
// Run: npx tsx bench/score-workers.ts [--smoke] [--customers 40000 --offers 2000 --d 64 --k 8]
import b from 'benny';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { scoreAll, scoreAllParallel, terminateScoreWorkers } from '../src/score/index.js';
import { denseCase, flag, smoke } from './score-data.js';

const customers = flag('customers', smoke ? 2_000 : 40_000);
const offers = flag('offers', smoke ? 200 : 2_000);
const d = flag('d', smoke ? 16 : 64);
const k = flag('k', 8);
const { model } = denseCase(customers, offers, d, 7);
const dir = mkdtempSync(join(tmpdir(), 'offerkit-worker-'));
const workerFile = join(dir, 'worker.mjs');
await build({ entryPoints: [new URL('../src/score/worker.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', outfile: workerFile, logLevel: 'warning' });
const workerUrl = pathToFileURL(workerFile);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

const one = scoreAll(model, { k });
// First call spawns the pool (start-up + JIT warm-up); later calls reuse it.
let t = performance.now();
const two = await scoreAllParallel(model, { workers: 2, k, workerUrl });
const firstMs = performance.now() - t;
for (let i = 0; i < one.offer.length; i++) {
  if (one.offer[i] !== two.offer[i] || one.score[i] !== two.score[i]) throw new Error(`2 workers differ from 1 thread at ${i}`);
}
t = performance.now();
await scoreAllParallel(model, { workers: 2, k, workerUrl });
const secondMs = performance.now() - t;
console.log(`first call (spawns 2 pooled workers) ${firstMs.toFixed(0)} ms, second call ${secondMs.toFixed(0)} ms; load average ${load()}`);

// Timed runs with the process's CPU time (all threads): cores = CPU / wall shows how much of the
// 2 shared cores the run actually got, since other jobs on the machine cap the wall-clock speed-up.
let sink = 0;
const timed = async (label: string, score: () => Promise<unknown> | unknown) => {
  const wall: number[] = [];
  for (let r = 0; r < (smoke ? 1 : 3); r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await score();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    wall.push(ms);
    console.log(`${label}: wall ${ms.toFixed(0)} ms = ${Math.round(customers / (ms / 1000))} customers/s; CPU ${cpuMs.toFixed(0)} ms (${(cpuMs / ms).toFixed(2)} cores) = ${Math.round(customers / (cpuMs / 1000))} customers per CPU-second; load ${load()}`);
  }
  return Math.min(...wall);
};
const best1 = await timed('1 worker (wasm)', () => scoreAllParallel(model, { workers: 1, k, workerUrl }));
const best2 = await timed('2 workers (wasm)', () => scoreAllParallel(model, { workers: 2, k, workerUrl }));
const bestJs1 = await timed('1 worker (js tile)', () => scoreAllParallel(model, { workers: 1, k, workerUrl, simd: false }));
const bestJs2 = await timed('2 workers (js tile)', () => scoreAllParallel(model, { workers: 2, k, workerUrl, simd: false }));
console.log(`best wall times: 2 vs 1 worker ${(best1 / best2).toFixed(2)}x (wasm), ${(bestJs1 / bestJs2).toFixed(2)}x (js tile)`);

const cases = smoke ? { minSamples: 1, maxTime: 0.05 } : { minSamples: 3, maxTime: 3 };
const summary = await b.suite(
  `score-workers: ${customers} customers x ${offers} offers, d=${d}, K=${k}`,
  b.add('scoreAllParallel, 1 worker', async () => {
    sink += (await scoreAllParallel(model, { workers: 1, k, workerUrl })).offer[0]!;
  }, cases),
  b.add('scoreAllParallel, 2 workers', async () => {
    sink += (await scoreAllParallel(model, { workers: 2, k, workerUrl })).offer[0]!;
  }, cases),
  b.add('scoreAll, main thread', () => {
    sink += scoreAll(model, { k }).offer[0]!;
  }, cases),
  b.cycle(),
  b.complete(),
  // The latest figures as JSON beside RESULTS.md (not from the CI smoke, whose sizes answer no question).
  ...(smoke ? [] : [b.save({ file: 'score-workers', folder: fileURLToPath(new URL('./results', import.meta.url)), format: 'json' })]),
);
// Rates from the mean time per op: benny rounds `ops` to whole numbers.
const [w1, w2, main] = summary.results.map((x) => customers / x.details.mean) as [number, number, number];
console.log(`customers/s: 1 worker ${Math.round(w1)}, 2 workers ${Math.round(w2)}, main thread ${Math.round(main)}; load average ${load()}`);
console.log(`speed-up 2 vs 1 worker: ${(w2 / w1).toFixed(2)}x (identical output checked; sink ${sink})`);
await terminateScoreWorkers();
rmSync(dir, { recursive: true, force: true });
