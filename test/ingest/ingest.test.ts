import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ingest } from '../../src/ingest/ingest.js';
import type { RecordKind } from '../../src/ingest/ingestReport.js';
import { InvalidRecordError } from '../../src/schema/invalidRecordError.js';
import { contactArb, customerArb, inputsArb, poolId, productArb, SEED, sourcesOf, transactionArb, type Inputs } from '../schema/arbitraries.js';

/** Slow obvious reference: which records (by 1-based row) each kind must reject, by the documented rules. */
function expectedRejectedRows(inputs: Inputs): Record<RecordKind, number[]> {
  const out = { products: [], customers: [], transactions: [], offers: [], contacts: [] } as Record<RecordKind, number[]>;
  const accepted = (kind: RecordKind, ok: (r: Record<string, unknown>) => boolean) => {
    const kept: Record<string, unknown>[] = [];
    inputs[kind].forEach((item, i) => {
      if (!item.bad && ok(item.input)) kept.push(item.input);
      else out[kind].push(i + 1);
    });
    return kept;
  };
  const firstWithId = (kept: () => Record<string, unknown>[]) => (r: Record<string, unknown>) => !kept().some((k) => k.id === r.id);
  let products: Record<string, unknown>[] = [];
  products = accepted('products', (r) => firstWithId(() => products)(r) && (products.push(r), true));
  const productIds = new Set(products.map((p) => p.id));
  const categories = new Set(products.map((p) => p.category));
  const brands = new Set<unknown>(products.map((p) => p.brand).filter((b) => b !== undefined));
  let customers: Record<string, unknown>[] = [];
  customers = accepted('customers', (r) => firstWithId(() => customers)(r) && (customers.push(r), true));
  const customerIds = new Set(customers.map((c) => c.id));
  const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : typeof v === 'string' && v !== '' ? v.split('|') : []);
  // Offer ids: an id is claimed only by an offer that is kept (passes the schema and every target check).
  const offerIdsTaken = new Set<unknown>();
  accepted('offers', (r) => {
    const targetsKnown =
      asList(r.targetProducts).every((p) => productIds.has(p)) &&
      asList(r.targetCategories).every((c) => categories.has(c)) &&
      asList(r.targetBrands).every((b) => brands.has(b));
    if (!targetsKnown || offerIdsTaken.has(r.id)) return false;
    offerIdsTaken.add(r.id);
    return true;
  });
  accepted('transactions', (r) => customerIds.has(r.customer) && productIds.has(r.product));
  accepted('contacts', (r) => customerIds.has(r.customer));
  return out;
}

const KINDS: RecordKind[] = ['products', 'customers', 'offers', 'transactions', 'contacts'];

