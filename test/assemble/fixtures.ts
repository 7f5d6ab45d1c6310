// Hand-built inputs for the assemble tests: a MailerPlan from plain rows, and the slice of a Dataset assemble reads.
import type { AssembleData } from '../../src/assemble/index.js';
import { IdIndex } from '../../src/ingest/index.js';
import type { Offer } from '../../src/schema/index.js';
import { PlacementReason, type MailerPlan } from '../../src/select/mailerPlan.js';

export interface Row {
  offers: readonly number[];
  reasons?: readonly number[];
}

/** A MailerPlan with fixed stride from rows of offer indices (reason `targeted` unless given). */
export function planFromRows(rows: readonly Row[], stride: number): MailerPlan {
  const n = rows.length;
  const offer = new Int32Array(n * stride).fill(-1);
  const value = new Float32Array(n * stride);
  const reason = new Uint8Array(n * stride);
  const count = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    const r = rows[c]!;
    count[c] = r.offers.length;
    for (let j = 0; j < r.offers.length; j++) {
      offer[c * stride + j] = r.offers[j]!;
      value[c * stride + j] = 1 / (j + 1);
      reason[c * stride + j] = r.reasons?.[j] ?? PlacementReason.targeted;
    }
  }
  return { customerCount: n, stride, offer, value, reason, propensity: new Float32Array(offer.length), count };
}

export interface HandData {
  customers: readonly string[];
  offers: readonly string[];
  /** Offer names (default `Offer <id>`). */
  names?: readonly string[];
  /** Segment name per customer (undefined: none). */
  segments?: readonly (string | undefined)[];
  /** Sensitive tag per offer (undefined: not sensitive). */
  sensitive?: readonly (string | undefined)[];
}

/** The Dataset slice assemble reads, built directly (no ingest). */
export function handData(d: HandData): AssembleData {
  const segments = new IdIndex();
  const segment = Int32Array.from(d.customers, (_, c) => {
    const s = d.segments?.[c];
    return s === undefined ? -1 : segments.intern(s);
  });
  const tags = new IdIndex();
  const sensitive = Int32Array.from(d.offers, (_, o) => {
    const t = d.sensitive?.[o];
    return t === undefined ? -1 : tags.intern(t);
  });
  const records = d.offers.map((id, o) => ({ id, name: d.names?.[o] ?? `Offer ${id}` }) as unknown as Offer);
  return {
    customers: { ids: IdIndex.from(d.customers), segments, segment },
    offers: { ids: IdIndex.from(d.offers), sensitive, records },
    catalog: { sensitiveTags: tags },
  };
}

/** Offer ids of customer c's row, by id string. */
export function rowIds(plan: MailerPlan, data: AssembleData, c: number): string[] {
  const ids: string[] = [];
  for (let j = 0; j < plan.count[c]!; j++) ids.push(data.offers.ids.id(plan.offer[c * plan.stride + j]!));
  return ids;
}

/** Raw records of a tiny retailer for `ingest()`: tricky names (comma, quote, newline, unicode) on purpose. */
export function sampleSources(offerOrder: readonly number[] = [0, 1, 2, 3, 4]) {
  const products = [
    { id: 'P1', name: 'Milk', department: 'fresh', category: 'dairy', price: 1.2 },
    { id: 'P2', name: 'Bread', department: 'bakery', category: 'bread', price: 1.5 },
    { id: 'P3', name: 'Nappies', department: 'baby', category: 'nappies', price: 9, sensitive: 'baby' },
    { id: 'P4', name: 'Coffee', department: 'grocery', category: 'coffee', price: 4 },
  ];
  const customers = [
    { id: 'C1', region: 'north', store: 'S1', segment: 'family' },
    { id: 'C2', region: 'north', store: 'S1' },
    { id: 'C,3', region: 'south', store: 'S2', segment: 'family' },
    { id: 'C4', region: 'south', store: 'S2', segment: 'student' },
    { id: 'C5', region: 'south', store: 'S2' },
    { id: 'C"6', region: 'south', store: 'S2' },
  ];
  const offer = (id: string, name: string, targetCategories: string[], kind = 'cross-sell') => ({
    id,
    name,
    kind,
    targetCategories: targetCategories.join('|'),
    reward: 1,
    cost: 0.5,
    margin: 1,
    validFrom: '2024-01-01',
    validTo: '2024-12-31',
  });
  const allOffers = [
    offer('O-MILK', 'Milk, 2 pints', ['dairy']),
    offer('O-BREAD', 'Bread "crusty"', ['bread']),
    offer('O-NAPPY', 'Nappies\nbig pack', ['nappies']),
    offer('O-COFFEE', 'Café crème', ['coffee']),
    offer('O-GEN', '10% off', [], 'generic'),
  ];
  const transactions = [{ customer: 'C1', product: 'P1', date: '2024-03-01', basket: 'B1', spend: 1.2 }];
  return { products, customers, transactions, offers: offerOrder.map((i) => allOffers[i]!) };
}
