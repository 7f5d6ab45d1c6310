import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { resolveWorkerScript } from '../lib/workerScript.js';
import { BLOCK, CANCEL, createLineRing, END, FAILED, READ, SLOTS, WRITTEN, type LineRing } from './lineRing.js';
import type { PurchaseWorld } from './purchaseHistory.js';
import type { TransactionWorkerData } from './transactionWorker.js';

/** How long the reader waits for the generator thread's next block before giving up. */
const STALL_MS = 120_000;

/** One block of lines in the ring, valid until the iterator moves on. */
export interface LineBlock {
  readonly ring: LineRing;
  /** First line of the block in the ring's columns, and its number of lines. */
  readonly start: number;
  readonly length: number;
}

/**
 * Draws households `from .. to - 1`'s purchase lines on a worker thread and hands them out block by
 * block, in the order the in-thread generator draws them; the reading thread blocks (`Atomics.wait`)
 * only when the generator is behind. Stopping early cancels the thread.
 *
 * @throws Error with the worker's stack when the generator fails, or when it gives no block for two minutes.
 * Cost: the generator's work moves to the thread; this thread copies nothing.
 */
export function* threadedLineBlocks(world: PurchaseWorld, from: number, to: number): Generator<LineBlock, void, undefined> {
  // CJS bundles have __filename but no import.meta.url; ESM has the reverse (vitest offers both).
  const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
  const { url, script } = resolveWorkerScript(here, './synth/transactionWorker.js', './transactionWorker.ts', 'transactions({ thread: true })');
  const ring = createLineRing();
  const channel = new MessageChannel();
  const workerData: TransactionWorkerData = { world, ring, from, to, errors: channel.port2 };
  const options = { workerData, transferList: [channel.port2] };
  const worker = script === undefined ? new Worker(url, options) : new Worker(script, { ...options, eval: true });
  // The thread must not keep the process alive once the reader is gone.
  worker.unref();
  let read = 0;
  try {
    for (;;) {
      while (Atomics.load(ring.ctrl, WRITTEN) === read) {
        if (Atomics.wait(ring.ctrl, WRITTEN, read, STALL_MS) === 'timed-out') {
          throw new Error(`transactions({ thread: true }): the generator thread gave no lines for ${STALL_MS / 1000} s`);
        }
      }
      const slot = read % SLOTS;
      const count = ring.count[slot]!;
      if (count === END) return;
      if (count === FAILED) {
        const message = receiveMessageOnPort(channel.port1);
        throw new Error(`transactions({ thread: true }): the generator thread failed: ${message === undefined ? 'no error was posted' : String(message.message)}`);
      }
      yield { ring, start: slot * BLOCK, length: count };
      read++;
      Atomics.store(ring.ctrl, READ, read);
      Atomics.notify(ring.ctrl, READ);
    }
  } finally {
    Atomics.store(ring.ctrl, CANCEL, 1);
    Atomics.notify(ring.ctrl, READ);
    channel.port1.close();
    void worker.terminate();
  }
}
