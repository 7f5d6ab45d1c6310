import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Candidates } from './candidates.js';
import type { EligibilityMask } from './eligibilityMask.js';
import type { RelevanceModel } from './relevanceModel.js';
import { createCandidates, resolveMaxPerCategory, type KernelModel } from './scoreInto.js';
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

const sharedModels = new WeakMap<RelevanceModel, KernelModel>();

/** The kernel fields of `model` on SharedArrayBuffers, copied once per model. */
function sharedKernel(model: RelevanceModel): KernelModel {
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
      tileFactorNorm: toShared(model.tileFactorNorm),
      tileValue: toShared(model.tileValue),
      tileConstant: toShared(model.tileConstant),
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
  for (const candidate of ['./score/worker.js', './worker.js', './worker.ts']) {
    const url = new URL(candidate, here);
    if (!existsSync(fileURLToPath(url))) continue;
    if (!candidate.endsWith('.ts')) return { url, script: undefined };
    let api: string;
    try {
      api = createRequire(here).resolve('tsx/cjs/api');
    } catch {
      throw new Error(`scoreAllParallel: found the source worker ${fileURLToPath(url)} but not tsx to load it; install tsx or build with tsup`);
    }
    const script = `require(${JSON.stringify(api)}).require(${JSON.stringify(fileURLToPath(url))}, __filename);`;
    return { url, script };
  }
  throw new Error(`scoreAllParallel: worker script not found next to ${here}; build with tsup (dist/score/worker.js) or run the sources under tsx`);
}

/**
 * Scores every customer against every offer on `workers` threads: the model's kernel arrays move to
 * SharedArrayBuffers once (cached per model), customers are split into contiguous ranges and each
 * worker writes its rows of the shared output. The result is identical to {@link scoreAll}, since
 * each customer's row depends only on that customer. Each call starts and ends its workers (about
 * 50 ms each, more under tsx), so use it for large runs.
 *
 * @example
 * const top = await scoreAllParallel(model, { workers: 2, k: 16 });
 * Cost: O(customers · scanned offers · d / workers) time plus worker start-up.
 */
export async function scoreAllParallel(model: RelevanceModel, options: ScoreAllParallelOptions = {}): Promise<Candidates> {
  const workers = options.workers ?? 2;
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`scoreAllParallel: workers must be an integer >= 1, got ${workers}`);
  const k = options.k ?? 16;
  const maxPerCategory = resolveMaxPerCategory(options.maxPerCategory, 'scoreAllParallel');
  const words = Math.ceil(model.offerCount / 32);
  if (options.eligible !== undefined && options.eligible.words.length !== model.customerCount * words) {
    throw new RangeError(`scoreAllParallel: eligible.words must hold customers x ceil(offers / 32) = ${model.customerCount * words} words, got ${options.eligible.words.length}`);
  }
  const out = createCandidates(model.customerCount, k, true);
  const kernel = sharedKernel(model);
  const eligibleWords = options.eligible === undefined ? undefined : toShared(options.eligible.words);
  const { url, script } = options.workerUrl === undefined ? resolveScoreWorker() : { url: options.workerUrl, script: undefined };
  const C = model.customerCount;
  const ranges: [number, number][] = [];
  for (let w = 0; w < workers; w++) ranges.push([Math.floor((C * w) / workers), Math.floor((C * (w + 1)) / workers)]);
  await Promise.all(
    ranges.map(
      ([from, to]) =>
        new Promise<ScoreWorkerResult>((resolve, reject) => {
          const worker = script === undefined ? new Worker(url) : new Worker(script, { eval: true });
          let result: ScoreWorkerResult | undefined;
          worker.once('message', (r: ScoreWorkerResult) => {
            result = r;
            void worker.terminate();
          });
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (result !== undefined) resolve(result);
            else reject(new Error(`scoreAllParallel: worker for customers ${from}..${to} exited with code ${code} before answering`));
          });
          const task: ScoreWorkerTask = { model: kernel, from, to, out, eligibleWords, prune: options.prune ?? true, maxPerCategory };
          worker.postMessage(task);
        }),
    ),
  );
  return out;
}
