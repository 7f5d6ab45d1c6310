// Runs every example as a user would (`npx tsx examples/<name>.ts`) and fails on the first non-zero exit.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const examples = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run-all.ts')
  .sort();
for (const file of examples) {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const lines = (run.stdout ?? '').trimEnd().split('\n');
  console.log(`--- ${file} (exit ${run.status}, ${Date.now() - started} ms) ---`);
  console.log(lines.slice(0, 40).join('\n') + (lines.length > 40 ? `\n... (${lines.length - 40} more lines)` : ''));
  if (run.status !== 0) {
    console.error(`example ${file} failed with exit code ${run.status}`);
    process.exit(1);
  }
}
console.log(`${examples.length} examples ran`);
