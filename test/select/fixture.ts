import { ingest, type Dataset } from '../../src/ingest/ingest.js';
import type { Candidates } from '../../src/score/candidates.js';
import type { Profiles } from '../../src/profile/profiles.js';
import { CampaignConfigSchema, type CampaignConfig, type CampaignConfigInput } from '../../src/schema/campaignConfig.js';
import { toDay } from '../../src/schema/days.js';
import { profilesFrom, rng } from './helpers.js';

export const DAY = toDay('2024-03-01');
const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

/** A random small retailer built through ingest(): 6 departments x 3 categories, offers with random rules. */
export async function randomDataset(seed: number, customers = 40, offerCount = 24): Promise<{ data: Dataset; profiles: Profiles }> {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const products = [];
  for (let d = 0; d < 6; d++) for (let c = 0; c < 3; c++) products.push({ id: `p${d}${c}`, name: `P${d}${c}`, department: `d${d}`, category: `c${d}${c}`, subcategory: `s${c}`, brand: `b${(d + c) % 4}`, price: 2 });
  const cats = products.map((p) => p.category);
  const custs = Array.from({ length: customers }, (_, i) => ({
    id: `u${i}`,
    region: pick(['north', 'south']),
    store: pick(['s1', 's2', 's3']),
    segment: r() < 0.8 ? pick(['family', 'single']) : undefined,
    consentMail: r() < 0.9,
    consentEmail: r() < 0.4,
    profilingOptOut: r() < 0.1,
    optedOutCategories: r() < 0.2 ? [pick(cats)] : [],
  }));
  const offers = Array.from({ length: offerCount }, (_, i) => {
    const generic = i < 3;
    return {
      id: `o${i}`,
      name: `Offer ${i}`,
      kind: generic ? 'generic' : pick(['cross-sell', 'retention', 'acquisition', 'win-back']),
      targetCategories: generic ? [] : [pick(cats)],
      reward: 1,
      cost: 1 + Math.floor(r() * 4),
      margin: 1 + Math.floor(r() * 10),
      capacity: r() < 0.5 ? Math.floor(r() * customers * 0.3) : undefined,
      budget: r() < 0.3 ? r() * customers * 0.1 : undefined,
      minVolume: r() < 0.1 ? 3 : undefined,
      validFrom: iso(DAY - (r() < 0.9 ? 10 : -5)),
      validTo: iso(DAY + 20),
      priority: 1 + Math.floor(r() * 2),
      group: r() < 0.3 ? 'seasonal' : undefined,
      channel: r() < 0.85 ? 'mail' : 'email',
      eligibleRegions: r() < 0.2 ? ['north'] : [],
      eligibleStores: r() < 0.1 ? ['s1', 's2'] : [],
      eligibleSegments: r() < 0.1 ? ['family'] : [],
      minSpend: r() < 0.1 ? 20 : undefined,
      targetHistory: generic ? 'any' : pick(['any', 'any', 'never', 'bought']),
      minLapsedDays: !generic && r() < 0.1 ? 30 : undefined,
    };
  });
  const contacts = [];
  for (let i = 0; i < customers; i++) {
    if (r() < 0.3) contacts.push({ customer: `u${i}`, offer: `o${3 + Math.floor(r() * (offerCount - 3))}`, campaign: 'spring', date: iso(DAY - 1 - Math.floor(r() * 60)), redeemed: r() < 0.5 });
    if (r() < 0.1) for (let k = 0; k < 4; k++) contacts.push({ customer: `u${i}`, campaign: `c${k}`, date: iso(DAY - 5 - k * 10) });
  }
  const transactions = [{ customer: 'u0', product: 'p00', date: iso(DAY - 1), basket: 'b0', quantity: 1, spend: 1, discount: 0 }];
  const data = await ingest({ products, customers: custs, transactions, offers, contacts });
  const nCat = data.catalog.categories.size;
  const profiles = profilesFrom(
    Array.from({ length: customers }, () => {
      const rows = new Map<number, { category: number; spend: number; lastDay: number }>();
      const cnt = Math.floor(r() * 5);
      for (let q = 0; q < cnt; q++) {
        const category = Math.floor(r() * nCat);
        rows.set(category, { category, spend: 1 + r() * 20, lastDay: DAY - 1 - Math.floor(r() * 80) });
      }
      return [...rows.values()];
    }),
    nCat,
    DAY,
  );
  return { data, profiles };
}

/** Random top-K candidates over every offer (sorted by score, distinct offers). */
export function randomCandidates(seed: number, customers: number, offers: number, k: number): Candidates {
  const r = rng(seed);
  const offer = new Int32Array(customers * k).fill(-1);
  const score = new Float32Array(customers * k);
  const count = new Int32Array(customers);
  for (let c = 0; c < customers; c++) {
    const n = Math.min(k, offers, Math.floor(r() * (k + 1)) + (r() < 0.8 ? k : 0));
    const perm = Array.from({ length: offers }, (_, i) => i).sort(() => r() - 0.5).slice(0, n);
    const scores = perm.map(() => Math.fround(r() * 3)).sort((a, b) => b - a);
    for (let j = 0; j < n; j++) {
      offer[c * k + j] = perm[j]!;
      score[c * k + j] = scores[j]!;
    }
    count[c] = n;
  }
  return { k, customerCount: customers, offer, score, count };
}

export function config(input: CampaignConfigInput = {}): CampaignConfig {
  return CampaignConfigSchema.parse({ date: '2024-03-01', slots: 3, ...input });
}
