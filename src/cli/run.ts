import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCampaign } from '../campaign.js';
import { writeCsv } from '../ingest/csvWriter.js';
import { ingestFiles, type DataFiles } from '../ingest/ingestFiles.js';
import type { Dataset } from '../ingest/ingest.js';
import { CampaignConfigSchema } from '../schema/campaignConfig.js';
import { formatIssue, InvalidRecordError } from '../schema/invalidRecordError.js';
import { USAGE } from './usage.js';
import { fmt, progressReporter, sha256File, summariseRun, version } from './shared.js';

/** `offerkit run`: a campaign on the user's CSV files. */
export async function run(argv: string[]): Promise<number> {
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

