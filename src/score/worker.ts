/**
 * Worker entry of `scoreAllParallel`: rebuilds the kernel model from shared typed arrays and scores
 * each customer range it is sent straight into the shared output; pooled, it serves many tasks. Loaded from `dist/score/worker.js` when built,
 * or as this `.ts` file under tsx in development.
 */
import { parentPort } from 'node:worker_threads';
import type { Candidates } from './candidates.js';
import type { KernelModel } from './kernelModel.js';
import { createScoreScratch, scoreInto } from './scoreInto.js';

/** What `scoreAllParallel` posts to a worker. */
export interface ScoreWorkerTask {
  model: KernelModel;
  from: number;
  to: number;
  out: Candidates;
  eligibleWords?: Uint32Array;
  prune: boolean;
  maxPerCategory: number;
  /** `ScoreIntoOptions.simd` (undefined: auto-detect in this thread). */
  simd?: boolean;
}

/** What a worker posts back. */
export interface ScoreWorkerResult {
  written: number;
  evaluated: number;
  /** Set when the task threw (the worker stays usable). */
  error?: string;
}

if (parentPort !== null) {
  const port = parentPort;
  port.on('message', (task: ScoreWorkerTask) => {
    let result: ScoreWorkerResult;
    try {
      const scratch = createScoreScratch(task.model, task.out.k);
      const written = scoreInto(task.model, task.from, task.to, task.out, scratch, {
        eligible: task.eligibleWords === undefined ? undefined : { words: task.eligibleWords },
        prune: task.prune,
        maxPerCategory: task.maxPerCategory,
        simd: task.simd,
      });
      result = { written, evaluated: scratch.evaluated };
    } catch (error) {
      result = { written: 0, evaluated: 0, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(result);
  });
}
