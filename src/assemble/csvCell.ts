// Characters that force RFC 4180 quoting: comma, double quote, CR, LF.
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/**
 * One CSV cell per RFC 4180: the text as is, or wrapped in double quotes (inner quotes doubled) when
 * it holds a comma, a double quote, a CR or an LF. Numbers print with `String(n)`. Leading and
 * trailing spaces are kept and not quoted (RFC 4180 treats them as part of the field).
 *
 * Cost: O(length of the text).
 *
 * @example
 * csvCell('Milk, 2 pints'); // '"Milk, 2 pints"'
 * csvCell('say "hi"');      // '"say ""hi"""'
 * csvCell(42);              // '42'
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`csvCell: ${value} is not a finite number; CSV outputs hold finite numbers only`);
    return String(value);
  }
  if (typeof value !== 'string') throw new TypeError(`csvCell: expected a string or number, got ${typeof value}`);
  return NEEDS_QUOTES.test(value) ? `"${value.replace(QUOTE, '""')}"` : value;
}

/** The record separator of offerkit's CSV outputs: CRLF, as RFC 4180 asks. */
export const CSV_NEWLINE = '\r\n';

/**
 * One CSV record: the cells quoted with {@link csvCell}, joined by commas, ending in CRLF.
 *
 * Cost: O(total length of the cells).
 *
 * @example
 * csvRow(['C1', 'V1', 3]); // 'C1,V1,3\r\n'
 */
export function csvRow(cells: readonly (string | number)[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + csvCell(cells[i]!);
  return line + CSV_NEWLINE;
}
