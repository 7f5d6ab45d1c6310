/**
 * How fast does the synthetic retailer generate? Times `generateRetailer` (catalogue, households,
 * offers, past contacts) and one full pass over `transactions()`, reporting lines/s and customers/s.
 *
 *   npx tsx bench/synth-generate.ts           # 10k customers
 *   npx tsx bench/synth-generate.ts --smoke   # 1k customers (CI, seconds)
 *   npx tsx bench/synth-generate.ts --full    # 10k and 100k customers
 *
 * Baseline in the same run: materialising the lines into an array (what a naive generator holding
 * every line would cost) is reported for the smallest size only, to keep memory small.
 * CPU time (process.cpuUsage) is shown beside wall time because the bench machine is shared.
 */
import { generateRetailer } from 'offerkit/synth';
import { saveResult } from './lib/saveResult.js';

const args = new Set(process.argv.slice(2));
const sizes = args.has('--smoke') ? [1_000] : args.has('--full') ? [10_000, 100_000] : [10_000];

interface Timing {
  wallMs: number;
  cpuMs: number;
}
function timed<T>(run: () => T): [T, Timing] {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return [out, { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }];
}

const rows: string[] = [];
let sink = 0;
for (const customers of sizes) {
  const [shop, build] = timed(() => generateRetailer({ customers, seed: 1 }));
  const [lines, pass] = timed(() => {
    let n = 0;
    let spend = 0;
    for (const line of shop.transactions()) {
      n++;
      spend += line.spend as number;
    }
    sink += spend;
    return n;
  });
  const perSec = (count: number, t: Timing) => Math.round(count / (t.wallMs / 1000)).toLocaleString('en-GB');
  rows.push(
    `| ${customers.toLocaleString('en-GB')} | ${lines.toLocaleString('en-GB')} | ${shop.contacts.length.toLocaleString('en-GB')} | ` +
      `${build.wallMs.toFixed(0)} (${build.cpuMs.toFixed(0)}) | ${pass.wallMs.toFixed(0)} (${pass.cpuMs.toFixed(0)}) | ` +
      `${perSec(lines, pass)} | ${perSec(customers, pass)} |`,
  );
  if (customers === sizes[0]) {
    const [array, naive] = timed(() => [...shop.transactions()]);
    sink += array.length;
    rows.push(`| ${customers.toLocaleString('en-GB')} (baseline: spread into an array) | ${array.length.toLocaleString('en-GB')} | | | ${naive.wallMs.toFixed(0)} (${naive.cpuMs.toFixed(0)}) | ${perSec(array.length, naive)} | |`);
  }
}

console.log(`## synth-generate (Node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`);
console.log('| customers | lines | contacts | generateRetailer ms wall (cpu) | transactions() pass ms wall (cpu) | lines/s | customers/s |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
saveResult('synth-generate', { rows });
console.log(`\n(sink ${sink.toFixed(0)})`);
