import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingest, TransactionSpill, type DataSources } from '../../src/ingest/index.js';
import { buildProfiles, productHistoryOf } from '../../src/profile/index.js';
import { runCampaign } from '../../src/campaign.js';
import { dataView } from '../../src/protect/index.js';
import { generateRetailer } from '../../src/synth/index.js';
import { sliceDataset } from '../../src/shard/sliceDataset.js';

const PRODUCTS = [
  { id: 'milk', name: 'Milk', department: 'dairy', category: 'milk', price: 1 },
  { id: 'cheddar', name: 'Cheddar', department: 'dairy', category: 'cheese', price: 3 },
  { id: 'brie', name: 'Brie', department: 'dairy', category: 'cheese', price: 4 },
  { id: 'loaf', name: 'Loaf', department: 'bakery', category: 'bread', price: 2 },
  { id: 'nappies', name: 'Nappies', department: 'baby', category: 'baby', price: 9 },
];
const OFFERS = [
  { id: 'o1', name: 'Milk', kind: 'cross-sell', targetCategories: ['milk'], reward: 0.5, cost: 0.5, margin: 1, validFrom: 0, validTo: 400 },
  { id: 'o2', name: 'Brie', kind: 'cross-sell', targetProducts: ['brie', 'cheddar'], reward: 0.5, cost: 0.5, margin: 1, validFrom: 0, validTo: 400 },
];

interface RawLine {
  customer: string;
  product: string;
  date: number;
  basket: string;
  quantity: number;
  spend: number;
  discount: number;
}

const arbData = fc
  .integer({ min: 1, max: 25 })
  .chain((customerCount) =>
    fc.record({
      customerCount: fc.constant(customerCount),
      // Basket ids repeat within a customer and across customers ('b3' of A is not 'b3' of B).
      lines: fc.array(
        fc.record({
          customer: fc.integer({ min: 0, max: customerCount - 1 }),
          product: fc.integer({ min: 0, max: PRODUCTS.length - 1 }),
          date: fc.integer({ min: 100, max: 190 }),
          basket: fc.integer({ min: 0, max: 12 }),
          quantity: fc.integer({ min: 1, max: 3 }),
          spend: fc.double({ min: -5, max: 50, noNaN: true }),
          discount: fc.double({ min: 0, max: 5, noNaN: true }),
        }),
        { maxLength: 300 },
      ),
      partCustomers: fc.integer({ min: 1, max: 30 }),
    }),
  );

function sources(customerCount: number, lines: readonly RawLine[]): DataSources {
  const customers = Array.from({ length: customerCount }, (_, c) => ({ id: `c${c}`, region: c % 2 === 0 ? 'north' : 'south', store: 's1' }));
  return { products: PRODUCTS, customers, offers: OFFERS, transactions: lines };
}

function rawLines(generated: { lines: { customer: number; product: number; date: number; basket: number; quantity: number; spend: number; discount: number }[] }): RawLine[] {
  return generated.lines.map((l) => ({ ...l, customer: `c${l.customer}`, product: PRODUCTS[l.product]!.id, basket: `b${l.basket}` }));
}

