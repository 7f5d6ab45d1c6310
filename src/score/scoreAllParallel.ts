import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { resolveWorkerScript } from '../lib/workerScript.js';
import type { Candidates } from './candidates.js';
import type { EligibilityMask } from './eligibilityMask.js';
import { kernelOf } from './compileKernel.js';
import type { KernelModel } from './kernelModel.js';
import type { RelevanceModel } from './relevanceModel.js';
import { createCandidates, resolveMaxPerCategory } from './scoreInto.js';
import type { ScoreWorkerResult, ScoreWorkerTask } from './worker.js';

/** Options of {@link scoreAllParallel}. */
export interface ScoreAllParallelOptions {
  /** Worker threads; customers are split into this many contiguous ranges. Default `2`. */
  workers?: number;
  /** Candidates kept per customer. Default `16`. */
  k?: number;
  /** Offers each customer may receive; default every offer. */
  eligible?: EligibilityMask;
  /** Upper-bound pruning (exact either way). Default `true`. */
  prune?: boolean;
  /** At most this many candidates per offer category; `Infinity` for none. Default `2`. */
  maxPerCategory?: number;
  /** Dense dot products with the WebAssembly SIMD tile in each worker (`false`: the JS tile; `true`: required); same results either way (see `ScoreIntoOptions.simd`). Default auto-detect. */
  simd?: boolean;
  /** A built worker script to use instead of the one found by {@link resolveScoreWorker} (for custom bundles). */
  workerUrl?: URL;
}

type TypedArray = Int32Array | Float32Array | Float64Array | Uint8Array | Uint32Array;

/** A copy of `a` on a SharedArrayBuffer (or `a` itself when it already is one). */
function toShared<A extends TypedArray>(a: A): A {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const ctor = a.constructor as new (buffer: SharedArrayBuffer) => A;
  const shared = new ctor(new SharedArrayBuffer(a.byteLength));
  shared.set(a as never);
  return shared;
}

const sharedModels = new WeakMap<KernelModel, KernelModel>();

/** The kernel fields of `model` on SharedArrayBuffers, copied once per model. */
function sharedKernel(model: KernelModel): KernelModel {
  let shared = sharedModels.get(model);
  if (shared === undefined) {
    shared = {
      customerCount: model.customerCount,
      offerCount: model.offerCount,
      categoryCount: model.categoryCount,
      dimensions: model.dimensions,
      affinityWeight: model.affinityWeight,
      crossSellWeight: model.crossSellWeight,
      replenishmentWeight: model.replenishmentWeight,
      paddedOfferCount: model.paddedOfferCount,
      customerFactor: toShared(model.customerFactor),
      categoryFactor: toShared(model.categoryFactor),
      customerValueScale: toShared(model.customerValueScale),
      offerKey: toShared(model.offerKey),
      entryRowPtr: toShared(model.entryRowPtr),
      entryCategory: toShared(model.entryCategory),
      entryAffinity: toShared(model.entryAffinity),
      entryDue: toShared(model.entryDue),
      customerBaseAffinity: toShared(model.customerBaseAffinity),
      customerNorm: toShared(model.customerNorm),
      categoryOfferPtr: toShared(model.categoryOfferPtr),
      categoryOfferPos: toShared(model.categoryOfferPos),
      categoryOfferInvSize: toShared(model.categoryOfferInvSize),
      positionOffer: toShared(model.positionOffer),
      tiledFactor: toShared(model.tiledFactor),
      positionValue: toShared(model.positionValue),
      positionBaseAffinity: toShared(model.positionBaseAffinity),
      positionDepth: toShared(model.positionDepth),
      positionTargetCount: toShared(model.positionTargetCount),
      suffixFactorNorm: toShared(model.suffixFactorNorm),
      suffixValue: toShared(model.suffixValue),
      suffixConstant: toShared(model.suffixConstant),
      positionFactorNorm: toShared(model.positionFactorNorm),
      tileValue: toShared(model.tileValue),
      tileConstant: toShared(model.tileConstant),
      positionConstant: toShared(model.positionConstant),
      prefixDimensions: model.prefixDimensions,
      positionTailNorm: toShared(model.positionTailNorm),
      productWeight: model.productWeight,
      customerProductPtr: toShared(model.customerProductPtr),
      customerProduct: toShared(model.customerProduct),
      customerProductCount: toShared(model.customerProductCount),
      productOfferPtr: toShared(model.productOfferPtr),
      productOfferPos: toShared(model.productOfferPos),
      positionProductScale: toShared(model.positionProductScale),
    };
    sharedModels.set(model, shared);
  }
  return shared;
}

/**
 * Where the worker script lives: `dist/score/worker.js` beside the bundled `dist/index.(c)js`, or
 * `worker.ts` beside this source file under tsx / vitest. A `.ts` worker is started through a small
 * eval'd bootstrap that loads it with tsx's in-thread CommonJS API (`script`), because Node 20 does
 * not pass `--import` loader hooks on to worker threads.
 *
 * @example const { url, script } = resolveScoreWorker();
 * Cost: a few `existsSync` calls.
 */
export function resolveScoreWorker(): { url: URL; script: string | undefined } {
  // CJS bundles have __filename but no import.meta.url; ESM has the reverse (vitest offers both).
  const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
  return resolveWorkerScript(here, './score/worker.js', './worker.ts', 'scoreAllParallel');
}

