import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/index.js';
import { buildProfiles } from '../../src/profile/index.js';
import { customerPriorWeight, dueness, exposureMonths, fitRelevanceModel, priorAffinity, scorePair, shrunkAffinity } from '../../src/score/index.js';

describe('relevance terms', () => {
  it('shrunkAffinity(count, exposure, rate) rises with purchases, is the log of a monthly chance at liftExponent 0, and liftExponent 1 penalises popular categories', () => {
    expect(shrunkAffinity(1, 4, 0.05, 4, 0)).toBeLessThan(shrunkAffinity(10, 4, 0.05, 4, 0));
    // rate (3 + 4 * 0.1) / (4 + 4) = 0.425 purchases a month: chance 1 - e^-0.425.
    expect(shrunkAffinity(3, 4, 0.1, 4, 0)).toBeCloseTo(Math.log(1 - Math.exp(-0.425)), 12);
    expect(shrunkAffinity(1e6, 4, 0.1, 4, 0)).toBeLessThanOrEqual(0);
    // Weekly bread (popular) vs a niche category bought as often as the population: absolute ranks bread first, lift ranks the niche first.
    const bread = (beta: number) => shrunkAffinity(16, 4, 3, 4, beta);
    const niche = (beta: number) => shrunkAffinity(0.6, 4, 0.01, 4, beta);
    expect(bread(0)).toBeGreaterThan(niche(0));
    expect(bread(1)).toBeLessThan(niche(1));
    // No history: the prior alone.
    expect(shrunkAffinity(0, 0, 0.2, 4, 0)).toBeCloseTo(Math.log(1 - Math.exp(-0.2)), 12);
  });

  it('customerPriorWeight(exposure) + priorAffinity(rate) never exceeds shrunkAffinity of a bought category (the kernel relies on it)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 24, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0.01, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (count, exposure, rate, shrinkage, beta) => {
          const unbought = customerPriorWeight(exposure, shrinkage) + priorAffinity(rate, beta);
          expect(unbought).toBeLessThanOrEqual(shrunkAffinity(count, exposure, rate, shrinkage, beta) + 1e-12);
        },
      ),
      { seed: 42, numRuns: 500 },
    );
    expect(customerPriorWeight(0, 4)).toBe(0);
    expect(customerPriorWeight(12, 4)).toBeCloseTo(Math.log(0.25), 12);
  });

  it('exposureMonths(days, halfLife) is the recency-weighted window in months', () => {
    expect(exposureMonths(0, 90)).toBe(0);
    expect(exposureMonths(1e9, 90)).toBeCloseTo(90 / Math.LN2 / 30.4375, 9);
    expect(exposureMonths(30, 1e9)).toBeCloseTo(30 / 30.4375, 6);
  });

  it('scorePair(model, c, o) gives one purchase lower affinity than ten, and a category never bought lower still', async () => {
    const products = [
      { id: 'milk', name: 'Milk', department: 'd', category: 'milk', price: 1 },
      { id: 'bread', name: 'Bread', department: 'd', category: 'bread', price: 1 },
      { id: 'jam', name: 'Jam', department: 'd', category: 'jam', price: 1 },
    ];
    const customers = ['once', 'often', 'filler'].map((id) => ({ id, region: 'r', store: 's' }));
    const transactions = [];
    // Every customer starts on day 0 and shops until day 90, so exposures are equal.
    for (const [customer, baskets] of [['once', 1], ['often', 10]] as const) {
      transactions.push({ customer, product: 'bread', date: 0, basket: `${customer}-start`, spend: 2 });
      for (let b = 0; b < baskets; b++) transactions.push({ customer, product: 'milk', date: 90 - b * 9, basket: `${customer}${b}`, spend: 2 });
    }
    transactions.push({ customer: 'filler', product: 'jam', date: 0, basket: 'f-start', spend: 5 });
    for (let b = 0; b < 20; b++) transactions.push({ customer: 'filler', product: 'jam', date: 90 - b * 4, basket: `f${b}`, spend: 5 });
    const offers = [{ id: 'o-milk', name: 'Milk', kind: 'retention', targetCategories: ['milk'], reward: 1, cost: 1, margin: 2, validFrom: 0, validTo: 99 }];
    const data = await ingest({ products, customers, transactions, offers });
    const model = fitRelevanceModel(buildProfiles(data), data.offers, data.catalog, { dimensions: 2 });
    const once = scorePair(model, data.customers.ids.get('once'), 0);
    const often = scorePair(model, data.customers.ids.get('often'), 0);
    const filler = scorePair(model, data.customers.ids.get('filler'), 0);
    expect(once.affinity).toBeLessThan(often.affinity);
    expect(filler.affinity).toBeLessThan(once.affinity);
    expect(often.score).toBeCloseTo(Math.exp(often.total), 12);
  });

  it('dueness(elapsed, cycle) is floor / (floor + 1) right after a purchase, 1 at one cycle, rising to a plateau at dueCap cycles', () => {
    const cycle = 14;
    expect(dueness(0, cycle, 1.5, 2.5)).toBeCloseTo(0.6, 12);
    expect(dueness(cycle, cycle, 1.5, 2.5)).toBeCloseTo(1, 12);
    let prev = -1;
    for (let x = 0; x <= 2.5; x += 0.1) {
      const v = dueness(x * cycle, cycle, 1.5, 2.5);
      expect(v).toBeGreaterThan(prev);
      prev = v;
    }
    expect(dueness(10 * cycle, cycle, 1.5, 2.5)).toBeCloseTo(1.6, 12);
    expect(dueness(5, Number.NaN, 1.5, 2.5)).toBe(1);
  });

  it('scorePair(model, c, o).replenishment is 0 at one cycle, negative before, positive after, and flat past dueCap', async () => {
    const products = [{ id: 'nappies', name: 'Nappies', department: 'baby', category: 'nappies', price: 10 }];
    const customers = [{ id: 'a', region: 'r', store: 's' }];
    const transactions = [0, 10, 20, 30].map((day) => ({ customer: 'a', product: 'nappies', date: day, basket: `b${day}`, spend: 10 }));
    const offers = [{ id: 'o', name: 'Nappies', kind: 'replenishment', targetCategories: ['nappies'], reward: 2, cost: 2, margin: 4, validFrom: 0, validTo: 99 }];
    const data = await ingest({ products, customers, transactions, offers });
    const profiles = buildProfiles(data, { asOfDay: 31 });
    const at = (asOfDay: number) => scorePair(fitRelevanceModel(profiles, data.offers, data.catalog, { asOfDay, dimensions: 1 }), 0, 0).replenishment;
    expect(at(40)).toBeCloseTo(0, 12);
    expect(at(34)).toBeLessThan(0);
    expect(at(50)).toBeGreaterThan(at(40));
    expect(at(55)).toBeCloseTo(Math.log(1.6), 12);
    expect(at(90)).toBeCloseTo(at(55), 12);
  });

  it('fitRelevanceModel(..., { liftExponent: 2 }) and bad due shapes throw RangeErrors naming the value', async () => {
    const data = await ingest({
      products: [{ id: 'p', name: 'P', department: 'd', category: 'c', price: 1 }],
      customers: [{ id: 'a', region: 'r', store: 's' }],
      transactions: [{ customer: 'a', product: 'p', date: 1, basket: 'b', spend: 1 }],
      offers: [],
    });
    const profiles = buildProfiles(data);
    expect(() => fitRelevanceModel(profiles, data.offers, data.catalog, { liftExponent: 2 })).toThrow(/liftExponent.*2/);
    expect(() => fitRelevanceModel(profiles, data.offers, data.catalog, { dueFloor: 0 })).toThrow(RangeError);
    expect(() => fitRelevanceModel(profiles, data.offers, data.catalog, { dueCap: 0.5 })).toThrow(/dueCap/);
    expect(() => fitRelevanceModel(profiles, data.offers, data.catalog, { depthElasticity: -1 })).toThrow(/depthElasticity/);
  });
});
