// Runs every bench in this folder; `--smoke` passes through for the seconds-long CI variant.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
// Scale scripts take minutes and gigabytes: they run by hand, never here.
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('scale') && !f.endsWith('-data.ts'))
  .sort();
for (const file of benches) {
  const started = Date.now();
  console.log(`--- ${file} ${args.join(' ')} ---`);
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, file), ...args], { stdio: 'inherit' });
  console.log(`--- ${file}: exit ${run.status}, ${Date.now() - started} ms ---`);
  if (run.status !== 0) process.exit(1);
}
