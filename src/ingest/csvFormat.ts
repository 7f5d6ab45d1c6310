import { dayToIsoDate, toDay } from '../schema/days.js';
import { LIST_SEPARATOR } from '../schema/fields.js';

// A field needs quotes when it holds the delimiter, a quote, CR or LF (RFC 4180 section 2.6).
const NEEDS_QUOTES_COMMA = /[",\r\n]/;

/**
 * Quotes one CSV field as RFC 4180 asks: a field holding the delimiter, a double quote, CR or LF is
 * wrapped in double quotes and its quotes doubled; any other field is written as is.
 *
 * Cost: O(length of text).
 * @example quoteCsvField('say "hi", then go') // '"say ""hi"", then go"'
 */
export function quoteCsvField(text: string, delimiter = ','): string {
  const needs =
    delimiter === ','
      ? NEEDS_QUOTES_COMMA.test(text)
      : text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r');
  return needs ? `"${text.replaceAll('"', '""')}"` : text;
}

function formatScalar(value: unknown, isDay: boolean, column: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (isDay && Number.isInteger(value)) return dayToIsoDate(value);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return String(value);
  if (value instanceof Date) {
    const day = toDay(value);
    if (Number.isNaN(day)) throw new RangeError(`writeCsv: column "${column}" holds an Invalid Date; give a valid Date or an ISO date string`);
    return dayToIsoDate(day);
  }
  throw new TypeError(`writeCsv: column "${column}" holds a ${typeof value} (${String(value)}); cells must be strings, numbers, booleans, Dates or arrays of them`);
}

/**
 * Formats one value as the text of a CSV cell, the way offerkit's readers parse it back:
 * `undefined` / `null` as empty (absent), arrays as items joined with `|`, a `Date` as its UTC ISO
 * date (`2024-03-01`), numbers with `String` (shortest exact round trip). With `isDay`, an integer
 * is a day number and is printed as its ISO date.
 *
 * Throws a `TypeError` for objects, and for a list item holding `|` (it would split when read back).
 * Cost: O(length of the text).
 * @example formatCsvValue(['dairy', 'bakery'], false, 'targetCategories') // 'dairy|bakery'
 */
export function formatCsvValue(value: unknown, isDay: boolean, column: string): string {
  if (!Array.isArray(value)) return formatScalar(value, isDay, column);
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const item = formatScalar(value[i], isDay, column);
    if (item.includes(LIST_SEPARATOR)) {
      throw new TypeError(`writeCsv: list item ${JSON.stringify(item)} in column "${column}" contains the list separator "${LIST_SEPARATOR}"; it would split when read back`);
    }
    out += i === 0 ? item : LIST_SEPARATOR + item;
  }
  return out;
}
