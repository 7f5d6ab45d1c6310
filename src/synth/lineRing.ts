/**
 * A ring of line blocks in shared memory between one producer thread (the transaction generator)
 * and one consumer (the thread reading records): fixed memory, no message per block, and the
 * consumer reads synchronously (`Atomics.wait`), so a plain iterator can hand out the lines.
 *
 * `ctrl[WRITTEN]` counts blocks published, `ctrl[READ]` blocks consumed, `ctrl[CANCEL]` is set when
 * the consumer stops early. Block `b` lives in slot `b % SLOTS`; its `count` is the number of lines,
 * or {@link END} / {@link FAILED}.
 */
export interface LineRing {
  readonly ctrl: Int32Array;
  readonly count: Int32Array;
  /** Household index of each line. */
  readonly customer: Int32Array;
  /** History day index of each line. */
  readonly day: Int32Array;
  /** Product index of each line. */
  readonly product: Int32Array;
  readonly quantity: Float64Array;
  readonly spend: Float64Array;
  readonly discount: Float64Array;
}

export const WRITTEN = 0;
export const READ = 1;
export const CANCEL = 2;
/** Slots in the ring and lines per block: about 2.6 MB of shared memory in all. */
export const SLOTS = 8;
export const BLOCK = 8192;
/** Block counts that end the stream: the generator finished, or failed (its error is posted). */
export const END = -1;
export const FAILED = -2;

/** A ring on fresh shared memory. */
export function createLineRing(): LineRing {
  const ints = (n: number) => new Int32Array(new SharedArrayBuffer(4 * n));
  const floats = (n: number) => new Float64Array(new SharedArrayBuffer(8 * n));
  const lines = SLOTS * BLOCK;
  return { ctrl: ints(3), count: ints(SLOTS), customer: ints(lines), day: ints(lines), product: ints(lines), quantity: floats(lines), spend: floats(lines), discount: floats(lines) };
}