describe("ingest(sources, { onInvalid: 'collect' })", () => {
  it("ingest(sources, { onInvalid: 'collect' }) counts read = accepted + rejected and rejects exactly the reference's rows", async () => {
    await fc.assert(
      fc.asyncProperty(inputsArb, async (inputs) => {
        const data = await ingest(sourcesOf(inputs), { onInvalid: 'collect' });
        const expected = expectedRejectedRows(inputs);
        for (const kind of KINDS) {
          const c = data.report.counts[kind];
          expect(c.read).toBe(inputs[kind].length);
          expect(c.read).toBe(c.accepted + c.rejected);
          const rows = [...new Set(data.report.rejects.filter((i) => i.source === kind).map((i) => i.row))].sort((a, b) => a - b);
          expect({ kind, rows }).toEqual({ kind, rows: expected[kind] });
          expect(c.rejected).toBe(expected[kind].length);
        }
        expect(data.transactions.length).toBe(data.report.counts.transactions.accepted);
        expect(data.catalog.products.size).toBe(data.report.counts.products.accepted);
        expect(data.customers.ids.size).toBe(data.report.counts.customers.accepted);
        expect(data.offers.ids.size).toBe(data.report.counts.offers.accepted);
        expect(data.contacts.length).toBe(data.report.counts.contacts.accepted);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("ingest(sources, { onInvalid: 'collect' }) names the field of duplicate ids and unknown references", async () => {
    const p = { name: 'n', department: 'd', category: 'dairy', price: 1 };
    const data = await ingest(
      {
        products: [{ id: 'p1', ...p }, { id: 'p1', ...p, price: 2 }],
        customers: [{ id: 'c1', region: 'r', store: 's' }],
        offers: [{ id: 'o1', name: 'n', kind: 'cross-sell', targetCategories: 'bakery', targetBrands: ['acme'], reward: 1, cost: 1, margin: 1, validFrom: '2024-01-01', validTo: '2024-01-01' }],
        transactions: [{ customer: 'c2', product: 'p9', date: '2024-01-01', basket: 'b', spend: 1 }],
        contacts: [{ customer: 'c3', offer: 'o1', date: '2024-01-01' }],
      },
      { onInvalid: 'collect' },
    );
    expect(data.report.rejects.map((i) => [i.source, i.row, i.field, i.value])).toEqual([
      ['products', 2, 'id', 'p1'],
      ['offers', 1, 'targetCategories', 'bakery'],
      ['offers', 1, 'targetBrands', 'acme'],
      ['transactions', 1, 'customer', 'c2'],
      ['transactions', 1, 'product', 'p9'],
      ['contacts', 1, 'customer', 'c3'],
    ]);
    expect(data.catalog.productPrice[0]).toBe(1);
  });

  it('ingest(sources) keeps a valid offer whose id was first used by a rejected offer (regression: rejected offers claimed their id)', async () => {
    const offer = { id: 'o1', name: 'n', kind: 'cross-sell', reward: 1, cost: 1, margin: 1, validFrom: '2024-01-01', validTo: '2024-01-01' };
    const data = await ingest(
      {
        products: [{ id: 'p1', name: 'n', department: 'd', category: 'dairy', price: 1 }],
        customers: [],
        offers: [{ ...offer, targetCategories: 'bakery' }, { ...offer, targetCategories: 'dairy' }],
        transactions: [],
      },
      { onInvalid: 'collect' },
    );
    expect(data.report.counts.offers.accepted).toBe(1);
  });
});

describe("ingest(sources, { onInvalid: 'throw' })", () => {
  // A valid data set with unique ids; `bad` says where to put one bad record and which field it breaks.
  const validArb = fc.record({
    products: fc.array(productArb({ category: poolId('cat', 3) }), { minLength: 1, maxLength: 6 }),
    customers: fc.array(customerArb(), { minLength: 1, maxLength: 6 }),
    transactions: fc.array(fc.tuple(transactionArb(), fc.nat(), fc.nat()), { maxLength: 12 }),
    contacts: fc.array(fc.tuple(contactArb(), fc.nat()), { maxLength: 4 }),
  });
  const BREAKS: { kind: RecordKind; field: string; apply: (r: Record<string, unknown>, prev: Record<string, unknown> | undefined) => Record<string, unknown> }[] = [
    { kind: 'products', field: 'price', apply: (r) => ({ ...r, price: '-1' }) },
    { kind: 'products', field: 'id', apply: (r, prev) => ({ ...r, id: prev?.id ?? r.id }) },
    { kind: 'customers', field: 'region', apply: (r) => ({ ...r, region: '' }) },
    { kind: 'transactions', field: 'customer', apply: (r) => ({ ...r, customer: 'nobody' }) },
    { kind: 'transactions', field: 'quantity', apply: (r) => ({ ...r, quantity: 0 }) },
    { kind: 'contacts', field: 'date', apply: (r) => ({ ...r, date: '2024-02-30' }) },
  ];

  it("ingest(sources, { onInvalid: 'throw' }) throws InvalidRecordError carrying source, row and field of the first bad record", async () => {
    await fc.assert(
      fc.asyncProperty(validArb, fc.constantFrom(...BREAKS), fc.nat(), fc.boolean(), async (v, brk, at, named) => {
        const products = v.products.map((c, i) => ({ ...c.input, id: `p${i}` }));
        const customers = v.customers.map((c, i) => ({ ...c.input, id: `c${i}` }));
        const transactions = v.transactions.map(([c, ci, pi]) => ({ ...c.input, customer: `c${ci % customers.length}`, product: `p${pi % products.length}` }));
        const contacts = v.contacts.map(([c, ci]) => ({ ...c.input, customer: `c${ci % customers.length}` }));
        const lists: Record<string, Record<string, unknown>[]> = { products, customers, transactions, contacts };
        const list = lists[brk.kind]!;
        fc.pre(list.length > 0 && (brk.field !== 'id' || list.length > 1));
        const row = brk.field === 'id' ? 1 + (at % (list.length - 1)) + 1 : (at % list.length) + 1;
        list[row - 1] = brk.apply(list[row - 1]!, list[row - 2]);
        const name = named ? `data/${brk.kind}.csv` : brk.kind;
        const wrap = (k: string, records: Record<string, unknown>[]) => (named && k === brk.kind ? { name, records } : records);
        const error = await ingest({
          products: wrap('products', products),
          customers: wrap('customers', customers),
          offers: [],
          transactions: wrap('transactions', transactions),
          contacts: wrap('contacts', contacts),
        }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InvalidRecordError);
        const issues = (error as InvalidRecordError).issues;
        expect(issues.map((i) => [i.source, i.row, i.field])).toEqual([[name, row, brk.field]]);
        expect((error as Error).message).toContain(`${name} row ${row} field "${brk.field}"`);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});

describe('ingest(sources) purity', () => {
  const deepFreeze = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  };

  it('ingest(sources) does not mutate its inputs (deep-frozen records, unchanged after)', async () => {
    await fc.assert(
      fc.asyncProperty(inputsArb, async (inputs) => {
        const sources = sourcesOf(inputs);
        const before = structuredClone(sources);
        deepFreeze(sources);
        await ingest(sources, { onInvalid: 'collect' });
        expect(sources).toEqual(before);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
