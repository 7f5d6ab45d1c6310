// Column-by-column comparison of two ingested data sets (CSV vs objects), shared by the ingest tests.
import { expect } from 'vitest';
import type { Dataset } from '../../src/ingest/ingest.js';
import type { DataFiles } from '../../src/ingest/ingestFiles.js';
import { IdIndex } from '../../src/ingest/idIndex.js';

type TypedArray = Int32Array | Uint8Array | Float32Array | Float64Array;
const isTyped = (v: unknown): v is TypedArray => ArrayBuffer.isView(v) && !(v instanceof DataView);

/** Every typed-array column of a data set by path (`transactions.spend`, `offers.categories.rowPtr`, ...). */
function typedColumns(value: unknown, path = '', out = new Map<string, TypedArray>()): Map<string, TypedArray> {
  if (isTyped(value)) out.set(path, value);
  else if (value !== null && typeof value === 'object' && !(value instanceof IdIndex) && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) typedColumns(v, path === '' ? k : `${path}.${k}`, out);
  }
  return out;
}

/** The first difference between two typed columns, or '' when equal element by element (Object.is). */
function columnDiff(name: string, a: TypedArray, b: TypedArray): string {
  if (a.constructor !== b.constructor) return `${name}: ${a.constructor.name} vs ${b.constructor.name}`;
  if (a.length !== b.length) return `${name}: length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `${name}[${i}]: ${a[i]} vs ${b[i]}`;
  return '';
}

export function compareDatasets(fromCsv: Dataset, fromObjects: Dataset, files: DataFiles): void {
  const a = typedColumns(fromCsv);
  const b = typedColumns(fromObjects);
  // 7 catalog, 6 customer, 7 transaction, 30 offer (18 + 6 CSR x 2) and 6 contact columns today: guards against a vacuous walk.
  expect(a.size).toBeGreaterThanOrEqual(56);
  expect([...a.keys()]).toEqual([...b.keys()]);
  const diffs = [...a].map(([name, col]) => columnDiff(name, col, b.get(name)!)).filter((d) => d !== '');
  expect(diffs).toEqual([]);
  // Interned ids, validated records and counts are deep-equal too.
  expect(fromCsv.catalog).toEqual(fromObjects.catalog);
  expect(fromCsv.customers).toEqual(fromObjects.customers);
  expect(fromCsv.offers).toEqual(fromObjects.offers);
  expect(fromCsv.transactions).toEqual(fromObjects.transactions);
  expect(fromCsv.contacts).toEqual(fromObjects.contacts);
  expect(fromCsv.report.counts).toEqual(fromObjects.report.counts);
  // Rejects agree on row and field; only the source name differs (file path vs kind).
  const byKind = new Map<string, string>(Object.entries(files).map(([k, p]) => [p as string, k]));
  expect(fromCsv.report.rejects.map((i) => [byKind.get(i.source), i.row, i.field])).toEqual(fromObjects.report.rejects.map((i) => [i.source, i.row, i.field]));
}
