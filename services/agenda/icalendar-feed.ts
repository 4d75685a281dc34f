import { createHash, timingSafeEqual } from 'node:crypto';
import { DateTime, IANAZone } from 'luxon';
import type { Booking, Resource } from './agenda-types.js';
import { floatingDateTime, vtimezoneLines } from './vtimezone.js';

/** What a feed needs besides the bookings. */
export interface CalendarFeedOptions {
  /** `X-WR-CALNAME`: the name calendar clients show. */
  calendarName: string;
  /** The business time zone (IANA): event times are written as local times in it. */
  timeZone: string;
  /** Rooms, equipment and staff by id, for names. */
  resources: Map<string, Resource>;
  productId?: string;
  /** The `DTSTAMP` of every event; defaults to the current time. */
  now?: Date;
}

/** The default `PRODID`. */
export const DEFAULT_PRODUCT_ID = '-//Departamento de Redes y Telecomunicaciones//VC Service Desk//ES';

/** The domain part of every event's `UID`. */
export const UID_DOMAIN = 'vc-service-desk';

const MAX_LINE_OCTETS = 75;
const HOUR_MS = 3_600_000;

/**
 * The bookings as an RFC 5545 calendar (`METHOD:PUBLISH`), ready to serve as `text/calendar`:
 * a `VTIMEZONE` for `timeZone` built from its real offset changes over the bookings' years, then
 * one `VEVENT` per booking that is holding (`TENTATIVE`) or confirmed, in start order — the
 * occurrences of one recurring event as one `VEVENT` with its `RRULE`, an `EXDATE` for each date
 * of the rule without a live booking (the form's exceptions, cancelled dates) and a
 * `RECURRENCE-ID` override for each occurrence moved or held with other resources. Lines end
 * in CRLF and are folded at 75 octets without splitting a UTF-8 character.
 */
export function renderCalendar(bookings: Booking[], options: CalendarFeedOptions): string {
  const listed = bookings
    .filter((booking) => booking.status === 'holding' || booking.status === 'confirmed')
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id));
  const now = options.now ?? new Date();
  const zone = IANAZone.create(options.timeZone);
  if (!zone.isValid) throw new RangeError(`"${options.timeZone}" is not an IANA time zone`);
  const [from, to] = coveredYears(listed, now, zone);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(options.productId ?? DEFAULT_PRODUCT_ID)}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.calendarName)}`,
    `X-WR-TIMEZONE:${escapeText(options.timeZone)}`,
    ...vtimezoneLines(options.timeZone, from, to),
    ...entriesOf(listed).flatMap((entry) => (Array.isArray(entry) ? seriesLines(entry, options, zone, now) : eventLines(entry, options, zone, now))),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('');
}

/** The bookings that hold `resourceId`, as room, equipment or staff: the per-resource feed. */
export function bookingsForResource(bookings: Booking[], resourceId: string): Booking[] {
  return bookings.filter(
    (booking) =>
      booking.roomId === resourceId || booking.equipmentIds.includes(resourceId) || booking.staffIds.includes(resourceId),
  );
}

/**
 * Whether the feed token in a request equals the configured one, in time that does not depend on
 * where they differ or on their lengths (both are hashed to SHA-256 first, so the compared
 * buffers always have equal length). A missing token, or an empty expected one, never matches.
 */
export function feedTokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined || expected === '') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Escapes a TEXT value (RFC 5545 §3.3.11); control characters other than tab are dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/[\\;,]/g, (character) => `\\${character}`)
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/**
 * One content line with its CRLF, folded so no line exceeds 75 octets: continuation lines start
 * with a space and are cut between code points, never inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8');
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return `${parts.join('\r\n')}\r\n`;
}

/** Single bookings, and the occurrences of each series grouped (a group where its first listed occurrence would be). */
function entriesOf(bookings: Booking[]): Array<Booking | Booking[]> {
  const entries: Array<Booking | Booking[]> = [];
  const groups = new Map<string, Booking[]>();
  for (const booking of bookings) {
    if (!booking.series) {
      entries.push(booking);
      continue;
    }
    const group = groups.get(booking.requestId);
    if (group) group.push(booking);
    else {
      const created = [booking];
      groups.set(booking.requestId, created);
      entries.push(created);
    }
  }
  return entries;
}

/** The UID of a series: one per request. */
export function seriesUid(requestId: string): string {
  return `series-${requestId}@${UID_DOMAIN}`;
}

/**
 * A recurring event: the master `VEVENT` (the first occurrence's time, `RRULE`, `EXDATE`s, the
 * first live occurrence's resources) and one override per occurrence that is moved or held with
 * other resources (`RECURRENCE-ID` at the time the rule gives its date).
 */
function seriesLines(occurrences: Booking[], options: CalendarFeedOptions, zone: IANAZone, now: Date): string[] {
  const master = occurrences[0]!;
  const series = master.series!;
  const tzid = `;TZID=${parameter(zone.name)}`;
  const firstLocal = floatingDateTime(series.first.start.getTime(), zone.offset(series.first.start.getTime()));
  const ruleTime = (date: string) => `${date.replace(/-/g, '')}${firstLocal.slice(8)}`;
  const live = new Map(occurrences.map((booking) => [booking.series!.date, booking]));
  const excluded = series.dates.filter((date) => !live.has(date));
  const uid = seriesUid(master.requestId);
  const sameResources = (booking: Booking) =>
    booking.roomId === master.roomId && booking.equipmentIds.join() === master.equipmentIds.join() && booking.staffIds.join() === master.staffIds.join();
  const overrides = occurrences.filter(
    (booking) => booking.start.getTime() !== booking.series!.asked.start.getTime() || booking.end.getTime() !== booking.series!.asked.end.getTime() || !sameResources(booking),
  );
  return [
    ...eventLines({ ...master, start: series.first.start, end: series.first.end }, options, zone, now, [
      `RRULE:${series.rule}`,
      ...(excluded.length ? [`EXDATE${tzid}:${excluded.map(ruleTime).join(',')}`] : []),
    ], uid),
    ...overrides.flatMap((booking) => eventLines(booking, options, zone, now, [`RECURRENCE-ID${tzid}:${ruleTime(booking.series!.date)}`], uid)),
  ];
}

function eventLines(booking: Booking, options: CalendarFeedOptions, zone: IANAZone, now: Date, recurrence: string[] = [], uid = `${booking.id}@${UID_DOMAIN}`): string[] {
  const name = (id: string) => options.resources.get(id)?.name ?? id;
  const room = booking.roomId ? name(booking.roomId) : undefined;
  const held = [...booking.equipmentIds, ...booking.staffIds].map(name);
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(uid)}`,
    `DTSTAMP:${utc(now)}`,
    `CREATED:${utc(booking.createdAt)}`,
    `LAST-MODIFIED:${utc(booking.updatedAt)}`,
    `SEQUENCE:${sequence(booking)}`,
    ...eventTimes(booking, zone),
    ...recurrence,
    `SUMMARY:${escapeText(booking.title)}`,
    `DESCRIPTION:${escapeText(booking.body ? `${booking.body}\n\nFolio: ${booking.folio}` : `Folio: ${booking.folio}`)}`,
    ...(room ? [`LOCATION:${escapeText(room)}`] : []),
    ...(held.length ? [`RESOURCES:${held.map(escapeText).join(',')}`] : []),
    `CATEGORIES:${escapeText(booking.service)}`,
    `STATUS:${booking.status === 'confirmed' ? 'CONFIRMED' : 'TENTATIVE'}`,
    'TRANSP:OPAQUE',
    `X-VC-FOLIO:${escapeText(booking.folio)}`,
    'END:VEVENT',
  ];
}

