import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/index.js';
import { toDay } from '../../src/schema/days.js';
import { generateRetailer } from '../../src/synth/index.js';

const SMALL = { customers: 100, products: 900, offers: 300, seed: 17 } as const;

describe('generateRetailer(options)', () => {
  it('generateRetailer(options) with the same seed is deep-equal, transactions included', () => {
    const a = generateRetailer(SMALL);
    const b = generateRetailer({ ...SMALL });
    expect(b.products).toEqual(a.products);
    expect(b.customers).toEqual(a.customers);
    expect(b.offers).toEqual(a.offers);
    expect(b.contacts).toEqual(a.contacts);
    expect([...b.transactions()]).toEqual([...a.transactions()]);
    expect(b.truth.propensity(5, 7)).toBe(a.truth.propensity(5, 7));
  });

  it('generateRetailer(options) with another seed differs in every generated part', () => {
    const a = generateRetailer(SMALL);
    const b = generateRetailer({ ...SMALL, seed: 18 });
    expect(b.products).not.toEqual(a.products);
    expect(b.customers).not.toEqual(a.customers);
    expect(b.offers).not.toEqual(a.offers);
    const ta = [...a.transactions()].slice(0, 200);
    const tb = [...b.transactions()].slice(0, 200);
    expect(tb).not.toEqual(ta);
  });

  it('generateRetailer(options).transactions() iterates identically twice, ordered by customer then day', () => {
    const shop = generateRetailer(SMALL);
    const first = [...shop.transactions()];
    const second = [...shop.transactions()];
    expect(second).toEqual(first);
    expect(first.length).toBeGreaterThan(SMALL.customers * 50);
    const order = new Map(shop.customers.map((c, i) => [c.id as string, i]));
    let previous = -1;
    let previousDay = -1;
    let disorder = 0;
    for (const line of first) {
      const c = order.get(line.customer as string)!;
      const d = toDay(line.date as string);
      if (c < previous || (c === previous && d < previousDay)) disorder++;
      if (c !== previous) previousDay = -1;
      previous = c;
      previousDay = d;
    }
    expect(disorder).toBe(0);
  });

  it('generateRetailer(options) customer i does not depend on how many customers were asked for', () => {
    const small = generateRetailer({ ...SMALL, customers: 40 });
    const large = generateRetailer(SMALL);
    expect(large.customers.slice(0, 40)).toEqual(small.customers);
    const firstLines = (shop: typeof small) => [...shop.transactions()].filter((t) => t.customer === small.customers[7]!.id);
    expect(firstLines(large)).toEqual(firstLines(small));
  });

  it('generateRetailer(options) output passes ingest() with zero rejects and sane counts', async () => {
    const shop = generateRetailer({ customers: 120, seed: 4 });
    const data = await ingest(
      { products: shop.products, customers: shop.customers, offers: shop.offers, contacts: shop.contacts, transactions: shop.transactions() },
      { onInvalid: 'collect' },
    );
    const counts = data.report.counts;
    expect(data.report.rejects).toEqual([]);
    expect(counts.products.accepted).toBe(3_000);
    expect(counts.customers.accepted).toBe(120);
    expect(counts.offers.accepted).toBe(2_000);
    expect(counts.contacts.accepted).toBe(shop.contacts.length);
    expect(shop.contacts.length).toBeGreaterThan(120);
    // About 150-250 lines per household-year (some join late or lapse).
    expect(counts.transactions.accepted / 120).toBeGreaterThan(120);
    expect(counts.transactions.accepted / 120).toBeLessThan(280);
    expect(data.catalog.categories.size).toBe(300);
    expect(data.catalog.departments.size).toBe(20);
    expect(data.catalog.brands.size).toBeGreaterThan(100);
    expect(data.catalog.sensitiveTags.size).toBe(2);
    expect(data.catalog.sensitiveTags.get('baby')).toBeGreaterThanOrEqual(0);
    expect(data.catalog.sensitiveTags.get('health')).toBeGreaterThanOrEqual(0);
    expect(data.transactions.minDay).toBeGreaterThanOrEqual(toDay('2024-01-03'));
    expect(data.transactions.maxDay).toBeLessThanOrEqual(toDay('2024-12-31'));
    // Offers: 5 generic, the rest targeted; validity covers the 4 weeks after the history.
    const kinds = new Map<string, number>();
    for (const o of shop.offers) kinds.set(o.kind as string, (kinds.get(o.kind as string) ?? 0) + 1);
    expect(kinds.get('generic')).toBe(5);
    for (const k of ['cross-sell', 'retention', 'acquisition', 'replenishment', 'win-back']) expect(kinds.get(k)).toBeGreaterThan(100);
    let covering = 0;
    for (let o = 0; o < data.offers.ids.size; o++) {
      if (data.offers.validFrom[o]! <= toDay('2025-01-01') && data.offers.validTo[o]! >= toDay('2025-01-28')) covering++;
    }
    expect(covering).toBe(2_000);
    expect(shop.offers.some((o) => (o.eligibleRegions as string[]).length > 0)).toBe(true);
    expect(shop.offers.some((o) => o.minSpend !== undefined)).toBe(true);
    expect(shop.offers.some((o) => o.minLapsedDays !== undefined)).toBe(true);
    expect(shop.offers.some((o) => o.capacity !== undefined)).toBe(true);
    // Sensitive offers exist for both tags.
    const sensitiveOffers = Array.from(data.offers.sensitive).filter((s) => s >= 0).length;
    expect(sensitiveOffers).toBeGreaterThan(20);
  }, 60_000);

  it('generateRetailer(options) draws consents and the expecting segment near their configured shares', () => {
    const shop = generateRetailer({ customers: 4_000, offers: 0, products: 300, seed: 2 });
    const share = (f: (c: (typeof shop.customers)[number]) => boolean) => shop.customers.filter(f).length / 4_000;
    expect(share((c) => c.consentMail === true)).toBeGreaterThan(0.93);
    expect(share((c) => c.consentEmail === true)).toBeGreaterThan(0.27);
    expect(share((c) => c.consentEmail === true)).toBeLessThan(0.33);
    expect(share((c) => c.consentSensitive === true)).toBeGreaterThan(0.17);
    expect(share((c) => c.consentSensitive === true)).toBeLessThan(0.23);
    expect(share((c) => c.profilingOptOut === true)).toBeGreaterThan(0.01);
    expect(share((c) => c.profilingOptOut === true)).toBeLessThan(0.03);
    expect(share((c) => (c.optedOutCategories as string[]).length > 0)).toBeGreaterThan(0.01);
    let expecting = 0;
    for (let i = 0; i < 4_000; i++) if (shop.truth.segment(i) === 'expecting') expecting++;
    // ~3% drawn, a few dropped when the household's active window is too short for an event.
    expect(expecting / 4_000).toBeGreaterThan(0.02);
    expect(expecting / 4_000).toBeLessThan(0.04);
    expect(new Set(shop.customers.map((c) => c.region))).toEqual(new Set(['north', 'south', 'east', 'west', 'london']));
  });

  it('generateRetailer(options) honours departments, categories, days and endDate', () => {
    const shop = generateRetailer({ customers: 20, departments: 5, categories: 40, products: 100, offers: 12, days: 60, endDate: '2023-06-30' });
    expect(new Set(shop.products.map((p) => p.department)).size).toBe(5);
    expect(new Set(shop.products.map((p) => p.category)).size).toBe(40);
    expect(shop.truth.categories.length).toBe(40);
    expect(shop.products.length).toBe(100);
    expect(shop.offers.length).toBe(12);
    expect(shop.startDate).toBe('2023-05-02');
    expect(shop.endDate).toBe('2023-06-30');
    for (const t of shop.transactions()) {
      expect(t.date as string >= '2023-05-02' && (t.date as string) <= '2023-06-30').toBe(true);
    }
  });

  it('generateRetailer(options) rejects bad sizes with RangeError and bad kinds with TypeError, without mutating options', () => {
    expect(() => generateRetailer({ customers: 0 })).toThrow(RangeError);
    expect(() => generateRetailer({ customers: 1.5 })).toThrow(RangeError);
    expect(() => generateRetailer({ departments: 21 })).toThrow(RangeError);
    expect(() => generateRetailer({ categories: 300, products: 299 })).toThrow(RangeError);
    expect(() => generateRetailer({ endDate: '2024-02-30' })).toThrow(RangeError);
    expect(() => generateRetailer({ customers: '5' as unknown as number })).toThrow(TypeError);
    expect(() => generateRetailer({ seed: Number.NaN })).toThrow(TypeError);
    const options = Object.freeze({ customers: 10, offers: 8, products: 400, seed: 3 });
    const shop = generateRetailer(options);
    expect(options).toEqual({ customers: 10, offers: 8, products: 400, seed: 3 });
    expect(shop.options.days).toBe(364);
    expect(() => shop.truth.propensity(10, 0)).toThrow(RangeError);
    expect(() => shop.simulator.redemptionProbability(0, 8)).toThrow(RangeError);
  });
});

describe('generateRetailer simulator probabilities', () => {
  it('simulator.redemptionProbability(c, o) stays in [0, 0.9] for every pair (regression: per-category cumulative popularity made product offers negative)', () => {
    const shop = generateRetailer({ customers: 60, seed: 1 });
    for (let c = 0; c < 60; c++) {
      for (let o = 0; o < shop.offers.length; o++) {
        const p = shop.simulator.redemptionProbability(c, o);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(0.9);
      }
    }
  });
});
