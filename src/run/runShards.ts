import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CAMPAIGN_STAGES, checkPrepared, prepareCampaign, runCampaign, type CampaignRun, type CampaignStage, type PreparedCampaign, type RunCampaignOptions } from '../campaign.js';
import type { Dataset } from '../ingest/ingest.js';
import { campaignDay } from '../select/campaignDay.js';
import { CampaignConfigSchema, type CampaignConfig, type CampaignConfigInput } from '../schema/campaignConfig.js';
import { checkShard, type ShardCheck } from './checkShard.js';
import { mergeShards, type MergeShardsResult } from './mergeShards.js';
import { partitionCustomers, shardSalt } from '../shard/partitionCustomers.js';
import { sliceShard } from '../shard/sliceShard.js';
import { runSummary, type RunSummary } from './runSummary.js';
import { runShardOnThread } from './shardThreads.js';
import { shardTask, type ShardTask, type ShardTaskOptions } from './shardTask.js';
import { writeShardTaskFile } from './shardTaskFile.js';
import { taskFolder } from './taskFolder.js';
import { arrayBuffersOf, releaseBuffers, transferList } from './transferList.js';
import { configChecksum, shardDirName } from '../shard/shardRecord.js';
import { pricesChecksum, type ShardPrices } from '../shard/shardPrices.js';
import { ensureShardPrices } from './priceShards.js';

/** One shard's outcome, reported to {@link RunShardsOptions.onShard}. */
export type ShardEvent =
  | { readonly index: number; readonly count: number; readonly status: 'skipped' }
  | { readonly index: number; readonly count: number; readonly status: 'starting'; readonly reason: string }
  /** A stage of the shard starts (`done` of `total` stages finished), whether it runs on this thread or on a shard thread. */
  | { readonly index: number; readonly count: number; readonly status: 'stage'; readonly stage: CampaignStage; readonly done: number; readonly total: number }
  | {
      readonly index: number;
      readonly count: number;
      readonly status: 'done';
      readonly summary: RunSummary;
      /** The whole run, when the shard ran on this thread; `undefined` when it ran on a shard thread (`parallel`). */
      readonly run: CampaignRun | undefined;
    };

/** Options of {@link runShards}: those of `runCampaign` (but `outDir` and `shard`), plus: */
export interface RunShardsOptions extends Omit<RunCampaignOptions, 'outDir' | 'shard'> {
  /** Called when a shard is skipped (finished earlier), starts, starts each stage, or is done. */
  onShard?: (event: ShardEvent) => void;
  /** Folder of the merged mailing. Default `<outDir>/mailing`. */
  mergedDir?: string;
  /**
   * The first pass: shadow prices found on a sample of about `sampleSize` customers, written to
   * `<outDir>/prices.json` (or read from there when it matches) and handed to every shard. `false`
   * skips it. Default: `{ sampleSize: 20_000 }` when `count > 1`, none for one shard.
   */
  pricing?: { readonly sampleSize?: number } | false;
  /**
   * Shards run at once, each on a worker thread of its own that ends with it (one per core pays): this thread fits the
   * profiles and model once, slices each shard and posts it to a free thread, which runs the stages
   * from cells to files and scores on its own thread (`workers` is ignored then). Outputs are
   * byte-identical to a run with `parallel: 1`. `onProgress` then hears this thread's stages only (`profile`
   * and `model` when it fits them, `shard` when it slices), and `onShard` each shard's `stage` events from
   * `cells` on, as they start on its thread. Memory: each running shard's slice and working set is held at once. Without
   * `prepared`, the fit is this run's own: every shard is sliced to a task file under `outDir`
   * (removed at the end, or by the next run on this host after a kill) and the fit is dropped before the threads start, so this thread then holds
   * no customer's profile or model. With `prepared`, the caller keeps the fit, and each slice is made
   * when a thread is free and moved to it. Default `1`.
   */
  parallel?: number;
}

