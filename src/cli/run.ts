import { writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCampaign } from '../campaign.js';
import { runSummary, type RunSummary } from '../run/runSummary.js';
import { ShardMergeError } from '../run/mergeShards.js';
import { runShards } from '../run/runShards.js';
import { ensureShardPrices } from '../run/priceShards.js';
import { SHARD_PRICES_FILE } from '../shard/shardPrices.js';
import { shardDirName } from '../shard/shardRecord.js';
import { writeCsv } from '../ingest/csvWriter.js';
import { ingestFiles, type DataFiles } from '../ingest/ingestFiles.js';
import type { Dataset } from '../ingest/ingest.js';
import { CampaignConfigSchema, type CampaignConfig } from '../schema/campaignConfig.js';
import { formatIssue, InvalidRecordError } from '../schema/invalidRecordError.js';
import { auditWritten } from './auditWritten.js';
import { USAGE } from './usage.js';
import { DATA_FILE_OPTIONS, dataFilesOf, fmt, progressReporter, sha256File, summariseRun, version } from './shared.js';

const selectionReport = (run: RunSummary): string => `${JSON.stringify({ selection: run.selection, privacy: run.privacy, protect: run.protect }, null, 2)}\n`;

/** What `offerkit run` was asked to do, its arguments checked. */
interface RunArgs {
  readonly files: DataFiles;
  readonly out: string;
  readonly config: string | undefined;
  readonly strict: boolean;
  readonly ignoreUnknownColumns: boolean;
  readonly spillDir: string | undefined;
  /** `--shard i/n`: this process runs one shard. */
  readonly shard: { readonly index: number; readonly count: number } | undefined;
  /** `--shards n`: every shard, then the merge. */
  readonly shards: number | undefined;
  readonly parallel: number;
  readonly workers: number;
  readonly sampleSize: number | undefined;
  /** What `runShards` takes as `pricing`: `false` for `--no-pricing`, `undefined` for its default. */
  readonly pricing: false | { readonly sampleSize: number } | undefined;
}

/** The arguments of `offerkit run`, or the exit code (2) after saying on stderr what is wrong. */
function parseRunArgs(argv: string[]): RunArgs | number {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...DATA_FILE_OPTIONS,
      workers: { type: 'string' },
      shard: { type: 'string' },
      shards: { type: 'string' },
      parallel: { type: 'string' },
      'pricing-sample': { type: 'string' },
      'no-pricing': { type: 'boolean', default: false },
      'spill-dir': { type: 'string' },
    },
  });
  const missing = (['products', 'customers', 'transactions', 'offers', 'out'] as const).filter((k) => values[k] === undefined);
  if (missing.length > 0) {
    console.error(`offerkit run: missing ${missing.map((m) => `--${m}`).join(', ')}\n\n${USAGE}`);
    return 2;
  }
  let shard: { index: number; count: number } | undefined;
  if (values.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(values.shard);
    const index = m === null ? NaN : Number(m[1]);
    const count = m === null ? NaN : Number(m[2]);
    if (!(count >= 1 && index >= 0 && index < count)) {
      console.error(`offerkit run: --shard must be i/n with 0 <= i < n (0-based, e.g. --shard 0/4), got "${values.shard}"`);
      return 2;
    }
    shard = { index, count };
  }
  let shards: number | undefined;
  if (values.shards !== undefined) {
    shards = Number(values.shards);
    if (!Number.isInteger(shards) || shards < 1) {
      console.error(`offerkit run: --shards must be an integer >= 1, got "${values.shards}"`);
      return 2;
    }
    if (shard !== undefined) {
      console.error('offerkit run: use --shard i/n (one shard) or --shards n (every shard, then merge), not both');
      return 2;
    }
  }
  const parallel = values.parallel === undefined ? 1 : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 1) {
    console.error(`offerkit run: --parallel must be an integer >= 1, got "${values.parallel}"`);
    return 2;
  }
  if (parallel > 1 && shards === undefined) {
    console.error('offerkit run: --parallel P runs shards at once; give --shards n too');
    return 2;
  }
  const sampleSize = values['pricing-sample'] === undefined ? undefined : Number(values['pricing-sample']);
  if (sampleSize !== undefined && !(Number.isInteger(sampleSize) && sampleSize >= 1)) {
    console.error(`offerkit run: --pricing-sample must be a positive integer, got "${values['pricing-sample']}"`);
    return 2;
  }
  return {
    files: dataFilesOf(values),
    out: values.out!,
    config: values.config,
    strict: values.strict === true,
    ignoreUnknownColumns: values['ignore-unknown-columns'] === true,
    spillDir: values['spill-dir'],
    shard,
    shards,
    parallel,
    workers: values.workers === undefined ? 1 : Number(values.workers),
    sampleSize,
    pricing: values['no-pricing'] ? false : sampleSize === undefined ? undefined : { sampleSize },
  };
}

