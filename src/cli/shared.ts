import type { DataFiles } from '../ingest/ingestFiles.js';
import { createReadStream, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import { CAMPAIGN_STAGES, type CampaignStage } from '../campaign.js';
import type { RunSummary } from '../run/runSummary.js';

/** The package version, from the nearest package.json above this file (src/cli/ under tsx, dist/ when built). */
export function version(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'offerkit' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not at this level; try the next one up
    }
  }
  return 'unknown';
}

/** Campaign stage progress: a bar with ETA on a terminal, one line per stage otherwise (logs, CI). */
export function progressReporter(): { onProgress: (stage: CampaignStage, done: number, total: number) => void; stop: () => void } {
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

/** Formats a number for the console with thousands separators. */
export const fmt = (x: number, digits = 0): string => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The console summary of a campaign run. */
export function summariseRun(run: RunSummary): string[] {
  const lines: string[] = [];
  const sel = run.selection;
  lines.push(`customers        ${fmt(run.customers)} (targeted ${fmt(run.cells.targeted)}, generic control ${fmt(run.cells.control)}, holdout ${fmt(run.cells.holdout)})`);
  lines.push(`offers           ${fmt(run.offers)}; transactions ${fmt(run.transactions)}`);
  lines.push(`mailers          ${fmt(sel.customers.targeted)} targeted, ${fmt(sel.customers.genericOnly)} generic-only, ${fmt(sel.customers.noMailer)} none`);
  lines.push(`variants         ${fmt(run.variants)} distinct mailers`);
  lines.push(`binding          ${sel.binding.length} constraints${sel.binding.length > 0 ? `: ${sel.binding.slice(0, 3).join('; ')}${sel.binding.length > 3 ? ' ...' : ''}` : ''}`);
  const sensitive = run.privacy;
  if (sensitive.length > 0) {
    const worst = sensitive.reduce((a, b) => (b.achievedBound > a.achievedBound ? b : a));
    const met = sensitive.filter((r) => r.met).length;
    lines.push(
      `privacy          ${sensitive.length} sensitive offers mailed, bound met for ${met}; worst P(segment|received) ${worst.achievedBound.toFixed(3)} (tau ${run.tau}); ${fmt(run.decoysAdded)} decoys added`,
    );
  } else {
    lines.push('privacy          no sensitive offer was mailed');
  }
  const t = run.timings;
  const shown = CAMPAIGN_STAGES.filter((s) => s !== 'shard' || run.sharded);
  lines.push(`timings (ms)     ${shown.map((s) => `${s} ${fmt(t[s] ?? 0)}`).join(', ')}`);
  return lines;
}

/** sha256 of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}


/** The input files named by {@link DATA_FILE_OPTIONS} (the caller has checked the required ones are given). */
export function dataFilesOf(values: { products?: string; customers?: string; transactions?: string; offers?: string; contacts?: string }): DataFiles {
  return {
    products: values.products!,
    customers: values.customers!,
    transactions: values.transactions!,
    offers: values.offers!,
    ...(values.contacts === undefined ? {} : { contacts: values.contacts }),
  };
}

/** The options every command that reads a campaign's CSV files shares (`run`, `enqueue`, `audit`). */
export const DATA_FILE_OPTIONS = {
  products: { type: 'string' },
  customers: { type: 'string' },
  transactions: { type: 'string' },
  offers: { type: 'string' },
  contacts: { type: 'string' },
  config: { type: 'string' },
  out: { type: 'string' },
  strict: { type: 'boolean', default: false },
  'ignore-unknown-columns': { type: 'boolean', default: false },
} as const;
