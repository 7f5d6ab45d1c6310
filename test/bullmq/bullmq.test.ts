import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignFailedError, enqueueCampaign, redisConnection, shardJobId, waitForCampaign, type ShardProgress } from '../../src/bullmq/index.js';
import { inputChecksums } from '../../src/bullmq/fileSha256.js';
import { generate } from '../../src/cli/generate.js';
import { version } from '../../src/cli/shared.js';
import { ingestFiles, type DataFiles } from '../../src/ingest/index.js';
import { runShards } from '../../src/run/index.js';

const REDIS_SERVER = '/usr/bin/redis-server';
const ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(ROOT, 'test', 'bullmq', 'cli.ts');
const SHARDS = 4;
const CONFIG = { name: 'scale-out', seed: 3, slots: 5, topK: 12 };
const QUEUE = 'offerkit-it';

interface Proc {
  readonly child: ChildProcess;
  readonly out: () => string;
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `node --import tsx` on a script: one process (the tsx binary forks a child that outlives a SIGKILL). */
function node(args: string[]): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, out: () => out, done };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Relative path -> bytes of every file under `dir` (temp files excluded). */
async function tree(dir: string, prefix = ''): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory()) for (const [k, v] of await tree(join(dir, e.name), `${prefix}${e.name}/`)) out.set(k, v);
    else out.set(`${prefix}${e.name}`, await readFile(join(dir, e.name)));
  }
  return out;
}

const hasRedis = existsSync(REDIS_SERVER);
if (!hasRedis) console.warn(`test/bullmq: skipped, ${REDIS_SERVER} is absent (apt-get install redis-server; CI installs it)`);

