// Question: does ingestFiles stream a large transactions CSV with bounded memory, and how fast?
//
//   npx tsx bench/ingest-csv.ts            1,000,000 lines
//   npx tsx bench/ingest-csv.ts --smoke       50,000 lines (CI, seconds)
//   npx tsx bench/ingest-csv.ts --full    10,000,000 lines
//   npx tsx bench/ingest-csv.ts --lines 2000000 --gzip
//
// Writes seeded products / customers / transactions CSVs into bench/.out/ (gitignored) with writeCsv,
// then times: a parse-only baseline (csv-parse, no validation) and ingestFiles (parse + zod + columns).
// Peak RSS is sampled every 20 ms and at every progress tick. Memory that must grow with lines is the
// typed columns (~36 bytes a line) plus the interned basket ids; everything else is bounded.
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { CSV_COLUMNS, CSV_DAY_COLUMNS, ingestFiles, writeCsv } from 'offerkit';
import { createRandom } from 'offerkit/synth';
import { saveResult } from './lib/saveResult.js';

const args = process.argv.slice(2);
const flagValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const LINES = Number(flagValue('--lines') ?? (args.includes('--full') ? 10_000_000 : args.includes('--smoke') ? 50_000 : 1_000_000));
const GZIP = args.includes('--gzip');
if (!Number.isInteger(LINES) || LINES < 1) throw new RangeError(`--lines must be a positive integer, got ${flagValue('--lines')}`);
const PRODUCTS = 5_000;
const CUSTOMERS = Math.max(1_000, Math.min(200_000, Math.floor(LINES / 50)));
const CATEGORIES = 300;
const FIRST_DAY = 19_723; // 2024-01-01
const DAYS = 364;

// offerkit's own seeded generator, so every run writes the same files.
function rng(seed: number): () => number {
  const random = createRandom(seed);
  return () => random.next();
}

