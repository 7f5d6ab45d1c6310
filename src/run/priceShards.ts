import { canonicalJson } from '../lib/canonicalJson.js';
import { runCampaign, type PreparedCampaign, type RunCampaignOptions } from '../campaign.js';
import type { Dataset } from '../ingest/ingest.js';
import { CampaignConfigSchema, type CampaignConfigInput } from '../schema/campaignConfig.js';
import { configChecksum, finiteOrNull } from '../shard/shardRecord.js';
import { DEFAULT_PRICING_SAMPLE, pricingSalt, readShardPrices, SHARD_PRICES_FORMAT, writeShardPrices, type ShardPrices } from '../shard/shardPrices.js';

/** Options of {@link priceShards} and {@link ensureShardPrices}. */
export interface PriceShardsOptions extends Pick<RunCampaignOptions, 'workers' | 'select' | 'inputChecksums'> {
  /** Customers in the pricing sample (about; the sample is one part of a salted hash partition). Default 20,000. */
  sampleSize?: number;
  /** Profiles and model fitted on this data and config, reused instead of fitted again. */
  prepared?: PreparedCampaign;
}

/**
 * The first pass of a sharded run: selects offers for a random sample of about `sampleSize`
 * customers (one part of a salted hash partition, under that part's proportional share of every
 * capacity and budget, exactly as a shard would) and returns the shadow prices its allocation
 * settled on. Shards then start their own price search from these (`runCampaign(..., { prices })`),
 * so they agree on how tight each offer is instead of each discovering it alone. Deterministic: the
 * same data, config and sample size give the same prices, whichever process computes them.
 *
 * @throws RangeError when `sampleSize` is not a positive integer.
 * @example
 * const { prices, prepared } = await priceShards(config, data, { sampleSize: 20_000 });
 * await runCampaign(config, data, { shard: { index: 0, count: 8 }, prices, prepared, outDir });
 *
 * Cost: one campaign run (score, select, protect, assemble, no files) over the sample, plus the
 * profile and model fit unless `prepared` is given.
 */
export async function priceShards(configInput: CampaignConfigInput, data: Dataset, options: PriceShardsOptions = {}): Promise<{ prices: ShardPrices; prepared: PreparedCampaign }> {
  const requested = options.sampleSize ?? DEFAULT_PRICING_SAMPLE;
  if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`priceShards: sampleSize must be a positive integer, got ${requested}`);
  const config = CampaignConfigSchema.parse(configInput);
  const n = data.customers.ids.size;
  const parts = Math.max(1, Math.round(n / requested));
  const salt = pricingSalt(config);
  const run = await runCampaign(config, data, {
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.select === undefined ? {} : { select: options.select }),
    ...(options.prepared === undefined ? {} : { prepared: options.prepared }),
    shard: { index: 0, count: parts },
    partitionSalt: salt,
  });
  const offers = data.offers;
  const ids: string[] = [];
  const capacityPrice: number[] = [];
  const budgetPrice: number[] = [];
  for (let o = 0; o < offers.ids.size; o++) {
    if (offers.capacity[o] === Number.POSITIVE_INFINITY && offers.budget[o] === Number.POSITIVE_INFINITY) continue;
    ids.push(offers.ids.id(o));
    capacityPrice.push(run.selection.trace.capacityPrice[o]!);
    budgetPrice.push(run.selection.trace.budgetPrice[o]!);
  }
  const report = run.selection.report;
  const budget = options.select?.campaignBudget;
  const prices: ShardPrices = {
    format: SHARD_PRICES_FORMAT,
    configSha256: configChecksum(config),
    inputs: { ...(options.inputChecksums ?? {}) },
    sample: { customers: run.data.customers.ids.size, of: n, salt, parts, requested },
    offers: ids,
    capacityPrice,
    budgetPrice,
    campaignPrice: report.campaign.price,
    iterations: report.iterations,
    converged: report.converged,
    campaignBudget: budget === undefined ? null : finiteOrNull(budget),
  };
  return { prices, prepared: run.prepared };
}

/**
 * The prices of a sharded run in `outDir`: `prices.json` when it is there for this config, input
 * checksums, sample size and campaign budget, else a new first pass ({@link priceShards}) written
 * there. Every process of a run calls this; since the pass is deterministic, a process that
 * computes it again (a race, a lost file) writes the same bytes.
 *
 * @example const { prices } = await ensureShardPrices('out', config, data, { inputChecksums });
 * Cost: reading one small file, or one {@link priceShards}.
 */
export async function ensureShardPrices(
  outDir: string,
  configInput: CampaignConfigInput,
  data: Dataset,
  options: PriceShardsOptions = {},
): Promise<{ prices: ShardPrices; prepared: PreparedCampaign | undefined; computed: boolean }> {
  const config = CampaignConfigSchema.parse(configInput);
  const found = await readShardPrices(outDir);
  const budget = options.select?.campaignBudget;
  if (
    found !== undefined &&
    found.configSha256 === configChecksum(config) &&
    canonicalJson(found.inputs) === canonicalJson(options.inputChecksums ?? {}) &&
    found.sample.requested === (options.sampleSize ?? DEFAULT_PRICING_SAMPLE) &&
    found.sample.of === data.customers.ids.size &&
    found.campaignBudget === (budget === undefined ? null : finiteOrNull(budget))
  ) {
    return { prices: found, prepared: options.prepared, computed: false };
  }
  const { prices, prepared } = await priceShards(config, data, options);
  await writeShardPrices(outDir, prices);
  return { prices, prepared, computed: true };
}