describe.skipIf(!hasRedis)('offerkit/bullmq on a real Redis', () => {
  let redisProc: Proc;
  let url = '';
  let redis: Redis;
  const workers: Proc[] = [];
  let base = '';
  let files: DataFiles;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'offerkit-bullmq-'));
    const port = await freePort();
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    redisProc = { child, out: () => log, done: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal }))) };
    await until('redis-server to accept connections', () => log.includes('Ready to accept connections'), 10_000);
    url = `redis://127.0.0.1:${port}`;
    redis = redisConnection(url);

    const data = join(base, 'data');
    const log0 = console.log;
    console.log = () => undefined;
    try {
      expect(await generate(['--out', data, '--customers', '1600', '--offers', '120', '--seed', '4'])).toBe(0);
    } finally {
      console.log = log0;
    }
    files = Object.fromEntries(['products', 'customers', 'transactions', 'offers', 'contacts'].map((k) => [k, join(data, `${k}.csv`)])) as unknown as DataFiles;
  }, 30_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.done));
    await redis?.quit().catch(() => undefined);
    redisProc?.child.kill('SIGTERM');
    await redisProc?.done;
    if (base !== '') await rm(base, { recursive: true, force: true });
  }, 30_000);

  it('enqueue --wait with two worker processes, one SIGKILLed mid-shard: the stalled shard reruns on the other and the merge equals runShards byte for byte', async () => {
    // The single-process reference, with the inputs and version the CLI records.
    const ref = join(base, 'ref');
    const data = await ingestFiles(files, { onInvalid: 'collect', unknownColumns: 'error' });
    await runShards(CONFIG, data, ref, SHARDS, { inputChecksums: await inputChecksums(files as unknown as Record<string, string>), libraryVersion: version() });

    const out = join(base, 'out');
    // A half-written folder of an earlier crash: the shard that lands there must replace it whole.
    await mkdir(join(out, `shard-1-of-${SHARDS}`), { recursive: true });
    await writeFile(join(out, `shard-1-of-${SHARDS}`, 'assignments.csv'), 'garbage\n');
    await writeFile(join(base, 'config.json'), JSON.stringify(CONFIG));

    // Watch the queue from here: progress tells which worker holds which shard.
    const events = new QueueEvents(QUEUE, { connection: redis });
    await events.waitUntilReady();
    const progress: { jobId: string; p: ShardProgress }[] = [];
    const stalled: string[] = [];
    const completed = new Map<string, { worker?: string; status?: string }>();
    events.on('progress', ({ jobId, data: p }) => progress.push({ jobId, p: p as ShardProgress }));
    events.on('stalled', ({ jobId }) => stalled.push(jobId));
    events.on('completed', ({ jobId, returnvalue }) => completed.set(jobId, returnvalue as unknown as { worker?: string }));

    const workerArgs = (name: string): string[] => [CLI, 'worker', '--redis', url, '--queue', QUEUE, '--name', name, '--lock-duration', '3000', '--stalled-interval', '1000'];
    const a = node(workerArgs('a'));
    const b = node(workerArgs('b'));
    workers.push(a, b);
    await until('both workers to listen', () => a.out().includes('listening') && b.out().includes('listening'));

    const producer = node([CLI, 'enqueue', '--redis', url, '--queue', QUEUE, '--campaign', 'it', ...Object.entries(files).flatMap(([k, p]) => [`--${k}`, p as string]), '--config', join(base, 'config.json'), '--shards', String(SHARDS), '--out', out, '--wait']);

    // Kill worker a as soon as it reports progress on a shard: the shard is active, its lock held by a.
    // The pricing job (ingest + first pass) runs before any shard job exists, so allow it time on a loaded machine.
  await until('worker a to start a shard', () => progress.some((e) => e.p.worker === 'a'), 60_000);
    a.child.kill('SIGKILL');
    const killedJob = progress.find((e) => e.p.worker === 'a')!.jobId;
    expect((await a.done).signal).toBe('SIGKILL');

    const result = await producer.done;
    if (process.env.BULLMQ_TEST_LOG) console.error(producer.out(), a.out(), b.out());
    expect(result.code, producer.out()).toBe(0);
    await events.close();

    // BullMQ's stalled check requeued a's shard, and b ran it.
    expect(stalled).toContain(killedJob);
    expect(completed.get(killedJob)).toMatchObject({ status: 'ran', worker: 'b' });
    expect(producer.out()).toContain('stalled (worker lost): requeued');
    expect(producer.out()).toMatch(/merged\s+1,600 customers/);
    // The first pass wrote the same prices as the single-process run.
    // (A pricing job taken for stalled on a loaded machine runs twice: the second reads the file the first wrote.)
    expect(producer.out()).toMatch(/prices\s+(first pass on|read from) 1,600 sampled customers by [ab]; 4 shard jobs added/);
    expect((await readFile(join(out, 'prices.json'))).equals(await readFile(join(ref, 'prices.json')))).toBe(true);

    const got = await tree(join(out, 'mailing'));
    const want = await tree(join(ref, 'mailing'));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    expect(got.has('manifest.json')).toBe(true);
    const differing = [...want.keys()].filter((k) => !want.get(k)!.equals(got.get(k)!));
    expect(differing).toEqual([]);
    // The garbage of the half-written folder is gone: shard 1 equals the reference's shard 1.
    expect((await readFile(join(out, `shard-1-of-${SHARDS}`, 'assignments.csv'))).equals(await readFile(join(ref, `shard-1-of-${SHARDS}`, 'assignments.csv')))).toBe(true);

    // Enqueueing the same campaign again adds no job and waiting returns the merge at once.
    const queue = new Queue(QUEUE, { connection: redis });
    const before = await queue.getJobCounts();
    const again = await enqueueCampaign(redis, { queueName: QUEUE, campaignId: 'it', inputs: files, config: CONFIG, shards: SHARDS, outDir: out, libraryVersion: version() });
    expect(await queue.getJobCounts()).toEqual(before);
    expect((await waitForCampaign(redis, again)).customers).toBe(1600);
    await queue.close();
  }, 90_000);

  it('enqueueCampaign(redis, options) under a new id over finished shards: every shard job skips (checkShard) and the merge is the same bytes', async () => {
    const out = join(base, 'out');
    const before = await tree(join(out, 'mailing'));
    const flow = await enqueueCampaign(redis, { queueName: QUEUE, campaignId: 'it-again', inputs: files, config: CONFIG, shards: SHARDS, outDir: out, libraryVersion: version() });
    const merged = await waitForCampaign(redis, flow);
    expect(merged.customers).toBe(1600);
    // Read each shard job's result from Redis: a skip is fast enough to complete before a
    // QueueEvents listener attaches, so counting 'completed' events would race (regression: flaky in CI).
    const queue = new Queue(QUEUE, { connection: redis });
    try {
      const statuses = await Promise.all(
        Array.from({ length: SHARDS }, async (_, i) => ((await queue.getJob(shardJobId('it-again', i, SHARDS)))?.returnvalue as { status?: string } | undefined)?.status),
      );
      expect(statuses).toEqual(Array.from({ length: SHARDS }, () => 'skipped'));
      // The pricing job found prices.json of the same campaign and read it instead of a new first pass.
      expect(((await queue.getJob(flow.priceJobId!))?.returnvalue as { status?: string } | undefined)?.status).toBe('read');
    } finally {
      await queue.close();
    }
    const after = await tree(join(out, 'mailing'));
    expect([...after.keys()].filter((k) => !after.get(k)!.equals(before.get(k) ?? Buffer.alloc(0)))).toEqual([]);
  }, 30_000);

  it('enqueueCampaign with http:// input URLs and an http:// output prefix: workers download, upload, and the merge equals the path run byte for byte', async () => {
    // A minimal file server: GET serves base/<path>, PUT stores the body at base/store/<path>.
    const server = createHttpServer((req, res) => {
      const path = decodeURIComponent((req.url ?? '/').slice(1));
      if (path.includes('..')) return void res.writeHead(400).end();
      if (req.method === 'PUT') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const file = join(base, 'store', path);
          mkdir(join(file, '..'), { recursive: true })
            .then(() => writeFile(file, Buffer.concat(chunks)))
            .then(() => res.writeHead(201).end(), () => res.writeHead(500).end());
        });
        return;
      }
      readFile(join(base, path.startsWith('out/') ? 'store' : 'data', path)).then(
        (bytes) => res.writeHead(200).end(bytes),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    try {
      const urls = Object.fromEntries(Object.entries(files).map(([k, p]) => [k, `http://127.0.0.1:${port}/${(p as string).split('/').pop()}`])) as unknown as DataFiles;
      const flow = await enqueueCampaign(redis, { queueName: QUEUE, campaignId: 'it-url', inputs: urls, config: CONFIG, shards: SHARDS, outDir: `http://127.0.0.1:${port}/out/run/`, libraryVersion: version() });
      expect(flow.inputChecksums).toEqual(await inputChecksums(files as unknown as Record<string, string>));
      const merged = await waitForCampaign(redis, flow);
      expect(merged.customers).toBe(1600);
      expect(merged.dir).toBe(`http://127.0.0.1:${port}/out/run/mailing`);
      // Everything went through the server: prices, every shard (with its record) and the merge.
      const stored = join(base, 'store', 'out', 'run');
      expect((await readFile(join(stored, 'prices.json'))).equals(await readFile(join(base, 'ref', 'prices.json')))).toBe(true);
      for (let i = 0; i < SHARDS; i++) expect((await readFile(join(stored, `shard-${i}-of-${SHARDS}`, 'shard.json'))).equals(await readFile(join(base, 'ref', `shard-${i}-of-${SHARDS}`, 'shard.json')))).toBe(true);
      const got = await tree(join(stored, 'mailing'));
      const want = await tree(join(base, 'ref', 'mailing'));
      expect([...want.keys()].filter((k) => !want.get(k)!.equals(got.get(k) ?? Buffer.alloc(0)))).toEqual([]);
      // Again under a new id: each shard job downloads the finished shard, verifies it, and skips.
      const again = await enqueueCampaign(redis, { queueName: QUEUE, campaignId: 'it-url-again', inputs: urls, config: CONFIG, shards: SHARDS, outDir: `http://127.0.0.1:${port}/out/run`, libraryVersion: version() });
      expect((await waitForCampaign(redis, again)).customers).toBe(1600);
      const queue = new Queue(QUEUE, { connection: redis });
      try {
        const statuses = await Promise.all(again.shardJobIds.map(async (id) => ((await queue.getJob(id))?.returnvalue as { status?: string } | undefined)?.status));
        expect(statuses).toEqual(Array.from({ length: SHARDS }, () => 'skipped'));
      } finally {
        await queue.close();
      }
      // A URL that answers 404 fails at enqueue, naming it.
      await expect(enqueueCampaign(redis, { queueName: QUEUE, inputs: { ...urls, offers: `http://127.0.0.1:${port}/missing.csv` }, config: CONFIG, shards: 2, outDir: join(base, 'out-404') })).rejects.toThrow(/missing\.csv: HTTP 404/);
    } finally {
      server.close();
    }
  }, 150_000);

  it('waitForCampaign(redis, flow) rejects with the reason when a shard finds its input changed after enqueue', async () => {
    const data = join(base, 'changed');
    await cp(join(base, 'data'), data, { recursive: true });
    const changed = Object.fromEntries(Object.entries(files).map(([k, p]) => [k, join(data, (p as string).split('/').pop()!)])) as unknown as DataFiles;
    const flow = await enqueueCampaign(redis, { queueName: QUEUE, inputs: changed, config: CONFIG, shards: 2, outDir: join(base, 'out-changed') });
    await appendFile(changed.offers, '\n');
    const b = workers[1]!;
    expect(b.child.exitCode).toBe(null);
    const error = await waitForCampaign(redis, flow).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CampaignFailedError);
    expect(String((error as Error).message)).toMatch(/input files changed/);
    expect(existsSync(join(base, 'out-changed', 'mailing', 'manifest.json'))).toBe(false);
  }, 30_000);
});
