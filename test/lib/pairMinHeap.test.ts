import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairMinHeap } from '../../src/lib/pairMinHeap.js';

describe('PairMinHeap', () => {
  it('pop() returns pairs in (key, id) order whatever the push order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 50 }))), (pairs) => {
        const heap = new PairMinHeap();
        for (const [key, id] of pairs) heap.push(key, id);
        const out: [number, number][] = [];
        while (heap.size > 0) out.push(heap.pop());
        const expected = pairs.slice().sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        expect(out).toEqual(expected);
      }),
    );
  });

  it('push() after pop() keeps the order (the lazy re-push of k-anonymity)', () => {
    const heap = new PairMinHeap();
    heap.push(2, 5);
    heap.push(1, 3);
    expect(heap.pop()).toEqual([1, 3]);
    heap.push(2, 1);
    heap.push(0, 9);
    expect([heap.pop(), heap.pop(), heap.pop()]).toEqual([[0, 9], [2, 1], [2, 5]]);
    expect(heap.size).toBe(0);
  });
});
