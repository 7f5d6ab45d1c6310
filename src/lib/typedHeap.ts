/**
 * The one typed heap: a binary heap over parallel typed arrays `(keys[i], idx[i])`, ordered by key
 * descending then idx ascending (a strict total order when idx values are distinct): the root is
 * the entry that sorts first. The functions work in place on caller-owned arrays (selection's
 * repair and sorts); {@link TypedHeap} wraps them with growable arrays and `push` (k-anonymity's
 * lazy smallest-first queue). Used instead of `Array.prototype.sort` with a closure, which allocates
 * boxed arrays and calls the comparator per comparison. No recursion.
 */

/** Whether position a sorts before position b (key descending, then idx ascending). */
function before(keys: Float64Array, idx: Int32Array, a: number, b: number): boolean {
  const ka = keys[a]!;
  const kb = keys[b]!;
  return ka > kb || (ka === kb && idx[a]! < idx[b]!);
}

function siftDown(keys: Float64Array, idx: Int32Array, i: number, size: number): void {
  const k0 = keys[i]!;
  const x0 = idx[i]!;
  for (;;) {
    let best = 2 * i + 1;
    if (best >= size) break;
    if (best + 1 < size && before(keys, idx, best + 1, best)) best++;
    const kb = keys[best]!;
    // stop once the moving entry sorts before (or equals) the better child
    if (k0 > kb || (k0 === kb && x0 < idx[best]!)) break;
    keys[i] = kb;
    idx[i] = idx[best]!;
    i = best;
  }
  keys[i] = k0;
  idx[i] = x0;
}

/**
 * Arranges positions `0..size-1` into a heap whose root sorts first. O(size).
 *
 * @example heapify(keys, idx, n); while (n > 0) { n = heapPop(keys, idx, n); use(idx[n]); }
 */
export function heapify(keys: Float64Array, idx: Int32Array, size: number): void {
  for (let i = (size >>> 1) - 1; i >= 0; i--) siftDown(keys, idx, i, size);
}

/**
 * Removes the root: it moves to position `size - 1`, which is returned as the new heap size.
 * O(log size).
 *
 * @example n = heapPop(keys, idx, n); const first = idx[n];
 */
export function heapPop(keys: Float64Array, idx: Int32Array, size: number): number {
  const last = size - 1;
  const k = keys[0]!;
  const x = idx[0]!;
  keys[0] = keys[last]!;
  idx[0] = idx[last]!;
  keys[last] = k;
  idx[last] = x;
  if (last > 1) siftDown(keys, idx, 0, last);
  return last;
}

/**
 * Sorts positions `0..size-1` of the parallel arrays by key descending, then idx ascending: the
 * same order as `list.sort((a, b) => key[b] - key[a] || a - b)` on distinct indices. O(size log size).
 *
 * @example sortByKeyDesc(keys, idx, n); // idx[0] has the largest key
 */
export function sortByKeyDesc(keys: Float64Array, idx: Int32Array, size: number): void {
  heapify(keys, idx, size);
  for (let n = size; n > 1; ) n = heapPop(keys, idx, n);
  // heapPop leaves the popped (first) entries at the end: reverse into first-to-last order
  for (let i = 0, j = size - 1; i < j; i++, j--) {
    const k = keys[i]!;
    keys[i] = keys[j]!;
    keys[j] = k;
    const x = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = x;
  }
}

function siftUp(keys: Float64Array, idx: Int32Array, i: number): void {
  const k0 = keys[i]!;
  const x0 = idx[i]!;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const kp = keys[parent]!;
    // stop once the parent sorts before the moving entry
    if (kp > k0 || (kp === k0 && idx[parent]! < x0)) break;
    keys[i] = kp;
    idx[i] = idx[parent]!;
    i = parent;
  }
  keys[i] = k0;
  idx[i] = x0;
}

/**
 * A growable heap of `(key, id)` pairs in the order of this module (key descending, then id
 * ascending): `pop` returns the id that sorts first and leaves its key in `poppedKey`. For a
 * smallest-first queue push the negated key.
 *
 * @example
 * const heap = new TypedHeap(); heap.push(-size, id); const first = heap.pop(); const size0 = -heap.poppedKey;
 * Cost: O(log n) a push or pop; the arrays double when full.
 */
export class TypedHeap {
  private keys = new Float64Array(64);
  private idx = new Int32Array(64);
  private n = 0;
  /** Key of the pair the last `pop` returned. */
  poppedKey = Number.NaN;

  /** Pairs in the heap. */
  get size(): number {
    return this.n;
  }

  push(key: number, id: number): void {
    if (this.n === this.keys.length) {
      const keys = new Float64Array(this.n * 2);
      keys.set(this.keys);
      const idx = new Int32Array(this.n * 2);
      idx.set(this.idx);
      this.keys = keys;
      this.idx = idx;
    }
    this.keys[this.n] = key;
    this.idx[this.n] = id;
    siftUp(this.keys, this.idx, this.n++);
  }

  /** Removes the pair that sorts first and returns its id; the heap must not be empty. */
  pop(): number {
    if (this.n === 0) throw new RangeError('TypedHeap.pop: the heap is empty');
    this.n = heapPop(this.keys, this.idx, this.n);
    this.poppedKey = this.keys[this.n]!;
    return this.idx[this.n]!;
  }
}
