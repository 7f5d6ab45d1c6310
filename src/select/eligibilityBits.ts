/** A caller-supplied per-customer offer bitset: bit `o` of customer `c`'s words set = eligible. */
export interface EligibilityBits {
  readonly words: Uint32Array;
  readonly wordsPerCustomer: number;
}

/** Whether bit `o` is set for customer `c`; `true` when no bitset is given. O(1). */
export function isEligible(bits: EligibilityBits | undefined, c: number, o: number): boolean {
  if (bits === undefined) return true;
  return ((bits.words[c * bits.wordsPerCustomer + (o >>> 5)]! >>> (o & 31)) & 1) === 1;
}
