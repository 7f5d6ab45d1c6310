/**
 * Which offers each customer may receive, as one bitset per customer: customer `c`, offer `o` is
 * eligible when bit `o & 31` of `words[c * ceil(offers / 32) + (o >>> 5)]` is set. Precomputed by the
 * select stage so the kernel reads bits instead of calling a closure per customer.
 */
export interface EligibilityMask {
  readonly words: Uint32Array;
}

/**
 * Allocates a mask for `customers x offers` with every offer eligible (all bits of real offers set).
 * @example const mask = createEligibilityMask(1000, 2000); mask.words[0] &= ~1; // customer 0 loses offer 0
 * Cost: O(customers · offers / 32).
 */
export function createEligibilityMask(customerCount: number, offerCount: number): EligibilityMask {
  if (!Number.isInteger(customerCount) || customerCount < 0) throw new RangeError(`createEligibilityMask: customerCount must be an integer >= 0, got ${customerCount}`);
  if (!Number.isInteger(offerCount) || offerCount < 0) throw new RangeError(`createEligibilityMask: offerCount must be an integer >= 0, got ${offerCount}`);
  const w = Math.ceil(offerCount / 32);
  const words = new Uint32Array(customerCount * w);
  for (let c = 0; c < customerCount; c++) {
    for (let i = 0; i < w; i++) {
      const bits = Math.min(32, offerCount - i * 32);
      words[c * w + i] = bits === 32 ? 0xffffffff : (1 << bits) - 1;
    }
  }
  return { words };
}
