import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkCsvHeader, csvSource, type CsvSourceOptions } from '../../src/ingest/csvSource.js';
import { ingestFiles } from '../../src/ingest/ingestFiles.js';
import { ingest } from '../../src/ingest/ingest.js';
import { customerRecord } from '../../src/ingest/customerTable.js';
import type { RecordKind } from '../../src/ingest/ingestReport.js';
import { InvalidRecordError, type RecordIssue } from '../../src/schema/invalidRecordError.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offerkit-csvsource-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function readAll(path: string, kind: RecordKind, options?: CsvSourceOptions): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const r of csvSource(path, kind, options).records as AsyncIterable<unknown>) out.push(r);
  return out;
}

async function issuesOf(p: Promise<unknown>): Promise<Pick<RecordIssue, 'source' | 'row' | 'field'>[]> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InvalidRecordError);
  return (e as InvalidRecordError).issues.map(({ source, row, field }) => ({ source, row, field }));
}

const PRODUCTS = 'id,name,department,category,price\np1,Milk,fresh,dairy,1.2\np2,Bread,bakery,bread,0.9\n';

describe('csvSource(path, kind)', () => {
  it('csvSource(path, kind) yields one record per data row keyed by header, empty cells left out', async () => {
    const path = await file('p.csv', 'id,name,department,category,subcategory,price\np1,Milk,fresh,dairy,,1.2\np2,Bread,bakery,bread, ,0.9\n');
    expect(await readAll(path, 'products')).toEqual([
      { id: 'p1', name: 'Milk', department: 'fresh', category: 'dairy', price: '1.2' },
      { id: 'p2', name: 'Bread', department: 'bakery', category: 'bread', price: '0.9' },
    ]);
    const src = csvSource(path, 'products');
    expect(src.name).toBe(path);
    // Re-iterable: each iteration opens the file again.
    expect((await readAll(path, 'products')).length).toBe(2);
  });

  it('csvSource(path, kind) reports an unknown column at row 0 naming it', async () => {
    const path = await file('unknown.csv', 'id,name,department,category,price,colour\np1,Milk,fresh,dairy,1,white\n');
    expect(await issuesOf(readAll(path, 'products'))).toEqual([{ source: path, row: 0, field: 'colour' }]);
  });

  it('csvSource(path, kind) names every missing required column and duplicate column', async () => {
    const path = await file('missing.csv', 'id,name,name,category\np1,Milk,Milk,dairy\n');
    expect(await issuesOf(readAll(path, 'products'))).toEqual([
      { source: path, row: 0, field: 'name' },
      { source: path, row: 0, field: 'department' },
      { source: path, row: 0, field: 'price' },
    ]);
    const e = await readAll(path, 'products').catch((err: Error) => err);
    expect(String(e)).toMatch(/missing required column; add a "price" column/);
  });

  it("csvSource(path, kind, { unknownColumns: 'ignore' }) drops unknown columns before validation", async () => {
    const path = await file('extra.csv', ' id ,name,department,category,price,colour,notes\np1,Milk,fresh,dairy,1,white,"a, b"\n');
    expect(await readAll(path, 'products', { unknownColumns: 'ignore' })).toEqual([{ id: 'p1', name: 'Milk', department: 'fresh', category: 'dairy', price: '1' }]);
  });

  it('csvSource(path.gz, kind) gunzips on the fly and equals the plain file', async () => {
    const plain = await file('p2.csv', PRODUCTS);
    const gz = await file('p2.csv.gz', gzipSync(PRODUCTS));
    expect(await readAll(gz, 'products')).toEqual(await readAll(plain, 'products'));
    const notGz = await file('fake.csv.gz', PRODUCTS);
    await expect(readAll(notGz, 'products')).rejects.toThrow(/cannot gunzip/);
  });

  it('csvSource(path, kind) reads quoted cells with commas, quotes and newlines; row numbers count records, not lines', async () => {
    const text =
      'id,name,department,category,price\n' +
      'p1,"Milk, semi-skimmed",fresh,dairy,1.2\n' +
      'p2,"The ""Big"" Loaf\nextra line",bakery,bread,0.9\n' +
      '\n' + // a blank line is skipped, not a record
      'p3,Eggs,fresh,eggs,-1\r\n';
    const path = await file('quoted.csv', text);
    const rows = (await readAll(path, 'products')) as Record<string, string>[];
    expect(rows.map((r) => r.name)).toEqual(['Milk, semi-skimmed', 'The "Big" Loaf\nextra line', 'Eggs']);
    const data = await ingest({ products: csvSource(path, 'products'), customers: [], transactions: [], offers: [] }, { onInvalid: 'collect' });
    expect(data.report.rejects.map((i) => [i.source, i.row, i.field])).toEqual([[path, 3, 'price']]);
    expect(data.catalog.records.map((p) => p.name)).toEqual(['Milk, semi-skimmed', 'The "Big" Loaf\nextra line']);
  });

  it('csvSource(path, kind) splits list cells on | and trims the items', async () => {
    const path = await file('c.csv', 'id,region,store,optedOutCategories\nc1,north,s1,dairy| bread |\nc2,south,s2,\n');
    const data = await ingest({ products: [], customers: csvSource(path, 'customers'), transactions: [], offers: [] });
    expect([0, 1].map((c) => customerRecord(data.customers, c).optedOutCategories)).toEqual([['dairy', 'bread'], []]);
  });

  it('csvSource(path, kind) stops with the file and row of a row whose cell count differs from the header', async () => {
    const path = await file('ragged.csv', 'id,name,department,category,price\np1,Milk,fresh,dairy,1\np2,Milk, whole,fresh,dairy,1\n');
    expect(await issuesOf(readAll(path, 'products'))).toEqual([{ source: path, row: 2, field: '' }]);
  });

  it('csvSource(path, kind) turns malformed CSV and empty files into InvalidRecordError', async () => {
    const open = await file('open-quote.csv', 'id,name,department,category,price\np1,"Milk,fresh,dairy,1\n');
    expect((await issuesOf(readAll(open, 'products')))[0]).toMatchObject({ source: open, field: '' });
    const empty = await file('empty.csv', '');
    expect(await issuesOf(readAll(empty, 'products'))).toEqual([{ source: empty, row: 0, field: '' }]);
  });

  it('csvSource(path, kind) throws a TypeError for an unknown kind and a missing file rejects with ENOENT', async () => {
    expect(() => csvSource('x.csv', 'orders' as RecordKind)).toThrow(TypeError);
    await expect(readAll(join(dir, 'nope.csv'), 'products')).rejects.toThrow(/ENOENT/);
  });

  it('checkCsvHeader(path, kind) reads only the header', async () => {
    const path = await file('hdr.csv', 'customer,product,date,basket,spend\nthis row is broken "\n');
    expect(await checkCsvHeader(path, 'transactions')).toEqual([]);
    expect((await checkCsvHeader(path, 'products')).map((i) => i.field)).toEqual(['customer', 'product', 'date', 'basket', 'spend', 'id', 'name', 'department', 'category', 'price']);
  });
});