/** What {@link runShards} did. */
export interface RunShardsResult {
  /** Shards run now, by index. */
  readonly ran: readonly number[];
  /** Shards found finished and skipped. */
  readonly skipped: readonly number[];
  readonly merge: MergeShardsResult;
}

/**
 * Runs every shard of a campaign in this process, one after the other, then merges them: the
 * resumable form of a sharded run. A shard whose folder already holds a finished shard of the same
 * config and inputs (`checkShard`: its `shard.json` matches and its manifest verifies) is skipped,
 * so after a crash or a kill the same call redoes only the unfinished shards, and the merged files
 * are byte-identical to those of an uninterrupted run. Profiles and the model are fitted once
 * (on every customer, or taken from `options.prepared`) and shared by the shards run now. With
 * `parallel: P`, P shards run at once on worker threads, each from its slice posted by this thread.
 *
 * Changes to in-memory data are only noticed through `inputChecksums`; pass them (the CLI does).
 *
 * @throws RangeError when `count` or `parallel` is not an integer >= 1, or `prepared` was fitted on
 * other data; ShardMergeError when the merge refuses; an Error naming the worker's error when a
 * shard fails on a thread (raised once the shards in flight are done; those stay finished).
 * @example
 * const { ran, skipped, merge } = await runShards(config, data, 'out', 4, { inputChecksums, parallel: 2 });
 * merge.manifest.counts.customers; // every customer
 *
 * Cost: that of `runCampaign` on each unfinished shard plus one profile and model fit, plus
 * reading every shard's files twice (check, merge).
 */
export async function runShards(configInput: CampaignConfigInput, data: Dataset, outDir: string, count: number, options: RunShardsOptions = {}): Promise<RunShardsResult> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`runShards: count must be an integer >= 1, got ${count}`);
  const parallel = options.parallel ?? 1;
  if (!Number.isInteger(parallel) || parallel < 1) throw new RangeError(`runShards: parallel must be an integer >= 1, got ${parallel}`);
  const config = CampaignConfigSchema.parse(configInput);
  const expected = { count, salt: shardSalt(config), configSha256: configChecksum(config), inputs: options.inputChecksums ?? {} };
  const { onShard, mergedDir, pricing, parallel: _parallel, prepared: _prepared, ...campaignOptions } = options;
  const ran: number[] = [];
  const skipped: number[] = [];
  let prepared: PreparedCampaign | undefined = options.prepared;
  if (prepared !== undefined) checkPrepared(prepared, data, campaignDay(data, config), config, 'runShards');
  let prices: ShardPrices | undefined;
  if (pricing !== false && (pricing !== undefined || count > 1)) {
    // Assigned straight into the two variables: a named result would keep the fit alive after `runOnThreads` drops it.
    ({ prices, prepared } = await ensureShardPrices(outDir, config, data, {
      ...(pricing?.sampleSize === undefined ? {} : { sampleSize: pricing.sampleSize }),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.select === undefined ? {} : { select: options.select }),
      ...(prepared === undefined ? {} : { prepared }),
      inputChecksums: expected.inputs,
    }).then((first) => ({ prices: first.prices, prepared: first.prepared ?? prepared })));
  }
  const pricesSha256 = prices === undefined ? null : pricesChecksum(prices);
  const todo: number[] = [];
  const reasons = new Map<number, string>();
  for (let index = 0; index < count; index++) {
    const check = await checkShard(join(outDir, shardDirName(index, count)), { ...expected, index, pricesSha256 });
    if (check.ok) {
      skipped.push(index);
      onShard?.({ index, count, status: 'skipped' });
    } else {
      todo.push(index);
      reasons.set(index, check.problems[0] ?? 'not run yet');
    }
    if (!check.ok && parallel === 1) {
      onShard?.({ index, count, status: 'starting', reason: check.problems[0] ?? 'not run yet' });
      const onProgress = (stage: CampaignStage, done: number, total: number): void => {
        campaignOptions.onProgress?.(stage, done, total);
        onShard?.({ index, count, status: 'stage', stage, done, total });
      };
      const run = await runCampaign(config, data, {
        ...campaignOptions,
        onProgress,
        outDir,
        shard: { index, count },
        ...(prepared === undefined ? {} : { prepared }),
        ...(prices === undefined ? {} : { prices }),
      });
      prepared = run.prepared;
      ran.push(index);
      onShard?.({ index, count, status: 'done', summary: runSummary(run), run });
    }
  }
  let mergeChecks: ReadonlyMap<number, ShardCheck> | undefined;
  if (parallel > 1 && todo.length > 0) {
    const fit = fitToSlice(options.prepared === undefined, prepared, config, data, campaignOptions.onProgress);
    prepared = undefined;
    const taskOptions: ShardTaskOptions = {
      outDir,
      ...(campaignOptions.inputChecksums === undefined ? {} : { inputChecksums: campaignOptions.inputChecksums }),
      ...(campaignOptions.libraryVersion === undefined ? {} : { libraryVersion: campaignOptions.libraryVersion }),
      ...(campaignOptions.select === undefined ? {} : { select: campaignOptions.select }),
      ...(prices === undefined ? {} : { prices }),
    };
    mergeChecks = await runOnThreads({ config, data, outDir, count, todo, reasons, fit, taskOptions, parallel, ran, onShard, campaignOptions });
    ran.sort((a, b) => a - b);
  }
  const merge = await mergeShards(outDir, count, { ...(mergedDir === undefined ? {} : { mergedDir }), ...(mergeChecks === undefined ? {} : { checks: mergeChecks }) });
  return { ran, skipped, merge };
}

