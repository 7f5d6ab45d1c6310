import { MessageChannel } from 'node:worker_threads';

/**
 * Every `ArrayBuffer` (not `SharedArrayBuffer`) under `roots`: of typed arrays in objects, arrays and
 * map values.
 * @example arrayBuffersOf([data, prepared]).size;
 * Cost: O(objects and array elements reachable from `roots`).
 */
export function arrayBuffersOf(roots: readonly unknown[]): Set<ArrayBuffer> {
  const found = new Set<ArrayBuffer>();
  const visited = new Set<object>();
  const stack: unknown[] = [...roots];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || visited.has(value)) continue;
    visited.add(value);
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
    } else if (value instanceof ArrayBuffer) {
      found.add(value);
    } else if (value instanceof Map) {
      for (const v of value.values()) stack.push(v);
    } else if (Array.isArray(value)) {
      // Id lists hold millions of strings: push only what can hold a buffer.
      for (const v of value as unknown[]) if (v !== null && typeof v === 'object') stack.push(v);
    } else if (!(value instanceof Set)) {
      // Strings in sets and map keys hold no buffers; objects may.
      for (const v of Object.values(value)) stack.push(v);
    }
  }
  return found;
}

/**
 * The buffers of `message` that are not in `kept` (`arrayBuffersOf` of what this thread goes on using): what a `postMessage` can move to the other
 * thread instead of copying. A shard's slice is freshly built, so its per-customer columns move and
 * only what it shares with the whole data set (catalog, offers, population-level model arrays) is
 * copied. Moving saves the serialised copy, which for a shard of 750,000 customers is most of a GB
 * held twice while the thread starts.
 * @example worker.postMessage(task, transferList(task, arrayBuffersOf([data, prepared])));
 * Cost: O(objects and arrays reachable from `message`) (not the elements of typed arrays).
 */
export function transferList(message: unknown, kept: ReadonlySet<ArrayBuffer>): ArrayBuffer[] {
  return [...arrayBuffersOf([message])].filter((buffer) => !kept.has(buffer));
}

/**
 * Frees the memory of `buffers` at once, instead of at this thread's next full garbage collection,
 * which an idle thread waiting on workers may not run for minutes: the buffers are moved into a
 * message that is never read, and closing its channel drops it. They are detached afterwards.
 * @example releaseBuffers(transferList(prepared, arrayBuffersOf([data])));
 * Cost: O(buffers); the memory goes back within one turn of the event loop.
 */
export function releaseBuffers(buffers: readonly ArrayBuffer[]): void {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(null, buffers);
  port1.close();
  port2.close();
}
