import { buildCalendarYear, DayKind, type CalendarYear } from './calendar-year.js';
import {
  compileCalendarRules,
  type BusinessCalendarSettings,
  type CalendarRules,
} from './business-calendar-settings.js';
import { parseIsoDate, yearOfCivilDay } from './civil-dates.js';

export { defaultBusinessCalendarSettings, type BusinessCalendarSettings } from './business-calendar-settings.js';
export { mexicoStatutoryRestDays, type StatutoryRestDay } from './mexico-rest-days.js';

/** Why a date is not a working day. `'weekend'` means its weekday is not one of the working days. */
export type NonWorkingReason = 'weekend' | 'statutory' | 'closure';

const MS_PER_HOUR = 3_600_000;
const MAX_SHARED_CALENDARS = 64;
const yearsBySettings = new Map<string, Map<number, CalendarYear>>();
const REASONS: ReadonlyArray<NonWorkingReason | undefined> = [undefined, 'weekend', 'statutory', 'closure'];

/**
 * A business calendar (SPEC §2): counts business hours in a time zone, over working days,
 * optionally inside office hours, skipping weekends, statutory rest days and closures.
 *
 * Business time is the union of half-open periods `[open, close)`: each working day whole
 * (its real local length, 23 or 25 h on a daylight-saving change) or, with `workingHours`,
 * the office hours of each working day. Elapsed real time inside those periods is what counts.
 *
 * Per-year facts are computed once (with the time zone) and cached, shared by every instance
 * built from equivalent settings, so counting is arithmetic on numbers. Instances are
 * immutable and safe to share.
 */
export class BusinessCalendar {
  readonly #rules: CalendarRules;
  readonly #years: Map<number, CalendarYear>;
  #recentYear: CalendarYear | undefined;

  /** @throws RangeError when a setting is invalid (unknown zone, bad hours, bad date, …). */
  constructor(settings: BusinessCalendarSettings) {
    this.#rules = compileCalendarRules(settings);
    this.#years = sharedYearsFor(this.#rules.fingerprint);
  }

  /**
   * The deadline `hours` business hours after `start`: the first instant, counting from
   * {@link nextBusinessMoment}(`start`), by which `hours` of business time have elapsed.
   *
   * - A start outside business time begins counting at the next business moment.
   * - A deadline that completes exactly at the end of a business period is that end
   *   (e.g. 18:00 of the last office day), not the next opening.
   * - `hours === 0` returns `nextBusinessMoment(start)`. Fractions are allowed; the result is
   *   rounded to the millisecond.
   * @throws RangeError when `start` is an invalid date or `hours` is negative or not finite.
   */
  addBusinessHours(start: Date, hours: number): Date {
    if (!Number.isFinite(hours) || hours < 0) {
      throw new RangeError(`hours must be a finite number ≥ 0 (got ${hours})`);
    }
    return new Date(Math.round(this.#advance(instantOf(start), hours * MS_PER_HOUR)));
  }

  /**
   * The business hours elapsed between `start` and `end`: the real time of `[start, end)` that
   * lies inside business periods (the inverse of {@link addBusinessHours}:
   * `businessHoursBetween(s, addBusinessHours(s, h))` is `h`, to the millisecond). 0 when `end`
   * is not after `start`.
   * @throws RangeError when either date is invalid.
   */
  businessHoursBetween(start: Date, end: Date): number {
    const from = instantOf(start);
    const to = instantOf(end);
    if (to <= from) return 0;
    let year = this.#yearContaining(from);
    let day = dayIndexOf(year, from);
    let elapsed = 0;
    while (year.dayStarts[day]! < to) {
      if (year.reasons[day] === DayKind.Working) {
        elapsed += Math.max(0, Math.min(to, year.closes[day]!) - Math.max(from, year.opens[day]!));
      }
      day += 1;
      if (day === year.days) {
        year = this.#calendarYear(year.year + 1);
        day = 0;
      }
    }
    return elapsed / MS_PER_HOUR;
  }

  /** Whether `at` is inside business time (a period's opening counts, its close does not). */
  isBusinessTime(at: Date): boolean {
    const instant = instantOf(at);
    const year = this.#yearContaining(instant);
    const day = dayIndexOf(year, instant);
    return year.reasons[day] === DayKind.Working && instant >= year.opens[day]! && instant < year.closes[day]!;
  }

  /** `at` itself when it is business time, else the start of the next business period. */
  nextBusinessMoment(at: Date): Date {
    return new Date(this.#advance(instantOf(at), 0));
  }

  /**
   * Whether a local date (`YYYY-MM-DD` in the calendar's zone) is a working day.
   * @throws RangeError when the date is not a valid `YYYY-MM-DD`.
   */
  isWorkingDay(isoDate: string): boolean {
    return this.#dayKindOf(isoDate) === DayKind.Working;
  }

  /**
   * Why a local date is not a working day, or `undefined` when it is one. When several apply
   * the most specific wins: `'statutory'`, then `'closure'`, then `'weekend'`.
   * @throws RangeError when the date is not a valid `YYYY-MM-DD`.
   */
  nonWorkingReason(isoDate: string): NonWorkingReason | undefined {
    return REASONS[this.#dayKindOf(isoDate)];
  }

  #advance(from: number, businessMs: number): number {
    let year = this.#yearContaining(from);
    let day = dayIndexOf(year, from);
    let remaining = businessMs;
    for (;;) {
      const close = year.closes[day]!;
      if (year.reasons[day] === DayKind.Working && from < close) {
        const begin = Math.max(from, year.opens[day]!);
        if (remaining <= close - begin) return begin + remaining;
        remaining -= close - begin;
      }
      day += 1;
      if (day === year.days) {
        year = this.#calendarYear(year.year + 1);
        day = 0;
      }
    }
  }

  #dayKindOf(isoDate: string): number {
    const civilDay = parseIsoDate(isoDate);
    const year = this.#calendarYear(yearOfCivilDay(civilDay));
    return year.reasons[civilDay - year.firstDay]!;
  }

  #yearContaining(instant: number): CalendarYear {
    const recent = this.#recentYear;
    if (recent && instant >= recent.dayStarts[0]! && instant < recent.dayStarts[recent.days]!) return recent;
    let year = this.#calendarYear(new Date(instant).getUTCFullYear());
    while (instant < year.dayStarts[0]!) year = this.#calendarYear(year.year - 1);
    while (instant >= year.dayStarts[year.days]!) year = this.#calendarYear(year.year + 1);
    this.#recentYear = year;
    return year;
  }

  #calendarYear(year: number): CalendarYear {
    let calendarYear = this.#years.get(year);
    if (!calendarYear) {
      calendarYear = buildCalendarYear(year, this.#rules);
      this.#years.set(year, calendarYear);
    }
    return calendarYear;
  }
}

function sharedYearsFor(fingerprint: string): Map<number, CalendarYear> {
  let years = yearsBySettings.get(fingerprint);
  if (!years) {
    if (yearsBySettings.size >= MAX_SHARED_CALENDARS) yearsBySettings.delete(yearsBySettings.keys().next().value!);
    years = new Map();
    yearsBySettings.set(fingerprint, years);
  }
  return years;
}

function dayIndexOf(year: CalendarYear, instant: number): number {
  let day = Math.min(year.days - 1, Math.max(0, Math.floor((instant - year.dayStarts[0]!) / 86_400_000)));
  while (instant < year.dayStarts[day]!) day -= 1;
  while (instant >= year.dayStarts[day + 1]!) day += 1;
  return day;
}

function instantOf(date: Date): number {
  const instant = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(instant)) throw new RangeError('expected a valid Date');
  return instant;
}