/**
 * Ingests the input files and writes their rejects to `logDir/rejects.csv` (the first 50 on
 * stderr too); the exit code (1) when `--strict` stopped at an invalid record.
 */
async function ingestRun(args: RunArgs, logDir: string): Promise<Dataset | number> {
  let data: Dataset;
  try {
    // Lines go to part files on disk as they are read: memory then grows with customers, not with history.
    data = await ingestFiles(args.files, {
      onInvalid: args.strict ? 'throw' : 'collect',
      unknownColumns: args.ignoreUnknownColumns ? 'ignore' : 'error',
      spill: args.spillDir === undefined ? {} : { dir: args.spillDir },
    });
  } catch (error) {
    if (error instanceof InvalidRecordError) {
      for (const issue of error.issues) console.error(formatIssue(issue));
      console.error(`offerkit run: stopped at the first invalid input (${error.issues.length} issue(s)); fix it or drop --strict to collect rejects`);
      return 1;
    }
    throw error;
  }
  await mkdir(logDir, { recursive: true });
  const rejects = data.report.rejects;
  for (const issue of rejects.slice(0, 50)) console.error(`rejected: ${formatIssue(issue)}`);
  if (rejects.length > 50) console.error(`rejected: ... ${rejects.length - 50} more in ${join(logDir, 'rejects.csv')}`);
  await writeCsv(
    join(logDir, 'rejects.csv'),
    ['source', 'row', 'field', 'reason', 'value'],
    rejects.map((r) => ({ ...r, value: r.value === undefined ? undefined : typeof r.value === 'string' ? r.value : JSON.stringify(r.value) })),
  );
  const counts = Object.entries(data.report.counts)
    .map(([k, c]) => `${k} ${fmt(c.accepted)}/${fmt(c.read)}`)
    .join(', ');
  console.log(`ingested         ${counts} (accepted/read); ${fmt(rejects.length)} issue(s) written to ${join(logDir, 'rejects.csv')}`);
  return data;
}

