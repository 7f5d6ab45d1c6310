import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { enqueueCampaign } from '../bullmq/enqueueCampaign.js';
import { redisConnection } from '../bullmq/redisConnection.js';
import { CampaignFailedError, waitForCampaign, type CampaignEvent } from '../bullmq/waitForCampaign.js';
import type { DataFiles } from '../ingest/ingestFiles.js';
import { CampaignConfigSchema } from '../schema/campaignConfig.js';
import { DATA_FILE_OPTIONS, dataFilesOf, fmt, version } from './shared.js';

/** `offerkit enqueue`: puts a sharded campaign on a BullMQ queue; with --wait, follows it until the merge is written. */
export async function enqueue(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...DATA_FILE_OPTIONS,
      redis: { type: 'string' },
      queue: { type: 'string' },
      campaign: { type: 'string' },
      shards: { type: 'string' },
      wait: { type: 'boolean', default: false },
      'pricing-sample': { type: 'string' },
      'no-pricing': { type: 'boolean', default: false },
    },
  });
  const missing = (['redis', 'products', 'customers', 'transactions', 'offers', 'shards', 'out'] as const).filter((k) => values[k] === undefined);
  if (missing.length > 0) {
    console.error(`offerkit enqueue: missing ${missing.map((m) => `--${m}`).join(', ')}; paths must be on a file system every worker sees`);
    return 2;
  }
  const shards = Number(values.shards);
  if (!Number.isInteger(shards) || shards < 1) {
    console.error(`offerkit enqueue: --shards must be an integer >= 1, got "${values.shards}"`);
    return 2;
  }
  const inputs: DataFiles = dataFilesOf(values);
  const config = CampaignConfigSchema.safeParse(values.config === undefined ? {} : JSON.parse(await readFile(values.config, 'utf8')));
  if (!config.success) {
    for (const issue of config.error.issues) console.error(`${values.config} field "${issue.path.join('.')}": ${issue.message}`);
    return 1;
  }
  const sampleSize = values['pricing-sample'] === undefined ? undefined : Number(values['pricing-sample']);
  if (sampleSize !== undefined && !(Number.isInteger(sampleSize) && sampleSize >= 1)) {
    console.error(`offerkit enqueue: --pricing-sample must be a positive integer, got "${values['pricing-sample']}"`);
    return 2;
  }
  const redis = redisConnection(values.redis!);
  try {
    const flow = await enqueueCampaign(redis, {
      inputs,
      config: config.data,
      shards,
      outDir: values.out!,
      libraryVersion: version(),
      strict: values.strict,
      ignoreUnknownColumns: values['ignore-unknown-columns'],
      ...(values.queue === undefined ? {} : { queueName: values.queue }),
      ...(values.campaign === undefined ? {} : { campaignId: values.campaign }),
      ...(values['no-pricing'] ? { pricing: false as const } : sampleSize === undefined ? {} : { pricing: { sampleSize } }),
    });
    const first = flow.priceJobId === undefined ? '' : `pricing job ${flow.priceJobId} (adds the shard jobs when the prices are written), `;
    console.log(`enqueued         campaign ${flow.campaignId}: ${first}${shards} shard job(s) and merge job ${flow.mergeJobId} on queue "${flow.queueName}"`);
    if (!values.wait) {
      console.log(`next             run \`offerkit worker --redis URL\` on each machine; the merge lands in ${flow.outDir}/mailing`);
      return 0;
    }
    const finished = new Set<number>();
    const line = (index: number, text: string): void => console.log(`shard ${`${index + 1}/${shards}`.padEnd(10)} ${text.padEnd(40)} [${finished.size}/${shards} done]`);
    const onEvent = (e: CampaignEvent): void => {
      if (e.jobId === flow.priceJobId) {
        if (e.type === 'priced') console.log(`prices           ${e.result.status === 'read' ? 'read from' : 'first pass on'} ${fmt(e.result.sampleCustomers)} sampled customers by ${e.result.worker}; ${e.result.shardJobs} shard jobs added`);
        else if (e.type === 'stalled') console.log('prices           stalled (worker lost): requeued');
        else if (e.type === 'failed') console.log(`prices           failed: ${e.reason.split('\n')[0]}`);
        return;
      }
      const index = flow.shardJobIds.indexOf(e.jobId);
      if (e.type === 'progress') line(index, `${e.progress.stage} (${e.progress.done}/${e.progress.total}) on ${e.progress.worker}`);
      else if (e.type === 'completed') {
        finished.add(index);
        line(index, e.result.status === 'skipped' ? 'finished earlier: skipped' : `done on ${e.result.worker}`);
      } else if (e.type === 'stalled') line(index, 'stalled (worker lost): requeued');
      else if (e.type === 'failed') line(index, `failed: ${e.reason.split('\n')[0]}`);
    };
    const merged = await waitForCampaign(redis, flow, { onEvent });
    console.log(`merged           ${fmt(merged.customers)} customers, ${fmt(merged.customersMailed)} mailed, ${fmt(merged.variants)} variants -> ${merged.dir}`);
    return 0;
  } catch (error) {
    if (error instanceof CampaignFailedError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await redis.quit();
  }
}
