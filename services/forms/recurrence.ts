import { DateTime } from 'luxon';
import rrulePackage from 'rrule';
import { localMoment } from './event-times.js';
import { isClockTime, isIsoDate } from './field-formats.js';

const { RRule } = rrulePackage;

/** The weekdays a weekly recurrence may repeat on, RFC 5545 `BYDAY` codes, Monday first. */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Bounds of a recurrence: one source for the form's schema, its card inputs and the expansion. */
export const recurrenceLimits = {
  /** Most occurrences one series may have (exceptions included). */
  maxOccurrences: 52,
  /** The last occurrence lies at most this many days after the first. */
  maxSpanDays: 366,
  /** Most weeks between two repeats (`INTERVAL`). */
  maxIntervalWeeks: 4,
} as const;

/** A weekly recurrence as the service form carries it (the event's date is its first occurrence). */
export interface Recurrence {
  weekdays: Weekday[];
  /** Every `interval` weeks (1 = every week). */
  interval: number;
  /** Last date (inclusive, `YYYY-MM-DD`, local) — or `count`, never both. */
  until?: string | undefined;
  /** Number of occurrences counted from the first (exceptions included, as RFC 5545 counts them). */
  count?: number | undefined;
  /** Dates of the rule that do not take place. */
  exceptions: string[];
}

/** One occurrence of a series, keyed by its local date. */
export interface Occurrence {
  /** Its local date (`YYYY-MM-DD`) in the business time zone: the occurrence's key. */
  date: string;
  start: Date;
  end: Date;
  /** One of the form's exception dates: listed, never booked. */
  excepted: boolean;
  /** On a day the business calendar closes (weekend, holiday, closure): listed and marked, not dropped. */
  closure: boolean;
}

const luxonWeekday: Readonly<Record<Weekday, number>> = { MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6, SU: 7 };

/** The weekday code of a local date. */
export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[DateTime.fromISO(date, { zone: 'utc' }).weekday - 1]!;
}

const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const numberOf = (value: unknown): number | undefined => {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isInteger(number) ? number : undefined;
};
const listOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',').map((item) => item.trim()).filter(Boolean) : [];

/**
 * The recurrence a form's data carries (fields `repeatWeekdays`, `repeatInterval`, `repeatUntil`,
 * `repeatCount`, `repeatExceptions`), or `undefined` for a single event. Reads stored or parsed
 * data leniently: unknown weekdays and malformed dates are left out.
 */
export function recurrenceOf(data: Readonly<Record<string, unknown>>): Recurrence | undefined {
  const weekdays = listOf(data.repeatWeekdays).filter((day): day is Weekday => (WEEKDAYS as readonly string[]).includes(day));
  if (!weekdays.length) return undefined;
  const until = textOf(data.repeatUntil);
  const count = numberOf(data.repeatCount);
  return {
    weekdays: WEEKDAYS.filter((day) => weekdays.includes(day)),
    interval: numberOf(data.repeatInterval) ?? 1,
    until: until && isIsoDate(until) ? until : undefined,
    count,
    exceptions: [...new Set(listOf(data.repeatExceptions).filter(isIsoDate))].sort(),
  };
}

function floating(date: string, endOfDay = false): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return endOfDay ? new Date(Date.UTC(year, month - 1, day, 23, 59, 59)) : new Date(Date.UTC(year, month - 1, day));
}

function dateOfFloating(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The dates of the rule from `firstDate` on (exceptions included), in order: expanded by rrule in
 * "floating" local time (no zone, so a daylight-saving change cannot move a date), at most
 * `limit` of them and none more than {@link recurrenceLimits.maxSpanDays} after the first.
 */
export function ruleDates(recurrence: Recurrence, firstDate: string, limit: number = recurrenceLimits.maxOccurrences + 1): string[] {
  const spanEnd = DateTime.fromISO(firstDate, { zone: 'utc' }).plus({ days: recurrenceLimits.maxSpanDays }).toISODate()!;
  const until = recurrence.until !== undefined && recurrence.until < spanEnd ? recurrence.until : spanEnd;
  const rule = new RRule({
    freq: RRule.WEEKLY,
    interval: Math.max(1, recurrence.interval),
    byweekday: recurrence.weekdays.map((day) => luxonWeekday[day] - 1),
    wkst: 0,
    dtstart: floating(firstDate),
    until: floating(until, true),
    ...(recurrence.count !== undefined ? { count: recurrence.count } : {}),
  });
  const dates: string[] = [];
  rule.all((at, index) => {
    if (index >= limit) return false;
    dates.push(dateOfFloating(at));
    return true;
  });
  return dates;
}

/** The form fields a series is expanded from: the first date, the times and the recurrence fields. */
export type SeriesForm = Readonly<Record<string, unknown>> & { date?: unknown; startTime?: unknown; endTime?: unknown };

/**
 * Every occurrence of the form's series, in order: each rule date with the form's start and end
 * times read on that date's clocks in `timeZone` (Luxon), so 10:00 stays 10:00 across a
 * daylight-saving change. Exceptions and closure days (`isWorkingDay` false) are listed and
 * marked, not dropped. A date on which a time does not exist (skipped by a clock change) is left
 * out. `undefined` when the form has no recurrence or no valid date and times.
 */
export function expandOccurrences(form: SeriesForm, timeZone: string, isWorkingDay: (date: string) => boolean): Occurrence[] | undefined {
  const recurrence = recurrenceOf(form);
  const { date, startTime, endTime } = form;
  if (!recurrence || !isIsoDate(date) || !isClockTime(startTime) || !isClockTime(endTime)) return undefined;
  const excepted = new Set(recurrence.exceptions);
  const occurrences: Occurrence[] = [];
  for (const day of ruleDates(recurrence, date, recurrenceLimits.maxOccurrences)) {
    const start = localMoment(day, startTime, timeZone);
    const end = localMoment(day, endTime, timeZone);
    if (start.kind !== 'instant' || end.kind !== 'instant') continue;
    occurrences.push({ date: day, start: start.at.toJSDate(), end: end.at.toJSDate(), excepted: excepted.has(day), closure: !isWorkingDay(day) });
  }
  return occurrences;
}

/**
 * The RFC 5545 `RRULE` value of the series (`FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=…`); an
 * `UNTIL` is the end of its local day in `timeZone`, written in UTC as RFC 5545 requires with a
 * zoned `DTSTART`.
 */
export function rruleValue(recurrence: Recurrence, timeZone: string): string {
  const parts = ['FREQ=WEEKLY', `INTERVAL=${Math.max(1, recurrence.interval)}`, `BYDAY=${recurrence.weekdays.join(',')}`, 'WKST=MO'];
  if (recurrence.count !== undefined) parts.push(`COUNT=${recurrence.count}`);
  else if (recurrence.until !== undefined) {
    const until = DateTime.fromISO(`${recurrence.until}T23:59:59`, { zone: timeZone }).toUTC();
    parts.push(`UNTIL=${until.toFormat("yyyyMMdd'T'HHmmss'Z'")}`);
  }
  return parts.join(';');
}
