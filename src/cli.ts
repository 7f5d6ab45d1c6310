#!/usr/bin/env node
import { audit } from './cli/audit.js';
import { backtestCommand } from './cli/backtest.js';
import { demo } from './cli/demo.js';
import { generate } from './cli/generate.js';
import { merge } from './cli/merge.js';
import { run } from './cli/run.js';
import { USAGE } from './cli/usage.js';

// bullmq and ioredis are optional peers: their commands come from a bundle entry of their own, loaded
// through a non-literal specifier the bundler leaves alone, so no other command ever needs them.
const BULLMQ_COMMANDS = './cli/bullmqCommands.js';
const bullmqCommand =
  (name: 'worker' | 'enqueue') =>
  async (argv: string[]): Promise<number> => {
    const commands = (await import(BULLMQ_COMMANDS)) as typeof import('./cli/bullmqCommands.js');
    return commands[name](argv);
  };

/** Subcommands: each takes the arguments after its name and resolves to the exit code. */
const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  demo,
  generate,
  run,
  merge,
  audit,
  backtest: backtestCommand,
  worker: bullmqCommand('worker'),
  enqueue: bullmqCommand('enqueue'),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  const handler = COMMANDS[command];
  if (handler === undefined) {
    console.error(`offerkit: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  return handler(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
