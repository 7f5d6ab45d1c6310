/** One problem with one input record: where it is, which field, and why. */
export interface RecordIssue {
  /** File path or source name (`products`, `data/tx.csv`). */
  source: string;
  /** 1-based record number within the source (for CSV, data row N is line N + 1). `0` for the header. */
  row: number;
  /** Field (column) name, dotted for nested fields; empty when the issue is about the whole record. */
  field: string;
  /** Human-readable reason, naming the fix where there is one. */
  reason: string;
  /** The offending value as given, when there is one. */
  value?: unknown;
}

function describe(issue: RecordIssue): string {
  const where = `${issue.source} row ${issue.row}${issue.field === '' ? '' : ` field "${issue.field}"`}`;
  const shown = issue.value === undefined ? '' : ` (got ${JSON.stringify(issue.value)})`;
  return `${where}: ${issue.reason}${shown}`;
}

/**
 * Thrown when input records fail validation (with `onInvalid: 'throw'`), or when a whole source is
 * unusable (a CSV header with unknown or missing columns). Carries every issue found, each naming
 * source, row and field.
 */
export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError';
  readonly issues: readonly RecordIssue[];

  constructor(issues: readonly RecordIssue[]) {
    const head = issues.slice(0, 5).map(describe).join('\n  ');
    const more = issues.length > 5 ? `\n  ... and ${issues.length - 5} more` : '';
    super(`${issues.length} invalid input record issue(s):\n  ${head}${more}`);
    this.issues = issues;
  }
}

/** Formats one issue as `source row N field "f": reason (got value)`. */
export function formatIssue(issue: RecordIssue): string {
  return describe(issue);
}
