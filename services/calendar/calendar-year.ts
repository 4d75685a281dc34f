import { civilDayOf, isoWeekdayOf, MS_PER_DAY } from './civil-dates.js';
import type { CalendarRules } from './business-calendar-settings.js';
import { zoneOffsetTimeline, type OffsetAt } from './zone-offset-timeline.js';
import { firstInstantAtOrAfterWallTime } from './zoned-wall-time.js';

/** What kind of day a day is, as stored in {@link CalendarYear.reasons}: working, or why not. */
export const DayKind = { Working: 0, Weekend: 1, Statutory: 2, Closure: 3 } as const;

const MS_PER_MINUTE = 60_000;
const MARGIN_MS = 3 * MS_PER_DAY;

/**
 * The precomputed facts of one local calendar year, as plain numbers: where each local day
 * starts and ends (epoch ms, real length across daylight-saving changes), whether it is a
 * working day, and the business period inside it.
 */
export interface CalendarYear {
  year: number;
  /** Civil day (days since 1970-01-01) of 1 January. */
  firstDay: number;
  /** Number of days in the year. */
  days: number;
  /** `dayStarts[i]`: first instant of day `i`; `dayStarts[days]`: first instant of the next year. */
  dayStarts: Float64Array;
  /** Start of the business period of day `i` (equal to `closes[i]` when the day has none). */
  opens: Float64Array;
  /** End (exclusive) of the business period of day `i`. */
  closes: Float64Array;
  /** {@link DayKind} of day `i`. */
  reasons: Uint8Array;
}

/** Builds the {@link CalendarYear} of `year` under `rules`; the only place that consults the time zone. */
export function buildCalendarYear(year: number, rules: CalendarRules): CalendarYear {
  const firstDay = civilDayOf(year, 1, 1);
  const days = civilDayOf(year + 1, 1, 1) - firstDay;
  const offsetAt = zoneOffsetTimeline(rules.zone, firstDay * MS_PER_DAY - MARGIN_MS, (firstDay + days) * MS_PER_DAY + MARGIN_MS);
  const dayStarts = new Float64Array(days + 1);
  for (let i = 0; i <= days; i += 1) {
    dayStarts[i] = firstInstantAtOrAfterWallTime(offsetAt, (firstDay + i) * MS_PER_DAY);
  }
  const reasons = dayKindsOf(year, firstDay, days, rules);
  const opens = new Float64Array(days);
  const closes = new Float64Array(days);
  for (let i = 0; i < days; i += 1) {
    const [open, close] = reasons[i] === DayKind.Working
      ? businessPeriodOf(firstDay + i, dayStarts[i]!, dayStarts[i + 1]!, rules, offsetAt)
      : [dayStarts[i]!, dayStarts[i]!];
    opens[i] = open;
    closes[i] = close;
  }
  return { year, firstDay, days, dayStarts, opens, closes, reasons };
}

function dayKindsOf(year: number, firstDay: number, days: number, rules: CalendarRules): Uint8Array {
  const kinds = new Uint8Array(days);
  for (let i = 0; i < days; i += 1) {
    if (!rules.workingWeekdays[isoWeekdayOf(firstDay + i)]) kinds[i] = DayKind.Weekend;
  }
  for (const { from, to } of rules.closures) {
    for (let day = Math.max(from, firstDay); day <= Math.min(to, firstDay + days - 1); day += 1) {
      kinds[day - firstDay] = DayKind.Closure;
    }
  }
  for (const day of rules.statutoryRestDays(year)) {
    if (day >= firstDay && day < firstDay + days) kinds[day - firstDay] = DayKind.Statutory;
  }
  return kinds;
}

function businessPeriodOf(
  civilDay: number,
  dayStart: number,
  dayEnd: number,
  rules: CalendarRules,
  offsetAt: OffsetAt,
): [number, number] {
  if (!rules.officeHours) return [dayStart, dayEnd];
  const midnight = civilDay * MS_PER_DAY;
  const open = firstInstantAtOrAfterWallTime(offsetAt, midnight + rules.officeHours.openMinute * MS_PER_MINUTE);
  const close = firstInstantAtOrAfterWallTime(offsetAt, midnight + rules.officeHours.closeMinute * MS_PER_MINUTE);
  return [open, Math.max(open, close)];
}
