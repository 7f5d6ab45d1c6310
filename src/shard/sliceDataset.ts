import type { ContactTable } from '../ingest/contactTable.js';
import { joinTexts, type CustomerTable } from '../ingest/customerTable.js';
import { IdIndex } from '../ingest/idIndex.js';
import type { Dataset } from '../ingest/ingest.js';
import type { OfferTable } from '../ingest/offerTable.js';
import type { TransactionTable } from '../ingest/transactionTable.js';
import { takeCsrRows, takeRows } from './sliceRows.js';

/** Options of {@link sliceDataset}. */
export interface SliceDatasetOptions {
  /** Offer limits to use instead of the data set's (a shard's share, see `shardLimits`). Default: unchanged. */
  limits?: Partial<Pick<OfferTable, 'capacity' | 'budget' | 'minVolume'>>;
}

/**
 * The data set seen by one shard: customers `rows` only, in `rows` order, with their transactions
 * and contacts. Catalog, offers (optionally with the shard's limits), region/store/segment names,
 * basket and campaign ids and the ingest report are shared, and the transaction day range stays
 * the whole data set's, so the campaign day is the same in every shard. Inputs are not mutated.
 *
 * @throws RangeError when a row is outside the customer table.
 * @example
 * const shardData = sliceDataset(data, shardRows(partition, 1), { limits: shardLimits(data.offers, partition.sizes, 1) });
 *
 * Cost: O(rows + transactions and contacts of those rows).
 */
export function sliceDataset(data: Dataset, rows: Int32Array, options: SliceDatasetOptions = {}): Dataset {
  const cust = data.customers;
  const n = cust.ids.size;
  for (let i = 0; i < rows.length; i++) {
    if (!(rows[i]! >= 0 && rows[i]! < n)) throw new RangeError(`sliceDataset: row ${rows[i]} is outside the customer table (0..${n - 1})`);
  }
  const ids = new IdIndex();
  const names = new Array<string>(rows.length);
  const optedOutNames = new Map<number, readonly string[]>();
  for (let i = 0; i < rows.length; i++) {
    ids.intern(cust.ids.id(rows[i]!));
    names[i] = cust.nameText.slice(cust.nameStart[rows[i]!]!, cust.nameStart[rows[i]! + 1]!);
    const opted = cust.optedOutNames.get(rows[i]!);
    if (opted !== undefined) optedOutNames.set(i, opted);
  }
  const opted = takeCsrRows(cust.optedOut.rowPtr, [cust.optedOut.index] as const, rows);
  const joined = joinTexts(names);
  const customers: CustomerTable = {
    ids,
    regions: cust.regions,
    stores: cust.stores,
    segments: cust.segments,
    region: takeRows(cust.region, rows),
    store: takeRows(cust.store, rows),
    segment: takeRows(cust.segment, rows),
    flags: takeRows(cust.flags, rows),
    optedOut: { rowPtr: opted.rowPtr, index: opted.columns[0] },
    nameText: joined.text,
    nameStart: joined.start,
    ageBands: cust.ageBands,
    ageBand: takeRows(cust.ageBand, rows),
    incomeBands: cust.incomeBands,
    incomeBand: takeRows(cust.incomeBand, rows),
    householdSize: takeRows(cust.householdSize, rows),
    kidsCount: takeRows(cust.kidsCount, rows),
    optedOutNames,
  };

  const t = data.transactions;
  const tx = takeCsrRows(t.rowPtr, [t.product, t.day, t.basket, t.quantity, t.spend, t.discount] as const, rows);
  const [product, day, basket, quantity, spend, discount] = tx.columns;
  const transactions: TransactionTable = { ...t, rowPtr: tx.rowPtr, product, day, basket, quantity, spend, discount, length: tx.rowPtr[rows.length]! };

  const k = data.contacts;
  const ct = takeCsrRows(k.rowPtr, [k.offer, k.campaign, k.day, k.channel, k.redeemed] as const, rows);
  const [offer, campaign, cday, channel, redeemed] = ct.columns;
  const contacts: ContactTable = { ...k, rowPtr: ct.rowPtr, offer, campaign, day: cday, channel, redeemed, length: ct.rowPtr[rows.length]! };

  const offers: OfferTable = options.limits === undefined ? data.offers : { ...data.offers, ...options.limits };
  return { ...data, customers, transactions, contacts, offers };
}
