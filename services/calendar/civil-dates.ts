/**
 * Calendar dates without a time zone ("civil days"), as whole days since 1970-01-01 in the
 * proleptic Gregorian calendar. Pure arithmetic: no time zone and no clock is involved.
 */

/** Milliseconds in a 24-hour day. */
export const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of the date `year-month-day` (month 1–12); out-of-range parts roll over. */
export function civilDayOf(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / MS_PER_DAY);
}

/** The calendar year that contains a civil day. */
export function yearOfCivilDay(civilDay: number): number {
  return new Date(civilDay * MS_PER_DAY).getUTCFullYear();
}

/** ISO weekday of a civil day: 1 = Monday … 7 = Sunday. */
export function isoWeekdayOf(civilDay: number): number {
  return ((((civilDay + 3) % 7) + 7) % 7) + 1;
}

/** The `YYYY-MM-DD` text of a civil day. */
export function isoDateOf(civilDay: number): string {
  return new Date(civilDay * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Parses a strict `YYYY-MM-DD` date into its civil day.
 * @throws RangeError when the text is not in that form or names a date that does not exist.
 */
export function parseIsoDate(text: string): number {
  const match = ISO_DATE.exec(text);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const civilDay = civilDayOf(year, month, day);
    if (isoDateOf(civilDay) === text) return civilDay;
  }
  throw new RangeError(`"${text}" is not a valid date in the form YYYY-MM-DD`);
}

/** The civil day of the `nth` (1-based) given ISO weekday of a month. */
export function nthWeekdayOfMonth(year: number, month: number, isoWeekday: number, nth: number): number {
  const first = civilDayOf(year, month, 1);
  const shift = (isoWeekday - isoWeekdayOf(first) + 7) % 7;
  return first + shift + 7 * (nth - 1);
}
