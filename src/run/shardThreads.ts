import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { resolveWorkerScript } from '../lib/workerScript.js';
import type { RunSummary } from './runSummary.js';
import type { CampaignStage } from '../campaign.js';
import type { ShardWorkerMessage, ShardWorkerProgress, ShardWorkerResult } from './shardWorker.js';

/**
 * Runs `task` (or the task in `{ taskFile }`, see `writeShardTaskFile`) on a new worker thread and
 * resolves with its summary; the thread exits afterwards, so all of a shard's memory goes back at once
 * before the next shard starts (a reused thread keeps its grown heap). A thread that fails or exits
 * early rejects with the worker's error. The buffers in `transfer` move to the thread (see
 * `transferList`) and are detached here once posted. `onStage` is called here as each of the
 * thread's stages starts (`done` counts the stages this thread did before, as `onProgress` does).
 * @example const summary = await runShardOnThread(task, transferList(task, arrayBuffersOf([data, prepared])));
 * Cost: one worker start-up (module loading: well under a second when built, about a second under tsx).
 */
export function runShardOnThread(
  task: ShardWorkerMessage,
  transfer: readonly ArrayBuffer[] = [],
  onStage?: (stage: CampaignStage, done: number, total: number) => void,
): Promise<RunSummary> {
  // CJS bundles have __filename but no import.meta.url; ESM has the reverse (vitest offers both).
  const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
  const { url, script } = resolveWorkerScript(here, './run/shardWorker.js', './shardWorker.ts', 'runShards');
  const worker = script === undefined ? new Worker(url) : new Worker(script, { eval: true });
  return new Promise<RunSummary>((resolve, reject) => {
    let settled = false;
    const settle = (result: RunSummary | Error): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    worker.on('message', (r: ShardWorkerResult | ShardWorkerProgress) => {
      if ('progress' in r) {
        if (!settled) onStage?.(r.progress.stage, r.progress.done, r.progress.total);
        return;
      }
      settle(r.error === undefined ? r.summary : new Error(`runShards: a shard worker failed: ${r.error}`));
    });
    worker.on('error', settle);
    worker.on('exit', (code) => settle(new Error(`runShards: a shard worker exited with code ${code} before answering`)));
    worker.postMessage(task, transfer);
  });
}
