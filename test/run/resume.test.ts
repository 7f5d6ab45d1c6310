import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyManifest } from '../../src/assemble/index.js';
import { generate } from '../../src/cli/generate.js';
import { differingFiles, filesOf, removeTempDirs, tempDir } from '../campaign/fixtures.js';

afterAll(removeTempDirs);

const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'src', 'cli.ts');
const SHARDS = 4;

interface Child {
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  readonly kill: () => void;
}

function offerkit(args: string[]): Child {
  // node --import tsx: one process (the tsx binary would fork a child that survives a SIGKILL of the parent).
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { done, kill: () => child.kill('SIGKILL') };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('offerkit run --shards (resume)', () => {
  it('offerkit run --shards 4 killed with SIGKILL after shard 0 resumes, skips it and merges byte-identically to an uninterrupted run', async () => {
    const data = await tempDir();
    const log = console.log;
    console.log = () => undefined;
    try {
      expect(await generate(['--out', data, '--customers', '1600', '--offers', '120', '--seed', '4'])).toBe(0);
    } finally {
      console.log = log;
    }
    const inputs = ['products', 'customers', 'transactions', 'offers', 'contacts'].flatMap((k) => [`--${k}`, join(data, `${k}.csv`)]);
    const killed = await tempDir();
    const whole = await tempDir();

    // 1. start, and kill as soon as the first shard is committed (its shard.json follows its manifest)
    const first = offerkit(['run', ...inputs, '--shards', String(SHARDS), '--out', killed]);
    const marker = join(killed, `shard-0-of-${SHARDS}`, 'shard.json');
    let exited = false;
    void first.done.then(() => (exited = true));
    while (!existsSync(marker) && !exited) await sleep(10);
    first.kill();
    const interrupted = await first.done;
    expect(interrupted.signal).toBe('SIGKILL');
    expect(existsSync(join(killed, 'mailing', 'manifest.json'))).toBe(false);
    expect((await verifyManifest(join(killed, `shard-0-of-${SHARDS}`))).ok).toBe(true);

    // 2. resume, and 3. an uninterrupted run, side by side
    const [resumed, uninterrupted] = await Promise.all([
      offerkit(['run', ...inputs, '--shards', String(SHARDS), '--out', killed]).done,
      offerkit(['run', ...inputs, '--shards', String(SHARDS), '--out', whole]).done,
    ]);
    expect(resumed.stderr.split('\n').filter((l) => /Error/.test(l))).toEqual([]);
    expect(resumed.code).toBe(0);
    expect(uninterrupted.code).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`shard 1/${SHARDS} +finished earlier, manifest verified: skipped`));
    expect(resumed.stdout).toMatch(new RegExp(`shard ${SHARDS}/${SHARDS} +running`));
    expect(uninterrupted.stdout).not.toMatch(/skipped/);

    const merged = await filesOf(join(killed, 'mailing'));
    expect([...merged.keys()].sort()).toEqual(['assignments.csv', 'manifest.json', 'offers.csv', 'offers.ndjson', 'trace.ndjson.gz', 'variants.csv']);
    expect(differingFiles(merged, await filesOf(join(whole, 'mailing')))).toEqual([]);
    for (let i = 0; i < SHARDS; i++) {
      const dir = `shard-${i}-of-${SHARDS}`;
      // selection-report.json is a log written after the shard commits; a kill may land before it.
      const [a, b] = [await filesOf(join(killed, dir)), await filesOf(join(whole, dir))];
      for (const m of [a, b]) m.delete('selection-report.json');
      expect(differingFiles(a, b)).toEqual([]);
    }
    expect((await verifyManifest(join(killed, 'mailing'))).ok).toBe(true);
  }, 120_000);
});
