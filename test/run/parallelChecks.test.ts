import { afterAll, describe, expect, it, vi } from 'vitest';
import { runShards } from '../../src/run/runShards.js';
import { CONFIG, removeTempDirs, smallRetailer, tempDir } from '../campaign/fixtures.js';

// Every check of a shard is logged next to the shard events, to see when the checks happen.
const log: string[] = [];
vi.mock('../../src/run/checkShard.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/run/checkShard.js')>();
  return {
    ...original,
    checkShard: (dir: string, expected: Parameters<typeof original.checkShard>[1]) => {
      // runShards' own resume check passes the config checksum; the post-run check passes index and count only.
      if (expected.configSha256 === undefined) log.push(`check ${expected.index}`);
      return original.checkShard(dir, expected);
    },
  };
});

afterAll(removeTempDirs);

describe('runShards({ parallel }) checks each shard while the others run', () => {
  it('checks a finished shard before the last shard is done, and the merge checks none again', async () => {
    const data = await smallRetailer();
    const out = await tempDir();
    await runShards(CONFIG, data, out, 3, { pricing: false, parallel: 2, onShard: (e) => void (e.status === 'done' && log.push(`done ${e.index}`)) });
    const checks = log.filter((l) => l.startsWith('check'));
    // One check per shard in all: the merge used the checks made during the run.
    expect(checks.sort()).toEqual(['check 0', 'check 1', 'check 2']);
    const lastDone = log.lastIndexOf(log.filter((l) => l.startsWith('done')).at(-1)!);
    expect(log.findIndex((l) => l.startsWith('check'))).toBeLessThan(lastDone);
  }, 60_000);
});
