/**
 * Compressed sparse rows: row `r` owns `index[rowPtr[r] .. rowPtr[r + 1]]`. offerkit uses it for
 * every one-to-many relation (customer -> transaction lines, offer -> target categories, ...).
 */
export interface Csr {
  readonly rowPtr: Int32Array;
  readonly index: Int32Array;
}

/**
 * Builds a CSR from per-row lists of integers.
 * @example csrFromLists([[1, 2], [], [0]]) // rowPtr [0, 2, 2, 3], index [1, 2, 0]
 */
export function csrFromLists(lists: readonly (readonly number[])[]): Csr {
  const rowPtr = new Int32Array(lists.length + 1);
  let total = 0;
  for (let r = 0; r < lists.length; r++) {
    total += lists[r]!.length;
    rowPtr[r + 1] = total;
  }
  const index = new Int32Array(total);
  let k = 0;
  for (const list of lists) for (const v of list) index[k++] = v;
  return { rowPtr, index };
}

/** Builds the transpose of a CSR with `columns` columns: column c lists the rows that hold c, ascending. O(nnz). */
export function transposeCsr(csr: Csr, columns: number): Csr {
  const rowPtr = new Int32Array(columns + 1);
  const rows = csr.rowPtr.length - 1;
  for (let k = 0; k < csr.index.length; k++) rowPtr[csr.index[k]! + 1]++;
  for (let c = 0; c < columns; c++) rowPtr[c + 1] += rowPtr[c]!;
  const fill = rowPtr.slice(0, columns);
  const index = new Int32Array(csr.index.length);
  for (let r = 0; r < rows; r++) {
    for (let k = csr.rowPtr[r]!; k < csr.rowPtr[r + 1]!; k++) index[fill[csr.index[k]!]!++] = r;
  }
  return { rowPtr, index };
}