describe('TransactionSpill / TransactionParts', () => {
  it('ingest(..., { spill }) profiles exactly like the in-memory table, and each part equals its customers\' rows (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(arbData, async (generated) => {
        const lines = rawLines(generated);
        const memory = await ingest(sources(generated.customerCount, lines));
        const spilled = await ingest(sources(generated.customerCount, lines), { spill: { partCustomers: generated.partCustomers } });
        const parts = spilled.transactions.parts!;
        try {
          expect(spilled.transactions.length).toBe(memory.transactions.length);
          expect([spilled.transactions.minDay, spilled.transactions.maxDay]).toEqual([memory.transactions.minDay, memory.transactions.maxDay]);
          expect(spilled.transactions.product.length).toBe(0);
          const t = memory.transactions;
          for (let p = 0; p < parts.partLines.length; p++) {
            const part = parts.load(p);
            const first = parts.partStart[p]!;
            const last = parts.partStart[p + 1]!;
            const lo = t.rowPtr[first]!;
            const hi = t.rowPtr[last]!;
            expect(part.length).toBe(hi - lo);
            expect(Array.from(part.rowPtr)).toEqual(Array.from(t.rowPtr.subarray(first, last + 1), (x) => x - lo));
            expect(part.product).toEqual(t.product.slice(lo, hi));
            expect(part.day).toEqual(t.day.slice(lo, hi));
            expect(part.basket).toEqual(t.basket.slice(lo, hi));
            expect(part.quantity).toEqual(t.quantity.slice(lo, hi));
            expect(part.spend).toEqual(t.spend.slice(lo, hi));
            expect(part.discount).toEqual(t.discount.slice(lo, hi));
          }
          for (const asOfDay of [undefined, 150]) {
            expect(buildProfiles(spilled, { asOfDay, halfLifeDays: 30 })).toEqual(buildProfiles(memory, { asOfDay, halfLifeDays: 30 }));
            expect(productHistoryOf(spilled, { asOfDay, halfLifeDays: 30 })).toEqual(productHistoryOf(memory, { asOfDay, halfLifeDays: 30 }));
          }
        } finally {
          parts.remove();
        }
        expect(existsSync(parts.dir)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('TransactionTableBuilder numbers each customer\'s baskets 0, 1, ... in order of first appearance in its day-sorted lines (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(arbData, async (generated) => {
        const lines = rawLines(generated);
        const data = await ingest(sources(generated.customerCount, lines));
        const t = data.transactions;
        for (let c = 0; c < generated.customerCount; c++) {
          // Reference: the customer's lines in arrival order, stably sorted by day, baskets numbered by a Map.
          const own = lines.filter((l) => l.customer === `c${c}`).sort((a, b) => a.date - b.date);
          const numbers = new Map<string, number>();
          const expected = own.map((l) => {
            if (!numbers.has(l.basket)) numbers.set(l.basket, numbers.size);
            return numbers.get(l.basket)!;
          });
          const row = data.customers.ids.get(`c${c}`);
          expect(Array.from(t.basket.subarray(t.rowPtr[row]!, t.rowPtr[row + 1]!))).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('buildProfiles(slice of a spilled data set) throws a RangeError: the slice has no lines', async () => {
    const lines: RawLine[] = [{ customer: 'c0', product: 'milk', date: 120, basket: 'b1', quantity: 1, spend: 2, discount: 0 }];
    const data = await ingest(sources(3, lines), { spill: { partCustomers: 2 } });
    try {
      const slice = sliceDataset(data, Int32Array.of(0, 2));
      expect(() => buildProfiles(slice)).toThrow(/slice of a spilled data set/);
    } finally {
      data.transactions.parts!.remove();
    }
  });

  it('ingest(..., { spill }) that fails on a bad transaction or contact leaves no part files behind', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'offerkit-spill-test-'));
    try {
      const good: RawLine = { customer: 'c0', product: 'milk', date: 120, basket: 'b1', quantity: 1, spend: 2, discount: 0 };
      await expect(ingest(sources(2, [good, { ...good, product: 'no-such-product' }]), { spill: { dir: parent } })).rejects.toThrow(/unknown product id/);
      expect(readdirSync(parent)).toEqual([]);
      const badContact = { ...sources(2, [good]), contacts: [{ customer: 'nobody', offer: 'o1', campaign: 'k1', date: 100 }] };
      await expect(ingest(badContact, { spill: { dir: parent } })).rejects.toThrow(/unknown customer id/);
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('dataView(spilled data, ...) reads each customer\'s lines from its part and equals the in-memory view', async () => {
    const shop = generateRetailer({ customers: 300, offers: 20, days: 60, seed: 3 });
    const src = { products: shop.products, customers: shop.customers, offers: shop.offers, contacts: shop.contacts };
    const memory = await ingest({ ...src, transactions: shop.transactions() });
    const spilled = await ingest({ ...src, transactions: shop.transactions() }, { spill: { partCustomers: 64 } });
    try {
      const pm = buildProfiles(memory);
      const ps = buildProfiles(spilled);
      let withHistory = 0;
      // Out of order on purpose: the part cache must reload when the customer is in another part.
      for (const c of [0, 299, 1, 150, 64, 63, 200, 2]) {
        const view = dataView(spilled, ps, c);
        expect(view).toEqual(dataView(memory, pm, c));
        if (view.transactions.lines > 0) withHistory++;
      }
      expect(withHistory).toBeGreaterThan(4);
      expect(() => dataView(sliceDataset(spilled, Int32Array.of(5, 6)), ps, 0)).toThrow(/slice of a spilled data set/);
    } finally {
      spilled.transactions.parts!.remove();
    }
  });

  it('new TransactionSpill() removes a spill folder that a killed process left in the temp folder, and keeps live ones', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = join(tmpdir(), `offerkit-lines-${dead}-test`);
    const mine = join(tmpdir(), `offerkit-lines-${process.pid}-test`);
    mkdirSync(stale, { recursive: true });
    mkdirSync(mine, { recursive: true });
    try {
      new TransactionSpill(10).finish().parts!.remove();
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(mine)).toBe(true);
    } finally {
      rmSync(stale, { recursive: true, force: true });
      rmSync(mine, { recursive: true, force: true });
    }
  });

  it('runCampaign with the product term (productWeight 0.25) plans the same on spilled and in-memory data, and the term changes the plan', async () => {
    const shop = generateRetailer({ customers: 400, offers: 60, days: 60, seed: 5 });
    const src = { products: shop.products, customers: shop.customers, offers: shop.offers, contacts: shop.contacts };
    const memory = await ingest({ ...src, transactions: shop.transactions() });
    const spilled = await ingest({ ...src, transactions: shop.transactions() }, { spill: { partCustomers: 70 } });
    try {
      const config = { seed: 3, slots: 4, model: { productWeight: 0.25 } };
      const a = await runCampaign(config, memory);
      const b = await runCampaign(config, spilled);
      expect(b.model.customerProductPtr.length).toBe(401);
      expect(b.model.customerProduct).toEqual(a.model.customerProduct);
      expect(Array.from(b.plan.offer)).toEqual(Array.from(a.plan.offer));
      const without = await runCampaign({ ...config, model: { productWeight: 0 } }, memory);
      expect(without.model.customerProductPtr.length).toBe(0);
      expect(Array.from(without.candidates.offer)).not.toEqual(Array.from(a.candidates.offer));
    } finally {
      spilled.transactions.parts!.remove();
    }
  });
});
