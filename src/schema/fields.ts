import { z } from 'zod';
import { toDay } from './days.js';

// CSV cells arrive as strings and object inputs as native values; these fields accept both so one
// schema serves every reader. Empty cells mean "absent", never zero or false.

// A schema-level `error` would also replace the messages of later checks (too small, not integer);
// this one only names the wrong type and lets each check speak for itself.
const typeError = (expected: string) => ({
  error: (issue: { code?: string }) => (issue.code === 'invalid_type' ? expected : undefined),
});

const blankToUndefined = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return t === '' ? undefined : t;
};

const toNumber = (v: unknown): unknown => {
  const b = blankToUndefined(v);
  if (typeof b !== 'string') return b;
  const n = Number(b);
  return Number.isNaN(n) ? b : n;
};

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n']);
const toBoolean = (v: unknown): unknown => {
  const b = blankToUndefined(v);
  if (typeof b !== 'string') return b;
  const lower = b.toLowerCase();
  if (TRUE_WORDS.has(lower)) return true;
  if (FALSE_WORDS.has(lower)) return false;
  return b;
};

/** Separator of list cells in CSV files (`dairy|bakery`). */
export const LIST_SEPARATOR = '|';

// Objects and CSV cells give the same list: items trimmed, empty items dropped.
const toList = (v: unknown): unknown => {
  const b = blankToUndefined(v);
  if (b === undefined) return [];
  const items = typeof b === 'string' ? b.split(LIST_SEPARATOR) : b;
  if (!Array.isArray(items)) return items;
  return items.map((s: unknown) => (typeof s === 'string' ? s.trim() : s)).filter((s: unknown) => s !== '');
};

export const idField = z.preprocess(
  (v) => (typeof v === 'number' && Number.isInteger(v) ? String(v) : blankToUndefined(v)),
  z.string({ error: 'required: a non-empty id' }),
);
export const textField = z.preprocess(blankToUndefined, z.string({ error: 'required: non-empty text' }));
export const optionalText = z.preprocess(blankToUndefined, z.string().optional());
export const finiteNumber = z.preprocess(toNumber, z.number(typeError('expected a number')).finite('must be a finite number'));
export const nonNegative = z.preprocess(toNumber, z.number(typeError('expected a number')).finite('must be a finite number').nonnegative('must be 0 or more'));
export const positive = z.preprocess(toNumber, z.number(typeError('expected a number')).finite('must be a finite number').positive('must be greater than 0'));
export const optionalNonNegative = z.preprocess(toNumber, z.number(typeError('expected a number')).finite('must be a finite number').nonnegative('must be 0 or more').optional());
export const optionalCount = z.preprocess(toNumber, z.number(typeError('expected a whole number')).int('must be a whole number').nonnegative('must be 0 or more').optional());
export const flag = (defaultValue: boolean) =>
  z.preprocess(toBoolean, z.boolean({ error: 'expected true/false, yes/no or 1/0' }).default(defaultValue));
export const listField = z.preprocess(toList, z.array(z.string().min(1)).default([]));

/** A date as an ISO string or `Date`, parsed to an integer day number (see {@link toDay}). */
export const dayField = z.preprocess(
  (v) => {
    const b = blankToUndefined(v);
    if (typeof b === 'string' || b instanceof Date) {
      const day = toDay(b);
      return Number.isNaN(day) ? b : day;
    }
    return b;
  },
  z.number(typeError('expected an ISO date (YYYY-MM-DD) or a Date')).int('must be a whole number'),
);
export const optionalDayField = z.preprocess(
  (v) => {
    const b = blankToUndefined(v);
    if (typeof b === 'string' || b instanceof Date) {
      const day = toDay(b);
      return Number.isNaN(day) ? b : day;
    }
    return b;
  },
  z.number(typeError('expected an ISO date (YYYY-MM-DD) or a Date')).int('must be a whole number').optional(),
);

// Defaults sit inside the preprocess pipe so that a blank CSV cell (preprocessed to undefined) takes
// the default too, exactly like an absent field; an outer `.default` would only see the raw ''.

/** A number > 0, `defaultValue` when absent or blank. */
export const positiveOr = (defaultValue: number) =>
  z.preprocess(toNumber, z.number(typeError('expected a number')).finite('must be a finite number').positive('must be greater than 0').default(defaultValue));
/** A number >= 0, `defaultValue` when absent or blank. */
export const nonNegativeOr = (defaultValue: number) =>
  z.preprocess(toNumber, z.number(typeError('expected a number')).finite('must be a finite number').nonnegative('must be 0 or more').default(defaultValue));

/** One of `values` (required). */
export const enumField = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blankToUndefined, z.enum(values, { error: `expected one of ${values.join(', ')}` }));
/** One of `values`, `defaultValue` when absent or blank. */
export const enumFieldOr = <const T extends readonly [string, ...string[]]>(values: T, defaultValue: T[number]) =>
  z.preprocess(blankToUndefined, z.enum(values, { error: `expected one of ${values.join(', ')}` }).default(defaultValue as never));
