import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/index.js';
import { buildProfiles } from '../../src/profile/index.js';
import { toDay } from '../../src/schema/days.js';

const D0 = toDay('2024-01-01');
const iso = (offset: number): string => new Date((D0 + offset) * 86_400_000).toISOString().slice(0, 10);

async function tinyDataset() {
  const products = [
    { id: 'p-milk', name: 'Milk', department: 'dairy', category: 'milk', price: 1 },
    { id: 'p-cheese', name: 'Cheese', department: 'dairy', category: 'cheese', price: 3 },
    { id: 'p-bread', name: 'Bread', department: 'bakery', category: 'bread', price: 2 },
  ];
  const customers = [
    { id: 'A', region: 'north', store: 's1' },
    { id: 'B', region: 'south', store: 's2' },
    { id: 'C', region: 'north', store: 's1' },
  ];
  const t = (customer: string, product: string, offset: number, basket: string, spend: number, discount = 0) => ({
    customer,
    product,
    date: iso(offset),
    basket,
    spend,
    discount,
  });
  // Arrival order is shuffled on purpose: the table sorts lines by (customer, day).
  const transactions = [
    t('B', 'p-bread', 40, 'b2', 3, 1),
    t('A', 'p-milk', 30, 'a3', 1),
    t('A', 'p-milk', 0, 'a1', 2),
    t('A', 'p-bread', 0, 'a1', 1.5, 0.5),
    t('A', 'p-milk', 10, 'a2', 2),
    t('A', 'p-cheese', 30, 'a3', 4),
    t('A', 'p-milk', 30, 'a4', 1),
    t('B', 'p-bread', 5, 'b1', 3),
  ];
  const offers = [{ id: 'o1', name: 'Milk', kind: 'cross-sell', targetCategories: ['milk'], reward: 0.5, cost: 0.5, margin: 1, validFrom: iso(0), validTo: iso(60) }];
  return ingest({ products, customers, transactions, offers });
}

const w = (offset: number, asOf = 41, halfLife = 10) => 0.5 ** ((asOf - offset) / halfLife);

