import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareCampaign } from '../../src/campaign.js';
import { sliceShard } from '../../src/shard/sliceShard.js';
import { partitionCustomers, shardSalt } from '../../src/shard/index.js';
import { reviveShardTask, shardTask } from '../../src/run/shardTask.js';
import { readShardTaskFile, writeShardTaskFile } from '../../src/run/shardTaskFile.js';
import { CampaignConfigSchema } from '../../src/schema/campaignConfig.js';
import { CONFIG, removeTempDirs, smallRetailer, tempDir } from '../campaign/fixtures.js';

afterAll(removeTempDirs);

/** Every typed array reachable from `root`. */
function typedArrays(root: unknown): ArrayBufferView[] {
  const found: ArrayBufferView[] = [];
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (ArrayBuffer.isView(v)) found.push(v);
    else if (v instanceof Map) stack.push(...v.values());
    else if (Array.isArray(v)) stack.push(...(v as unknown[]).filter((x) => typeof x === 'object'));
    else stack.push(...Object.values(v));
  }
  return found;
}

describe('shard task files', () => {
  it('read back equal to a structured clone of the task, shared columns still shared, every column a view into one buffer (fast-check over shards)', async () => {
    const data = await smallRetailer();
    const config = CampaignConfigSchema.parse(CONFIG);
    const prepared = prepareCampaign(config, data);
    const dir = await tempDir();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }).chain((count) => fc.tuple(fc.constant(count), fc.integer({ min: 0, max: count - 1 }))), async ([count, index]) => {
        const slice = sliceShard(data, prepared.profiles, prepared.model, partitionCustomers(data.customers.ids.ids, count, shardSalt(config)), index, 500);
        const task = shardTask(config, prepared.day, slice, { index, count }, data.offers, { outDir: '/out', prices: undefined });
        const file = join(dir, `shard-${index}-of-${count}.task`);
        writeShardTaskFile(file, task);
        const read = readShardTaskFile(file);
        expect(read).toEqual(reviveShardTask(structuredClone(task)));
        expect(read.input.model.profiles).toBe(read.input.profiles);
        expect(read.input.model.entryCategory).toBe(read.input.profiles.category);
        const views = typedArrays(read);
        expect(views.length).toBeGreaterThan(40);
        expect(new Set(views.map((v) => v.buffer)).size).toBe(1);
        // The writer does not change the task: it can still be posted or written again.
        expect(task).toEqual(reviveShardTask(structuredClone(read)));
      }),
      { numRuns: 4, seed: 5 },
    );
  }, 60_000);

  it('refuses a file that is not a shard task file, or is cut short', async () => {
    const dir = await tempDir();
    const other = join(dir, 'other.task');
    await writeFile(other, Buffer.alloc(64, 7));
    expect(() => readShardTaskFile(other)).toThrow(/not a shard task file/);
    const data = await smallRetailer();
    const config = CampaignConfigSchema.parse(CONFIG);
    const prepared = prepareCampaign(config, data);
    const slice = sliceShard(data, prepared.profiles, prepared.model, partitionCustomers(data.customers.ids.ids, 2, shardSalt(config)), 0, undefined);
    const file = join(dir, 'cut.task');
    writeShardTaskFile(file, shardTask(config, prepared.day, slice, { index: 0, count: 2 }, data.offers, {}));
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 100));
    expect(() => readShardTaskFile(file)).toThrow(/cut short/);
  });
});
