import { parseArgs } from 'node:util';
import { redisConnection } from '../bullmq/redisConnection.js';
import { startWorker } from '../bullmq/startWorker.js';
import type { ShardJobResult } from '../bullmq/campaignJobs.js';

/** `offerkit worker`: processes campaign shard and merge jobs from a BullMQ queue until SIGINT/SIGTERM. */
export async function worker(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      redis: { type: 'string' },
      queue: { type: 'string' },
      concurrency: { type: 'string' },
      workers: { type: 'string' },
      name: { type: 'string' },
      'lock-duration': { type: 'string' },
      'stalled-interval': { type: 'string' },
    },
  });
  if (values.redis === undefined) {
    console.error('offerkit worker: --redis URL is required (e.g. --redis redis://127.0.0.1:6379)');
    return 2;
  }
  const int = (flag: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`offerkit worker: --${flag} must be an integer >= 1, got "${value}"`);
    return n;
  };
  let options;
  try {
    options = {
      ...(values.queue === undefined ? {} : { queueName: values.queue }),
      ...(values.name === undefined ? {} : { name: values.name }),
      concurrency: int('concurrency', values.concurrency) ?? 1,
      scoringThreads: int('workers', values.workers) ?? 1,
      ...(values['lock-duration'] === undefined ? {} : { lockDuration: int('lock-duration', values['lock-duration']) }),
      ...(values['stalled-interval'] === undefined ? {} : { stalledInterval: int('stalled-interval', values['stalled-interval']) }),
    };
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const redis = redisConnection(values.redis);
  const w = startWorker(redis, options);
  w.on('active', (job) => console.log(`active    ${job.id}`));
  w.on('completed', (job, result) => console.log(`completed ${job.id}${(result as Partial<ShardJobResult>).status === 'skipped' ? ' (finished earlier: skipped)' : ''}`));
  w.on('failed', (job, error) => console.error(`failed    ${job?.id ?? '?'} (attempt ${job?.attemptsMade ?? '?'}): ${error.message}`));
  w.on('error', (error) => console.error(`worker error: ${error.message}`));
  await w.waitUntilReady();
  console.log(`worker    ${w.opts.name} listening on queue "${options.queueName ?? 'offerkit'}"`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('worker    stopping: finishing active jobs');
  await w.close();
  await redis.quit();
  return 0;
}
