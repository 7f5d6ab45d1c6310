import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../lib/processAlive.js';

const PREFIX = '.shard-tasks-';

/**
 * A new folder for a run's shard task files in `outDir` (created if needed), named after this host and
 * process. Folders that killed runs of this host left behind (their process is gone) are removed
 * first: they can hold gigabytes, and nothing else would delete them. Folders of other hosts sharing
 * `outDir`, or of live processes, are left alone.
 * @example const dir = await taskFolder('out'); // out/.shard-tasks-<host>-<pid>-XXXXXX
 * Cost: one listing of `outDir`.
 */
export async function taskFolder(outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  // Host names may hold '-': the pid is the last dash-separated part before mkdtemp's suffix.
  const mine = `${PREFIX}${hostname()}-`;
  for (const name of await readdir(outDir)) {
    if (!name.startsWith(mine)) continue;
    const pid = Number(name.slice(mine.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid)) await rm(join(outDir, name), { recursive: true, force: true });
  }
  return mkdtemp(join(outDir, `${mine}${process.pid}-`));
}
