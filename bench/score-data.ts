// Shared seeded data for the score benches (no side effects: running it alone does nothing).
import { buildCatalog } from '../src/ingest/catalog.js';
import { buildCustomerTable } from '../src/ingest/customerTable.js';
import { buildOfferTable } from '../src/ingest/offerTable.js';
import type { Profiles } from '../src/profile/profiles.js';
import type { Offer } from '../src/schema/offer.js';
import { fitRelevanceModel, type RelevanceModel } from '../src/score/index.js';
import { createRandom } from '../src/lib/random.js';

/** Seeded uniform [0, 1), from the project's one seeded generator. */
export function rng(seed: number): () => number {
  const random = createRandom(seed);
  return () => random.next();
}

/** Random customer and offer factors for the dense case, plus the RelevanceModel around them. */
export interface DenseCase {
  model: RelevanceModel;
  /** Customers x d and offers x d, row-major (offer o targets category o, so offer factor = category factor). */
  customer: Float32Array;
  offer: Float32Array;
  d: number;
}

/**
 * The dense case: `customers x offers` random factors of dimension d, no purchase history, weights
 * set so the score is exactly `dot(U_c, F_o)` (crossSellWeight 1, others 0), so every baseline
 * computes the same numbers.
 */
export function denseCase(customers: number, offers: number, d: number, seed = 1): DenseCase {
  const r = rng(seed);
  const customer = new Float32Array(customers * d);
  const offer = new Float32Array(offers * d);
  for (let i = 0; i < customer.length; i++) customer[i] = r() * 2 - 1;
  for (let i = 0; i < offer.length; i++) offer[i] = r() * 2 - 1;
  const products = Array.from({ length: offers }, (_, o) => ({ id: `p${o}`, name: `P${o}`, department: 'd', category: `c${o}`, price: 1 }));
  const catalog = buildCatalog(products);
  const records: Offer[] = Array.from({ length: offers }, (_, o) => ({
    id: `o${o}`,
    name: `O${o}`,
    kind: 'cross-sell',
    targetProducts: [],
    targetCategories: [`c${o}`],
    targetBrands: [],
    reward: 1,
    cost: 0,
    margin: 1,
    capacity: undefined,
    budget: undefined,
    minVolume: undefined,
    validFrom: 0,
    validTo: 1,
    priority: 1,
    group: undefined,
    channel: 'mail',
    eligibleRegions: [],
    eligibleStores: [],
    eligibleSegments: [],
    minSpend: undefined,
    maxSpend: undefined,
    minLapsedDays: undefined,
    targetHistory: 'any',
  }));
  const offerTable = buildOfferTable(records, catalog, buildCustomerTable([], catalog.categories));
  const T = offers;
  const profiles: Profiles = {
    customerCount: customers,
    categoryCount: T,
    asOfDay: 1,
    halfLifeDays: 90,
    rowPtr: new Int32Array(customers + 1),
    category: new Int32Array(0),
    weightedSpend: new Float32Array(0),
    spend: new Float32Array(0),
    purchases: new Int32Array(0),
    lastDay: new Int32Array(0),
    cycleDays: new Float32Array(0),
    totalSpend: new Float64Array(customers),
    weightedTotalSpend: new Float64Array(customers),
    visits: new Int32Array(customers),
    lines: new Int32Array(customers),
    firstDay: new Int32Array(customers).fill(-1),
    lastVisitDay: new Int32Array(customers).fill(-1),
    discountShare: new Float32Array(customers),
    basketSize: new Float32Array(customers),
    region: new Int32Array(customers),
    penetration: new Float32Array(T),
    spendShare: new Float32Array(T).fill(1 / T),
    populationCycleDays: new Float32Array(T).fill(Number.NaN),
  };
  const model = fitRelevanceModel(profiles, offerTable, catalog, {
    factors: { dimensions: d, customer, category: offer },
    affinityWeight: 0,
    crossSellWeight: 1,
    replenishmentWeight: 0,
    valueWeight: 0,
  });
  return { model, customer, offer, d };
}

/** `--name value` from the command line, else the fallback. */
export function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

export const smoke = process.argv.includes('--smoke');
