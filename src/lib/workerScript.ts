import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Where a worker thread's script lives: the built file (`dist/<built>` beside the bundled
 * `dist/index.(c)js` or `dist/cli.(c)js`), or the `.ts` source beside the calling module under tsx /
 * vitest. A `.ts` worker is started through a small eval'd bootstrap (`script`) that loads it with
 * tsx's in-thread CommonJS API, because Node 20 does not pass `--import` loader hooks on to worker threads.
 *
 * @param here URL of the calling module (`import.meta.url`, or `__filename` in a CJS bundle).
 * @param built path of the built worker relative to `dist/`, e.g. `./score/worker.js`.
 * @param source file name of the source worker beside the calling module, e.g. `./worker.ts`.
 * @param caller named in the errors.
 * @throws Error when neither is found, or the source is found but tsx is not installed.
 * @example const { url, script } = resolveWorkerScript(import.meta.url, './run/shardWorker.js', './shardWorker.ts', 'runShards');
 * Cost: a few `existsSync` calls.
 */
export function resolveWorkerScript(here: string, built: string, source: string, caller: string): { url: URL; script: string | undefined } {
  const builtName = `./${built.split('/').pop()!}`;
  for (const candidate of [built, builtName, source]) {
    const url = new URL(candidate, here);
    if (!existsSync(fileURLToPath(url))) continue;
    if (!candidate.endsWith('.ts')) return { url, script: undefined };
    let api: string;
    try {
      api = createRequire(here).resolve('tsx/cjs/api');
    } catch {
      throw new Error(`${caller}: found the source worker ${fileURLToPath(url)} but not tsx to load it; install tsx or build with tsup`);
    }
    const script = `require(${JSON.stringify(api)}).require(${JSON.stringify(fileURLToPath(url))}, __filename);`;
    return { url, script };
  }
  throw new Error(`${caller}: worker script not found next to ${here}; build with tsup (dist/${built.slice(2)}) or run the sources under tsx`);
}
