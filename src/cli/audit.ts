import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { auditPlan, auditSummaryLine, formatViolation, MailingReadError, readPrintedMailing, type AuditViolation, type PrintedMailing } from '../assemble/audit/index.js';
import type { Dataset } from '../ingest/ingest.js';
import { ingestFiles, type DataFiles } from '../ingest/ingestFiles.js';
import { CampaignConfigSchema, type CampaignConfig } from '../schema/campaignConfig.js';
import { formatIssue, InvalidRecordError } from '../schema/invalidRecordError.js';
import { DATA_FILE_OPTIONS, dataFilesOf, fmt, sha256File } from './shared.js';
import { USAGE } from './usage.js';

/** Violation lines printed before the rest are only counted. */
const SHOWN = 50;

/** An input the command cannot work with: its message is printed and the command exits 2. */
class UnusableInput extends Error {}

/** `line L column C` of offset `at` in `text` (both 1-based). */
function lineColumn(text: string, at: number): string {
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return `line ${line} column ${at - before.lastIndexOf('\n')}`;
}

/** The campaign config: `--config` when given, else the manifest's, else the defaults. */
async function readConfig(path: string | undefined, printed: PrintedMailing): Promise<CampaignConfig> {
  let input: unknown = printed.manifest.config ?? {};
  let source = 'manifest.json config';
  if (path !== undefined) {
    source = path;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new UnusableInput(`offerkit audit: cannot read --config ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    try {
      input = JSON.parse(text);
    } catch (error) {
      const at = /position (\d+)/.exec((error as Error).message);
      const where = at === null ? '' : ` at ${lineColumn(text, Number(at[1]))}`;
      throw new UnusableInput(`offerkit audit: ${path} is not valid JSON${where}: ${(error as Error).message}`);
    }
  }
  const parsed = CampaignConfigSchema.safeParse(input);
  if (!parsed.success) throw new UnusableInput(parsed.error.issues.map((i) => `offerkit audit: ${source} field "${i.path.join('.')}": ${i.message}`).join('\n'));
  return parsed.data;
}

/** `inputs` problems: input files whose sha256 differs from the one the run recorded, or that only one side has. */
async function inputProblems(files: DataFiles, recorded: Readonly<Record<string, string>> | undefined): Promise<AuditViolation[]> {
  const problems: AuditViolation[] = [];
  if (recorded === undefined || typeof recorded !== 'object') return problems;
  for (const [kind, sum] of Object.entries(recorded)) {
    const path = files[kind as keyof DataFiles];
    if (path === undefined) problems.push({ rule: 'inputs', detail: `the run read a ${kind} file (sha256 ${String(sum).slice(0, 12)}...) but none was given to the audit (--${kind})` });
    else if ((await sha256File(path)) !== sum) problems.push({ rule: 'inputs', detail: `${path} is not the ${kind} file the run read (sha256 differs from manifest.json inputs.${kind})` });
  }
  return problems;
}

async function ingestInputs(files: DataFiles, strict: boolean, ignoreUnknown: boolean): Promise<Dataset> {
  try {
    // Lines stay in memory: the spend and history rules read them customer by customer.
    return await ingestFiles(files, { onInvalid: strict ? 'throw' : 'collect', unknownColumns: ignoreUnknown ? 'ignore' : 'error' });
  } catch (error) {
    if (error instanceof InvalidRecordError) throw new UnusableInput([...error.issues.map(formatIssue), `offerkit audit: the inputs cannot be read (${error.issues.length} issue(s))`].join('\n'));
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new UnusableInput(`offerkit audit: ${(error as Error).message}`);
    throw error;
  }
}

const AUDIT_OPTIONS = { ...DATA_FILE_OPTIONS, 'campaign-budget': { type: 'string' }, json: { type: 'boolean', default: false } } as const;

function parseOptions(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: AUDIT_OPTIONS }).values;
  } catch (error) {
    throw new UnusableInput(`offerkit audit: ${(error as Error).message}\n\n${USAGE}`);
  }
}

async function auditCommand(argv: string[]): Promise<number> {
  const values = parseOptions(argv);
  const missing = (['products', 'customers', 'transactions', 'offers', 'out'] as const).filter((k) => values[k] === undefined);
  if (missing.length > 0) throw new UnusableInput(`offerkit audit: missing ${missing.map((m) => `--${m}`).join(', ')}\n\n${USAGE}`);
  const budget = values['campaign-budget'] === undefined ? undefined : Number(values['campaign-budget']);
  if (budget !== undefined && !(budget >= 0)) throw new UnusableInput(`offerkit audit: --campaign-budget must be a number >= 0, got "${values['campaign-budget']}"`);
  // With --json, stdout holds the JSON result only; the other lines go to stderr.
  const info = values.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
  const dir = join(values.out!, 'mailing');
  let printed: PrintedMailing;
  try {
    printed = await readPrintedMailing(dir);
  } catch (error) {
    if (error instanceof MailingReadError) throw new UnusableInput(`offerkit audit: ${error.message}`);
    throw error;
  }
  const config = await readConfig(values.config, printed);
  const files: DataFiles = dataFilesOf(values);
  const data = await ingestInputs(files, values.strict, values['ignore-unknown-columns']);
  const counts = Object.entries(data.report.counts).map(([k, c]) => `${k} ${fmt(c.accepted)}/${fmt(c.read)}`);
  info(`ingested         ${counts.join(', ')} (accepted/read); ${fmt(data.report.rejects.length)} rejected record issue(s)`);
  info(`mailing          ${dir}: ${fmt(printed.mailers.length)} mailers; ${printed.hasTrace ? 'p(redeem) from trace.ndjson.gz' : 'no trace.ndjson.gz, so budgets are not checked'}`);
  const problems = [...printed.problems, ...(await inputProblems(files, printed.manifest.inputs))];
  const result = auditPlan(
    { data, config, mailers: printed.mailers, problems },
    { ...printed.auditOptions, ...(budget === undefined ? {} : { campaignBudget: budget }), maxViolations: values.json ? 1000 : SHOWN },
  );
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    for (const v of result.violations) console.log(formatViolation(v));
    const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
    if (total > result.violations.length) console.log(`violation        ... ${fmt(total - result.violations.length)} more (${fmt(total)} in total; --json lists up to 1000)`);
  }
  info(auditSummaryLine(result));
  return result.ok ? 0 : 1;
}

/**
 * `offerkit audit`: checks a run's printed mailing (`DIR/mailing`) against the input files and the
 * campaign config, rule by rule, with the audit's own implementation of every rule. Exits 0 when
 * every printed mailer obeys every rule, 1 on violations, 2 when the input cannot be used.
 */
export async function audit(argv: string[]): Promise<number> {
  try {
    return await auditCommand(argv);
  } catch (error) {
    if (error instanceof UnusableInput) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}
