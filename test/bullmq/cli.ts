// Runs `offerkit worker` / `offerkit enqueue` as its own process for the integration test
// (spawned with `node --import tsx`, so a SIGKILL ends the worker itself, not a wrapper).
import { enqueue } from '../../src/cli/enqueue.js';
import { worker } from '../../src/cli/worker.js';

const [command, ...rest] = process.argv.slice(2);
process.exitCode = await (command === 'worker' ? worker : enqueue)(rest);