/** A pooled worker thread and what it is doing. */
interface PooledWorker {
  readonly worker: Worker;
  /** Settles the chunk in flight (set while a chunk runs). */
  pending: ((result: ScoreWorkerResult | Error) => void) | undefined;
  /** Taken by a call until that call's chunks are done. */
  reserved: boolean;
}

/** Idle-or-busy workers per worker script, reused across calls so start-up is paid once per process. */
const pools = new Map<string, PooledWorker[]>();

function spawn(key: string, url: URL, script: string | undefined): PooledWorker {
  const worker = script === undefined ? new Worker(url) : new Worker(script, { eval: true });
  const pooled: PooledWorker = { worker, pending: undefined, reserved: false };
  // An idle pooled worker must not keep the process alive; `ref()` while it works.
  worker.unref();
  const drop = (error: Error) => {
    const pool = pools.get(key);
    if (pool !== undefined) pools.set(key, pool.filter((w) => w !== pooled));
    const settle = pooled.pending;
    pooled.pending = undefined;
    settle?.(error);
  };
  worker.on('message', (r: ScoreWorkerResult) => {
    const settle = pooled.pending;
    pooled.pending = undefined;
    worker.unref();
    settle?.(r.error === undefined ? r : new Error(`scoreAllParallel: worker failed: ${r.error}`));
  });
  worker.on('error', drop);
  worker.on('exit', (code) => drop(new Error(`scoreAllParallel: worker exited with code ${code} before answering`)));
  return pooled;
}

/** Runs one task on a pooled worker. */
function run(pooled: PooledWorker, task: ScoreWorkerTask): Promise<ScoreWorkerResult> {
  return new Promise((resolve, reject) => {
    pooled.pending = (r) => (r instanceof Error ? reject(r) : resolve(r));
    pooled.worker.ref();
    pooled.worker.postMessage(task);
  });
}

/**
 * Terminates the pooled worker threads of {@link scoreAllParallel} (they are kept for reuse and do not
 * keep the process alive; call this to free their memory early, e.g. after a campaign run).
 * @example await terminateScoreWorkers();
 * Cost: one `terminate()` per pooled worker.
 */
export async function terminateScoreWorkers(): Promise<void> {
  const all = [...pools.values()].flat();
  pools.clear();
  await Promise.all(all.map((w) => w.worker.terminate()));
}

/**
 * Scores every customer against every offer on `workers` threads: the model's kernel layout (a fitted
 * {@link RelevanceModel}, compiled once and cached, or any {@link KernelModel}) moves to
 * SharedArrayBuffers once (cached per kernel; arrays already shared are not copied), customers are cut into chunks (about 8 per worker, a
 * multiple of 4 customers) that idle workers take in turn (so a worker slowed by other load takes
 * fewer), and each chunk writes its rows of the shared output. The result is identical to
 * {@link scoreAll}, since each customer's row depends only on that customer. Workers are pooled per
 * worker script and reused by later calls (start-up is paid once per process; see {@link terminateScoreWorkers}).
 *
 * @example
 * const top = await scoreAllParallel(model, { workers: 2, k: 16 });
 * Cost: O(customers · scanned offers · d / workers) time plus the first call's worker start-up.
 */
export async function scoreAllParallel(input: RelevanceModel | KernelModel, options: ScoreAllParallelOptions = {}): Promise<Candidates> {
  const model = kernelOf(input);
  const workers = options.workers ?? 2;
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`scoreAllParallel: workers must be an integer >= 1, got ${workers}`);
  const k = options.k ?? 16;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`scoreAllParallel: k must be an integer >= 1, got ${k}`);
  const maxPerCategory = resolveMaxPerCategory(options.maxPerCategory, 'scoreAllParallel');
  const words = Math.ceil(model.offerCount / 32);
  if (options.eligible !== undefined && options.eligible.words.length !== model.customerCount * words) {
    throw new RangeError(`scoreAllParallel: eligible.words must hold customers x ceil(offers / 32) = ${model.customerCount * words} words, got ${options.eligible.words.length}`);
  }
  const out = createCandidates(model.customerCount, k, true);
  const kernel = sharedKernel(model);
  const eligibleWords = options.eligible === undefined ? undefined : toShared(options.eligible.words);
  const { url, script } = options.workerUrl === undefined ? resolveScoreWorker() : { url: options.workerUrl, script: undefined };
  const key = `${url.href}\n${script ?? ''}`;
  let pool = pools.get(key);
  if (pool === undefined) pools.set(key, (pool = []));
  while (pool.length < workers) pool.push(spawn(key, url, script));
  const C = model.customerCount;
  // Chunks of a multiple of 4 customers (the kernel's register tile), about 8 per worker.
  const chunk = Math.max(4, Math.ceil(C / (workers * 8) / 4) * 4);
  let next = 0;
  const prune = options.prune ?? true;
  const team = pool.filter((w) => !w.reserved).slice(0, workers);
  // Concurrent calls share the pool: a call finding every worker busy starts extra ones.
  while (team.length < workers) {
    const extra = spawn(key, url, script);
    pool.push(extra);
    team.push(extra);
  }
  for (const w of team) w.reserved = true;
  try {
    await Promise.all(
      team.map(async (w) => {
        while (next < C) {
          const from = next;
          const to = Math.min(C, from + chunk);
          next = to;
          await run(w, { model: kernel, from, to, out, eligibleWords, prune, maxPerCategory, simd: options.simd });
        }
      }),
    );
  } finally {
    for (const w of team) w.reserved = false;
  }
  return out;
}
