import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dataset } from './ingest/ingest.js';
import type { OfferTable } from './ingest/offerTable.js';
import { assignCells, campaignSalt, Cell, CELL_NAMES } from './measure/assignCells.js';
import { traceLine } from './assemble/traceLine.js';
import { traceFor } from './select/decisionTrace.js';
import { buildProfiles } from './profile/buildProfiles.js';
import { productHistoryOf } from './profile/productHistory.js';
import type { Profiles } from './profile/profiles.js';
import { enforceKAnonymity, type KAnonymityResult } from './protect/enforceKAnonymity.js';
import { maskSensitive, type MaskResult, type SensitiveOfferReport } from './protect/maskSensitive.js';
import { recountSensitive } from './protect/recountSensitive.js';
import { lookalikeKeys } from './protect/lookalikeKeys.js';
import { CampaignConfigSchema, type CampaignConfig, type CampaignConfigInput } from './schema/campaignConfig.js';
import type { Candidates } from './score/candidates.js';
import { fitRelevanceModel, type RelevanceModel } from './score/relevanceModel.js';
import { scoreAll } from './score/scoreAll.js';
import { scoreAllParallel } from './score/scoreAllParallel.js';
import { discoveryMask, mergeCandidates } from './score/discoveryCandidates.js';
import type { EligibilityMask } from './score/eligibilityMask.js';
import { PlanChanges } from './select/planChanges.js';
import { assembleMailing } from './assemble/assembleMailing.js';
import { canonicalJson } from './lib/canonicalJson.js';
import { createLayout } from './assemble/layout.js';
import type { Mailing } from './assemble/mailing.js';
import type { Manifest } from './assemble/manifest.js';
import { writeMailing } from './assemble/writeMailing.js';
import { campaignDay } from './select/campaignDay.js';
import { buildEligibilityMask, type EligibilityBitset } from './select/eligibility.js';
import type { MailerPlan } from './select/mailerPlan.js';
import { selectOffers, type Selection, type SelectOptions } from './select/selectOffers.js';
import { partitionCustomers, shardSalt } from './shard/partitionCustomers.js';
import { sliceShard, type ShardSlice } from './shard/sliceShard.js';
import { initialPricesFor, pricesChecksum, type ShardPrices } from './shard/shardPrices.js';
import { configChecksum, finiteOrNull, SHARD_RECORD_FILE, SHARD_RECORD_FORMAT, shardDirName, writeShardRecord, type ShardRecord } from './shard/shardRecord.js';

/** The pipeline stages, in order, as reported to `onProgress`. */
export const CAMPAIGN_STAGES = ['profile', 'model', 'shard', 'cells', 'eligibility', 'score', 'select', 'protect', 'assemble', 'write'] as const;
/** A pipeline stage name. */
export type CampaignStage = (typeof CAMPAIGN_STAGES)[number];

/** Options of {@link runCampaign}. */
export interface RunCampaignOptions {
  /** Worker threads for scoring; `1` scores on the calling thread. Results are identical either way. Default `1`. */
  workers?: number;
  /** Folder for the mail-house files and manifest; nothing is written when absent. */
  outDir?: string;
  /** Input name -> sha256 of each input file, recorded in the manifest. Default `{}`. */
  inputChecksums?: Readonly<Record<string, string>>;
  /** offerkit version for the manifest. Default `'unknown'`. */
  libraryVersion?: string;
  /** Extra selection options (campaign budget, arbitration formula, ...). */
  select?: Omit<SelectOptions, 'excluded' | 'day'>;
  /** Called when each stage starts (`done` = stages finished so far, of `total`). */
  onProgress?: (stage: CampaignStage, done: number, total: number) => void;
  /**
   * Run one shard of the campaign: only the customers with `shardOf(id, shardSalt(config), count) ===
   * index`, under the shard's share of every capacity and budget (see `shardLimits`); files go to
   * `outDir/shard-<index>-of-<count>/` with a `shard.json` record after the manifest. Profiles and the
   * relevance model are fitted on every customer, so all shards score with the same model.
   * Default: no sharding.
   */
  shard?: { readonly index: number; readonly count: number };
  /**
   * Profiles and model fitted on this same data and config by an earlier run (its `prepared`), reused
   * to skip those stages: what a process running several shards passes from one shard to the next.
   */
  prepared?: PreparedCampaign;
  /**
   * Shadow prices of a first pass over a sample (`priceShards` / `ensureShardPrices`): the selection
   * starts its price search from them, so every shard arbitrates from the same prices. Recorded in
   * the shard record (`pricesSha256`); the merge refuses shards that used different prices.
   * Default: none (each run starts its prices from scratch).
   */
  prices?: ShardPrices;
  /** Salt of the shard partition. Default `shardSalt(config)`; the pricing pass draws its sample with its own. */
  partitionSalt?: string;
  /**
   * Whether `outDir` gets `trace.ndjson.gz`, the decision trace of every customer's printed mailer
   * (candidates, outcomes, what privacy and k-anonymity changed), listed in the manifest. NDJSON in
   * gzip so anyone can read it with `zcat | jq`, no offerkit reader needed. It costs about 265 bytes and
   * 135 µs a customer (2.7 s at 20,000 customers, bench/RESULTS.md); a batch job that keeps its
   * traces elsewhere turns it off. Default `true`.
   */
  trace?: boolean;
}

