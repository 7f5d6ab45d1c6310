import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/ingest/index.js';
import { buildProductHistory, concatProductHistories, type ProductHistory } from '../../src/profile/index.js';
import { productRetailer } from '../score/fixtures.js';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`buildProductHistory property tests: fast-check seed ${SEED} (replay with FC_SEED=${SEED})`);

/** The plain reference: per customer, a Map product -> (Map basket -> day) over lines before asOfDay of targeted products. */
function referenceHistory(data: Dataset, asOfDay: number, halfLifeDays: number): { product: number[]; weighted: number[]; last: number[]; rowPtr: number[] } {
  const tx = data.transactions;
  const targeted = new Set(Array.from(data.offers.products.index));
  const out = { product: [] as number[], weighted: [] as number[], last: [] as number[], rowPtr: [0] };
  for (let c = 0; c + 1 < tx.rowPtr.length; c++) {
    const byProduct = new Map<number, Map<number, number>>();
    for (let i = tx.rowPtr[c]!; i < tx.rowPtr[c + 1]!; i++) {
      if (tx.day[i]! >= asOfDay || !targeted.has(tx.product[i]!)) continue;
      const baskets = byProduct.get(tx.product[i]!) ?? new Map<number, number>();
      baskets.set(tx.basket[i]!, tx.day[i]!);
      byProduct.set(tx.product[i]!, baskets);
    }
    for (const p of [...byProduct.keys()].sort((a, b) => a - b)) {
      const days = [...byProduct.get(p)!.values()];
      out.product.push(p);
      out.weighted.push(days.reduce((s, d) => s + 0.5 ** ((asOfDay - d) / halfLifeDays), 0));
      out.last.push(Math.max(...days));
    }
    out.rowPtr.push(out.product.length);
  }
  return out;
}

function expectSameHistory(a: ProductHistory, b: ProductHistory): void {
  expect(a.customerCount).toBe(b.customerCount);
  expect(Array.from(a.rowPtr)).toEqual(Array.from(b.rowPtr));
  expect(Array.from(a.product)).toEqual(Array.from(b.product));
  expect(Array.from(a.weightedCount)).toEqual(Array.from(b.weightedCount));
  expect(Array.from(a.lastDay)).toEqual(Array.from(b.lastDay));
}

describe('buildProductHistory', () => {
  it('buildProductHistory(tx, offers, catalog, options) matches a plain Map reference: distinct baskets, recency weights, only targeted products, only lines before asOfDay', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 0, max: 130 }), fc.double({ min: 5, max: 200, noNaN: true }), async (seed, asOfDay, halfLifeDays) => {
        const data = await productRetailer(seed, { customers: 25, categories: 5, productsPerCategory: 4, offers: 1 + (seed % 12), lines: 8 });
        const h = buildProductHistory(data.transactions, data.offers, data.catalog, { asOfDay, halfLifeDays });
        const ref = referenceHistory(data, asOfDay, halfLifeDays);
        expect(h.customerCount).toBe(25);
        expect(h.asOfDay).toBe(asOfDay);
        expect(Array.from(h.rowPtr)).toEqual(ref.rowPtr);
        expect(Array.from(h.product)).toEqual(ref.product);
        expect(Array.from(h.lastDay)).toEqual(ref.last);
        for (let e = 0; e < ref.weighted.length; e++) expect(h.weightedCount[e]).toBeCloseTo(ref.weighted[e]!, 5);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it('concatProductHistories(blocks) equals buildProductHistory on the whole table, for any split into customer blocks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 30 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 8 }), async (seed, sizes) => {
        const data = await productRetailer(seed, { customers: 30, categories: 4, productsPerCategory: 3, offers: 8, lines: 6 });
        const tx = data.transactions;
        const asOfDay = 90;
        const whole = buildProductHistory(tx, data.offers, data.catalog, { asOfDay, halfLifeDays: 45 });
        const parts: ProductHistory[] = [];
        let lo = 0;
        for (let i = 0; lo < 30; i++) {
          const hi = Math.min(30, lo + sizes[i % sizes.length]!);
          // A block: a view of the table whose rowPtr starts at the block's first line (empty blocks too).
          parts.push(buildProductHistory({ ...tx, rowPtr: tx.rowPtr.subarray(lo, hi + 1) }, data.offers, data.catalog, { asOfDay, halfLifeDays: 45 }));
          if (hi === lo && sizes.every((s) => s === 0)) break;
          lo = hi;
        }
        if (lo < 30) return; // every block size 0: nothing to join
        expectSameHistory(concatProductHistories(parts), whole);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });

  it('buildProductHistory(tx, ...) does not mutate the transactions or offers, and defaults asOfDay to the day after the last line', async () => {
    const data = await productRetailer(4, { customers: 20, categories: 4, productsPerCategory: 3, offers: 6, lines: 5 });
    const tx = data.transactions;
    const snapshot = () => [tx.rowPtr, tx.product, tx.day, tx.basket, data.offers.products.index, data.offers.products.rowPtr].map((a) => Array.from(a));
    const before = snapshot();
    const h = buildProductHistory(tx, data.offers, data.catalog);
    expect(snapshot()).toEqual(before);
    expect(h.asOfDay).toBe(tx.maxDay + 1);
    expect(h.halfLifeDays).toBe(90);
    // Every line counts by default, so some customer has an entry (the check can fail).
    expect(h.product.length).toBeGreaterThan(0);
  });

  it('buildProductHistory(...) rejects bad options and concatProductHistories mismatched blocks with RangeError', async () => {
    const data = await productRetailer(2, { customers: 6, categories: 3, productsPerCategory: 2, offers: 4, lines: 3 });
    expect(() => buildProductHistory(data.transactions, data.offers, data.catalog, { halfLifeDays: 0 })).toThrow(RangeError);
    expect(() => buildProductHistory(data.transactions, data.offers, data.catalog, { asOfDay: 1.5 })).toThrow(RangeError);
    expect(() => buildProductHistory(data.transactions, { products: { rowPtr: new Int32Array([0, 1]), index: new Int32Array([999]) } }, data.catalog)).toThrow(/outside the catalog/);
    const a = buildProductHistory(data.transactions, data.offers, data.catalog, { asOfDay: 50 });
    const b = buildProductHistory(data.transactions, data.offers, data.catalog, { asOfDay: 60 });
    expect(() => concatProductHistories([a, b])).toThrow(RangeError);
    expect(() => concatProductHistories([])).toThrow(RangeError);
  });
});
