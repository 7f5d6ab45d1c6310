import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/index.js';
import { dataView } from '../../src/protect/dataView.js';
import { explain, NEUTRAL_REASON } from '../../src/protect/explain.js';
import { staffBrief } from '../../src/protect/staffBrief.js';
import { toDay } from '../../src/schema/days.js';
import { handProfiles, makeWorld, SENSITIVE_NAMES } from './fixtures.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
console.log(`transparency properties: fast-check seed ${SEED} (replay with FC_SEED=${SEED})`);

/** One customer with a known history: coffee in 3 baskets in the last 12 weeks (and 1 older), milk every 6 days. */
async function knownWorld() {
  const d0 = toDay('2024-01-01');
  const products = [
    { id: 'cof', name: 'Ground coffee 250g', department: 'drinks', category: 'ground coffee', price: 4 },
    { id: 'mlk', name: 'Milk 2l', department: 'dairy', category: 'milk', price: 1.2 },
    { id: 'pst', name: 'Penne', department: 'food', category: 'pasta', price: 1 },
    { id: 'tst', name: 'Pregnancy test', department: 'health', category: 'pregnancy tests', price: 9, sensitive: 'baby' },
  ];
  const customers = [
    { id: 'ana', name: 'Ana', region: 'north', store: 's1', consentSensitive: true, optedOutCategories: 'pasta' },
    { id: 'bob', region: 'south', store: 's1' },
  ];
  const tx = (customer: string, product: string, day: number, spend = 2) => ({ customer, product, date: day, basket: `${customer}-${day}`, spend });
  const transactions = [
    tx('ana', 'cof', d0 - 200),
    tx('ana', 'cof', d0 - 70),
    tx('ana', 'cof', d0 - 40),
    tx('ana', 'cof', d0 - 10),
    tx('ana', 'mlk', d0 - 25),
    tx('ana', 'mlk', d0 - 19),
    tx('ana', 'mlk', d0 - 13),
    tx('ana', 'mlk', d0 - 7),
    tx('ana', 'pst', d0 - 7),
    tx('ana', 'pst', d0 - 3),
    tx('ana', 'tst', d0 - 5, 9),
    tx('bob', 'pst', d0 - 3),
  ];
  const offer = (id: string, name: string, cats: string[]) => ({ id, name, kind: 'cross-sell', targetCategories: cats, reward: 1.5, cost: 1, margin: 2, validFrom: '2023-01-01', validTo: '2025-01-01' });
  const offers = [offer('o-cof', '£1.50 off coffee', ['ground coffee']), offer('o-mlk', 'Milk deal', ['milk']), offer('o-tst', 'Test kit offer', ['pregnancy tests'])];
  const contacts = [{ customer: 'ana', offer: 'o-cof', campaign: 'spring', date: d0 - 30, redeemed: true }];
  const data = await ingest({ products, customers, transactions, offers, contacts });
  return { data, profiles: handProfiles(data, d0), d0 };
}

const contrib = (p: Partial<Record<'affinity' | 'crossSell' | 'replenishment' | 'value', number>>) => {
  const c = { affinity: 0, crossSell: 0, replenishment: 0, value: 0, ...p };
  return { total: c.affinity + c.crossSell + c.replenishment + c.value, ...c };
};

describe('explain', () => {
  it('explain(data, profiles, customer, offer, contributions) counts purchases from the transactions', async () => {
    const { data, profiles } = await knownWorld();
    const e = explain(data, profiles, 'ana', 'o-cof', contrib({ affinity: 2, value: 0.5 }));
    expect(e.reasons[0]!.text).toBe('You bought ground coffee 3 times in the last 12 weeks');
    expect(e.reasons[1]!.text).toBe('It saves you 1.50');
    expect(e.text).toBe('You bought ground coffee 3 times in the last 12 weeks. It saves you 1.50.');
  });

  it('explain(...) orders reasons by contribution and words replenishment from the cycle', async () => {
    const { data, profiles } = await knownWorld();
    const e = explain(data, profiles, 'ana', 'o-mlk', contrib({ affinity: 0.2, replenishment: 1, crossSell: 0.5 }));
    expect(e.reasons.map((r) => r.kind)).toEqual(['replenishment', 'crossSell', 'affinity']);
    expect(e.reasons[0]!.text).toBe('You usually buy milk every 6 days; it has been 7');
    // cross-sell names the customer's most bought other category: ground coffee (4 trips)
    expect(e.reasons[1]!.text).toBe('Popular with customers who buy ground coffee');
  });

  it("explain(..., { audience: 'staff' }) gives only the neutral reason for a sensitive offer; the customer sees the real one", async () => {
    const { data, profiles } = await knownWorld();
    const c = contrib({ affinity: 3 });
    expect(explain(data, profiles, 'ana', 'o-tst', c).text).toBe('You bought pregnancy tests once in the last 12 weeks.');
    for (const audience of ['staff', 'marketing'] as const) {
      const e = explain(data, profiles, 'ana', 'o-tst', c, { audience });
      expect(e.sensitive).toBe(true);
      expect(e.reasons).toEqual([{ kind: 'general', contribution: 3, text: NEUTRAL_REASON }]);
    }
  });

  it("explain(..., { audience: 'staff' | 'marketing' }) never mentions a sensitive category name (random data)", async () => {
    const part = fc.double({ min: -1, max: 3, noNaN: true });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.record({ affinity: part, crossSell: part, replenishment: part, value: part }), fc.constantFrom('staff', 'marketing' as const), async (seed, parts, audience) => {
        const data = await makeWorld(seed, { customers: 6, linesPerCustomer: 40 });
        const profiles = handProfiles(data);
        for (let c = 0; c < data.customers.ids.size; c++) {
          for (let o = 0; o < data.offers.ids.size; o++) {
            const e = explain(data, profiles, c, o, { total: 1, ...parts }, { audience: audience as 'staff' | 'marketing' });
            const text = JSON.stringify(e.reasons) + e.text;
            for (const name of SENSITIVE_NAMES) expect(text.includes(name), `${audience} text "${e.text}" names ${name}`).toBe(false);
          }
        }
      }),
      { seed: SEED, numRuns: 25 },
    );
  });

  it('explain(...) rejects unknown customers and offers', async () => {
    const { data, profiles } = await knownWorld();
    expect(() => explain(data, profiles, 'nobody', 'o-cof', contrib({}))).toThrow(RangeError);
    expect(() => explain(data, profiles, 'ana', 99, contrib({}))).toThrow(RangeError);
  });
});

