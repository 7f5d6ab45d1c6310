import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TypedHeap } from '../../src/lib/typedHeap.js';

describe('TypedHeap', () => {
  it('pop() returns ids in (key descending, id ascending) order whatever the push order, growing past its first arrays', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 0, max: 500 })), { maxLength: 300 }), (pairs) => {
        const heap = new TypedHeap();
        for (const [key, id] of pairs) heap.push(key, id);
        const out: [number, number][] = [];
        while (heap.size > 0) {
          const id = heap.pop();
          out.push([heap.poppedKey, id]);
        }
        expect(out).toEqual(pairs.slice().sort((x, y) => y[0] - x[0] || x[1] - y[1]));
      }),
    );
  });

  it('push() after pop() keeps the order: the lazy re-push of k-anonymity, sizes negated for smallest first', () => {
    const heap = new TypedHeap();
    heap.push(-2, 5);
    heap.push(-1, 3);
    expect([heap.pop(), -heap.poppedKey]).toEqual([3, 1]);
    heap.push(-2, 1);
    heap.push(-0.5, 9);
    expect([heap.pop(), heap.pop(), heap.pop()]).toEqual([9, 1, 5]);
    expect(heap.size).toBe(0);
    expect(() => heap.pop()).toThrow(RangeError);
  });
});
