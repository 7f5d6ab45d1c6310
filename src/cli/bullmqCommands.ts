/** The commands that need the optional bullmq and ioredis peers, loaded by `src/cli.ts` only when asked for. */
export { enqueue } from './enqueue.js';
export { worker } from './worker.js';
