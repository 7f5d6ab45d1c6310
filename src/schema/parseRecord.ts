import type { z } from 'zod';
import type { RecordIssue } from './invalidRecordError.js';

/** Result of validating one record. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: RecordIssue[] };

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/**
 * Validates one raw record against a schema and turns every zod issue into a {@link RecordIssue}
 * naming `source`, `row` and field. Unknown fields are reported unless `ignoreUnknown` is set.
 *
 * Cost: one zod parse; call it at the boundary only, never inside a hot loop.
 */
export function parseRecord<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  source: string,
  row: number,
  knownFields: ReadonlySet<string> | undefined,
): ParseResult<z.output<S>> {
  const issues: RecordIssue[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, issues: [{ source, row, field: '', reason: 'expected an object record', value: raw }] };
  }
  if (knownFields !== undefined) {
    for (const key of Object.keys(raw)) {
      if (!knownFields.has(key)) {
        issues.push({
          source,
          row,
          field: key,
          reason: `unknown field; expected one of ${[...knownFields].join(', ')} (or set unknownFields: 'ignore')`,
        });
      }
    }
  }
  const result = schema.safeParse(raw);
  if (result.success && issues.length === 0) return { ok: true, value: result.data };
  if (!result.success) {
    for (const zi of result.error.issues) {
      const value = valueAt(raw, zi.path);
      // zod reports a missing enum as invalid_value ("expected one of ..."); to the user both mean the same.
      const missing = value === undefined && (zi.code === 'invalid_type' || zi.code === 'invalid_value');
      const reason = missing ? 'required field is missing' : zi.message;
      issues.push({ source, row, field: zi.path.map(String).join('.'), reason, ...(value === undefined ? {} : { value }) });
    }
  }
  return { ok: false, issues };
}

/** The top-level field names of an object schema, for unknown-field and CSV header checks. */
export function fieldNames(shape: Record<string, unknown>): ReadonlySet<string> {
  return new Set(Object.keys(shape));
}
