import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CSV_COLUMNS, CSV_DAY_COLUMNS } from '../ingest/csvColumns.js';
import { writeCsv } from '../ingest/csvWriter.js';
import { generateRetailer } from '../synth/generateRetailer.js';
import { fmt } from './shared.js';

/** `offerkit generate`: the synthetic retailer as CSV files that `offerkit run` accepts. */
export async function generate(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { out: { type: 'string' }, customers: { type: 'string' }, offers: { type: 'string' }, seed: { type: 'string' } },
  });
  if (values.out === undefined) {
    console.error('offerkit generate: --out DIR is required');
    return 2;
  }
  const shop = generateRetailer({
    customers: values.customers === undefined ? undefined : Number(values.customers),
    offers: values.offers === undefined ? undefined : Number(values.offers),
    seed: values.seed === undefined ? undefined : Number(values.seed),
  });
  await mkdir(values.out, { recursive: true });
  const files = {
    products: await writeCsv(join(values.out, 'products.csv'), CSV_COLUMNS.products, shop.products as Record<string, unknown>[]),
    customers: await writeCsv(join(values.out, 'customers.csv'), CSV_COLUMNS.customers, shop.customers as Record<string, unknown>[]),
    offers: await writeCsv(join(values.out, 'offers.csv'), CSV_COLUMNS.offers, shop.offers as Record<string, unknown>[], { dayColumns: CSV_DAY_COLUMNS.offers }),
    transactions: await writeCsv(join(values.out, 'transactions.csv'), CSV_COLUMNS.transactions, shop.transactions() as Iterable<Record<string, unknown>>, {
      dayColumns: CSV_DAY_COLUMNS.transactions,
    }),
    contacts: await writeCsv(join(values.out, 'contacts.csv'), CSV_COLUMNS.contacts, shop.contacts as Record<string, unknown>[], { dayColumns: CSV_DAY_COLUMNS.contacts }),
  };
  for (const [kind, r] of Object.entries(files)) console.log(`${kind.padEnd(13)} ${fmt(r.rows)} rows -> ${join(values.out, `${kind}.csv`)}`);
  return 0;
}

