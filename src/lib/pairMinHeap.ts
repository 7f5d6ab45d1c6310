/**
 * Binary min-heap of `(key, id)` integer pairs, ordered by key then id: the root is the pair with the
 * smallest key, the smallest id among equal keys. Pairs live flat in one array (`[key0, id0, key1,
 * id1, …]`) so a push allocates no object. Explicit loops, no recursion.
 *
 * Because the order is total on distinct pairs, the pop sequence is the sorted order of the pushed
 * pairs whatever the push order: callers relying on it (k-anonymity's smallest-first merging) stay
 * reproducible.
 *
 * @example
 * const heap = new PairMinHeap();
 * heap.push(3, 7);
 * heap.push(1, 9);
 * heap.pop(); // [1, 9]
 *
 * Cost: push and pop O(log n); `size` O(1).
 */
export class PairMinHeap {
  private readonly a: number[] = [];

  /** Number of pairs in the heap. */
  get size(): number {
    return this.a.length / 2;
  }

  private less(i: number, j: number): boolean {
    const a = this.a;
    return a[2 * i]! < a[2 * j]! || (a[2 * i] === a[2 * j] && a[2 * i + 1]! < a[2 * j + 1]!);
  }

  private swap(i: number, j: number): void {
    const a = this.a;
    [a[2 * i], a[2 * j]] = [a[2 * j]!, a[2 * i]!];
    [a[2 * i + 1], a[2 * j + 1]] = [a[2 * j + 1]!, a[2 * i + 1]!];
  }

  /** Adds the pair `(key, id)`. O(log n). */
  push(key: number, id: number): void {
    this.a.push(key, id);
    for (let i = this.size - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Removes and returns the smallest pair as `[key, id]`; the heap must not be empty. O(log n). */
  pop(): [number, number] {
    const top: [number, number] = [this.a[0]!, this.a[1]!];
    const last = this.size - 1;
    this.swap(0, last);
    this.a.length -= 2;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.less(l, m)) m = l;
      if (r < this.size && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}