describe('ingestFiles(paths)', () => {
  it('ingestFiles(paths) ingests a data set from CSV files, rejects citing file and row', async () => {
    const products = await file('f-p.csv', PRODUCTS);
    const customers = await file('f-c.csv', 'id,region,store,consentEmail\nc1,north,s1,yes\nc2,south,s2,no\n');
    const transactions = await file('f-t.csv.gz', gzipSync('customer,product,date,basket,quantity,spend\nc1,p1,2024-03-02,b1,2,2.4\nc2,p2,2024-03-01,b2,,0.9\nc9,p1,2024-03-01,b3,1,1\nc1,p2,2024-03-01,b4,1,0.9\n'));
    const offers = await file('f-o.csv', 'id,name,kind,targetCategories,reward,cost,margin,validFrom,validTo\no1,Dairy deal,cross-sell,dairy|bread,1,0.5,2,2024-03-01,2024-03-31\n');
    const contacts = await file('f-e.csv', 'customer,offer,campaign,date,redeemed\nc1,o1,,2024-02-01,1\nc2,,spring,2024-02-02,\n');
    const data = await ingestFiles({ products, customers, transactions, offers, contacts }, { onInvalid: 'collect' });
    expect(data.report.counts.transactions).toEqual({ read: 4, accepted: 3, rejected: 1 });
    expect(data.report.rejects.map((i) => [i.source, i.row, i.field])).toEqual([[transactions, 3, 'customer']]);
    expect(Array.from(data.transactions.rowPtr)).toEqual([0, 2, 3]);
    expect(Array.from(data.transactions.quantity)).toEqual([1, 2, 1]);
    expect(data.offers.ids.ids).toEqual(['o1']);
    expect(data.contacts.length).toBe(2);
    expect(Array.from(data.contacts.redeemed)).toEqual([1, 0]);
  });

  it('ingestFiles(paths) checks every header before reading any row and reports all of them', async () => {
    const products = await file('h-p.csv', PRODUCTS);
    const customers = await file('h-c.csv', 'id,region\nc1,north\n');
    const transactions = await file('h-t.csv', 'customer,product,date,basket,spend,till\n');
    const offers = await file('h-o.csv', 'id,name,kind,reward,cost,margin,validFrom,validTo\n');
    expect(await issuesOf(ingestFiles({ products, customers, transactions, offers }))).toEqual([
      { source: customers, row: 0, field: 'store' },
      { source: transactions, row: 0, field: 'till' },
    ]);
    await expect(ingestFiles({ products, customers: 42 as unknown as string, transactions, offers })).rejects.toThrow(TypeError);
  });
});