/** What {@link runOnThreads} works from. */
interface ThreadRun {
  readonly config: CampaignConfig;
  readonly data: Dataset;
  readonly outDir: string;
  readonly count: number;
  /** Shards to run, and why each is run (the failed check). */
  readonly todo: readonly number[];
  readonly reasons: ReadonlyMap<number, string>;
  /**
   * The profiles and model to slice. When `owned` (fitted by this run), every shard is sliced to a
   * task file first and `prepared` is then dropped, so this thread holds no customer's profile or
   * model while the shards run; otherwise each shard is sliced when a thread is free and moved there.
   */
  readonly fit: FitToSlice;
  readonly taskOptions: ShardTaskOptions;
  readonly parallel: number;
  /** Filled with the shards that finished. */
  readonly ran: number[];
  readonly onShard: RunShardsOptions['onShard'];
  readonly campaignOptions: Pick<RunCampaignOptions, 'partitionSalt' | 'select' | 'onProgress'>;
}

/** The profiles and model the shards are sliced from; `owned` when this run fitted them, so it may drop them. */
interface FitToSlice {
  readonly owned: boolean;
  prepared: PreparedCampaign | undefined;
}

/**
 * The fit to slice from, made here when none is given. A plain function, so that no register of
 * the async caller keeps the fit alive after `runOnThreads` drops it.
 */
function fitToSlice(owned: boolean, prepared: PreparedCampaign | undefined, config: CampaignConfig, data: Dataset, onProgress: RunCampaignOptions['onProgress']): FitToSlice {
  return { owned, prepared: prepared ?? prepareCampaign(config, data, onProgress) };
}

/** A shard's task written to a file, and the time slicing and writing it took. */
interface TaskFile {
  readonly file: string;
  readonly ms: number;
}

/** Slices every shard in `todo` and writes its task to `dir`, one at a time (a plain function: nothing of a slice outlives its write). */
function writeTaskFiles(dir: string, todo: readonly number[], taskOf: (index: number) => ShardTask): Map<number, TaskFile> {
  const files = new Map<number, TaskFile>();
  for (const index of todo) {
    const started = performance.now();
    const file = join(dir, `shard-${index}.task`);
    writeShardTaskFile(file, taskOf(index));
    files.set(index, { file, ms: performance.now() - started });
  }
  return files;
}

