// The data set's cells as values: blanks are common (optional demographics, empty discounts), so
// every reader of a cell goes through one of these rather than Number() or trim() of its own.

/**
 * A numeric cell: blank -> 0, else `Number(s)`. O(length).
 * @example numberCell(' ') // 0
 */
export const numberCell = (s: string | undefined): number => (s === undefined || s.trim() === '' ? 0 : Number(s));

/**
 * A text cell, trimmed: blank -> undefined. O(length).
 * @example textCell(' 25-34 ') // '25-34'
 */
export const textCell = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s.trim());

/**
 * A count band as its lower bound: `'5+'` -> 5, `'None/Unknown'` -> undefined. O(length).
 * @example countBand('3+') // 3
 */
export function countBand(s: string | undefined): number | undefined {
  const m = s === undefined ? null : /^(\d+)\+?$/.exec(s.trim());
  return m === null ? undefined : Number(m[1]);
}

/**
 * Orders ids numerically (`'9'` before `'10'`), ties and non-numeric ids by string. O(length).
 * @example ['10', '9'].sort(byNumericId) // ['9', '10']
 */
export const byNumericId = (a: string, b: string): number => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
