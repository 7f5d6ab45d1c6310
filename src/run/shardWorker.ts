/**
 * Worker entry of `runShards({ parallel })`: runs the stages after slicing (cells to files) on each
 * shard it is posted, scoring on its own thread, and posts back the run's summary. Loaded from
 * `dist/run/shardWorker.js` when built, or as this `.ts` file under tsx in development.
 */
import { parentPort } from 'node:worker_threads';
import { runCampaignStages, stageTimer } from '../campaign.js';
import { runSummary, type RunSummary } from './runSummary.js';
import { reviveShardTask, type ShardTask } from './shardTask.js';

/** What a shard worker posts back: the summary, or the error's stack when the shard failed. */
export type ShardWorkerResult = { readonly summary: RunSummary; readonly error?: undefined } | { readonly summary?: undefined; readonly error: string };

if (parentPort !== null) {
  const port = parentPort;
  port.on('message', (message: ShardTask) => {
    const task = reviveShardTask(message);
    runCampaignStages(task.config, task.input, { ...task.options, workers: 1 }, stageTimer(undefined)).then(
      (run) => port.postMessage({ summary: runSummary(run) } satisfies ShardWorkerResult),
      (error: unknown) => port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ShardWorkerResult),
    );
  });
}
