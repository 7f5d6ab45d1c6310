import { TypedHeap } from '../../lib/typedHeap.js';
import type { ChangeCause } from '../../select/planChanges.js';
import type { KAnonymityState, Variant } from './kAnonymityState.js';
import { mergeAllowed } from './mergeAllowed.js';
import { setContent } from './setContent.js';

/** What the merge phase did. */
export interface MergeTally {
  /** Variants merged away (into a nearest variant or a generic-only one). */
  merged: number;
  /** Customers moved to a generic-only mailer. */
  toGeneric: number;
  /** Customers left without a mailer. */
  suppressed: number;
  /** Plan value of the entries swapped out, summed in move order. */
  valueLost: number;
}

/**
 * Repeatedly takes the smallest variant under `k` (ties: lower id) and moves its customers onto the
 * nearest variant that allows it, else onto the most common generic-only variant that allows it,
 * else off the plan; a target still under `k` goes back on the heap. Rewrites `st` in place.
 *
 * Cost: O(V log V + Σ posting-list walks) for V variants, worst case O(V²·stride).
 */
export function mergeSmallestFirst(st: KAnonymityState, k: number): MergeTally {
  const variants = st.variants;
  // Lazy smallest-first queue on (size, id), the size negated for the heap's key-descending order:
  // stale entries (merged away or grown) are skipped when popped.
  const heap = new TypedHeap();
  for (const v of variants) if (v.members.length < k) heap.push(-v.members.length, v.id);
  let merged = 0;
  let toGeneric = 0;
  let suppressed = 0;
  let valueLost = 0;
  // Per-candidate scratch, allocated once and cleared after each search.
  const kept = new Float64Array(variants.length);
  const common = new Int32Array(variants.length);
  while (heap.size > 0) {
    const id = heap.pop();
    const size = -heap.poppedKey;
    const a = variants[id]!;
    if (!a.alive || a.members.length !== size || size >= k) continue;
    const target = nearestAllowed(st, a, common, kept);
    if (target !== null) {
      valueLost = moveMembers(st, a, target, 'merged', valueLost);
      merged++;
      if (target.members.length < k) heap.push(-target.members.length, target.id);
      continue;
    }
    const g = mostCommonGeneric(st, a);
    toGeneric += g === null ? 0 : a.members.length;
    suppressed += g === null ? a.members.length : 0;
    if (g !== null) merged++;
    valueLost = moveMembers(st, a, g, g === null ? 'suppressed' : 'generic', valueLost);
    if (g !== null && g.members.length < k) heap.push(-g.members.length, g.id);
  }
  return { merged, toGeneric, suppressed, valueLost };
}

/**
 * The variant a's members may move onto that has the most offers in common with a (ties: most value
 * kept, then larger, then lower id), or null. `common` and `kept` are zero on entry and on return.
 */
function nearestAllowed(st: KAnonymityState, a: Variant, common: Int32Array, kept: Float64Array): Variant | null {
  const { work, variants, postings } = st;
  const id = a.id;
  // Value each offer of a carries across its members, and common counts via the posting lists.
  const valueOfOffer = new Map<number, number>();
  for (const c of a.members) {
    const row = work.row(c);
    for (const e of row) valueOfOffer.set(e.offer, (valueOfOffer.get(e.offer) ?? 0) + e.value);
  }
  const touched: number[] = [];
  for (const o of a.offers) {
    for (const vid of postings[o]!) {
      if (vid === id || !variants[vid]!.alive) continue;
      if (common[vid] === 0) touched.push(vid);
      common[vid]++;
      kept[vid] += valueOfOffer.get(o)!;
    }
  }
  // Best-first selection without sorting every touched variant: scan for the best, test it, exclude it if refused.
  let target: Variant | null = null;
  for (let remaining = touched.length; remaining > 0 && target === null; remaining--) {
    let best = -1;
    for (const vid of touched) if (common[vid]! > 0 && (best < 0 || better(variants, common, kept, vid, best))) best = vid;
    if (best < 0) break;
    if (mergeAllowed(st, a, variants[best]!, true)) target = variants[best]!;
    else common[best] = -1; // refused: out of the running for this variant
  }
  for (const vid of touched) {
    common[vid] = 0;
    kept[vid] = 0;
  }
  return target;
}

/** Whether candidate x beats y: more offers in common, then more value kept, then larger, then lower id. */
function better(variants: Variant[], common: Int32Array, kept: Float64Array, x: number, y: number): boolean {
  if (common[x] !== common[y]) return common[x]! > common[y]!;
  if (kept[x] !== kept[y]) return kept[x]! > kept[y]!;
  const sx = variants[x]!.members.length;
  const sy = variants[y]!.members.length;
  return sx !== sy ? sx > sy : x < y;
}

/** The largest generic-only variant (ties: lower id) that may take a's customers, or null. */
function mostCommonGeneric(st: KAnonymityState, a: Variant): Variant | null {
  let g: Variant | null = null;
  for (const gid of st.genericIds) {
    const v = st.variants[gid]!;
    if (!v.alive || v === a) continue;
    if (g !== null && (v.members.length < g.members.length || (v.members.length === g.members.length && v.id > g.id))) continue;
    // Generic moves may break tau (the repair restores it); every other rule still applies.
    if (mergeAllowed(st, a, v, false)) g = v;
  }
  return g;
}

/**
 * Moves every member of a onto content b (or off the plan when b is null), keeping their own entries
 * in common, and kills a. Returns `valueLost` plus the value swapped out, added member by member so
 * the sum keeps its order.
 */
function moveMembers(st: KAnonymityState, a: Variant, b: Variant | null, cause: ChangeCause, valueLost: number): number {
  let sum = valueLost;
  for (const c of a.members) {
    sum += setContent(st, c, b === null ? [] : b.offers, b === null ? [] : b.reasons, cause);
    if (b !== null) b.members.push(c);
  }
  a.alive = false;
  a.members = [];
  return sum;
}