/** The stages fitted on the whole data set, shareable between shard runs of the same data and config. */
export interface PreparedCampaign {
  readonly day: number;
  /** Profiles of every customer. */
  readonly profiles: Profiles;
  /** The relevance model fitted on every customer. */
  readonly model: RelevanceModel;
}

/** Everything a campaign run produced, stage by stage, for reports and measurement. */
export interface CampaignRun {
  readonly config: CampaignConfig;
  readonly day: number;
  /** The data the run covered: the input, or the shard's slice of it. Every per-customer array below indexes its customers. */
  readonly data: Dataset;
  /** Profiles and model of the whole data set, to pass as `options.prepared` to further shards. */
  readonly prepared: PreparedCampaign;
  /** The shard record written with the files, when `options.shard` was given. */
  readonly shard: ShardRecord | undefined;
  /** Folder the files were written to (`outDir`, or its shard subfolder); `undefined` without `outDir`. */
  readonly outDir: string | undefined;
  readonly profiles: Profiles;
  /** Per customer {@link Cell}: holdout (no mail), control (generic mailer), targeted. */
  readonly cells: Uint8Array;
  readonly eligibility: EligibilityBitset;
  readonly model: RelevanceModel;
  /** Scored top-K per customer (control and holdout rows included: they are scored, then not targeted). */
  readonly candidates: Candidates;
  readonly selection: Selection;
  readonly masking: MaskResult;
  readonly anonymity: KAnonymityResult;
  /**
   * Per sensitive offer, recounted on the final plan (after k-anonymity, whose moves to the generic
   * mailer can remove cover): in-segment and cover recipients and the achieved bound. Prefer this to
   * `masking.report`, which describes the plan before k-anonymity.
   */
  readonly privacy: readonly SensitiveOfferReport[];
  /** The final plan: what is printed. */
  readonly plan: MailerPlan;
  /** What the stages after selection (masking, k-anonymity) removed from and added to each mailer, and why. */
  readonly changes: PlanChanges;
  readonly mailing: Mailing;
  readonly manifest: Manifest | undefined;
  /** Milliseconds per stage. */
  readonly timings: Readonly<Partial<Record<CampaignStage, number>>>;
}

/**
 * The id of a campaign's mailer layout, from the config alone (targeted slots and generic offers):
 * `campaign-` + 12 hex digits of a sha256. The slot count is the widest mailer of a run (the protect
 * stage may add decoys and cover beyond `slots`), which can differ between shards; the id must not,
 * since it is hashed into every variant id and shards must agree on those.
 *
 * @example campaignLayoutId(CampaignConfigSchema.parse({ slots: 6 })); // 'campaign-…'
 * Cost: O(generic offers).
 */
