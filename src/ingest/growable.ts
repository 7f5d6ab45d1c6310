type NumericArray = Int32Array | Float32Array | Float64Array | Uint8Array;
type NumericArrayConstructor<A extends NumericArray> = new (length: number) => A;

/**
 * An append-only typed-array column that doubles its capacity when full, so millions of rows can be
 * streamed in without one JS object per row.
 */
export class GrowableColumn<A extends NumericArray> {
  private data: A;
  private count = 0;

  constructor(
    private readonly ctor: NumericArrayConstructor<A>,
    initialCapacity = 1024,
  ) {
    this.data = new ctor(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count === this.data.length) {
      const next = new this.ctor(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.count++] = value;
  }

  /**
   * The values pushed so far, right-sized: the buffer itself when it is exactly full (a column
   * created with its final length copies nothing), else a copy. Push nothing after taking it.
   */
  toArray(): A {
    return this.count === this.data.length ? this.data : (this.data.slice(0, this.count) as A);
  }
}
