import { expect } from 'vitest';
import { ingest, type Dataset } from '../../src/ingest/index.js';
import type { Candidates } from '../../src/score/index.js';
import { createRandom } from '../../src/lib/random.js';

/** Seeded uniform [0, 1), from the project's one seeded generator. */
export function rng(seed: number): () => number {
  const random = createRandom(seed);
  return () => random.next();
}

export interface RandomRetailerSize {
  customers: number;
  categories: number;
  offers: number;
  /** Mean lines per customer. */
  lines: number;
  /** Probability that an offer copies the previous one (exact score ties). */
  duplicateShare?: number;
}

/** A small random retailer through `ingest`, seeded: customers with category tastes, offers with 0-3 targets. */
export async function randomRetailer(seed: number, size: RandomRetailerSize): Promise<Dataset> {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const products = [];
  for (let t = 0; t < size.categories; t++) {
    for (let i = 0; i < 2; i++) products.push({ id: `p${t}-${i}`, name: `P${t}-${i}`, department: `d${t % 3}`, category: `cat${t}`, price: 1 + int(10) });
  }
  const customers = Array.from({ length: size.customers }, (_, c) => ({ id: `c${c}`, region: `r${c % 2}`, store: 's' }));
  const transactions = [];
  for (let c = 0; c < size.customers; c++) {
    // Some customers have no history at all.
    const n = r() < 0.15 ? 0 : 1 + int(2 * size.lines);
    const favourite = int(size.categories);
    for (let i = 0; i < n; i++) {
      const t = r() < 0.5 ? favourite : int(size.categories);
      const day = int(120);
      transactions.push({
        customer: `c${c}`,
        product: `p${t}-${int(2)}`,
        date: day,
        basket: `c${c}-b${day}-${int(2)}`,
        spend: r() < 0.03 ? -1 : Math.round(r() * 1000) / 100,
        discount: r() < 0.3 ? Math.round(r() * 100) / 100 : 0,
      });
    }
  }
  const offers: Record<string, unknown>[] = [];
  for (let o = 0; o < size.offers; o++) {
    if (o > 0 && r() < (size.duplicateShare ?? 0)) {
      offers.push({ ...offers[o - 1]!, id: `o${o}` });
      continue;
    }
    const nt = int(4);
    const targets = new Set<string>();
    for (let i = 0; i < nt; i++) targets.add(`cat${int(size.categories)}`);
    offers.push({
      id: `o${o}`,
      name: `Offer ${o}`,
      kind: targets.size === 0 ? 'generic' : 'cross-sell',
      targetCategories: [...targets],
      reward: int(5),
      cost: Math.round(r() * 300) / 100,
      margin: Math.round(r() * 500) / 100,
      priority: 0.5 + int(3),
      validFrom: 0,
      validTo: 365,
    });
  }
  return ingest({ products, customers, transactions, offers });
}

/** Asserts two candidate sets are identical: counts, offers and scores, entry by entry. */
export function expectSame(a: Candidates, b: Candidates): void {
  expect(Array.from(a.count)).toEqual(Array.from(b.count));
  expect(Array.from(a.offer)).toEqual(Array.from(b.offer));
  expect(Array.from(a.score)).toEqual(Array.from(b.score));
}

export interface ProductRetailerSize {
  customers: number;
  categories: number;
  /** Products per category. */
  productsPerCategory: number;
  offers: number;
  /** Mean lines per customer. */
  lines: number;
}

/**
 * A small random retailer whose offers also target products (0-3 products, 0-2 categories), with
 * several baskets a day whose lines arrive interleaved and products repeated within a basket, so
 * distinct-basket counting is exercised. Seeded; through `ingest`.
 */
export async function productRetailer(seed: number, size: ProductRetailerSize): Promise<Dataset> {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const products = [];
  for (let t = 0; t < size.categories; t++) {
    for (let i = 0; i < size.productsPerCategory; i++) products.push({ id: `p${t}-${i}`, name: `P${t}-${i}`, department: `d${t % 3}`, category: `cat${t}`, price: 1 + int(10) });
  }
  const customers = Array.from({ length: size.customers }, (_, c) => ({ id: `c${c}`, region: `r${c % 2}`, store: 's' }));
  const transactions = [];
  for (let c = 0; c < size.customers; c++) {
    const n = r() < 0.15 ? 0 : 1 + int(2 * size.lines);
    const favourite = int(size.categories);
    const favProduct = int(size.productsPerCategory);
    for (let i = 0; i < n; i++) {
      const t = r() < 0.5 ? favourite : int(size.categories);
      const day = int(40) * 3;
      transactions.push({
        customer: `c${c}`,
        product: `p${t}-${r() < 0.5 ? favProduct : int(size.productsPerCategory)}`,
        date: day,
        basket: `c${c}-b${day}-${int(3)}`,
        spend: Math.round(r() * 1000) / 100,
        discount: r() < 0.3 ? Math.round(r() * 100) / 100 : 0,
      });
    }
  }
  const offers: Record<string, unknown>[] = [];
  for (let o = 0; o < size.offers; o++) {
    const targets = new Set<string>();
    for (let i = int(3); i > 0; i--) targets.add(`cat${int(size.categories)}`);
    const targetProducts = new Set<string>();
    for (let i = int(4); i > 0; i--) targetProducts.add(`p${int(size.categories)}-${int(size.productsPerCategory)}`);
    offers.push({
      id: `o${o}`,
      name: `Offer ${o}`,
      kind: targets.size + targetProducts.size === 0 ? 'generic' : 'cross-sell',
      targetCategories: [...targets],
      targetProducts: [...targetProducts],
      reward: int(5),
      cost: Math.round(r() * 300) / 100,
      margin: Math.round(r() * 500) / 100,
      priority: 0.5 + int(3),
      validFrom: 0,
      validTo: 365,
    });
  }
  return ingest({ products, customers, transactions, offers });
}
