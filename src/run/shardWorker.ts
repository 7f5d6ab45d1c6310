/**
 * Worker entry of `runShards({ parallel })`: runs the stages after slicing (cells to files) on each
 * shard it is posted, scoring on its own thread, posts a progress message as each stage starts, and
 * posts back the run's summary. Loaded from
 * `dist/run/shardWorker.js` when built, or as this `.ts` file under tsx in development.
 */
import { parentPort } from 'node:worker_threads';
import { CAMPAIGN_STAGES, runCampaignStages, stageTimer, type CampaignStage } from '../campaign.js';
import { runSummary, type RunSummary } from './runSummary.js';
import { reviveShardTask, type ShardTask } from './shardTask.js';
import { readShardTaskFile } from './shardTaskFile.js';

/** What a shard worker is posted: the task itself, or the file `writeShardTaskFile` wrote it to. */
export type ShardWorkerMessage = ShardTask | { readonly taskFile: string };

/** What a shard worker posts back: the summary, or the error's stack when the shard failed. */
export type ShardWorkerResult = { readonly summary: RunSummary; readonly error?: undefined } | { readonly summary?: undefined; readonly error: string };

/** Posted by a shard worker as each stage starts, before its {@link ShardWorkerResult}. */
export interface ShardWorkerProgress {
  readonly progress: { readonly stage: CampaignStage; readonly done: number; readonly total: number };
}

/** Stages a shard thread does not run: this thread fitted the profiles and model and sliced the shard. */
const STAGES_BEFORE_THREAD = CAMPAIGN_STAGES.indexOf('cells');

if (parentPort !== null) {
  const port = parentPort;
  port.on('message', (message: ShardWorkerMessage) => {
    new Promise<ShardTask>((resolve) => resolve('taskFile' in message ? readShardTaskFile(message.taskFile) : reviveShardTask(message)))
      .then((task) => {
        const timer = stageTimer((stage, done, total) => port.postMessage({ progress: { stage, done, total } } satisfies ShardWorkerProgress), STAGES_BEFORE_THREAD);
        return runCampaignStages(task.config, task.input, { ...task.options, workers: 1 }, timer);
      })
      .then(
        (run) => port.postMessage({ summary: runSummary(run) } satisfies ShardWorkerResult),
        (error: unknown) => port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ShardWorkerResult),
      );
  });
}
