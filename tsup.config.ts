import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts', 'score/worker': 'src/score/worker.ts', 'run/shardWorker': 'src/run/shardWorker.ts', 'synth/transactionWorker': 'src/synth/transactionWorker.ts', bullmq: 'src/bullmq/index.ts', synth: 'src/synth/index.ts', completejourney: 'src/completejourney/index.ts', 'cli/bullmqCommands': 'src/cli/bullmqCommands.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts', bullmq: 'src/bullmq/index.ts', synth: 'src/synth/index.ts', completejourney: 'src/completejourney/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: false,
  // import.meta.url in the CJS bundle and __dirname in the ESM one: module-relative paths (vega, the score worker) work in both.
  shims: true,
});