let peakRss = 0;
const sample = (): void => {
  const rss = process.memoryUsage().rss;
  if (rss > peakRss) peakRss = rss;
};
const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(0);
const rate = (n: number, ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}`;
// CPU time (user + system, all threads) as well as wall time: the bench machine is shared, so wall
// rates fall with other load while lines per CPU-second stay comparable.
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const both = (n: number, wall: number, cpu: number): string => `${rate(n, wall)} (${rate(n, cpu)}/cpu-s)`;

const dir = join(import.meta.dirname, '.out');
await mkdir(dir, { recursive: true });
const files = {
  products: join(dir, 'products.csv'),
  customers: join(dir, 'customers.csv'),
  offers: join(dir, 'offers.csv'),
  transactions: join(dir, `transactions-${LINES}.csv${GZIP ? '.gz' : ''}`),
};

const r = rng(42);
await writeCsv(
  files.products,
  CSV_COLUMNS.products,
  Array.from({ length: PRODUCTS }, (_, i) => ({
    id: `P${i}`,
    name: `Product ${i}`,
    department: `D${i % 20}`,
    category: `C${i % CATEGORIES}`,
    brand: `B${i % 97}`,
    price: Math.round(r() * 1000) / 100 + 0.1,
  })),
);
await writeCsv(
  files.customers,
  CSV_COLUMNS.customers,
  Array.from({ length: CUSTOMERS }, (_, i) => ({ id: `K${i}`, region: `R${i % 7}`, store: `S${i % 120}`, consentEmail: i % 3 === 0 })),
);
await writeCsv(files.offers, CSV_COLUMNS.offers, [
  { id: 'O1', name: 'Dairy', kind: 'cross-sell', targetCategories: ['C1', 'C2'], reward: 1, cost: 0.6, margin: 2, validFrom: '2025-01-01', validTo: '2025-01-31' },
]);

function* transactionLines(): Generator<Record<string, unknown>> {
  const t = rng(7);
  // Lines come in baskets of 1..8 for one customer on one day, customers in random order.
  let i = 0;
  while (i < LINES) {
    const customer = `K${Math.floor(t() * CUSTOMERS)}`;
    const day = FIRST_DAY + Math.floor(t() * DAYS);
    const basket = `${customer}-${day}`;
    const size = 1 + Math.floor(t() * 8);
    for (let k = 0; k < size && i < LINES; k++, i++) {
      const q = 1 + Math.floor(t() * 3);
      yield { customer, product: `P${Math.floor(t() * PRODUCTS)}`, date: day, basket, quantity: q, spend: Math.round(t() * 500 * q) / 100, discount: t() < 0.2 ? 0.5 : 0 };
    }
  }
}

let t0 = performance.now();
let c0 = process.cpuUsage();
const written = await writeCsv(files.transactions, CSV_COLUMNS.transactions, transactionLines(), { dayColumns: CSV_DAY_COLUMNS.transactions });
const writeMs = performance.now() - t0;
const writeCpu = cpuMs(c0);
const fileBytes = (await stat(files.transactions)).size;

// Baseline: parse only (csv-parse through the same stream setup), no validation, no columns.
t0 = performance.now();
c0 = process.cpuUsage();
const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true });
if (GZIP) pipeline(createReadStream(files.transactions), createGunzip(), parser, () => {});
else pipeline(createReadStream(files.transactions), parser, () => {});
let parsed = -1;
let sink = 0;
for await (const rec of parser as AsyncIterable<string[]>) {
  parsed++;
  sink += rec.length;
}
const parseMs = performance.now() - t0;
const parseCpu = cpuMs(c0);
if (parsed !== LINES || sink === 0) throw new Error(`baseline parsed ${parsed} lines, expected ${LINES}`);

// The measured run: ingestFiles over the whole data set, RSS sampled on a timer and at progress ticks.
if (global.gc) global.gc();
const rssBefore = process.memoryUsage().rss;
peakRss = rssBefore;
const timer = setInterval(sample, 20);
t0 = performance.now();
c0 = process.cpuUsage();
const data = await ingestFiles(files, { onProgress: sample });
const ingestMs = performance.now() - t0;
const ingestCpu = cpuMs(c0);
sample();
clearInterval(timer);
if (data.transactions.length !== LINES) throw new Error(`ingested ${data.transactions.length} lines, expected ${LINES}`);

const columnBytes =
  data.transactions.rowPtr.byteLength +
  data.transactions.product.byteLength +
  data.transactions.day.byteLength +
  data.transactions.basket.byteLength +
  data.transactions.quantity.byteLength +
  data.transactions.spend.byteLength +
  data.transactions.discount.byteLength;
// Baskets are numbered within each customer: a customer's count is its highest number + 1.
let basketCount = 0;
for (let c = 0; c + 1 < data.transactions.rowPtr.length; c++) {
  let top = -1;
  for (let i = data.transactions.rowPtr[c]!; i < data.transactions.rowPtr[c + 1]!; i++) top = Math.max(top, data.transactions.basket[i]!);
  basketCount += top + 1;
}

console.log(`| lines | file | write lines/s | parse-only lines/s | ingestFiles lines/s | ingest s | RSS before | peak RSS | typed tx columns | baskets |`);
console.log(`| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
console.log(
  `| ${LINES.toLocaleString('en-US')} | ${mb(fileBytes)} MB${GZIP ? ' gz' : ''} | ${both(written.rows, writeMs, writeCpu)} | ${both(parsed, parseMs, parseCpu)} | ${both(LINES, ingestMs, ingestCpu)} | ${(ingestMs / 1000).toFixed(1)} | ${mb(rssBefore)} MB | ${mb(peakRss)} MB | ${mb(columnBytes)} MB | ${basketCount.toLocaleString('en-US')} |`,
);
console.log(`(${CUSTOMERS.toLocaleString('en-US')} customers, ${PRODUCTS.toLocaleString('en-US')} products; node ${process.version})`);
saveResult(`ingest-csv-${LINES}${GZIP ? '-gz' : ''}`, { lines: LINES, customers: CUSTOMERS, products: PRODUCTS, gzip: GZIP, fileBytes, writeMs, parseMs, ingestMs, ingestLinesPerSecond: LINES / (ingestMs / 1000), rssBefore, peakRss, columnBytes, baskets: basketCount });
