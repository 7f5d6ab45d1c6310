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
