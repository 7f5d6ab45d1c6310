/**
 * Worker entry of `transactions({ thread: true })`: draws households' purchase histories and writes
 * their lines into the shared {@link LineRing}, waiting while the ring is full. Loaded from
 * `dist/synth/transactionWorker.js` when built, or as this `.ts` file under tsx in development.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { BLOCK, CANCEL, END, FAILED, READ, SLOTS, WRITTEN, type LineRing } from './lineRing.js';
import { PurchaseHistory, type PurchaseWorld } from './purchaseHistory.js';

/** What the worker is started with. */
export interface TransactionWorkerData {
  readonly world: PurchaseWorld;
  readonly ring: LineRing;
  /** Households `from .. to - 1`, in order. */
  readonly from: number;
  readonly to: number;
  /** Where a failure's stack is posted before the ring is marked {@link FAILED}. */
  readonly errors: MessagePort;
}

/** Waits until block `written` has a free slot; false when the consumer cancelled. */
function waitForSlot(ring: LineRing, written: number): boolean {
  for (;;) {
    if (Atomics.load(ring.ctrl, CANCEL) !== 0) return false;
    const read = Atomics.load(ring.ctrl, READ);
    if (written - read < SLOTS) return true;
    Atomics.wait(ring.ctrl, READ, read);
  }
}

function publish(ring: LineRing, written: number, count: number): void {
  ring.count[written % SLOTS] = count;
  Atomics.store(ring.ctrl, WRITTEN, written + 1);
  Atomics.notify(ring.ctrl, WRITTEN);
}

function produce(data: TransactionWorkerData): void {
  const { world, ring, from, to } = data;
  const history = new PurchaseHistory(world);
  let written = 0;
  let n = 0;
  if (!waitForSlot(ring, written)) return;
  let base = 0;
  for (let i = from; i < to; i++) {
    history.run(i);
    for (let k = 0; k < history.lines; k++) {
      if (n === BLOCK) {
        publish(ring, written++, n);
        n = 0;
        if (!waitForSlot(ring, written)) return;
        base = (written % SLOTS) * BLOCK;
      }
      const at = base + n++;
      ring.customer[at] = i;
      ring.day[at] = history.visitDay[history.lineVisit[k]!]!;
      ring.product[at] = history.lineProduct[k]!;
      ring.quantity[at] = history.lineQuantity[k]!;
      ring.spend[at] = history.lineSpend[k]!;
      ring.discount[at] = history.lineDiscount[k]!;
    }
  }
  if (n > 0) {
    publish(ring, written++, n);
    if (!waitForSlot(ring, written)) return;
  }
  publish(ring, written, END);
}

const data = workerData as TransactionWorkerData | null;
if (data !== null && data !== undefined && 'ring' in data) {
  try {
    produce(data);
  } catch (error) {
    data.errors.postMessage(error instanceof Error ? (error.stack ?? error.message) : String(error));
    // The slot may still be full; the consumer reads the error as soon as it reaches this block.
    const written = Atomics.load(data.ring.ctrl, WRITTEN);
    if (waitForSlot(data.ring, written)) publish(data.ring, written, FAILED);
  } finally {
    data.errors.close();
  }
}