/**
 * Runs `todo` with `parallel` shards at once, each on a new worker thread, and checks each finished
 * shard while the others run; returns those checks for the merge.
 */
async function runOnThreads(run: ThreadRun): Promise<ReadonlyMap<number, ShardCheck>> {
  const { config, data, outDir, count, todo, reasons, fit, taskOptions, parallel, ran, onShard, campaignOptions } = run;
  const day = fit.prepared!.day;
  const queue = [...todo];
  // One partition for every shard: it hashes every customer id.
  const partition = partitionCustomers(data.customers.ids.ids, count, campaignOptions.partitionSalt ?? shardSalt(config));
  const taskOf = (index: number): ShardTask => {
    const slice = sliceShard(data, fit.prepared!.profiles, fit.prepared!.model, partition, index, campaignOptions.select?.campaignBudget);
    return shardTask(config, day, slice, { index, count }, data.offers, taskOptions);
  };
  // What this thread goes on using: never moved to a thread, never freed.
  const shared = arrayBuffersOf([config, data, partition, taskOptions]);
  // A slice's own columns move to its thread; what it shares with the whole data set or the caller's fit is copied.
  const kept = fit.owned ? shared : new Set([...shared, ...arrayBuffersOf([fit.prepared])]);
  const taskDir = fit.owned ? await taskFolder(outDir) : undefined;
  campaignOptions.onProgress?.('shard', CAMPAIGN_STAGES.indexOf('shard'), CAMPAIGN_STAGES.length);
  try {
    const taskFiles = taskDir === undefined ? new Map<number, TaskFile>() : writeTaskFiles(taskDir, todo, taskOf);
    if (taskDir !== undefined) {
      // Free the fit's memory now: this thread only waits from here on, so a garbage collection could be minutes away.
      releaseBuffers(transferList(fit.prepared, shared));
      fit.prepared = undefined;
    }
    return await runLanes(taskFiles);
  } finally {
    if (taskDir !== undefined) await rm(taskDir, { recursive: true, force: true });
  }

  async function runLanes(taskFiles: ReadonlyMap<number, TaskFile>): Promise<ReadonlyMap<number, ShardCheck>> {
    // Each finished shard is checked here while the threads run the others, so the merge does not re-hash it.
    const checks = new Map<number, ShardCheck>();
    const checking: Promise<void>[] = [];
    // A failed shard stops the others from taking new shards, but shards in flight finish (and count as done on a resume).
    let failure: unknown;
    // Each lane runs the next shard on a new thread when it is free, from its task file or from a slice made now and moved there.
    await Promise.all(
      Array.from({ length: Math.min(parallel, todo.length) }, async () => {
        for (let index = queue.shift(); index !== undefined && failure === undefined; index = queue.shift()) {
          onShard?.({ index, count, status: 'starting', reason: reasons.get(index)! });
          try {
            const started = performance.now();
            const spilled = taskFiles.get(index);
            const task = spilled === undefined ? taskOf(index) : undefined;
            const sliced = spilled?.ms ?? performance.now() - started;
            const onStage = (stage: CampaignStage, done: number, total: number): void => onShard?.({ index, count, status: 'stage', stage, done, total });
            const done = await (task === undefined ? runShardOnThread({ taskFile: spilled!.file }, [], onStage) : runShardOnThread(task, transferList(task, kept), onStage));
            const summary = { ...done, timings: { ...done.timings, shard: sliced } };
            ran.push(index);
            checking.push(checkShard(join(outDir, shardDirName(index, count)), { index, count }).then((c) => void checks.set(index, c)));
            onShard?.({ index, count, status: 'done', summary, run: undefined });
          } catch (error) {
            failure ??= error;
          }
        }
      }),
    );
    await Promise.all(checking);
    if (failure !== undefined) throw failure;
    return checks;
  }
}