describe('dataView', () => {
  it('dataView(data, profiles, customer) is plain JSON holding record, consents, history by category and contacts', async () => {
    const { data, profiles } = await knownWorld();
    const v = dataView(data, profiles, 'ana');
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
    expect(v.consents).toEqual({ mail: true, email: false, sms: false, sensitive: true, profilingOptOut: false });
    expect(v.optedOutCategories).toEqual(['pasta']);
    expect(v.transactions.lines).toBe(11);
    expect(v.transactions.baskets).toBe(10); // milk and pasta share the basket of day -7
    expect(v.transactions.spend).toBe(29);
    const cats = Object.fromEntries(v.transactions.byCategory.map((x) => [x.category, x]));
    expect(cats['ground coffee']!.baskets).toBe(4);
    // nothing is hidden from the customer: the sensitive category is listed with its tag
    expect(cats['pregnancy tests']!.sensitive).toBe('baby');
    expect(v.contacts).toEqual([{ offer: 'o-cof', offerName: '£1.50 off coffee', campaign: 'spring', date: '2023-12-02', channel: 'mail', redeemed: true }]);
    expect(v.profile.categories.find((x) => x.category === 'milk')!.cycleDays).toBe(6);
    expect(v.profile.categories.find((x) => x.category === 'pregnancy tests')!.cycleDays).toBeNull();
  });

  it('dataView(...) sums match a slow recount on random data', async () => {
    const data = await makeWorld(77, { customers: 10 });
    const profiles = handProfiles(data);
    for (let c = 0; c < 10; c++) {
      const v = dataView(data, profiles, c);
      let spend = 0;
      for (let i = data.transactions.rowPtr[c]!; i < data.transactions.rowPtr[c + 1]!; i++) spend += data.transactions.spend[i]!;
      expect(v.transactions.spend).toBeCloseTo(spend, 2);
      expect(v.transactions.byCategory.reduce((a, x) => a + x.lines, 0)).toBe(v.transactions.lines);
      expect(v.profile.categories.length).toBe(profiles.rowPtr[c + 1]! - profiles.rowPtr[c]!);
    }
  });
});

describe('staffBrief', () => {
  it('staffBrief(data, profiles, customer, openOffers) leaves sensitive categories and offers out unless includeSensitive', async () => {
    const { data, profiles } = await knownWorld();
    const b = staffBrief(data, profiles, 'ana', ['o-cof', 'o-tst']);
    expect(b.name).toBe('Ana');
    expect(b.openOffers).toEqual([{ id: 'o-cof', name: '£1.50 off coffee' }]);
    expect(JSON.stringify(b)).not.toContain('pregnancy');
    expect(JSON.stringify(b)).not.toContain('Test kit');
    expect(b.withheld).toBe(2);
    expect(b.dueNow).toEqual([{ category: 'milk', everyDays: 6, daysSince: 7 }]);
    expect(b.recentCategories.map((x) => x.category)).toEqual(['milk', 'pasta', 'ground coffee']); // by spend: 8, 4, 2
    const all = staffBrief(data, profiles, 'ana', ['o-cof', 'o-tst'], { includeSensitive: true, top: 5 });
    expect(all.recentCategories.map((x) => x.category)).toContain('pregnancy tests');
    expect(all.openOffers.map((x) => x.id)).toEqual(['o-cof', 'o-tst']);
    expect(all.withheld).toBe(0);
  });

  it('staffBrief(...) never names a sensitive category on random data', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const data = await makeWorld(seed, { customers: 8, linesPerCustomer: 60 });
      const profiles = handProfiles(data);
      for (let c = 0; c < 8; c++) {
        const text = JSON.stringify(staffBrief(data, profiles, c, data.offers.ids.ids, { top: 10 }));
        for (const name of SENSITIVE_NAMES) expect(text.includes(name)).toBe(false);
      }
    }
  });
});
