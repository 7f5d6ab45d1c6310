// Question: does the kernel allocate per customer? Heap growth over 100k customers (target < 1 MB).
// Needs global.gc: npx tsx --expose-gc bench/score-heap.ts [--smoke] [--customers 100000 --offers 500]
import { createCandidates, createScoreScratch, scoreInto } from '../src/score/index.js';
import { denseCase, flag, smoke } from './score-data.js';
import { saveResult } from './lib/saveResult.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.log('score-heap: run with --expose-gc (npx tsx --expose-gc bench/score-heap.ts); skipped');
  process.exit(0);
}
const customers = flag('customers', smoke ? 10_000 : 100_000);
const offers = flag('offers', smoke ? 100 : 500);
const d = flag('d', 32);
const k = flag('k', 16);
const block = flag("block", 4096);
const { model } = denseCase(customers, offers, d, 9);
const out = createCandidates(customers, k);
const scratch = createScoreScratch(model, k);
// Warm-up: enough calls that V8 compiles the kernel fully (not only on-stack replacement); JIT code
// lives on the heap too, so compiling during the measurement would count as growth.
// Blocks start at varied customers so every operation has type feedback before TurboFan compiles.
const warmup = flag("warmup", 200);
for (let i = 0; i < warmup; i++) {
  const from = (i * 997) % Math.max(1, customers - 256);
  scoreInto(model, from, Math.min(from + 256, customers), out, scratch);
}
gc();
gc();
const before = process.memoryUsage().heapUsed;
if (process.argv.includes('--trace')) console.log('=== measure start');
for (let c = 0; c < customers; c += block) scoreInto(model, c, Math.min(c + block, customers), out, scratch);
const afterNoGc = process.memoryUsage().heapUsed;
if (process.argv.includes('--trace')) console.log('=== measure end');
gc();
gc();
const after = process.memoryUsage().heapUsed;
const mb = (x: number) => (x / 2 ** 20).toFixed(3);
console.log(`score-heap: ${customers} customers x ${offers} offers, d=${d}, K=${k}, blocks of ${block}`);
console.log(`heap growth: ${mb(afterNoGc - before)} MB before gc, ${mb(after - before)} MB retained after gc (target < 1 MB)`);
saveResult('score-heap', { customers, offers, d, k, block, growthBeforeGcMb: (afterNoGc - before) / 2 ** 20, retainedAfterGcMb: (after - before) / 2 ** 20 });