/** `--shards n`: every shard (on threads with `--parallel`), the merge and its audit; the exit code. */
async function runAllShards(args: RunArgs, shards: number, config: CampaignConfig, data: Dataset, inputChecksums: Record<string, string>): Promise<number> {
  const { out, parallel } = args;
  let progress: ReturnType<typeof progressReporter> | undefined;
  const started = Date.now();
  // Shards on threads overlap, so their stages (and this thread's fit) are logged a line each, timed from the start.
  const logStage = (who: string, done: number, total: number, stage: string): boolean =>
    process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${who} ${done}/${total} ${stage}\n`);
  try {
    const result = await runShards(config, data, out, shards, {
      workers: args.workers,
      parallel,
      ...(args.pricing === undefined ? {} : { pricing: args.pricing }),
      inputChecksums,
      libraryVersion: version(),
      onProgress: (stage, done, total) => {
        if (parallel > 1) logStage('all shards', done, total, stage);
        else progress?.onProgress(stage, done, total);
      },
      onShard: (event) => {
        const name = `shard ${event.index + 1}/${event.count}`;
        if (event.status === 'skipped') console.log(`${name.padEnd(16)} finished earlier, manifest verified: skipped`);
        else if (event.status === 'stage') {
          // A shard on this thread has its progress bar (onProgress) instead.
          if (parallel > 1) logStage(name, event.done, event.total, event.stage);
        } else if (event.status === 'starting') {
          console.log(`${name.padEnd(16)} running (${event.reason})`);
          if (parallel === 1) progress = progressReporter();
        } else {
          progress?.stop();
          progress = undefined;
          const run = event.summary;
          console.log(summariseRun(run).join('\n'));
          writeFileSync(join(run.outDir!, 'selection-report.json'), selectionReport(run));
        }
      },
    });
    for (const i of result.ran) {
      const dir = join(out, shardDirName(i, shards));
      console.log(`shard ${i + 1}/${shards}        written to ${dir}`);
    }
    const m = result.merge.manifest;
    console.log(`merged           ${shards} shard(s): ${fmt(m.counts.customers)} customers, ${fmt(m.counts.customersMailed)} mailed, ${fmt(m.counts.variants)} variants -> ${result.merge.dir}`);
    const audited = await auditWritten(result.merge.dir, data, config);
    console.log(audited.lines.join('\n'));
    return audited.ok ? 0 : 1;
  } catch (error) {
    progress?.stop();
    if (error instanceof ShardMergeError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

/** The whole campaign in this process, or with `--shard i/n` one shard of it; its report and audit; the exit code. */
async function runOne(args: RunArgs, config: CampaignConfig, data: Dataset, inputChecksums: Record<string, string>, logDir: string): Promise<number> {
  const { out, shard, workers, sampleSize } = args;
  // One shard of several starts from the first pass's prices: read from DIR/prices.json, or computed
  // and written there by whichever shard process comes first (the same bytes from any of them).
  let first: Awaited<ReturnType<typeof ensureShardPrices>> | undefined;
  if (shard !== undefined && shard.count > 1 && args.pricing !== false) {
    first = await ensureShardPrices(out, config, data, { workers, inputChecksums, ...(sampleSize === undefined ? {} : { sampleSize }) });
    console.log(`prices           ${first.computed ? 'first pass on' : 'read from'} ${join(out, SHARD_PRICES_FILE)} (${fmt(first.prices.sample.customers)} sampled customers)`);
  }
  const progress = progressReporter();
  const result = await runCampaign(config, data, {
    outDir: shard === undefined ? join(out, 'mailing') : out,
    workers,
    inputChecksums,
    libraryVersion: version(),
    onProgress: progress.onProgress,
    ...(shard === undefined ? {} : { shard }),
    ...(first === undefined ? {} : { prices: first.prices, ...(first.prepared === undefined ? {} : { prepared: first.prepared }) }),
  });
  progress.stop();
  const summary = runSummary(result);
  console.log(summariseRun(summary).join('\n'));
  await writeFile(join(logDir, 'selection-report.json'), selectionReport(summary));
  console.log(`written          ${result.outDir} and ${join(logDir, 'selection-report.json')}`);
  // One shard's files are audited against the whole data set: its mailers' rules, and its share of every budget.
  const audited = await auditWritten(result.outDir!, data, config);
  console.log(audited.lines.join('\n'));
  if (shard !== undefined) console.log(`next             when every shard is done: offerkit merge --out ${out} --shards ${shard.count}`);
  return audited.ok ? 0 : 1;
}

/** `offerkit run`: a campaign on the user's CSV files. */
export async function run(argv: string[]): Promise<number> {
  const args = parseRunArgs(argv);
  if (typeof args === 'number') return args;
  const configInput = args.config === undefined ? {} : JSON.parse(await readFile(args.config, 'utf8'));
  const parsed = CampaignConfigSchema.safeParse(configInput);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${args.config} field "${issue.path.join('.')}": ${issue.message}`);
    return 1;
  }
  await mkdir(args.out, { recursive: true });
  // One shard's process writes only into its own folder, so shards may run on machines sharing DIR.
  const logDir = args.shard === undefined ? args.out : join(args.out, shardDirName(args.shard.index, args.shard.count));
  const data = await ingestRun(args, logDir);
  if (typeof data === 'number') return data;
  const inputChecksums: Record<string, string> = {};
  for (const [kind, path] of Object.entries(args.files)) inputChecksums[kind] = await sha256File(path);
  if (args.shards !== undefined) return runAllShards(args, args.shards, parsed.data, data, inputChecksums);
  return runOne(args, parsed.data, data, inputChecksums, logDir);
}
