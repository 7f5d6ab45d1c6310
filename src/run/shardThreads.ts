import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { resolveWorkerScript } from '../workerScript.js';
import type { RunSummary } from './runSummary.js';
import type { ShardWorkerResult } from './shardWorker.js';
import type { ShardTask } from './shardTask.js';

/** Worker threads that each run one shard at a time; see `runShards`' `parallel` option. */
export interface ShardThreads {
  /** Runs `task` on the given thread (0-based, below the thread count); resolves with its summary. */
  run(thread: number, task: ShardTask): Promise<RunSummary>;
  /** Stops every thread. */
  close(): Promise<void>;
}

/**
 * Starts `count` shard worker threads. A thread that fails or exits rejects its shard's promise
 * with the worker's error; threads live until `close()`.
 * @example const threads = startShardThreads(2); await threads.run(0, task); await threads.close();
 * Cost: one worker start-up per thread (module loading, about a second under tsx).
 */
export function startShardThreads(count: number): ShardThreads {
  // CJS bundles have __filename but no import.meta.url; ESM has the reverse (vitest offers both).
  const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
  const { url, script } = resolveWorkerScript(here, './run/shardWorker.js', './shardWorker.ts', 'runShards');
  const threads = Array.from({ length: count }, () => {
    const worker = script === undefined ? new Worker(url) : new Worker(script, { eval: true });
    const thread = { worker, settle: undefined as ((r: RunSummary | Error) => void) | undefined };
    const fail = (error: Error): void => {
      const settle = thread.settle;
      thread.settle = undefined;
      settle?.(error);
    };
    worker.on('message', (r: ShardWorkerResult) => {
      const settle = thread.settle;
      thread.settle = undefined;
      settle?.(r.error === undefined ? r.summary : new Error(`runShards: a shard worker failed: ${r.error}`));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`runShards: a shard worker exited with code ${code} before answering`)));
    return thread;
  });
  return {
    run(index, task) {
      const thread = threads[index];
      if (thread === undefined || thread.settle !== undefined) throw new RangeError(`runShards: shard thread ${index} is not idle`);
      return new Promise((resolve, reject) => {
        thread.settle = (r) => (r instanceof Error ? reject(r) : resolve(r));
        thread.worker.postMessage(task);
      });
    },
    async close() {
      await Promise.all(threads.map((t) => t.worker.terminate()));
    },
  };
}
