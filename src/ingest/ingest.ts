import type { z } from 'zod';
import { ContactEventSchema, type ContactEvent } from '../schema/contactEvent.js';
import { CustomerSchema, type Customer } from '../schema/customer.js';
import { OfferSchema, type Offer } from '../schema/offer.js';
import { fieldNames, parseRecord } from '../schema/parseRecord.js';
import { ProductSchema, type Product } from '../schema/product.js';
import { TransactionSchema } from '../schema/transaction.js';
import { parseTransactionFast } from '../schema/parseTransactionFast.js';
import type { RecordIssue } from '../schema/invalidRecordError.js';
import { buildCatalog, type Catalog } from './catalog.js';
import { buildContactTable, type ContactTable } from './contactTable.js';
import { buildCustomerTable, type CustomerTable } from './customerTable.js';
import { RejectCollector, type IngestReport, type OnInvalid, type RecordKind } from './ingestReport.js';
import { buildOfferTable, type OfferTable } from './offerTable.js';
import { openSource, type RecordSource } from './recordSource.js';
import { TransactionSpill, type TransactionSpillOptions } from './transactionParts.js';
import { TransactionTableBuilder, type TransactionTable } from './transactionTable.js';

/** The raw inputs of a data set; each may be an array, an (async) iterable or a named source. */
export interface DataSources {
  products: RecordSource;
  customers: RecordSource;
  transactions: RecordSource;
  offers: RecordSource;
  contacts?: RecordSource;
}

/** Options of {@link ingest}. */
export interface IngestOptions {
  /** `throw` (default) stops at the first invalid record; `collect` rejects it into the report and goes on. */
  onInvalid?: OnInvalid;
  /** `error` (default) reports fields the schema does not know; `ignore` drops them silently by request. */
  unknownFields?: 'error' | 'ignore';
  /** Called after every 100,000 records read, and once at the end of each source. */
  onProgress?: (kind: RecordKind, recordsRead: number) => void;
  /**
   * Keep transaction lines on disk instead of in memory: they are written as they arrive to part
   * files by customer range (`TransactionSpill`), and `buildProfiles` reads one part at a time, so a
   * data set of millions of customers needs memory for its customers and one part's lines, not for
   * every line. Profiles are identical either way. Functions that read single lines (explanations,
   * the data view, backtests) need the lines in memory. Default: lines in memory.
   */
  spill?: TransactionSpillOptions;
}

/** A validated data set in columnar form, with the report of what was accepted and rejected. */
export interface Dataset {
  readonly catalog: Catalog;
  readonly customers: CustomerTable;
  readonly transactions: TransactionTable;
  readonly offers: OfferTable;
  readonly contacts: ContactTable;
  readonly report: IngestReport;
}

const PROGRESS_EVERY = 100_000;

/** Where the record being checked sits; one object per source, its `row` advanced in place. */
interface RecordAt {
  readonly source: string;
  row: number;
}

/** A record-level check after the schema: `undefined` when the record passes, else its issues. */
type RecordCheck<T> = (record: T, at: RecordAt) => RecordIssue[] | undefined;

function issueAt(at: RecordAt, field: string, reason: string, value?: unknown): RecordIssue {
  return { source: at.source, row: at.row, field, reason, ...(value === undefined ? {} : { value }) };
}

async function readValid<S extends z.ZodObject>(
  source: RecordSource,
  kind: RecordKind,
  schema: S,
  ctx: { collector: RejectCollector; known: boolean; onProgress: IngestOptions['onProgress'] },
  check: RecordCheck<z.output<S>>,
  onValid: (record: z.output<S>) => void,
  fast?: (raw: unknown, rejectUnknown: boolean) => z.output<S> | undefined,
): Promise<void> {
  const { name, records } = openSource(source, kind);
  const known = ctx.known ? fieldNames(schema.shape) : undefined;
  const at: RecordAt = { source: name, row: 0 };
  const handle = (raw: unknown): void => {
    const row = ++at.row;
    let value = fast?.(raw, ctx.known);
    if (value === undefined) {
      const parsed = parseRecord(schema, raw, name, row, known);
      if (!parsed.ok) {
        ctx.collector.reject(kind, parsed.issues);
        value = undefined;
      } else value = parsed.value;
    }
    if (value !== undefined) {
      const issues = check(value, at);
      if (issues !== undefined) ctx.collector.reject(kind, issues);
      else {
        onValid(value);
        ctx.collector.accept(kind);
      }
    }
    if (ctx.onProgress !== undefined && row % PROGRESS_EVERY === 0) ctx.onProgress(kind, row);
  };
  // Plain arrays and generators skip the async machinery: an await per record costs more than validating it.
  if (Symbol.asyncIterator in records) {
    for await (const raw of records as AsyncIterable<unknown>) handle(raw);
  } else {
    for (const raw of records as Iterable<unknown>) handle(raw);
  }
  ctx.onProgress?.(kind, at.row);
}

