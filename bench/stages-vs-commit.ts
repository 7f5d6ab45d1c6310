// Did a change slow the campaign? The same campaign on the synthetic retailer, stage by stage, timed on
// the current tree and on a base commit (checked out as a git worktree), alternating in one run so both
// see the same machine load. Questions it answers (bench/RESULTS.md):
//   what the final-plan rule checks cost:  npx tsx bench/stages-vs-commit.ts --base 9023606 [--k 5 --tau 0.3]
//   whether the redesign step slowed ingest, score or select:  npx tsx bench/stages-vs-commit.ts --base 2126bb3 --csv
// `--csv` writes the retailer as CSV once and times ingest from the files. `--smoke` (CI) times the
// current tree once on 2,000 customers. Results: bench/results/stages-vs-<base>.json.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from 'simple-statistics';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { values } = parseArgs({
  options: {
    base: { type: 'string', default: '9023606' },
    customers: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
    k: { type: 'string', default: '1' },
    tau: { type: 'string', default: '0.5' },
    smoke: { type: 'boolean', default: false },
    csv: { type: 'boolean', default: false },
  },
});

interface Timing { total: number; timings: Record<string, number>; mailed: number; lines: number }

function timeTree(tree: string, customers: string, csvDir?: string): Timing {
  const args = ['--import', 'tsx', join(here, 'lib', 'timeCampaign.ts'), '--tree', tree, '--customers', customers, '--k', values.k!, '--tau', values.tau!];
  if (csvDir !== undefined) args.push('--csv', csvDir);
  const child = spawnSync(process.execPath, args, {
    cwd: tree,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (child.status !== 0) throw new Error(`timeCampaign in ${tree} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Timing;
}

if (values.smoke) {
  const t = timeTree(root, '2000');
  console.log(`stages-vs-commit smoke: 2,000 customers, campaign ${t.total.toFixed(0)} ms, ${t.mailed} mailed`);
  process.exit(0);
}

const sha = execFileSync('git', ['rev-parse', '--short', values.base!], { cwd: root, encoding: 'utf8' }).trim();
const baseTree = join(tmpdir(), `offerkit-base-${sha}`);
if (!existsSync(baseTree)) {
  execFileSync('git', ['worktree', 'add', '--detach', baseTree, sha], { cwd: root, stdio: 'inherit' });
  symlinkSync(join(root, 'node_modules'), join(baseTree, 'node_modules'));
}
const trees = { [`base ${sha}`]: baseTree, current: root };
let csvDir: string | undefined;
if (values.csv) {
  csvDir = join(tmpdir(), `offerkit-stages-csv-${values.customers}`);
  if (!existsSync(join(csvDir, 'contacts.csv'))) {
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli.ts'), 'generate', '--out', csvDir, '--customers', values.customers!, '--offers', '2000'], { cwd: root, stdio: 'inherit' });
  }
}
const runs: Record<string, Timing[]> = {};
for (let r = 0; r < Number(values.rounds); r++) {
  for (const [name, tree] of Object.entries(trees)) {
    const t = timeTree(tree, values.customers!, csvDir);
    (runs[name] ??= []).push(t);
    console.log(`round ${r + 1} ${name}: ${t.total.toFixed(0)} ms (ingest ${t.timings.ingest?.toFixed(0)}, score ${t.timings.score?.toFixed(0)}, select ${t.timings.select?.toFixed(0)}, protect ${t.timings.protect?.toFixed(0)}, write ${t.timings.write?.toFixed(0)})`);
  }
}
const stages = ['ingest', 'profile', 'model', 'eligibility', 'score', 'select', 'protect', 'assemble', 'write'];
const summary = Object.fromEntries(
  Object.entries(runs).map(([name, ts]) => [
    name,
    { total: median(ts.map((t) => t.total)), ...Object.fromEntries(stages.map((s) => [s, median(ts.map((t) => t.timings[s] ?? 0))])), mailed: ts[0]!.mailed, lines: ts[0]!.lines },
  ]),
);
console.table(summary);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', `stages-vs-${sha}${values.k === '1' ? '' : `-k${values.k}`}.json`),
  `${JSON.stringify({ date: new Date().toISOString(), customers: Number(values.customers), k: Number(values.k), tau: Number(values.tau), csv: values.csv, rounds: Number(values.rounds), medianMs: summary }, null, 2)}\n`,
);
