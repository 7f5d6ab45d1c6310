import { formatISO, isValid, parseISO } from 'date-fns';

const MS_PER_DAY = 86_400_000;

/**
 * Converts an ISO date string (`2024-03-01`, `2024-03-01T10:15:00Z`) or a `Date` to an integer day
 * number: whole days since 1970-01-01 in UTC. Inside offerkit every date is such an integer, so
 * recency and cycle arithmetic is plain subtraction on typed arrays.
 *
 * The calendar date written in the string is kept as written (no time-zone shift): `2024-03-01T23:30:00-05:00`
 * is day `2024-03-01`, because a retailer's till records the local trading day.
 *
 * @returns the day number, or `NaN` when the value is not a valid date.
 * @example toDay('1970-01-02') // 1
 */
export function toDay(value: string | Date): number {
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isFinite(t) ? Math.floor(t / MS_PER_DAY) : Number.NaN;
  }
  // The calendar date, then nothing or a time part: '2024-03-01', '2024-03-01T10:15:00Z', '2024-03-01 10:15'.
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(value.trim());
  if (match === null) return Number.NaN;
  // parseISO rejects impossible dates such as 2024-02-30, which Date.UTC would silently roll over.
  if (!isValid(parseISO(match[0].slice(0, 10)))) return Number.NaN;
  return utcDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Day number of a valid calendar date (month 1-12). Years 0-99 stay literal, unlike `Date.UTC`. */
export function utcDay(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.floor(d.getTime() / MS_PER_DAY);
}

/**
 * Formats a day number back to its ISO calendar date (`YYYY-MM-DD`).
 * @example dayToIsoDate(19_783) // '2024-03-01'
 */
export function dayToIsoDate(day: number): string {
  const d = new Date(day * MS_PER_DAY);
  // formatISO works in local time; shift by the offset so the UTC calendar date is printed.
  const local = new Date(d.getTime() + d.getTimezoneOffset() * 60_000);
  return formatISO(local, { representation: 'date' });
}
