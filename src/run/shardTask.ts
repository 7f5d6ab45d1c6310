import type { CampaignStagesInput, RunCampaignOptions } from '../campaign.js';
import type { Catalog } from '../ingest/catalog.js';
import type { ContactTable } from '../ingest/contactTable.js';
import type { CustomerTable } from '../ingest/customerTable.js';
import { IdIndex } from '../ingest/idIndex.js';
import type { Dataset } from '../ingest/ingest.js';
import type { OfferTable } from '../ingest/offerTable.js';
import type { TransactionTable } from '../ingest/transactionTable.js';
import type { CampaignConfig } from '../schema/campaignConfig.js';
import type { ShardSlice } from '../shard/sliceShard.js';

/** The options a shard's worker thread runs with: those of `runCampaign` that are plain data. */
export type ShardTaskOptions = Pick<RunCampaignOptions, 'outDir' | 'inputChecksums' | 'libraryVersion' | 'select' | 'prices'>;

/**
 * What a shard's worker thread is posted: the shard's slice as plain data (structured-cloneable).
 * The transaction table carries no lines: the stages after slicing read profiles, not lines, and
 * a slice of spilled data has none in memory anyway.
 */
export interface ShardTask {
  readonly config: CampaignConfig;
  readonly input: CampaignStagesInput;
  readonly options: ShardTaskOptions;
}

/** A transaction table with its day range and no lines (and no part files). */
function withoutLines(t: TransactionTable, customers: number): TransactionTable {
  const empty32 = new Int32Array(0);
  return {
    rowPtr: new Int32Array(customers + 1),
    product: empty32,
    day: empty32,
    basket: empty32,
    quantity: new Float32Array(0),
    spend: new Float64Array(0),
    discount: new Float64Array(0),
    // The in-memory line count of the slice, as `runCampaign` on the slice would report it.
    length: t.length,
    minDay: t.minDay,
    maxDay: t.maxDay,
  };
}

/**
 * The task of one shard. `baseOffers` is the whole data set's offer table (the shard record cites
 * its limits next to the shard's share).
 * @example worker.postMessage(shardTask(config, day, slice, { index: 1, count: 4 }, data.offers, { outDir }));
 * Cost: O(customers of the shard) (a zeroed row pointer).
 */
export function shardTask(
  config: CampaignConfig,
  day: number,
  slice: ShardSlice,
  shard: { readonly index: number; readonly count: number },
  baseOffers: OfferTable,
  options: ShardTaskOptions,
): ShardTask {
  const data: Dataset = { ...slice.data, transactions: withoutLines(slice.data.transactions, slice.data.customers.ids.size) };
  return {
    config,
    input: {
      day,
      data,
      profiles: slice.profiles,
      model: slice.model,
      shard: { index: shard.index, count: shard.count, partition: slice.partition, limits: slice.limits, baseOffers },
    },
    options,
  };
}

/** Gives a structured clone of an {@link IdIndex} its methods back (a clone keeps the fields, not the class). */
function revive(index: IdIndex): IdIndex {
  return Object.setPrototypeOf(index, IdIndex.prototype) as IdIndex;
}

function reviveCatalog(c: Catalog): Catalog {
  for (const k of ['products', 'categories', 'subcategories', 'departments', 'brands', 'sensitiveTags'] as const) revive(c[k]);
  return c;
}

function reviveCustomers(c: CustomerTable): CustomerTable {
  for (const k of ['ids', 'regions', 'stores', 'segments', 'ageBands', 'incomeBands'] as const) revive(c[k]);
  return c;
}

function reviveOffers(o: OfferTable): OfferTable {
  revive(o.ids);
  revive(o.groups);
  return o;
}

function reviveContacts(c: ContactTable): ContactTable {
  revive(c.offerIds);
  revive(c.campaigns);
  return c;
}

/**
 * A {@link ShardTask} as received by a worker thread, with the classes the clone dropped restored
 * (in place). Objects shared within the task (the slice's and the base offer table's id index, the
 * model's profiles) are one object after the clone too.
 * @example const task = reviveShardTask(message);
 * Cost: O(1).
 */
export function reviveShardTask(task: ShardTask): ShardTask {
  const { data } = task.input;
  reviveCatalog(data.catalog);
  reviveCustomers(data.customers);
  reviveOffers(data.offers);
  reviveContacts(data.contacts);
  if (task.input.shard !== undefined) reviveOffers(task.input.shard.baseOffers);
  return task;
}