export function campaignLayoutId(config: Pick<CampaignConfig, 'slots' | 'genericOffers'>): string {
  const text = canonicalJson(['offerkit-campaign-layout-v1', config.slots, config.genericOffers]);
  return `campaign-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}

/**
 * Each customer's top `config.topK` candidates plus, when `config.discoveryShare` reserves slots,
 * their best offers in categories they do not buy yet (scored on the discovery mask with K = twice
 * the reserved slots, so a blocked one has a stand-in): without them the reserve stays empty, since
 * such offers rarely reach the overall top K.
 */
async function scoreCampaign(config: CampaignConfig, model: RelevanceModel, profiles: Profiles, data: Dataset, eligibility: EligibilityBitset, workers: number): Promise<Candidates> {
  const score = (k: number, eligible: EligibilityMask): Candidates | Promise<Candidates> =>
    workers > 1 ? scoreAllParallel(model, { workers, k, eligible }) : scoreAll(model, { k, eligible });
  const main = await score(config.topK, eligibility);
  const reserved = Math.round(config.discoveryShare * config.slots);
  if (reserved === 0) return main;
  const discovery = await score(2 * reserved, discoveryMask(eligibility, eligibility.wordsPerCustomer, profiles, data.offers));
  return mergeCandidates(main, discovery);
}

/** Candidates with the rows of `cells !== targeted` emptied, so those customers get the generic fill only. */
function targetedOnly(candidates: Candidates, cells: Uint8Array): Candidates {
  const count = candidates.count.slice();
  for (let c = 0; c < count.length; c++) if (cells[c] !== Cell.targeted) count[c] = 0;
  return { ...candidates, count };
}

/**
 * Runs the whole pipeline on an ingested data set: profiles as of the campaign day, control cells
 * by salted hash, eligibility rules, the relevance model, scoring (top K per customer), selection
 * under caps and contact policy, sensitive-offer masking and k-anonymity, variant assembly and,
 * with `outDir`, the mail-house files. Every random choice derives from `config.seed`; the same data
 * and config give byte-identical outputs on any number of workers.
 *
 * Control customers are scored like everyone else but mailed the generic fallback mailer, and the
 * holdout gets nothing, so {@link measureCampaign} can separate the effect of targeting from that of mailing.
 *
 * Sharding (`options.shard`): customers are split by `shardOf(id, shardSalt(config), count)`, a salt
 * distinct from the cell salt. Profiles and the relevance model are fitted on every customer (cheap
 * next to scoring) and then sliced, so a customer gets the same candidates in any shard; cells hash
 * the id, so they do not depend on the shard either. Each shard selects under its share of every
 * capacity, minimum volume and budget (`shardLimits`: proportional to its customer count, largest
 * remainder for counts), so the union never exceeds a capacity; the price is that shards cannot lend
 * each other unused capacity. With `options.prices` (a first pass over a sample, `ensureShardPrices`)
 * every shard starts its shadow-price search from the same prices. Look-alike bands, cover and
 * k-anonymity are computed within a shard: the tau bound holds in the union if it holds in every
 * shard (a ratio of sums is at most the largest ratio), and a variant shared by k customers in one
 * shard is shared by at least k in the union. The mailer layout id comes from the config
 * ({@link campaignLayoutId}), so variant ids agree across shards. Merge shards with `mergeShards`.
 *
 * Cost: dominated by scoring, O(customers x scanned offers x factor dimension), and selection,
 * O(customers x k x dual iterations).
 *
 * @example
 * const data = await ingest({ products, customers, transactions, offers });
 * const run = await runCampaign({ slots: 6, seed: 7 }, data, { outDir: 'out' });
 * run.mailing.stats.variants; // distinct mailer versions
 * await runCampaign({ seed: 7 }, data, { outDir: 'out', shard: { index: 0, count: 4 } }); // out/shard-0-of-4/
 */
export async function runCampaign(configInput: CampaignConfigInput, data: Dataset, options: RunCampaignOptions = {}): Promise<CampaignRun> {
  const config = CampaignConfigSchema.parse(configInput);
  const timer = stageTimer(options.onProgress);
  const shardOption = options.shard;
  if (shardOption !== undefined) {
    const { index, count } = shardOption;
    if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
      throw new RangeError(`runCampaign: shard must be { index, count } with integers 0 <= index < count, got ${JSON.stringify(shardOption)}`);
    }
  }

  const day = campaignDay(data, config);
  const prepared = options.prepared;
  if (prepared !== undefined) checkPrepared(prepared, data, day, config, 'runCampaign');
  const allProfiles = await timer.stage('profile', () => prepared?.profiles ?? buildProfiles(data, { asOfDay: day, halfLifeDays: config.model.halfLifeDays }));
  const allModel = await timer.stage('model', () => prepared?.model ?? fitCampaignModel(config, data, allProfiles));
  const sharded = await timer.stage('shard', () =>
    shardOption === undefined
      ? undefined
      : sliceShard(
          data,
          allProfiles,
          allModel,
          partitionCustomers(data.customers.ids.ids, shardOption.count, options.partitionSalt ?? shardSalt(config)),
          shardOption.index,
          options.select?.campaignBudget,
        ),
  );
  const finished = await runCampaignStages(
    config,
    {
      day,
      data: sharded?.data ?? data,
      profiles: sharded?.profiles ?? allProfiles,
      model: sharded?.model ?? allModel,
      ...(sharded === undefined || shardOption === undefined ? {} : { shard: { ...shardOption, partition: sharded.partition, limits: sharded.limits, baseOffers: data.offers } }),
    },
    options,
    timer,
  );
  return { ...finished, prepared: prepared ?? { day, profiles: allProfiles, model: allModel } };
}

/**
 * Throws a RangeError unless `prepared` was fitted on this data set, campaign day and half-life.
 * @example checkPrepared(prepared, data, campaignDay(data, config), config, 'runShards');
 */
export function checkPrepared(prepared: PreparedCampaign, data: Dataset, day: number, config: CampaignConfig, caller: string): void {
  if (
    prepared.profiles.customerCount !== data.customers.ids.size ||
    prepared.model.profiles !== prepared.profiles ||
    prepared.day !== day ||
    prepared.profiles.halfLifeDays !== config.model.halfLifeDays
  ) {
    throw new RangeError(
      `${caller}: options.prepared covers ${prepared.profiles.customerCount} customers on day ${prepared.day} (half-life ${prepared.profiles.halfLifeDays} days), the data set ${data.customers.ids.size} on day ${day} (config half-life ${config.model.halfLifeDays}); pass the prepared stages of a run on this data and config`,
    );
  }
}

/**
 * The relevance model of a campaign on its profiles, with the product term's history built only when
 * the term has a weight (at millions of customers it is a pass over every line).
 */
function fitCampaignModel(config: CampaignConfig, data: Dataset, profiles: Profiles): RelevanceModel {
  const productHistory = config.model.productWeight > 0 ? productHistoryOf(data, { asOfDay: profiles.asOfDay, halfLifeDays: profiles.halfLifeDays }) : undefined;
  return fitRelevanceModel(profiles, data.offers, data.catalog, { ...config.model, ...(productHistory === undefined ? {} : { productHistory }) });
}

/**
 * Profiles and relevance model of every customer, as `runCampaign` fits them: what runs sharing
 * them take as `options.prepared`. `onProgress` hears the `profile` and `model` stages start, as
 * from `runCampaign`.
 * @example const prepared = prepareCampaign(config, data); // then runCampaign(config, data, { shard, prepared })
 * Cost: one pass over the transaction lines plus the model fit.
 */
export function prepareCampaign(configInput: CampaignConfigInput, data: Dataset, onProgress?: RunCampaignOptions['onProgress']): PreparedCampaign {
  const config = CampaignConfigSchema.parse(configInput);
  const day = campaignDay(data, config);
  onProgress?.('profile', CAMPAIGN_STAGES.indexOf('profile'), CAMPAIGN_STAGES.length);
  const profiles = buildProfiles(data, { asOfDay: day, halfLifeDays: config.model.halfLifeDays });
  onProgress?.('model', CAMPAIGN_STAGES.indexOf('model'), CAMPAIGN_STAGES.length);
  return { day, profiles, model: fitCampaignModel(config, data, profiles) };
}

/** Times each stage and reports its start to `onProgress`. */
export interface StageTimer {
  readonly timings: Partial<Record<CampaignStage, number>>;
  stage<T>(name: CampaignStage, work: () => T | Promise<T>): Promise<T>;
}

/**
 * A {@link StageTimer} counting finished stages for `onProgress`, from `finished` (the stages done
 * elsewhere before it: a shard thread starts at `cells`, after this thread fitted and sliced).
 */
export function stageTimer(onProgress: RunCampaignOptions['onProgress'], finished = 0): StageTimer {
  const timings: Partial<Record<CampaignStage, number>> = {};
  let done = finished;
  return {
    timings,
    async stage(name, work) {
      onProgress?.(name, done, CAMPAIGN_STAGES.length);
      const started = performance.now();
      const result = await work();
      timings[name] = performance.now() - started;
      done++;
      return result;
    },
  };
}

/** What the stages after slicing work on: the run's customers, their profiles and model, and its shard. */
export interface CampaignStagesInput {
  readonly day: number;
  readonly data: Dataset;
  readonly profiles: Profiles;
  readonly model: RelevanceModel;
  /** Set for a shard run: which shard, its partition and limits, and the whole data set's offer table (for the shard record). */
  readonly shard?: {
    readonly index: number;
    readonly count: number;
    readonly partition: ShardSlice['partition'];
    readonly limits: ShardSlice['limits'];
    readonly baseOffers: OfferTable;
  };
}

/**
 * The stages after profiles, model and slicing (cells, eligibility, scoring, selection, protection,
 * assembly, files): what `runCampaign` runs in-process and a shard worker thread runs on its slice.
 */
export async function runCampaignStages(
  config: CampaignConfig,
  input: CampaignStagesInput,
  options: Pick<RunCampaignOptions, 'workers' | 'outDir' | 'inputChecksums' | 'libraryVersion' | 'select' | 'prices' | 'trace'>,
  timer: StageTimer,
): Promise<Omit<CampaignRun, 'prepared'>> {
  const { day, data: runData, profiles, model } = input;
  const sharded = input.shard;
  const stage = timer.stage.bind(timer);
  const prices = options.prices;
  if (prices !== undefined && prices.configSha256 !== configChecksum(config)) {
    throw new RangeError(`runCampaign: options.prices were found for config ${prices.configSha256.slice(0, 12)}..., this run's config is ${configChecksum(config).slice(0, 12)}...`);
  }
  const initialPrices = prices === undefined ? undefined : initialPricesFor(prices, runData.offers);
  const selectOptions = {
    ...options.select,
    ...(sharded === undefined ? {} : { campaignBudget: sharded.limits.campaignBudget }),
    ...(initialPrices === undefined ? {} : { initialPrices }),
  };

  const cells = await stage('cells', () =>
    assignCells(runData.customers.ids.ids, { holdoutShare: config.holdoutShare, controlShare: config.controlShare, salt: campaignSalt(config) }),
  );
  const excluded = new Uint8Array(cells.length);
  for (let c = 0; c < cells.length; c++) excluded[c] = cells[c] === Cell.holdout ? 1 : 0;
  const eligibility = await stage('eligibility', () => buildEligibilityMask(runData, profiles, config, { excluded, day }));
  const workers = options.workers ?? 1;
  const candidates = await stage('score', () => scoreCampaign(config, model, profiles, runData, eligibility, workers));
  const targetedCandidates = targetedOnly(candidates, cells);
  const genericOnly = new Uint8Array(cells.length);
  for (let c = 0; c < cells.length; c++) genericOnly[c] = cells[c] === Cell.control ? 1 : 0;
  const selection = await stage('select', () => selectOffers(runData, profiles, targetedCandidates, config, { ...selectOptions, excluded, genericOnly, day }));
  const changes = new PlanChanges();
  const rulesOptions = {
    excluded,
    genericOnly,
    day,
    eligibility,
    ...(selectOptions.campaignBudget === undefined ? {} : { campaignBudget: selectOptions.campaignBudget }),
    ...(selectOptions.fallbackPropensity === undefined ? {} : { fallbackPropensity: selectOptions.fallbackPropensity }),
    ...(selectOptions.mailerChannel === undefined ? {} : { mailerChannel: selectOptions.mailerChannel }),
  };
  const { masking, anonymity } = await stage('protect', () => {
    const masked = maskSensitive(selection.plan, runData, profiles, config, {
      ...rulesOptions,
      seed: config.seed,
      eligible: eligibility,
      candidates: targetedCandidates,
      candidatePropensity: selection.trace.propensity,
      changes,
    });
    const lookalike = config.privacy.kAnonymity > 1 ? lookalikeKeys(profiles) : undefined;
    const anon = enforceKAnonymity(masked.plan, config.privacy.kAnonymity, { ...rulesOptions, data: runData, profiles, config, privacy: config.privacy, eligible: eligibility, lookalike, changes });
    return { masking: masked, anonymity: anon };
  });
  const plan = anonymity.plan;
  const privacy = recountSensitive(plan, masking.report, config.privacy.tau);
  const layout = createLayout({ targeted: plan.stride, id: campaignLayoutId(config) });
  const mailing = await stage('assemble', () => assembleMailing(plan, runData, { layout, sensitiveTags: config.privacy.sensitiveTags }));
  const outDir = options.outDir === undefined || sharded === undefined ? options.outDir : join(options.outDir, shardDirName(sharded.index, sharded.count));
  const inputs = options.inputChecksums ?? {};
  const written = await stage('write', async () => {
    if (outDir === undefined) return { manifest: undefined, record: undefined };
    // The record marks a finished shard: drop a stale one before any file changes.
    if (sharded !== undefined) await rm(join(outDir, SHARD_RECORD_FILE), { force: true });
    const printed = { plan, changes };
    const manifest = await writeMailing(outDir, mailing, plan, runData, {
      config,
      seed: config.seed,
      inputChecksums: inputs,
      libraryVersion: options.libraryVersion ?? 'unknown',
      ...(options.trace === false ? {} : { trace: (c: number) => traceLine(traceFor(selection, c, { printed }), CELL_NAMES[cells[c]!]!) }),
      audit: {
        day,
        campaignBudget: selectOptions.campaignBudget === undefined || !Number.isFinite(selectOptions.campaignBudget) ? null : selectOptions.campaignBudget,
        mailerChannel: selectOptions.mailerChannel ?? 'mail',
        fallbackPropensity: selectOptions.fallbackPropensity ?? 0.05,
      },
    });
    if (sharded === undefined) return { manifest, record: undefined };
    const manifestSha256 = createHash('sha256').update(await readFile(join(outDir, 'manifest.json'))).digest('hex');
    const record = shardRecord(sharded, config, inputs, manifestSha256, options.select?.campaignBudget, prices === undefined ? null : pricesChecksum(prices));
    await writeShardRecord(outDir, record);
    return { manifest, record };
  });
  return {
    config,
    day,
    data: runData,
    shard: written.record,
    outDir,
    profiles,
    cells,
    eligibility,
    model,
    candidates,
    selection,
    masking,
    anonymity,
    privacy,
    plan,
    changes,
    mailing,
    manifest: written.manifest,
    timings: timer.timings,
  };
}

