/** Entries grouped by offer, as CSR: offer o's entries are `entries[rowPtr[o]..rowPtr[o + 1])`. */
export interface OfferEntries {
  readonly rowPtr: Int32Array;
  readonly entries: Int32Array;
  /** Entries of the largest group: the size of per-offer scratch. */
  readonly most: number;
}

/**
 * The entries `e` with `entryMask[e] !== 0` whose offer `o = offer[e]` is real (`o >= 0`) and has
 * `offerMask[o] !== 0`, grouped by offer as CSR by a counting sort (one pass to count, one to place),
 * each group in entry order. The one offer-to-entries index of the solver: the repair, the minimum
 * volumes, the clearing bids and the exchange's drop lists all read their candidates through it.
 * Masks instead of a predicate callback keep both passes free of calls.
 *
 * Cost: O(entries + offers) time; O(offers + selected entries) memory.
 *
 * @example
 * const { rowPtr, entries } = entriesByOffer(problem.offer, problem.offerCount, chosen, isOver);
 * for (let i = rowPtr[o]; i < rowPtr[o + 1]; i++) release(entries[i]);
 */
export function entriesByOffer(offer: Int32Array, offerCount: number, entryMask: Uint8Array, offerMask: Uint8Array): OfferEntries {
  const m = offerCount;
  const size = offer.length;
  const rowPtr = new Int32Array(m + 1);
  for (let e = 0; e < size; e++) {
    if (entryMask[e] === 0) continue;
    const o = offer[e]!;
    if (o >= 0 && offerMask[o] !== 0) rowPtr[o + 1]!++;
  }
  let most = 0;
  for (let o = 0; o < m; o++) {
    if (rowPtr[o + 1]! > most) most = rowPtr[o + 1]!;
    rowPtr[o + 1]! += rowPtr[o]!;
  }
  const next = rowPtr.slice(0, m);
  const entries = new Int32Array(rowPtr[m]!);
  for (let e = 0; e < size; e++) {
    if (entryMask[e] === 0) continue;
    const o = offer[e]!;
    if (o >= 0 && offerMask[o] !== 0) entries[next[o]!++] = e;
  }
  return { rowPtr, entries, most };
}
