import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSV_COLUMNS, CSV_DAY_COLUMNS } from '../../src/ingest/csvColumns.js';
import { writeCsv } from '../../src/ingest/csvWriter.js';
import { ingestFiles } from '../../src/ingest/ingestFiles.js';
import { ingest } from '../../src/ingest/ingest.js';
import { generateRetailer } from '../../src/synth/index.js';
import { compareDatasets } from './compareDatasets.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offerkit-csvsynth-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ingestFiles(paths) on a synthetic retailer', () => {
  it('ingestFiles(generateRetailer CSV files) equals ingest(generateRetailer records) with zero rejects', async () => {
    const shop = generateRetailer({ customers: 150, products: 400, categories: 60, offers: 80, days: 120, seed: 11 });
    const records = { products: shop.products, customers: shop.customers, offers: shop.offers, contacts: shop.contacts } as const;
    const files = {
      products: join(dir, 'products.csv'),
      customers: join(dir, 'customers.csv'),
      offers: join(dir, 'offers.csv'),
      contacts: join(dir, 'contacts.csv'),
      transactions: join(dir, 'transactions.csv.gz'),
    };
    for (const kind of ['products', 'customers', 'offers', 'contacts'] as const) {
      await writeCsv(files[kind], CSV_COLUMNS[kind], records[kind] as Iterable<Record<string, unknown>>, { dayColumns: CSV_DAY_COLUMNS[kind] });
    }
    const tx = await writeCsv(files.transactions, CSV_COLUMNS.transactions, shop.transactions() as Iterable<Record<string, unknown>>, { dayColumns: CSV_DAY_COLUMNS.transactions });
    expect(tx.rows).toBeGreaterThan(1000);

    const fromObjects = await ingest({ ...records, transactions: shop.transactions() }, { onInvalid: 'collect' });
    const fromCsv = await ingestFiles(files, { onInvalid: 'collect' });
    expect(fromCsv.report.rejects).toEqual([]);
    expect(fromCsv.transactions.length).toBe(tx.rows);
    compareDatasets(fromCsv, fromObjects, files);
  });
});