/** Seconds between creation and the last change: grows with every update, 0 for a new booking. */
function sequence(booking: Booking): number {
  return Math.max(0, Math.floor((booking.updatedAt.getTime() - booking.createdAt.getTime()) / 1000));
}

function utc(date: Date): string {
  return `${floatingDateTime(date.getTime(), 0)}Z`;
}

/**
 * `DTSTART` and `DTEND` as `;TZID=<zone>:<local time>`; both in UTC when either falls in a repeated
 * hour, whose local time names two instants (RFC 5545 reads it as the first, some parsers the second).
 */
function eventTimes(booking: Booking, zone: IANAZone): [string, string] {
  const local = (date: Date) => floatingDateTime(date.getTime(), zone.offset(date.getTime()));
  if (isAmbiguous(booking.start, zone) || isAmbiguous(booking.end, zone)) {
    return [`DTSTART:${utc(booking.start)}`, `DTEND:${utc(booking.end)}`];
  }
  const tzid = `;TZID=${parameter(zone.name)}`;
  return [`DTSTART${tzid}:${local(booking.start)}`, `DTEND${tzid}:${local(booking.end)}`];
}

/** Whether another instant shows the same wall-clock time as `date` in `zone`. */
function isAmbiguous(date: Date, zone: IANAZone): boolean {
  const instant = date.getTime();
  const wall = instant + zone.offset(instant) * 60_000;
  const offsets = new Set([zone.offset(instant - 3 * HOUR_MS), zone.offset(instant + 3 * HOUR_MS)]);
  return [...offsets].some((offset) => {
    const reading = wall - offset * 60_000;
    return reading !== instant && zone.offset(reading) === offset;
  });
}

function parameter(value: string): string {
  const clean = value.replace(/"/g, '');
  return /[;:,]/.test(clean) ? `"${clean}"` : clean;
}

function coveredYears(bookings: Booking[], now: Date, zone: IANAZone): [number, number] {
  const year = (date: Date) => DateTime.fromJSDate(date, { zone }).year;
  const years = bookings.length ? bookings.flatMap((booking) => [year(booking.start), year(booking.end)]) : [year(now)];
  const startOf = (y: number) => DateTime.fromObject({ year: y }, { zone }).toMillis();
  return [startOf(Math.min(...years)), startOf(Math.max(...years) + 1)];
}
