import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRow } from '../../src/assemble/csvCell.js';
import type { AuditResult } from '../../src/assemble/audit/index.js';
import { generate } from '../../src/cli/generate.js';
import { run } from '../../src/cli/run.js';
import { removeTempDirs, tempDir } from '../campaign/fixtures.js';

afterAll(removeTempDirs);

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'src', 'cli.ts');
const KINDS = ['products', 'customers', 'transactions', 'offers', 'contacts'] as const;

/** `offerkit <args>` in a child process (node --import tsx: one process). */
function offerkit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs `work` with console.log and stderr writes silenced. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const log = console.log;
  const write = process.stderr.write.bind(process.stderr);
  console.log = () => undefined;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return await work();
  } finally {
    console.log = log;
    process.stderr.write = write;
  }
}

let data: string;
let out: string;
let inputs: string[];

beforeAll(async () => {
  data = await tempDir('offerkit-audit-cli-');
  out = await tempDir('offerkit-audit-cli-');
  await quietly(async () => {
    expect(await generate(['--out', data, '--customers', '1500', '--offers', '120', '--seed', '6'])).toBe(0);
    inputs = KINDS.flatMap((k) => [`--${k}`, join(data, `${k}.csv`)]);
    expect(await run([...inputs, '--out', out])).toBe(0);
  });
}, 180_000);

/** A copy of the run's output folder whose offers.csv prints one customer's first offer again in its last line. */
async function plantedDuplicate(rewriteManifest: boolean): Promise<{ dir: string; customer: string; offer: string }> {
  const dir = await tempDir('offerkit-audit-cli-');
  await cp(join(out, 'mailing'), join(dir, 'mailing'), { recursive: true });
  const path = join(dir, 'mailing', 'offers.csv');
  const rows = parse(await readFile(path, 'utf8')) as string[][];
  // The first customer with at least two lines: its last line takes the first line's offer.
  let i = 2;
  while (rows[i]![0] !== rows[i - 1]![0]) i++;
  const customer = rows[i]![0]!;
  const first = rows.findIndex((r) => r[0] === customer);
  let last = i;
  while (rows[last + 1]?.[0] === customer) last++;
  rows[last] = [customer, rows[last]![1]!, rows[first]![2]!, rows[first]![3]!, rows[last]![4]!];
  const text = rows.map((r) => csvRow(r)).join('');
  await writeFile(path, text);
  if (rewriteManifest) {
    const manifestPath = join(dir, 'mailing', 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { files: { name: string; bytes: number; sha256: string; rows: number }[] };
    const entry = manifest.files.find((f) => f.name === 'offers.csv')!;
    entry.bytes = Buffer.byteLength(text);
    entry.sha256 = createHash('sha256').update(text).digest('hex');
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  }
  return { dir, customer, offer: rows[first]![2]! };
}

const SUMMARY = /^audit {12}\d+ mailers, \d+ offer lines: (\d+) violation\(s\)/m;

describe('offerkit audit', () => {
  it('offerkit audit passes the mailing offerkit run printed and exits 0 with the summary line', async () => {
    const r = await offerkit(['audit', ...inputs, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ingested {9}products /m);
    expect(SUMMARY.exec(r.stdout)?.[1]).toBe('0');
    expect(r.stdout).not.toMatch(/^violation/m);
  });

  it('offerkit audit exits 2 without a stack trace for a missing mailing folder, missing options and a config that is not JSON', async () => {
    const missing = await offerkit(['audit', ...inputs, '--out', join(out, 'no-such-run')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-run\/mailing: is not a folder/);
    const options = await offerkit(['audit', '--out', out]);
    expect(options.code).toBe(2);
    expect(options.stderr).toMatch(/missing --products, --customers, --transactions, --offers/);
    const config = join(await tempDir('offerkit-audit-cli-'), 'campaign.json');
    await writeFile(config, '{\n  "slots": 4,\n}\n');
    const bad = await offerkit(['audit', ...inputs, '--out', out, '--config', config]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${config} is not valid JSON at line 3 column 1`);
    for (const r of [missing, options, bad]) expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('offerkit audit exits 1 naming duplicate (and manifest) for a duplicate line planted in offers.csv', async () => {
    const { dir, customer, offer } = await plantedDuplicate(false);
    const r = await offerkit(['audit', ...inputs, '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`violation duplicate customer ${customer} offer ${offer}: `);
    expect(r.stdout).toMatch(/^violation manifest: offers\.csv: sha256/m);
    expect(Number(SUMMARY.exec(r.stdout)?.[1])).toBeGreaterThanOrEqual(2);
  });

  it('offerkit audit --json exits 1 with duplicate and no manifest violation once the checksums are rewritten', async () => {
    const { dir, customer, offer } = await plantedDuplicate(true);
    const r = await offerkit(['audit', ...inputs, '--out', dir, '--json']);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as AuditResult;
    expect(result.ok).toBe(false);
    expect(result.counts.duplicate).toBe(1);
    expect(result.counts.manifest).toBe(0);
    expect(result.violations).toContainEqual(expect.objectContaining({ rule: 'duplicate', customer, offer }));
    // The planted line no longer matches the customer's variant.
    expect(result.counts.files).toBeGreaterThan(0);
    expect(r.stderr).toMatch(SUMMARY);
  });

  it('offerkit audit reports inputs when it is not given the contacts file the run read, and campaignBudget over --campaign-budget', async () => {
    const r = await offerkit(['audit', ...inputs.slice(0, -2), '--out', out, '--campaign-budget', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^violation inputs: the run read a contacts file/m);
    // p(redeem) comes from the run's trace.ndjson.gz; without it the budgets are listed as not checked.
    if (r.stdout.includes('from trace.ndjson.gz')) expect(r.stdout).toMatch(/^violation campaignBudget: expected redemption cost of the whole mailing/m);
    else expect(r.stdout).toMatch(/not checked: budget, campaignBudget$/m);
    const bad = await offerkit(['audit', ...inputs, '--out', out, '--campaign-budget', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--campaign-budget must be a number >= 0, got "lots"/);
  });
});
