import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/index.js';
import { buildProfiles } from '../../src/profile/index.js';
import { dueness, fitRelevanceModel, scorePair, shrunkAffinity } from '../../src/score/index.js';

describe('relevance terms', () => {
  it('shrunkAffinity(share, evidence) gives 1 visit lower affinity than 10 at the same share, and is bounded', () => {
    const one = shrunkAffinity(0.5, 1, 0.05, 4, 3);
    const ten = shrunkAffinity(0.5, 10, 0.05, 4, 3);
    expect(one).toBeLessThan(ten);
    expect(one).toBeGreaterThan(0);
    expect(shrunkAffinity(1, 1e9, 1e-9, 4, 3)).toBeLessThan(3);
    expect(shrunkAffinity(0, 1e9, 0.2, 4, 3)).toBeGreaterThan(-3);
    // Never bought: negative, the more so the more history the customer has.
    expect(shrunkAffinity(0, 20, 0.2, 4, 3)).toBeLessThan(shrunkAffinity(0, 2, 0.2, 4, 3));
    expect(shrunkAffinity(0, 0, 0.2, 4, 3)).toBe(0);
  });

  it('scorePair(model, c, o) gives one purchase lower affinity than ten purchases at the same share', async () => {
    const products = [
      { id: 'milk', name: 'Milk', department: 'd', category: 'milk', price: 1 },
      { id: 'bread', name: 'Bread', department: 'd', category: 'bread', price: 1 },
      { id: 'jam', name: 'Jam', department: 'd', category: 'jam', price: 1 },
    ];
    const customers = ['once', 'often', 'filler'].map((id) => ({ id, region: 'r', store: 's' }));
    const transactions = [];
    // Same day for every basket, so recency weights are equal and both shares of milk are exactly 0.5.
    for (const [customer, baskets] of [['once', 1], ['often', 10]] as const) {
      for (let b = 0; b < baskets; b++) {
        transactions.push({ customer, product: 'milk', date: 50, basket: `${customer}${b}`, spend: 2 });
        transactions.push({ customer, product: 'bread', date: 50, basket: `${customer}${b}`, spend: 2 });
      }
    }
    for (let b = 0; b < 20; b++) transactions.push({ customer: 'filler', product: 'jam', date: 50, basket: `f${b}`, spend: 5 });
    const offers = [{ id: 'o-milk', name: 'Milk', kind: 'retention', targetCategories: ['milk'], reward: 1, cost: 1, margin: 2, validFrom: 0, validTo: 99 }];
    const data = await ingest({ products, customers, transactions, offers });
    const model = fitRelevanceModel(buildProfiles(data), data.offers, data.catalog, { dimensions: 2 });
    const once = scorePair(model, data.customers.ids.get('once'), 0);
    const often = scorePair(model, data.customers.ids.get('often'), 0);
    expect(once.affinity).toBeGreaterThan(0);
    expect(once.affinity).toBeLessThan(often.affinity);
    const filler = scorePair(model, data.customers.ids.get('filler'), 0);
    expect(filler.affinity).toBeLessThan(0);
  });

  it('dueness(elapsed, cycle) peaks at one cycle and decays after two to three', () => {
    const cycle = 14;
    expect(dueness(cycle, cycle, 3)).toBeCloseTo(1, 12);
    let prev = -1;
    for (let x = 0.1; x <= 1.0001; x += 0.1) {
      const v = dueness(x * cycle, cycle, 3);
      expect(v).toBeGreaterThan(prev);
      prev = v;
    }
    for (let x = 1.1; x <= 4; x += 0.1) {
      const v = dueness(x * cycle, cycle, 3);
      expect(v).toBeLessThan(prev);
      prev = v;
    }
    expect(dueness(3 * cycle, cycle, 3)).toBeLessThan(0.1);
    expect(dueness(5, Number.NaN, 3)).toBe(0);
  });

  it('scorePair(model, c, o).replenishment peaks when asOfDay is one cycle after the last purchase', async () => {
    const products = [{ id: 'nappies', name: 'Nappies', department: 'baby', category: 'nappies', price: 10 }];
    const customers = [{ id: 'a', region: 'r', store: 's' }];
    const transactions = [0, 10, 20, 30].map((day) => ({ customer: 'a', product: 'nappies', date: day, basket: `b${day}`, spend: 10 }));
    const offers = [{ id: 'o', name: 'Nappies', kind: 'replenishment', targetCategories: ['nappies'], reward: 2, cost: 2, margin: 4, validFrom: 0, validTo: 99 }];
    const data = await ingest({ products, customers, transactions, offers });
    const profiles = buildProfiles(data, { asOfDay: 31 });
    const at = (asOfDay: number) => scorePair(fitRelevanceModel(profiles, data.offers, data.catalog, { asOfDay, dimensions: 1 }), 0, 0).replenishment;
    expect(at(40)).toBeCloseTo(1, 6);
    expect(at(40)).toBeGreaterThan(at(34));
    expect(at(40)).toBeGreaterThan(at(60));
    expect(at(60)).toBeGreaterThan(at(90));
  });
});
