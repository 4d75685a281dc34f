import { DateTime, IANAZone } from 'luxon';
import { isClockTime, isIsoDate } from './field-formats.js';

/** A wall-clock date and time read in a time zone: the instant, or why there is none. */
export type LocalMoment =
  | { readonly kind: 'instant'; readonly at: DateTime }
  | { readonly kind: 'nonexistent' }
  | { readonly kind: 'invalid' };

/** True when `timeZone` is an IANA time zone luxon knows (`America/Mexico_City`). */
export function isKnownTimeZone(timeZone: string): boolean {
  return IANAZone.isValidZone(timeZone);
}

/**
 * The instant of `date` (`YYYY-MM-DD`) at `time` (`HH:mm`) on the clocks of `timeZone`.
 * A time skipped by a daylight-saving change is `nonexistent`; a repeated one is its first
 * occurrence.
 */
export function localMoment(date: unknown, time: unknown, timeZone: string): LocalMoment {
  if (!isIsoDate(date) || !isClockTime(time)) return { kind: 'invalid' };
  const at = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
  if (!at.isValid) return { kind: 'invalid' };
  return at.toFormat("yyyy-MM-dd'T'HH:mm") === `${date}T${time}` ? { kind: 'instant', at } : { kind: 'nonexistent' };
}

/** The start and end instants of a form's event. */
export interface EventInterval {
  readonly start: Date;
  readonly end: Date;
}

/**
 * The event's start and end as instants, reading the form's date and times in the business
 * time zone; `undefined` when they are missing, malformed or do not exist on that day.
 */
export function eventInterval(
  form: { readonly date?: string; readonly startTime?: string; readonly endTime?: string },
  timeZone: string,
): EventInterval | undefined {
  const start = localMoment(form.date, form.startTime, timeZone);
  const end = localMoment(form.date, form.endTime, timeZone);
  if (start.kind !== 'instant' || end.kind !== 'instant') return undefined;
  return { start: start.at.toJSDate(), end: end.at.toJSDate() };
}
