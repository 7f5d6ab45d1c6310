// Shared test fixtures for the protect stage: a small random retailer through ingest(), hand-built
// Profiles (the profile builder is another stage's work) and random MailerPlans.
import { ingest, type Dataset } from '../../src/ingest/index.js';
import type { Profiles } from '../../src/profile/profiles.js';
import { CampaignConfigSchema, type CampaignConfig, type CampaignConfigInput } from '../../src/schema/campaignConfig.js';
import { PlacementReason, type MailerPlan } from '../../src/select/mailerPlan.js';
import { createRandom } from '../../src/lib/random.js';

/** Category name, department, sensitive tag. Names never contain one another. */
export const CATEGORIES: readonly [string, string, string | undefined][] = [
  ['pasta', 'food', undefined],
  ['bread', 'food', undefined],
  ['cheese', 'food', undefined],
  ['milk', 'drinks', undefined],
  ['ground coffee', 'drinks', undefined],
  ['detergent', 'household', undefined],
  ['tissues', 'household', undefined],
  ['nappies', 'baby', 'baby'],
  ['pregnancy tests', 'baby', 'baby'],
  ['vitamins', 'health', 'health'],
];
export const SENSITIVE_NAMES = CATEGORIES.filter((c) => c[2] !== undefined).map((c) => c[0]);
export const BASE_DAY = 19_700;

export interface WorldOptions {
  customers?: number;
  linesPerCustomer?: number;
  capacityShare?: number;
}

/** A random small retailer, loaded through ingest(). */
export async function makeWorld(seed: number, options: WorldOptions = {}): Promise<Dataset> {
  const rng = createRandom(seed);
  const n = options.customers ?? 40;
  const products = CATEGORIES.flatMap(([category, department, sensitive], k) =>
    [0, 1].map((i) => ({ id: `p${k}-${i}`, name: `${category} ${i}`, department, category, price: 1 + k, ...(sensitive ? { sensitive } : {}) })),
  );
  const customers = Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    name: `Customer ${i}`,
    region: ['north', 'south', 'east'][rng.int(3)]!,
    store: `s${rng.int(2)}`,
    consentSensitive: rng.bernoulli(0.5),
    profilingOptOut: rng.bernoulli(0.15),
    optedOutCategories: rng.bernoulli(0.1) ? [CATEGORIES[rng.int(CATEGORIES.length)]![0]] : [],
  }));
  const transactions: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const lines = rng.int((options.linesPerCustomer ?? 30) + 1);
    for (let l = 0; l < lines; l++) {
      const day = BASE_DAY + rng.int(120);
      transactions.push({ customer: `c${i}`, product: `p${rng.int(CATEGORIES.length)}-${rng.int(2)}`, date: day, basket: `b${i}-${day}`, spend: 1 + rng.int(20), discount: rng.int(3) });
    }
  }
  const capShare = options.capacityShare ?? 0.3;
  const offers = [
    ...CATEGORIES.map(([category], k) => ({
      id: `o${k}`,
      name: `Save on ${category}`,
      kind: 'cross-sell',
      targetCategories: [category],
      reward: 1 + (k % 3),
      cost: 1,
      margin: 2,
      validFrom: BASE_DAY,
      validTo: BASE_DAY + 400,
      ...(rng.bernoulli(capShare) ? { capacity: 2 + rng.int(n) } : {}),
    })),
    { id: 'g0', name: 'Money off your shop', kind: 'generic', reward: 2, cost: 1, margin: 1, validFrom: BASE_DAY, validTo: BASE_DAY + 400 },
    { id: 'g1', name: 'Double points', kind: 'generic', reward: 1, cost: 1, margin: 1, validFrom: BASE_DAY, validTo: BASE_DAY + 400 },
  ];
  return ingest({ products, customers, transactions, offers });
}

