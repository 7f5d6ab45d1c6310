import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/index.js';
import { generateRetailer } from '../../src/synth/index.js';

describe('transactions({ thread: true }): histories drawn on a worker thread', () => {
  it('yields exactly the in-thread lines, in order, for any size, history length and seed (fast-check)', async () => {
    await fc.assert(
      fc.property(fc.integer({ min: 1, max: 900 }), fc.integer({ min: 28, max: 200 }), fc.integer({ min: 0, max: 1_000 }), (customers, days, seed) => {
        const shop = generateRetailer({ customers, days, seed, offers: 20 });
        const threaded = [...shop.transactions({ thread: true })];
        const plain = [...shop.transactions()];
        // Thousands of lines span several ring blocks (8,192 lines) and laps of the ring.
        expect(threaded.length).toBe(plain.length);
        expect(threaded).toEqual(plain);
      }),
      { numRuns: 6, seed: 3 },
    );
  }, 120_000);

  it('covers many laps of the ring: 4,000 households give the same ingested table either way', async () => {
    const shop = generateRetailer({ customers: 4_000, days: 364, seed: 9, offers: 30 });
    const sources = { products: shop.products, customers: shop.customers, offers: shop.offers, contacts: shop.contacts };
    const a = await ingest({ ...sources, transactions: shop.transactions({ thread: true }) });
    const b = await ingest({ ...sources, transactions: shop.transactions() });
    // About 900,000 lines: 110 blocks through a ring of 8 slots.
    expect(a.transactions.length).toBeGreaterThan(8 * 8_192 * 10);
    expect(a.transactions.length).toBe(b.transactions.length);
    const bytes = (x: ArrayBufferView): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
    for (const k of ['rowPtr', 'product', 'day', 'basket', 'quantity', 'spend', 'discount'] as const) {
      expect(bytes(a.transactions[k]).equals(bytes(b.transactions[k])), k).toBe(true);
    }
  }, 120_000);

  it('stops the thread when the reader stops early, and a new stream starts from the first line again', () => {
    const shop = generateRetailer({ customers: 2_000, seed: 2, offers: 20 });
    const first: unknown[] = [];
    for (const line of shop.transactions({ thread: true })) {
      first.push(line);
      if (first.length === 20_000) break;
    }
    const again = shop.transactions({ thread: true });
    const head: unknown[] = [];
    for (const line of again) {
      head.push(line);
      if (head.length === 20_000) break;
    }
    expect(head).toEqual(first);
    expect(first).toEqual([...shop.transactions()].slice(0, 20_000));
  }, 60_000);
});
