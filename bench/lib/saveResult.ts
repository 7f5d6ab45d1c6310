// Every bench writes its latest figures as JSON beside RESULTS.md: bench/results/<name>.json, with the
// command line, date, Node version and load average, so a table in RESULTS.md can be traced to its run.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

/** Writes `result` to bench/results/<name>.json, unless the run is the CI smoke (whose sizes answer no question). */
export function saveResult(name: string, result: unknown): void {
  if (process.argv.includes('--smoke')) return;
  const path = fileURLToPath(new URL(`../results/${name}.json`, import.meta.url));
  const record = { bench: name, args: process.argv.slice(2), date: new Date().toISOString(), node: process.version, loadavg: loadavg(), result };
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`saved ${path}`);
}