/** Profiles computed the plain way from the transactions (a hand-built stand-in for buildProfiles). */
export function handProfiles(data: Dataset, asOfDay = BASE_DAY + 121): Profiles {
  const n = data.customers.ids.size;
  const K = data.catalog.categories.size;
  const t = data.transactions;
  const rowPtr = new Int32Array(n + 1);
  const cat: number[] = [];
  const ws: number[] = [];
  const sp: number[] = [];
  const pu: number[] = [];
  const ld: number[] = [];
  const cy: number[] = [];
  const totalSpend = new Float64Array(n);
  const weightedTotalSpend = new Float64Array(n);
  const visits = new Int32Array(n);
  const lines = new Int32Array(n);
  const firstDay = new Int32Array(n).fill(-1);
  const lastVisitDay = new Int32Array(n).fill(-1);
  const buyers = new Int32Array(K);
  for (let c = 0; c < n; c++) {
    const days = new Map<number, Set<number>>();
    const spend = new Map<number, number>();
    const baskets = new Set<number>();
    for (let i = t.rowPtr[c]!; i < t.rowPtr[c + 1]!; i++) {
      const k = data.catalog.productCategory[t.product[i]!]!;
      if (!days.has(k)) days.set(k, new Set());
      days.get(k)!.add(t.day[i]!);
      spend.set(k, (spend.get(k) ?? 0) + t.spend[i]!);
      baskets.add(t.basket[i]!);
      totalSpend[c] += t.spend[i]!;
      weightedTotalSpend[c] += t.spend[i]! * 0.5 ** ((asOfDay - t.day[i]!) / 90);
      if (firstDay[c] === -1 || t.day[i]! < firstDay[c]!) firstDay[c] = t.day[i]!;
      if (t.day[i]! > lastVisitDay[c]!) lastVisitDay[c] = t.day[i]!;
    }
    visits[c] = baskets.size;
    lines[c] = t.rowPtr[c + 1]! - t.rowPtr[c]!;
    for (const k of [...days.keys()].sort((a, b) => a - b)) {
      const d = [...days.get(k)!].sort((a, b) => a - b);
      const gaps = d.slice(1).map((x, i) => x - d[i]!).sort((a, b) => a - b);
      cat.push(k);
      ws.push(spend.get(k)!);
      sp.push(spend.get(k)!);
      pu.push(d.length);
      ld.push(d[d.length - 1]!);
      cy.push(gaps.length === 0 ? Number.NaN : gaps[Math.floor(gaps.length / 2)]!);
      buyers[k]++;
    }
    rowPtr[c + 1] = cat.length;
  }
  const active = Math.max(1, [...visits].filter((v) => v > 0).length);
  return {
    customerCount: n,
    categoryCount: K,
    asOfDay,
    halfLifeDays: 90,
    rowPtr,
    category: Int32Array.from(cat),
    weightedSpend: Float32Array.from(ws),
    spend: Float32Array.from(sp),
    purchases: Int32Array.from(pu),
    lastDay: Int32Array.from(ld),
    cycleDays: Float32Array.from(cy),
    totalSpend,
    weightedTotalSpend,
    visits,
    lines,
    firstDay,
    lastVisitDay,
    discountShare: new Float32Array(n),
    basketSize: Float32Array.from(visits, (v, c) => (v === 0 ? 0 : lines[c]! / v)),
    region: data.customers.region.slice(),
    penetration: Float32Array.from(buyers, (b) => b / active),
    spendShare: new Float32Array(K).fill(1 / K),
    populationCycleDays: new Float32Array(K).fill(Number.NaN),
  };
}

/** A random plan as the select stage might write it: distinct offers, reasons targeted/discovery/fallback/generic. */
export function randomPlan(data: Dataset, seed: number, stride = 4): MailerPlan {
  const rng = createRandom(seed);
  const n = data.customers.ids.size;
  const m = data.offers.ids.size;
  const offer = new Int32Array(n * stride).fill(-1);
  const value = new Float32Array(n * stride);
  const reason = new Uint8Array(n * stride);
  const count = new Int32Array(n);
  const reasons = [PlacementReason.targeted, PlacementReason.targeted, PlacementReason.discovery, PlacementReason.fallback, PlacementReason.generic];
  for (let c = 0; c < n; c++) {
    const len = rng.bernoulli(0.1) ? 0 : 1 + rng.int(stride);
    const picked = rng.shuffle(Array.from({ length: m }, (_, i) => i)).slice(0, len);
    count[c] = len;
    for (let j = 0; j < len; j++) {
      offer[c * stride + j] = picked[j]!;
      reason[c * stride + j] = reasons[rng.int(reasons.length)]!;
      value[c * stride + j] = Math.round(rng.next() * 1000) / 100;
    }
  }
  return { customerCount: n, stride, offer, value, reason, propensity: new Float32Array(offer.length), count };
}

export function config(input: CampaignConfigInput = {}): CampaignConfig {
  return CampaignConfigSchema.parse(input);
}

export function clonePlan(p: MailerPlan): MailerPlan {
  return { customerCount: p.customerCount, stride: p.stride, offer: p.offer.slice(), value: p.value.slice(), reason: p.reason.slice(), propensity: p.propensity.slice(), count: p.count.slice() };
}

export function samePlan(a: MailerPlan, b: MailerPlan): boolean {
  const eq = (x: ArrayLike<number>, y: ArrayLike<number>): boolean => x.length === y.length && Array.from(x).every((v, i) => Object.is(v, y[i]));
  return a.customerCount === b.customerCount && a.stride === b.stride && eq(a.offer, b.offer) && eq(a.value, b.value) && eq(a.reason, b.reason) && eq(a.count, b.count);
}

/** Row of customer c as plain entries. */
export function rowOf(p: MailerPlan, c: number): { offer: number; value: number; reason: number }[] {
  const out = [];
  for (let j = 0; j < p.count[c]!; j++) out.push({ offer: p.offer[c * p.stride + j]!, value: p.value[c * p.stride + j]!, reason: p.reason[c * p.stride + j]! });
  return out;
}

/** Slow reference: sensitive offers by tag, straight from the records. */
export function slowSensitive(data: Dataset, tags: readonly string[]): boolean[] {
  const catTag = new Map<string, string | undefined>();
  for (const p of data.catalog.records) if (p.sensitive !== undefined && !catTag.has(p.category)) catTag.set(p.category, p.sensitive);
  return data.offers.records.map((o) =>
    o.targetCategories.some((name) => {
      const tag = catTag.get(name);
      return tag !== undefined && (tags.length === 0 || tags.includes(tag));
    }),
  );
}
