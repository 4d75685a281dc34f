import { IANAZone } from 'luxon';
import { parseIsoDate } from './civil-dates.js';
import { mexicoStatutoryRestDays } from './mexico-rest-days.js';

/**
 * How business time is counted (SPEC §2, "48 business hours").
 *
 * Without `workingHours` a working day counts whole, from its first to its last local instant
 * ("two business days counted moment to moment"); with `workingHours` only the time inside
 * those hours on working days counts.
 */
export interface BusinessCalendarSettings {
  /** IANA time zone in which days and hours are read; default `America/Mexico_City`. */
  timeZone: string;
  /** ISO weekdays that are working days, 1 = Monday … 7 = Sunday; default Monday–Friday. */
  workingDays: number[];
  /**
   * Office hours `'HH:mm'` on working days, `start` before `end` on the same day (`end` may be
   * `'24:00'`). Absent: whole working days count (their real length, 23 or 25 h on a
   * daylight-saving change).
   */
  workingHours?: { start: string; end: string };
  /**
   * `'MX'`: Mexico's statutory rest days (Ley Federal del Trabajo art. 74, see
   * {@link mexicoStatutoryRestDays}) are non-working days. `undefined`: no statutory days.
   * Election days cannot be known in advance: add them to `closures`.
   */
  holidayCountry?: string;
  /** The institution's own closures: ISO dates `YYYY-MM-DD`, both ends included (`from === to` for one day). */
  closures: Array<{ from: string; to: string }>;
}

/** The default reading: Monday–Friday, whole days, Mexico City, Mexico's statutory rest days, no closures. */
export const defaultBusinessCalendarSettings: BusinessCalendarSettings = Object.freeze({
  timeZone: 'America/Mexico_City',
  workingDays: Object.freeze([1, 2, 3, 4, 5]) as number[],
  holidayCountry: 'MX',
  closures: Object.freeze([]) as unknown as Array<{ from: string; to: string }>,
});

/** Settings validated and turned into the numbers the calendar works with. */
export interface CalendarRules {
  /** Equal for settings that count business time identically. */
  fingerprint: string;
  zone: IANAZone;
  /** Indexed by ISO weekday (1–7). */
  workingWeekdays: readonly boolean[];
  /** Office hours as minutes after local midnight; absent for whole days. */
  officeHours?: { openMinute: number; closeMinute: number };
  /** Civil days (days since 1970-01-01) of the statutory rest days of a year. */
  statutoryRestDays(year: number): number[];
  /** Closures as inclusive civil-day ranges. */
  closures: ReadonlyArray<{ from: number; to: number }>;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const statutoryRestDaysByCountry: Record<string, (year: number) => number[]> = {
  MX: (year) => mexicoStatutoryRestDays(year).map(({ date }) => parseIsoDate(date)),
};

/** The countries whose statutory rest days the calendar knows (`holidayCountry`). */
export const supportedHolidayCountries: readonly string[] = Object.keys(statutoryRestDaysByCountry);

/**
 * Validates settings and compiles them into {@link CalendarRules}.
 * @throws RangeError naming the first invalid setting.
 */
export function compileCalendarRules(settings: BusinessCalendarSettings): CalendarRules {
  const zone = zoneOf(settings.timeZone);
  const workingWeekdays = workingWeekdaysOf(settings.workingDays);
  const country = countryOf(settings.holidayCountry);
  const closures = (settings.closures ?? []).map(closureOf);
  const officeHours = settings.workingHours ? officeHoursOf(settings.workingHours) : undefined;
  const rules: CalendarRules = {
    fingerprint: JSON.stringify([zone.name, workingWeekdays, country, closures, officeHours]),
    zone,
    workingWeekdays,
    statutoryRestDays: country ? statutoryRestDaysByCountry[country]! : () => [],
    closures,
  };
  if (officeHours) rules.officeHours = officeHours;
  return rules;
}

function zoneOf(timeZone: string): IANAZone {
  const zone = typeof timeZone === 'string' && timeZone !== '' ? IANAZone.create(timeZone) : undefined;
  if (!zone?.isValid) throw new RangeError(`timeZone "${String(timeZone)}" is not a valid IANA time zone`);
  return zone;
}

function workingWeekdaysOf(workingDays: number[]): boolean[] {
  const valid = Array.isArray(workingDays) && workingDays.length > 0
    && workingDays.every((day) => Number.isInteger(day) && day >= 1 && day <= 7);
  if (!valid) {
    throw new RangeError('workingDays must list at least one ISO weekday, 1 (Monday) to 7 (Sunday)');
  }
  return Array.from({ length: 8 }, (_, weekday) => workingDays.includes(weekday));
}

function countryOf(holidayCountry: string | undefined): string | undefined {
  if (holidayCountry === undefined) return undefined;
  const country = String(holidayCountry).trim().toUpperCase();
  if (!Object.hasOwn(statutoryRestDaysByCountry, country)) {
    const supported = Object.keys(statutoryRestDaysByCountry).join(', ');
    throw new RangeError(`holidayCountry "${holidayCountry}" is not supported (supported: ${supported})`);
  }
  return country;
}

function officeHoursOf(hours: { start: string; end: string }): { openMinute: number; closeMinute: number } {
  const openMinute = minuteOfDay(hours.start, false);
  const closeMinute = minuteOfDay(hours.end, true);
  if (openMinute === undefined || closeMinute === undefined || openMinute >= closeMinute) {
    throw new RangeError(
      `workingHours must be 'HH:mm' with start before end on the same day (got ${hours.start}–${hours.end})`,
    );
  }
  return { openMinute, closeMinute };
}

function minuteOfDay(text: string, allowEndOfDay: boolean): number | undefined {
  if (allowEndOfDay && text === '24:00') return 24 * 60;
  const match = HH_MM.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

function closureOf(closure: { from: string; to: string }): { from: number; to: number } {
  const from = parseIsoDate(closure.from);
  const to = parseIsoDate(closure.to);
  if (from > to) throw new RangeError(`closure ${closure.from}..${closure.to} ends before it starts`);
  return { from, to };
}

