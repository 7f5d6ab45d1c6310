import { fileURLToPath } from 'node:url';
/**
 * Question: how fast does selectOffers place offers under capacities and budgets, how many dual
 * iterations does it take, and how many bytes a customer does the decision trace cost?
 *
 * npx tsx bench/select.ts            # 100k customers x 2,000 offers, K = 16
 * npx tsx bench/select.ts --smoke    # 5k customers x 200 offers (CI)
 * npx tsx bench/select.ts --full     # 1M customers x 2,000 offers
 * add --bisection / --clearing to force a priceUpdate, --no-exchange for exchangePasses 0; SELECT_IT sets
 * maxIterations, SELECT_N the customers, SELECT_OPTS a JSON object of further AllocateOptions
 * (e.g. '{"exchangePasses":2}'); unset options keep the library defaults.
 */
import b from 'benny';
import { loadavg } from 'node:os';
import {
  CampaignConfigSchema,
  IdIndex,
  ingest,
  selectOffers,
  traceFor,
  type Candidates,
  type Dataset,
  type Profiles,
  type SelectOptions,
} from 'offerkit';
import { csrFromLists } from '../src/ingest/csr.js';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const full = args.includes('--full');
const N = Number(process.env.SELECT_N ?? 0) || (smoke ? 5_000 : full ? 1_000_000 : 100_000);
const M = smoke ? 200 : 2_000;
const K = 16;
const DAY = 19_783; // 2024-03-01

