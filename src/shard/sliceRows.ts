/** Typed arrays the slicers copy. */
export type Column = Int32Array | Float32Array | Float64Array | Uint8Array | Uint32Array;

/**
 * Row `rows[i]` of a per-row column with `width` values a row, for every i: a new array of
 * `rows.length x width` values. Internal to the shard slicers.
 *
 * Cost: O(rows x width).
 */
export function takeRows<A extends Column>(column: A, rows: Int32Array, width = 1): A {
  const ctor = column.constructor as new (length: number) => A;
  const out = new ctor(rows.length * width);
  if (width === 1) {
    for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]!]!;
    return out;
  }
  for (let i = 0; i < rows.length; i++) out.set(column.subarray(rows[i]! * width, rows[i]! * width + width) as never, i * width);
  return out;
}

/**
 * The rows `rows` of a CSR (`rowPtr` plus entry columns aligned with it): a new `rowPtr` of
 * `rows.length + 1` and each column cut to the chosen rows' entries, in `rows` order.
 * Internal to the shard slicers.
 *
 * Cost: O(rows + entries kept).
 */
export function takeCsrRows<T extends readonly Column[]>(rowPtr: Int32Array, columns: T, rows: Int32Array): { rowPtr: Int32Array; columns: T } {
  const ptr = new Int32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) ptr[i + 1] = ptr[i]! + (rowPtr[rows[i]! + 1]! - rowPtr[rows[i]!]!);
  const nnz = ptr[rows.length]!;
  const out = columns.map((col) => {
    const ctor = col.constructor as new (length: number) => Column;
    const dst = new ctor(nnz);
    // One contiguous copy per row: subarray + set run as memcpy.
    for (let i = 0; i < rows.length; i++) dst.set(col.subarray(rowPtr[rows[i]!]!, rowPtr[rows[i]! + 1]!) as never, ptr[i]!);
    return dst;
  }) as unknown as T;
  return { rowPtr: ptr, columns: out };
}
