import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { auditWritten } from './auditWritten.js';
import { runDemo } from '../demo.js';
import { Cell } from '../measure/assignCells.js';
import { runSummary } from '../run/runSummary.js';
import { progressReporter, summariseRun, version } from './shared.js';

/** `offerkit demo`: the main job on the built-in synthetic retailer. */
export async function demo(argv: string[]): Promise<number> {
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
  const { run, measurement, quality } = result;
  const lines = [`offerkit demo: synthetic retailer, seed ${run.config.seed}`, ...summariseRun(runSummary(run))];
  const rate = (cell: 0 | 1 | 2): string => {
    const r = measurement.cells[cell].redemption;
    return r === null || r.rate === null || r.lower === null || r.upper === null
      ? 'n/a'
      : `${(100 * r.rate).toFixed(2)}% [${(100 * r.lower).toFixed(2)}, ${(100 * r.upper).toFixed(2)}]`;
  };
  lines.push(`redeemed any     targeted ${rate(Cell.targeted)}, generic control ${rate(Cell.control)} (simulated, 95% Wilson)`);
  const lift = measurement.lift.targetedVsControl;
  if (lift.relativeLift !== null) {
    lines.push(`lift             targeted over generic +${(100 * lift.relativeLift).toFixed(0)}% (p ${lift.pValue === null ? '= n/a' : lift.pValue === 0 ? '< 1e-300' : `= ${lift.pValue.toExponential(2)}`})`);
  }
  lines.push(`expected per 1,000 mailers (true probabilities): ${quality.map((q) => `${q.strategy} ${q.expectedPer1000Mailers.toFixed(0)}`).join(', ')}`);
  lines.push(`written          ${out}/mailing (variants.csv, assignments.csv, offers.csv, offers.ndjson, trace.ndjson.gz, manifest.json), ${out}/measurement.json, ${out}/report.html`);
  const audited = await auditWritten(join(out, 'mailing'), result.data, run.config);
  lines.push(...audited.lines);
  lines.push(`total            ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(lines.join('\n'));
  return audited.ok ? 0 : 1;
}

