/** Records from anywhere: an array, a generator, an async stream (such as a CSV reader). */
export type RecordIterable = Iterable<unknown> | AsyncIterable<unknown>;

/** A record source with a name that rejects will cite (a file path, a table name). */
export interface NamedSource {
  readonly name: string;
  readonly records: RecordIterable;
}

/** What a reader accepts: bare records (cited by their kind, e.g. `products`) or a named source. */
export type RecordSource = RecordIterable | NamedSource;

function isNamed(source: RecordSource): source is NamedSource {
  return typeof source === 'object' && source !== null && 'records' in source && 'name' in source;
}

/** The name and records of a source; bare records take `fallbackName`. */
export function openSource(source: RecordSource, fallbackName: string): NamedSource {
  return isNamed(source) ? source : { name: fallbackName, records: source };
}

/** Iterates sync or async records uniformly. */
export async function* iterateRecords(records: RecordIterable): AsyncGenerator<unknown> {
  if (Symbol.asyncIterator in records) {
    yield* records as AsyncIterable<unknown>;
  } else {
    yield* records as Iterable<unknown>;
  }
}
