import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson } from '../lib/canonicalJson.js';
import { writeFileAtomic } from '../lib/atomicFile.js';
import type { OfferTable } from '../ingest/offerTable.js';
import { campaignSalt } from '../measure/assignCells.js';

/** Format tag of `prices.json`. */
export const SHARD_PRICES_FORMAT = 'offerkit-shard-prices-v1';
/** File name of the first pass's prices, in the output folder of a sharded run (beside the shard folders). */
export const SHARD_PRICES_FILE = 'prices.json';
/** Customers in the pricing sample when not told otherwise. */
export const DEFAULT_PRICING_SAMPLE = 20_000;

/**
 * `prices.json`: the shadow prices of a campaign's global limits, found once by a first pass over a
 * sample of the customers and handed to every shard, so all shards arbitrate against the same prices.
 */
export interface ShardPrices {
  readonly format: typeof SHARD_PRICES_FORMAT;
  /** sha256 of the canonical JSON of the parsed campaign config. */
  readonly configSha256: string;
  /** Input name -> sha256 of the data the pass ran on. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The sample: customers in it, of all customers, its salt and the number of parts it is one of. */
  readonly sample: { readonly customers: number; readonly of: number; readonly salt: string; readonly parts: number; readonly requested: number };
  /** Offers with a finite capacity or budget, by id. */
  readonly offers: readonly string[];
  /** Per listed offer: shadow price of capacity (arbitration value per recipient). */
  readonly capacityPrice: readonly number[];
  /** Per listed offer: shadow price of the budget (value per unit of expected cost). */
  readonly budgetPrice: readonly number[];
  /** Shadow price of the campaign budget (value per unit of expected cost). */
  readonly campaignPrice: number;
  /** Dual iterations of the pass, and whether its prices settled. */
  readonly iterations: number;
  readonly converged: boolean;
  /** The campaign budget the pass priced (scaled to the sample inside it); `null` when none. */
  readonly campaignBudget: number | null;
}

/**
 * The salt of the pricing sample: distinct from the cell and shard salts, so the sample is a random
 * draw across every shard and cell and does not depend on the shard count.
 * @example pricingSalt({ name: 'spring', seed: 7 }); // 'spring#7:pricing'
 * Cost: O(1).
 */
export function pricingSalt(campaign: { readonly name: string; readonly seed: number }): string {
  return `${campaignSalt(campaign)}:pricing`;
}

/** Dual prices by offer index, as the selection's `initialPrices` takes them. */
export interface InitialPrices {
  readonly capacity: Float64Array;
  readonly budget: Float64Array;
  readonly campaign: number;
}

/**
 * Maps `prices.json` onto the offer table of a run (the whole data set or a shard's slice, which
 * keep every offer): listed offers get their prices, every other offer 0.
 *
 * @throws RangeError when a listed offer is not in the table (the prices belong to other data).
 * @example const initial = initialPricesFor(prices, data.offers);
 * Cost: O(offers).
 */
export function initialPricesFor(prices: ShardPrices, offers: Pick<OfferTable, 'ids'>): InitialPrices {
  const m = offers.ids.size;
  const capacity = new Float64Array(m);
  const budget = new Float64Array(m);
  for (let j = 0; j < prices.offers.length; j++) {
    const o = offers.ids.get(prices.offers[j]!);
    if (o === undefined) throw new RangeError(`initialPricesFor: offer "${prices.offers[j]}" of prices.json is not in the data`);
    capacity[o] = prices.capacityPrice[j]!;
    budget[o] = prices.budgetPrice[j]!;
  }
  return { capacity, budget, campaign: prices.campaignPrice };
}

/**
 * sha256 (hex) of the canonical JSON of a prices record: what every shard records, and what the merge
 * requires them to agree on.
 * @example pricesChecksum(prices).length; // 64
 * Cost: O(offers).
 */
export function pricesChecksum(prices: ShardPrices): string {
  return createHash('sha256').update(canonicalJson(prices)).digest('hex');
}

/**
 * Reads `dir/prices.json`; `undefined` when it is missing, unreadable or not a prices record.
 * @example const prices = await readShardPrices('out');
 * Cost: O(size of the file).
 */
export async function readShardPrices(dir: string): Promise<ShardPrices | undefined> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(join(dir, SHARD_PRICES_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const p = value as Partial<ShardPrices> | null;
  if (p === null || typeof p !== 'object' || p.format !== SHARD_PRICES_FORMAT || typeof p.configSha256 !== 'string') return undefined;
  if (!Array.isArray(p.offers) || !Array.isArray(p.capacityPrice) || !Array.isArray(p.budgetPrice) || typeof p.campaignPrice !== 'number') return undefined;
  if (p.capacityPrice.length !== p.offers.length || p.budgetPrice.length !== p.offers.length || p.sample === undefined || p.inputs === undefined) return undefined;
  return p as ShardPrices;
}

/**
 * Writes `dir/prices.json` through a temp file and a rename (readers see none or all of it).
 * @example await writeShardPrices('out', prices);
 * Cost: O(offers).
 */
export async function writeShardPrices(dir: string, prices: ShardPrices): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, SHARD_PRICES_FILE), `${canonicalJson(prices, 2)}\n`);
}