/** The `shard.json` of a shard run: partition, checksums and the offer limits it worked under. */
function shardRecord(
  sharded: NonNullable<CampaignStagesInput['shard']>,
  config: CampaignConfig,
  inputs: Readonly<Record<string, string>>,
  manifestSha256: string,
  campaignBudget: number | undefined,
  pricesSha256: string | null,
): ShardRecord {
  const offers = sharded.baseOffers;
  const limits = { offers: [] as string[], capacity: [] as (number | null)[], capacityShare: [] as (number | null)[], budget: [] as (number | null)[], budgetShare: [] as (number | null)[] };
  for (let o = 0; o < offers.ids.size; o++) {
    if (offers.capacity[o] === Number.POSITIVE_INFINITY && offers.budget[o] === Number.POSITIVE_INFINITY) continue;
    limits.offers.push(offers.ids.id(o));
    limits.capacity.push(finiteOrNull(offers.capacity[o]!));
    limits.capacityShare.push(finiteOrNull(sharded.limits.capacity[o]!));
    limits.budget.push(finiteOrNull(offers.budget[o]!));
    limits.budgetShare.push(finiteOrNull(sharded.limits.budget[o]!));
  }
  return {
    format: SHARD_RECORD_FORMAT,
    index: sharded.index,
    count: sharded.count,
    salt: sharded.partition.salt,
    customers: sharded.partition.sizes[sharded.index]!,
    shardSizes: Array.from(sharded.partition.sizes),
    configSha256: configChecksum(config),
    inputs: { ...inputs },
    manifestSha256,
    limits,
    campaignBudget:
      campaignBudget === undefined || !Number.isFinite(campaignBudget) ? null : { total: campaignBudget, share: sharded.limits.campaignBudget ?? campaignBudget },
    pricesSha256,
  };
}