describe('buildProfiles', () => {
  it('buildProfiles(data) matches hand-computed features of a tiny data set', async () => {
    const data = await tinyDataset();
    const p = buildProfiles(data, { halfLifeDays: 10 });
    const milk = data.catalog.categories.get('milk');
    const cheese = data.catalog.categories.get('cheese');
    const bread = data.catalog.categories.get('bread');
    const [A, B, C] = ['A', 'B', 'C'].map((id) => data.customers.ids.get(id)) as [number, number, number];
    expect(p.asOfDay).toBe(D0 + 41);
    expect(p.customerCount).toBe(3);
    expect(p.categoryCount).toBe(3);

    const entry = (c: number, t: number) => {
      for (let e = p.rowPtr[c]!; e < p.rowPtr[c + 1]!; e++) if (p.category[e] === t) return e;
      return -1;
    };
    // Customer A: milk in 4 baskets on 3 distinct days (0, 10, 30): gaps 10, 20 -> median 15.
    const am = entry(A, milk);
    expect(p.purchases[am]).toBe(4);
    expect(p.spend[am]).toBeCloseTo(6, 5);
    expect(p.weightedSpend[am]).toBeCloseTo(2 * w(0) + 2 * w(10) + 2 * w(30), 5);
    expect(p.lastDay[am]).toBe(D0 + 30);
    expect(p.cycleDays[am]).toBeCloseTo(15, 5);
    const ab = entry(A, bread);
    expect(p.purchases[ab]).toBe(1);
    expect(p.weightedSpend[ab]).toBeCloseTo(1.5 * w(0), 5);
    expect(p.cycleDays[ab]).toBeNaN();
    const ac = entry(A, cheese);
    expect(p.spend[ac]).toBeCloseTo(4, 5);
    expect(p.lastDay[ac]).toBe(D0 + 30);
    // Entries are sorted by category within the row.
    expect(Array.from(p.category.subarray(p.rowPtr[A]!, p.rowPtr[A + 1]!))).toEqual([milk, cheese, bread].sort((x, y) => x - y));

    expect(p.visits[A]).toBe(4);
    expect(p.lines[A]).toBe(6);
    expect(p.basketSize[A]).toBeCloseTo(1.5, 6);
    expect(p.totalSpend[A]).toBeCloseTo(11.5, 9);
    expect(p.weightedTotalSpend[A]).toBeCloseTo(2 * w(0) + 2 * w(10) + 2 * w(30) + 1.5 * w(0) + 4 * w(30), 9);
    expect(p.discountShare[A]).toBeCloseTo(0.5 / 12, 6);
    expect(p.firstDay[A]).toBe(D0);
    expect(p.lastVisitDay[A]).toBe(D0 + 30);
    expect(p.region[A]).toBe(data.customers.regions.get('north'));

    // Customer B: bread on days 5 and 40 -> cycle 35.
    const bb = entry(B, bread);
    expect(p.rowPtr[B + 1]! - p.rowPtr[B]!).toBe(1);
    expect(p.purchases[bb]).toBe(2);
    expect(p.cycleDays[bb]).toBeCloseTo(35, 5);
    expect(p.weightedSpend[bb]).toBeCloseTo(3 * w(5) + 3 * w(40), 5);
    expect(p.discountShare[B]).toBeCloseTo(1 / 7, 6);
    expect(p.basketSize[B]).toBeCloseTo(1, 6);

    // Customer C has no history.
    expect(p.rowPtr[C + 1]! - p.rowPtr[C]!).toBe(0);
    expect(p.visits[C]).toBe(0);
    expect(p.lastVisitDay[C]).toBe(-1);
    expect(p.firstDay[C]).toBe(-1);
    expect(p.totalSpend[C]).toBe(0);

    // Population: 2 customers with history.
    expect(p.penetration[milk]).toBeCloseTo(0.5, 6);
    expect(p.penetration[cheese]).toBeCloseTo(0.5, 6);
    expect(p.penetration[bread]).toBeCloseTo(1, 6);
    const total = 2 * w(0) + 2 * w(10) + 2 * w(30) + 1.5 * w(0) + 4 * w(30) + 3 * w(5) + 3 * w(40);
    expect(p.spendShare[milk]).toBeCloseTo((2 * w(0) + 2 * w(10) + 2 * w(30)) / total, 5);
    expect(p.spendShare[bread]).toBeCloseTo((1.5 * w(0) + 3 * w(5) + 3 * w(40)) / total, 5);
    expect(p.populationCycleDays[milk]).toBeCloseTo(15, 5);
    expect(p.populationCycleDays[bread]).toBeCloseTo(35, 5);
    expect(p.populationCycleDays[cheese]).toBeNaN();
  });

  it('buildProfiles(data, { asOfDay }) only counts lines strictly before asOfDay', async () => {
    const data = await tinyDataset();
    const p = buildProfiles(data, { asOfDay: D0 + 30, halfLifeDays: 10 });
    const A = data.customers.ids.get('A');
    const milk = data.catalog.categories.get('milk');
    const cheese = data.catalog.categories.get('cheese');
    const cats = Array.from(p.category.subarray(p.rowPtr[A]!, p.rowPtr[A + 1]!));
    expect(cats).not.toContain(cheese);
    const e = p.rowPtr[A]! + cats.indexOf(milk);
    expect(p.purchases[e]).toBe(2);
    expect(p.cycleDays[e]).toBeCloseTo(10, 5);
    expect(p.weightedSpend[e]).toBeCloseTo(2 * w(0, 30) + 2 * w(10, 30), 5);
    expect(p.visits[A]).toBe(2);
    expect(p.lastVisitDay[A]).toBe(D0 + 10);
  });

  it('buildProfiles(data) does not mutate the data set', async () => {
    const data = await tinyDataset();
    const tx = data.transactions;
    const before = [tx.rowPtr, tx.product, tx.day, tx.basket, tx.quantity, tx.spend, tx.discount, data.catalog.productCategory, data.customers.region].map((a) => Array.from(a));
    buildProfiles(data, { halfLifeDays: 30 });
    const after = [tx.rowPtr, tx.product, tx.day, tx.basket, tx.quantity, tx.spend, tx.discount, data.catalog.productCategory, data.customers.region].map((a) => Array.from(a));
    expect(after).toEqual(before);
  });

  it('buildProfiles(data, { halfLifeDays: 0 }) throws a RangeError naming the value', async () => {
    const data = await tinyDataset();
    expect(() => buildProfiles(data, { halfLifeDays: 0 })).toThrow(RangeError);
    expect(() => buildProfiles(data, { asOfDay: 1.5 })).toThrow(/asOfDay/);
  });
});
