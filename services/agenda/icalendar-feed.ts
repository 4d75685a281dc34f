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
 * one `VEVENT` per booking that is holding (`TENTATIVE`) or confirmed, in start order. Lines end
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
    ...listed.flatMap((booking) => eventLines(booking, options, zone, now)),
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

function eventLines(booking: Booking, options: CalendarFeedOptions, zone: IANAZone, now: Date): string[] {
  const name = (id: string) => options.resources.get(id)?.name ?? id;
  const room = booking.roomId ? name(booking.roomId) : undefined;
  const held = [...booking.equipmentIds, ...booking.staffIds].map(name);
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(`${booking.id}@${UID_DOMAIN}`)}`,
    `DTSTAMP:${utc(now)}`,
    `CREATED:${utc(booking.createdAt)}`,
    `LAST-MODIFIED:${utc(booking.updatedAt)}`,
    `SEQUENCE:${sequence(booking)}`,
    ...eventTimes(booking, zone),
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
