// What do the final-plan rule checks cost? The same campaign on the synthetic retailer, timed on the
// current tree and on a base commit (checked out as a git worktree), alternating in one run so both
// see the same machine load. Usage:
//   npx tsx bench/rule-checks.ts --base 9023606 --customers 20000 --rounds 3 [--k 5 --tau 0.3]
// `--smoke` (CI) times the current tree once on 2,000 customers. Results: bench/results/rule-checks.json.
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
  },
});

interface Timing { total: number; timings: Record<string, number>; mailed: number; lines: number }

function timeTree(tree: string, customers: string): Timing {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'lib', 'timeCampaign.ts'), '--tree', tree, '--customers', customers, '--k', values.k!, '--tau', values.tau!], {
    cwd: tree,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (child.status !== 0) throw new Error(`timeCampaign in ${tree} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Timing;
}

if (values.smoke) {
  const t = timeTree(root, '2000');
  console.log(`rule-checks smoke: 2,000 customers, campaign ${t.total.toFixed(0)} ms, ${t.mailed} mailed`);
  process.exit(0);
}

const sha = execFileSync('git', ['rev-parse', '--short', values.base!], { cwd: root, encoding: 'utf8' }).trim();
const baseTree = join(tmpdir(), `offerkit-base-${sha}`);
if (!existsSync(baseTree)) {
  execFileSync('git', ['worktree', 'add', '--detach', baseTree, sha], { cwd: root, stdio: 'inherit' });
  symlinkSync(join(root, 'node_modules'), join(baseTree, 'node_modules'));
}
const trees = { [`base ${sha}`]: baseTree, current: root };
const runs: Record<string, Timing[]> = {};
for (let r = 0; r < Number(values.rounds); r++) {
  for (const [name, tree] of Object.entries(trees)) {
    const t = timeTree(tree, values.customers!);
    (runs[name] ??= []).push(t);
    console.log(`round ${r + 1} ${name}: ${t.total.toFixed(0)} ms (select ${t.timings.select?.toFixed(0)}, protect ${t.timings.protect?.toFixed(0)}, write ${t.timings.write?.toFixed(0)})`);
  }
}
const stages = ['score', 'select', 'protect', 'assemble', 'write'];
const summary = Object.fromEntries(
  Object.entries(runs).map(([name, ts]) => [
    name,
    { total: median(ts.map((t) => t.total)), ...Object.fromEntries(stages.map((s) => [s, median(ts.map((t) => t.timings[s] ?? 0))])), mailed: ts[0]!.mailed, lines: ts[0]!.lines },
  ]),
);
console.table(summary);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', 'rule-checks.json'),
  `${JSON.stringify({ date: new Date().toISOString(), customers: Number(values.customers), k: Number(values.k), tau: Number(values.tau), rounds: Number(values.rounds), medianMs: summary }, null, 2)}\n`,
);
