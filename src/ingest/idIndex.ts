/**
 * Interns string ids to dense integers `0..size-1`, in first-seen order. Every hot structure in
 * offerkit is a typed array indexed by these integers; strings only live here and at the edges.
 *
 * @example
 * const idx = new IdIndex();
 * idx.intern('milk'); // 0
 * idx.get('milk');    // 0
 * idx.get('bread');   // -1
 */
export class IdIndex {
  private readonly byId = new Map<string, number>();
  private readonly list: string[] = [];

  /** Builds an index holding `ids` in order. Duplicates keep their first position. */
  static from(ids: Iterable<string>): IdIndex {
    const idx = new IdIndex();
    for (const id of ids) idx.intern(id);
    return idx;
  }

  /** Number of ids held. */
  get size(): number {
    return this.list.length;
  }

  /** The dense index of `id`, adding it when new. O(1). */
  intern(id: string): number {
    const found = this.byId.get(id);
    if (found !== undefined) return found;
    const index = this.list.length;
    this.byId.set(id, index);
    this.list.push(id);
    return index;
  }

  /** The dense index of `id`, or `-1` when unknown. O(1). */
  get(id: string): number {
    const found = this.byId.get(id);
    return found === undefined ? -1 : found;
  }

  /** Whether `id` is held. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The id at dense index `index`. Throws a `RangeError` outside `0..size-1`. */
  id(index: number): string {
    const id = this.list[index];
    if (id === undefined) throw new RangeError(`IdIndex: index ${index} is outside 0..${this.list.length - 1}`);
    return id;
  }

  /** All ids in index order (read-only view). */
  get ids(): readonly string[] {
    return this.list;
  }
}
