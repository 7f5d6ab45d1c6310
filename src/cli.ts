import { createReadStream, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { runCampaign, CAMPAIGN_STAGES, type CampaignRun, type CampaignStage } from './campaign.js';
import { runDemo } from './demo.js';
import { CSV_COLUMNS, CSV_DAY_COLUMNS } from './ingest/csvColumns.js';
import { writeCsv } from './ingest/csvWriter.js';
import { ingestFiles, type DataFiles } from './ingest/ingestFiles.js';
import type { Dataset } from './ingest/ingest.js';
import { Cell } from './measure/assignCells.js';
import { CampaignConfigSchema } from './schema/campaignConfig.js';
import { formatIssue, InvalidRecordError } from './schema/invalidRecordError.js';
import { generateRetailer } from './synth/generateRetailer.js';

const USAGE = `offerkit: personalised offer targeting

Usage:
  offerkit demo [--customers 20000] [--offers 2000] [--seed 1] [--workers 1] [--out offerkit-out]
      Generate the built-in synthetic retailer, run the whole campaign on it, simulate redemptions and measure.
  offerkit generate --out DIR [--customers 5000] [--offers 2000] [--seed 1]
      Write the synthetic retailer as CSV files that 'offerkit run' accepts.
  offerkit run --products F --customers F --transactions F --offers F [--contacts F]
               [--config campaign.json] [--workers 1] [--strict] [--ignore-unknown-columns] --out DIR
      Run a campaign on your CSV files (.csv or .csv.gz). Bad records are collected, printed and written
      to DIR/rejects.csv; --strict stops at the first bad file instead.
`;

/** The package version: package.json sits one folder above both src/cli.ts (tsx) and dist/cli.js (built). */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function progressReporter(): { onProgress: (stage: CampaignStage, done: number, total: number) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({ format: ' {bar} {percentage}% | stage {stage} | ETA {eta_formatted}', stream: process.stderr }, Presets.shades_classic);
    bar.start(CAMPAIGN_STAGES.length, 0, { stage: 'start' });
    return { onProgress: (stage, done) => bar.update(done, { stage }), stop: () => bar.stop() };
  }
  const started = Date.now();
  return {
    onProgress: (stage, done, total) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${done}/${total} ${stage}\n`),
    stop: () => undefined,
  };
}

const fmt = (x: number, digits = 0): string => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function summariseRun(run: CampaignRun, data: Dataset): string[] {
  const lines: string[] = [];
  const cellCounts = [0, 0, 0];
  for (const c of run.cells) cellCounts[c]!++;
  const sel = run.selection.report;
  lines.push(
    `customers        ${fmt(data.customers.ids.size)} (targeted ${fmt(cellCounts[Cell.targeted]!)}, generic control ${fmt(cellCounts[Cell.control]!)}, holdout ${fmt(cellCounts[Cell.holdout]!)})`,
  );
  lines.push(`offers           ${fmt(data.offers.ids.size)}; transactions ${fmt(data.transactions.length)}`);
  lines.push(`mailers          ${fmt(sel.customers.targeted)} targeted, ${fmt(sel.customers.genericOnly)} generic-only, ${fmt(sel.customers.noMailer)} none`);
  lines.push(`variants         ${fmt(run.mailing.stats.variants)} distinct mailers`);
  lines.push(`binding          ${sel.binding.length} constraints${sel.binding.length > 0 ? `: ${sel.binding.slice(0, 3).join('; ')}${sel.binding.length > 3 ? ' ...' : ''}` : ''}`);
  const sensitive = run.masking.report;
  if (sensitive.length > 0) {
    const worst = sensitive.reduce((a, b) => (b.achievedBound > a.achievedBound ? b : a));
    const met = sensitive.filter((r) => r.met).length;
    lines.push(
      `privacy          ${sensitive.length} sensitive offers mailed, bound met for ${met}; worst P(segment|received) ${worst.achievedBound.toFixed(3)} (tau ${run.config.privacy.tau}); ${fmt(run.masking.decoysAdded)} decoys added`,
    );
  } else {
    lines.push('privacy          no sensitive offer was mailed');
  }
  const t = run.timings;
  lines.push(`timings (ms)     ${CAMPAIGN_STAGES.map((s) => `${s} ${fmt(t[s] ?? 0)}`).join(', ')}`);
  return lines;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function demo(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { customers: { type: 'string' }, offers: { type: 'string' }, seed: { type: 'string' }, workers: { type: 'string' }, out: { type: 'string' } },
  });
  const out = values.out ?? 'offerkit-out';
  const progress = progressReporter();
  const started = Date.now();
  const result = await runDemo({
    customers: values.customers === undefined ? undefined : Number(values.customers),
    offers: values.offers === undefined ? undefined : Number(values.offers),
    seed: values.seed === undefined ? undefined : Number(values.seed),
    workers: values.workers === undefined ? undefined : Number(values.workers),
    outDir: out,
    libraryVersion: version(),
    onProgress: progress.onProgress,
  });
  progress.stop();
  const { run, data, measurement, quality } = result;
  const lines = [`offerkit demo: synthetic retailer, seed ${run.config.seed}`, ...summariseRun(run, data)];
  const rate = (cell: 0 | 1 | 2): string => {
    const r = measurement.cells[cell].redemption;
    return r === null || r.rate === null || r.lower === null || r.upper === null
      ? 'n/a'
      : `${(100 * r.rate).toFixed(2)}% [${(100 * r.lower).toFixed(2)}, ${(100 * r.upper).toFixed(2)}]`;
  };
  lines.push(`redeemed any     targeted ${rate(Cell.targeted)}, generic control ${rate(Cell.control)} (simulated, 95% Wilson)`);
  const lift = measurement.lift.targetedVsControl;
  if (lift.relativeLift !== null) {
    lines.push(`lift             targeted over generic +${(100 * lift.relativeLift).toFixed(0)}% (p = ${lift.pValue === null ? 'n/a' : lift.pValue.toExponential(2)})`);
  }
  lines.push(`expected per 1,000 mailers (true probabilities): ${quality.map((q) => `${q.strategy} ${q.expectedPer1000Mailers.toFixed(0)}`).join(', ')}`);
  lines.push(`written          ${out}/mailing (variants.csv, assignments.csv, offers.csv, offers.ndjson, manifest.json), ${out}/measurement.json`);
  lines.push(`total            ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(lines.join('\n'));
  return 0;
}

async function generate(argv: string[]): Promise<number> {
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

async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      products: { type: 'string' },
      customers: { type: 'string' },
      transactions: { type: 'string' },
      offers: { type: 'string' },
      contacts: { type: 'string' },
      config: { type: 'string' },
      workers: { type: 'string' },
      out: { type: 'string' },
      strict: { type: 'boolean', default: false },
      'ignore-unknown-columns': { type: 'boolean', default: false },
    },
  });
  const missing = (['products', 'customers', 'transactions', 'offers', 'out'] as const).filter((k) => values[k] === undefined);
  if (missing.length > 0) {
    console.error(`offerkit run: missing ${missing.map((m) => `--${m}`).join(', ')}\n\n${USAGE}`);
    return 2;
  }
  const files: DataFiles = {
    products: values.products!,
    customers: values.customers!,
    transactions: values.transactions!,
    offers: values.offers!,
    ...(values.contacts === undefined ? {} : { contacts: values.contacts }),
  };
  const configInput = values.config === undefined ? {} : JSON.parse(await readFile(values.config, 'utf8'));
  const parsed = CampaignConfigSchema.safeParse(configInput);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${values.config} field "${issue.path.join('.')}": ${issue.message}`);
    return 1;
  }
  const out = values.out!;
  await mkdir(out, { recursive: true });
  let data: Dataset;
  try {
    data = await ingestFiles(files, { onInvalid: values.strict ? 'throw' : 'collect', unknownColumns: values['ignore-unknown-columns'] ? 'ignore' : 'error' });
  } catch (error) {
    if (error instanceof InvalidRecordError) {
      for (const issue of error.issues) console.error(formatIssue(issue));
      console.error(`offerkit run: stopped at the first invalid input (${error.issues.length} issue(s)); fix it or drop --strict to collect rejects`);
      return 1;
    }
    throw error;
  }
  const rejects = data.report.rejects;
  for (const issue of rejects.slice(0, 50)) console.error(`rejected: ${formatIssue(issue)}`);
  if (rejects.length > 50) console.error(`rejected: ... ${rejects.length - 50} more in ${join(out, 'rejects.csv')}`);
  await writeCsv(
    join(out, 'rejects.csv'),
    ['source', 'row', 'field', 'reason', 'value'],
    rejects.map((r) => ({ ...r, value: r.value === undefined ? undefined : typeof r.value === 'string' ? r.value : JSON.stringify(r.value) })),
  );
  const counts = Object.entries(data.report.counts)
    .map(([k, c]) => `${k} ${fmt(c.accepted)}/${fmt(c.read)}`)
    .join(', ');
  console.log(`ingested         ${counts} (accepted/read); ${fmt(rejects.length)} issue(s) written to ${join(out, 'rejects.csv')}`);
  const inputChecksums: Record<string, string> = {};
  for (const [kind, path] of Object.entries(files)) inputChecksums[kind] = await sha256File(path);
  const progress = progressReporter();
  const result = await runCampaign(parsed.data, data, {
    outDir: join(out, 'mailing'),
    workers: values.workers === undefined ? 1 : Number(values.workers),
    inputChecksums,
    libraryVersion: version(),
    onProgress: progress.onProgress,
  });
  progress.stop();
  console.log(summariseRun(result, data).join('\n'));
  await writeFile(join(out, 'selection-report.json'), `${JSON.stringify({ selection: result.selection.report, privacy: result.masking.report }, null, 2)}\n`);
  console.log(`written          ${join(out, 'mailing')} and ${join(out, 'selection-report.json')}`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'demo':
      return demo(rest);
    case 'generate':
      return generate(rest);
    case 'run':
      return run(rest);
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`offerkit: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