let seed = 42;
const rand = () => {
  // mulberry32: seeded so runs are comparable
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

// ---- a catalogue and offers through ingest (small), customers built columnar (1M objects would measure zod, not selection) ----
const CATS = 200;
const products = Array.from({ length: CATS }, (_, i) => ({ id: `p${i}`, name: `p${i}`, department: `d${i % 20}`, category: `c${i}`, price: 2 }));
const offers = Array.from({ length: M }, (_, i) => ({
  id: `o${i}`,
  name: `o${i}`,
  kind: i < 4 ? 'generic' : 'cross-sell',
  targetCategories: i < 4 ? [] : [`c${Math.floor(rand() * CATS)}`],
  reward: 1,
  cost: 1 + Math.floor(rand() * 5),
  margin: 1 + rand() * 10,
  // capacities sized so roughly a third of offers bind
  capacity: rand() < 0.5 ? Math.floor(((N * 6) / M) * (0.3 + rand())) : undefined,
  budget: rand() < 0.2 ? ((N * 6) / M) * 0.3 * (0.3 + rand()) : undefined,
  validFrom: '2024-01-01',
  validTo: '2024-12-31',
}));
const small = await ingest({ products, customers: [{ id: 'seed', region: 'r0', store: 's0' }], transactions: [], offers });
const ids = new IdIndex();
for (let c = 0; c < N; c++) ids.intern(`u${c}`);
const flags = new Uint8Array(N);
for (let c = 0; c < N; c++) flags[c] = 1 | (rand() < 0.02 ? 16 : 0); // mail consent, 2% profiling opt-out
const data: Dataset = {
  ...small,
  customers: {
    ...small.customers,
    ids,
    region: new Int32Array(N),
    store: new Int32Array(N),
    segment: new Int32Array(N).fill(-1),
    flags,
    optedOut: { rowPtr: new Int32Array(N + 1), index: new Int32Array(0) },
    nameText: '',
    nameStart: new Int32Array(N + 1),
    ageBand: new Int32Array(N).fill(-1),
    incomeBand: new Int32Array(N).fill(-1),
    householdSize: new Float64Array(N).fill(Number.NaN),
    kidsCount: new Float64Array(N).fill(Number.NaN),
    optedOutNames: new Map(),
  },
  contacts: { ...small.contacts, rowPtr: new Int32Array(N + 1) },
};
const profRows: number[][] = [];
for (let c = 0; c < N; c++) {
  const s = new Set<number>();
  for (let q = 0; q < 6; q++) s.add(Math.floor(rand() * CATS));
  profRows.push([...s].sort((a, b) => a - b));
}
const csr = csrFromLists(profRows);
const nnz = csr.index.length;
const profiles: Profiles = {
  customerCount: N, categoryCount: CATS, asOfDay: DAY, halfLifeDays: 90,
  rowPtr: csr.rowPtr, category: csr.index,
  weightedSpend: new Float32Array(nnz).fill(5), spend: new Float32Array(nnz).fill(5), purchases: new Int32Array(nnz).fill(1),
  lastDay: new Int32Array(nnz).fill(DAY - 10), cycleDays: new Float32Array(nnz).fill(Number.NaN),
  totalSpend: new Float64Array(N).fill(30), weightedTotalSpend: new Float64Array(N).fill(30), visits: new Int32Array(N), lines: new Int32Array(N),
  firstDay: new Int32Array(N), lastVisitDay: new Int32Array(N), discountShare: new Float32Array(N), basketSize: new Float32Array(N), region: new Int32Array(N),
  penetration: new Float32Array(CATS), spendShare: new Float32Array(CATS), populationCycleDays: new Float32Array(CATS),
};
// random top-16 per customer: distinct offers, scores descending
const cand: Candidates = { k: K, customerCount: N, offer: new Int32Array(N * K), score: new Float32Array(N * K), count: new Int32Array(N).fill(K) };
for (let c = 0; c < N; c++) {
  let s = 3;
  for (let j = 0; j < K; j++) {
    let o: number;
    let dup: boolean;
    do {
      o = 4 + Math.floor(rand() * (M - 4));
      dup = false;
      for (let q = 0; q < j; q++) if (cand.offer[c * K + q] === o) dup = true;
    } while (dup);
    s -= rand() * 0.15;
    cand.offer[c * K + j] = o;
    cand.score[c * K + j] = s;
  }
}
const config = CampaignConfigSchema.parse({ date: '2024-03-01', slots: 6, genericOffers: ['o0'], topK: K });

const allocateOptions: SelectOptions = { campaignBudget: N * 1.2, ...(JSON.parse(process.env.SELECT_OPTS ?? '{}') as SelectOptions) };
if (process.env.SELECT_IT !== undefined) allocateOptions.maxIterations = Number(process.env.SELECT_IT);
if (args.includes('--clearing')) allocateOptions.priceUpdate = 'clearing';
if (args.includes('--bisection')) allocateOptions.priceUpdate = 'bisection';
if (args.includes('--no-exchange')) allocateOptions.exchangePasses = 0;
// Timed by benny (one sample at these sizes: each call is seconds to minutes); the last call's result is reported.
let last: ReturnType<typeof selectOffers> | undefined;
const summary = await b.suite(
  `select: ${N} customers x ${M} offers, K ${K}`,
  b.add('offerkit selectOffers (rules, arbitration, dual prices, repair, exchange, fallback, trace)', () => {
    last = selectOffers(data, profiles, cand, config, allocateOptions);
  }, { minSamples: 1, maxTime: smoke ? 0.05 : 1 }),
  b.cycle(),
  b.complete(),
  // The latest figures as JSON beside RESULTS.md (not from the CI smoke, whose sizes answer no question).
  ...(smoke ? [] : [b.save({ file: 'select', folder: fileURLToPath(new URL('./results', import.meta.url)), format: 'json' })]),
);
const sel = last!;
const ms = summary.results[0]!.details.mean * 1000;
let sink = 0;
for (let c = 0; c < N; c += Math.max(1, N >> 6)) sink += traceFor(sel, c).candidates.length;
const r = sel.report;
const capBinding = r.offers.filter((o) => o.binding.includes('capacity')).length;
const budBinding = r.offers.filter((o) => o.binding.includes('budget')).length;
const line = (s: string) => console.log(s);
line(`## select (${new Date().toISOString().slice(0, 10)}, 2-core, Node ${process.version})`);
line('');
line(`| customers | offers | K | slots | time (s) | customers/s | dual iterations | converged | capacity binding | budget binding | campaign binding | trace B/customer (codes) | with values |`);
line(`|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
line(`| ${N.toLocaleString('en')} | ${M} | ${K} | ${config.slots} | ${(ms / 1000).toFixed(2)} | ${Math.round(N / (ms / 1000)).toLocaleString('en')} | ${r.iterations} | ${r.converged} | ${capBinding} | ${budBinding} | ${r.campaign.binding} | ${sel.trace.bytesPerCustomer} | ${sel.trace.bytesPerCustomer + 4 * K} |`);
line('');
line(`options ${JSON.stringify(allocateOptions)}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
line(`mailers: ${r.customers.targeted} targeted, ${r.customers.genericOnly} generic-only, ${r.customers.noMailer} none; objective ${r.objective.toFixed(0)}; sink ${sink}`);