function uniqueIds<T extends { id: string }>(kind: string): RecordCheck<T> {
  const seen = new Set<string>();
  return (record, at) => {
    if (seen.has(record.id)) return [issueAt(at, 'id', `duplicate ${kind} id; the first record with it is kept`, record.id)];
    seen.add(record.id);
    return undefined;
  };
}

/**
 * Validates every input record at the boundary and loads the data set into offerkit's columnar
 * store. Order matters and is handled here: products, then customers, then offers (their targets
 * are checked against the catalog), then transactions and contacts (checked against customers and
 * products). Duplicate ids and references to unknown records are rejected with their reason.
 *
 * Transactions stream straight into typed-array columns, so memory stays near 40 bytes a line; with
 * `spill` they stream to part files on disk and memory no longer grows with the lines.
 *
 * @example
 * const data = await ingest({ products, customers, transactions, offers }, { onInvalid: 'collect' });
 * data.report.counts.transactions; // { read, accepted, rejected }
 */
export async function ingest(sources: DataSources, options: IngestOptions = {}): Promise<Dataset> {
  const collector = new RejectCollector(options.onInvalid ?? 'throw');
  const ctx = { collector, known: (options.unknownFields ?? 'error') === 'error', onProgress: options.onProgress };

  const products: Product[] = [];
  await readValid(sources.products, 'products', ProductSchema, ctx, uniqueIds<Product>('product'), (p) => products.push(p));
  const catalog = buildCatalog(products);

  const customers: Customer[] = [];
  await readValid(sources.customers, 'customers', CustomerSchema, ctx, uniqueIds<Customer>('customer'), (c) => customers.push(c));
  const customerTable = buildCustomerTable(customers, catalog.categories);

  const offers: Offer[] = [];
  const offerIdsUnique = uniqueIds<Offer>('offer');
  await readValid(
    sources.offers,
    'offers',
    OfferSchema,
    ctx,
    (o, at) => {
      const issues: RecordIssue[] = [];
      for (const id of o.targetProducts) if (!catalog.products.has(id)) issues.push(issueAt(at, 'targetProducts', 'unknown product id; not in products', id));
      for (const id of o.targetCategories) if (!catalog.categories.has(id)) issues.push(issueAt(at, 'targetCategories', 'unknown category; no product has it', id));
      for (const id of o.targetBrands) if (!catalog.brands.has(id)) issues.push(issueAt(at, 'targetBrands', 'unknown brand; no product has it', id));
      // The id is claimed only by an offer that is kept, so a rejected offer never shadows a later valid one.
      return issues.length > 0 ? issues : offerIdsUnique(o, at);
    },
    (o) => offers.push(o),
  );
  const offerTable = buildOfferTable(offers, catalog, customerTable);

  const customerCount = customerTable.ids.size;
  const builder = options.spill === undefined ? new TransactionTableBuilder() : new TransactionSpill(customerCount, options.spill);
  let txCustomer = -1;
  let txProduct = -1;
  // Lines usually come grouped by customer: remembering the last id skips most lookups in a map of millions of customers, whose probes miss the cache.
  let lastCustomerId: string | undefined;
  let lastCustomer = -1;
  // A failed ingest must not leave part files behind in a long-lived process.
  const readLines = readValid(
    sources.transactions,
    'transactions',
    TransactionSchema,
    ctx,
    (t, at) => {
      if (t.customer !== lastCustomerId) {
        lastCustomerId = t.customer;
        lastCustomer = customerTable.ids.get(t.customer);
      }
      txCustomer = lastCustomer;
      txProduct = catalog.products.get(t.product);
      if (txCustomer >= 0 && txProduct >= 0) return undefined;
      const issues: RecordIssue[] = [];
      if (txCustomer < 0) issues.push(issueAt(at, 'customer', 'unknown customer id; not in customers', t.customer));
      if (txProduct < 0) issues.push(issueAt(at, 'product', 'unknown product id; not in products', t.product));
      return issues;
    },
    (t) => builder.push(txCustomer, txProduct, t.date, t.basket, t.quantity, t.spend, t.discount),
    parseTransactionFast,
  );
  await readLines.catch((error: unknown) => {
    if (builder instanceof TransactionSpill) builder.abort();
    throw error;
  });
  const transactions = builder instanceof TransactionTableBuilder ? builder.finish(customerCount) : builder.finish();

  const contacts: ContactEvent[] = [];
  const contactCustomer: number[] = [];
  if (sources.contacts !== undefined) {
    const readContacts = readValid(
      sources.contacts,
      'contacts',
      ContactEventSchema,
      ctx,
      (e, at) => (customerTable.ids.has(e.customer) ? undefined : [issueAt(at, 'customer', 'unknown customer id; not in customers', e.customer)]),
      (e) => {
        contacts.push(e);
        contactCustomer.push(customerTable.ids.get(e.customer));
      },
    );
    await readContacts.catch((error: unknown) => {
      transactions.parts?.remove();
      throw error;
    });
  }
  const contactTable = buildContactTable(contacts, Int32Array.from(contactCustomer), customerTable.ids.size, offerTable.ids);

  return { catalog, customers: customerTable, transactions, offers: offerTable, contacts: contactTable, report: collector.report() };
}
