import { DateTime } from 'luxon';
import type { BusinessCalendar } from './business-calendar.js';

/** The longest run of days {@link addBusinessDays} looks through for working days (closures are never this long). */
const maxDaysScanned = 3660;

/**
 * The moment `days` working days after `start`: the same wall-clock time in the calendar's zone
 * on the `days`-th working day after `start`'s own date (weekends, rest days and closures skipped;
 * a daylight-saving change keeps the wall-clock time). Working hours play no part: the count is of
 * whole days, as "10 días hábiles" is commonly read.
 */
export function addBusinessDays(calendar: Pick<BusinessCalendar, 'isWorkingDay'>, timeZone: string, start: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`addBusinessDays: days must be a whole number ≥ 0, got ${days}`);
  let day = DateTime.fromJSDate(start, { zone: timeZone });
  for (let counted = 0, scanned = 0; counted < days; scanned += 1) {
    if (scanned > maxDaysScanned) throw new RangeError(`addBusinessDays: no ${days} working days within ${maxDaysScanned} days of ${start.toISOString()}`);
    day = day.plus({ days: 1 });
    if (calendar.isWorkingDay(day.toISODate()!)) counted += 1;
  }
  return day.toJSDate();
}
