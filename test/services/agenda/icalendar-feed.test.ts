import { describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import type { Booking, Resource } from '../../../services/agenda/agenda-types.js';
import { bookingsForResource, feedTokenMatches, renderCalendar } from '../../../services/agenda/icalendar-feed.js';

const ZONE = 'America/Mexico_City';
const NOW = new Date('2026-05-04T16:00:00Z');

const resources = new Map<string, Resource>([
  ['room-1', { id: 'room-1', kind: 'room', name: 'Sala de Juntas "A"; piso 3, ala norte', capacity: 12, services: ['VC'], active: true }],
  ['codec-1', { id: 'codec-1', kind: 'equipment', name: 'Códec Poly, G7500', services: ['VC'], active: true }],
  ['staff-1', { id: 'staff-1', kind: 'staff', name: 'Ana Pérez', services: ['VC', 'TC'], active: true }],
]);

function booking(overrides: Partial<Booking> = {}): Booking {
  const start = overrides.start ?? new Date('2026-05-12T16:00:00Z');
  const end = overrides.end ?? new Date('2026-05-12T18:00:00Z');
  return {
    id: 'bk-1',
    requestId: 'req-1',
    folio: 'VC-2026-0042',
    service: 'VC',
    title: 'UNAM – Seminario de redes',
    body: 'Enlace con tres sedes.',
    start,
    end,
    heldStart: new Date(start.getTime() - 30 * 60_000),
    heldEnd: new Date(end.getTime() + 15 * 60_000),
    roomId: 'room-1',
    equipmentIds: ['codec-1'],
    staffIds: ['staff-1'],
    status: 'confirmed',
    graphEventId: null,
    declinedBy: [],
    createdBy: 'asv@example.org',
    createdAt: new Date('2026-05-01T10:00:00Z'),
    updatedAt: new Date('2026-05-01T10:00:00Z'),
    ...overrides,
  };
}

const render = (bookings: Booking[]) => renderCalendar(bookings, { calendarName: 'Agenda VC, DRT', timeZone: ZONE, resources, now: NOW });

function events(ics: string): ICAL.Component[] {
  ICAL.TimezoneService.reset();
  return new ICAL.Component(ICAL.parse(ics) as unknown[]).getAllSubcomponents('vevent');
}

const value = (event: ICAL.Component, name: string) => event.getFirstPropertyValue(name);
const values = (event: ICAL.Component, name: string) => event.getFirstProperty(name)?.getValues() ?? [];

describe('the iCalendar feed', () => {
  it('is a PUBLISH calendar with CRLF line endings and the business zone', () => {
    const ics = render([booking()]);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toMatch(/VC Service Desk/);
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    // ical.js keeps X- values raw; RFC 5545 §3.8.8.2 makes them TEXT, so the comma is escaped.
    expect(ics).toContain('\r\nX-WR-CALNAME:Agenda VC\\, DRT\r\n');
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe(ZONE);
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe(ZONE);
    expect(ics.indexOf('BEGIN:VTIMEZONE')).toBeLessThan(ics.indexOf('BEGIN:VEVENT'));
  });

  it('accepts another PRODID', () => {
    const ics = renderCalendar([], { calendarName: 'x', timeZone: ZONE, resources, now: NOW, productId: '-//Example//Feed//EN' });
    expect(ics).toContain('\r\nPRODID:-//Example//Feed//EN\r\n');
  });

  it('describes each booking: uid, stamp, times, title, body and folio, room, resources, service, status', () => {
    const [event] = events(render([booking()]));
    expect(event).toBeDefined();
    const parsed = new ICAL.Event(event!);
    expect(parsed.uid).toBe('bk-1@vc-service-desk');
    expect((value(event!, 'dtstamp') as ICAL.Time).toJSDate()).toEqual(NOW);
    expect((value(event!, 'dtstamp') as ICAL.Time).zone?.tzid).toBe('UTC');
    expect(parsed.startDate.toJSDate()).toEqual(new Date('2026-05-12T16:00:00Z'));
    expect(parsed.endDate.toJSDate()).toEqual(new Date('2026-05-12T18:00:00Z'));
    expect(event!.getFirstProperty('dtstart')?.getParameter('tzid')).toBe(ZONE);
    expect(parsed.summary).toBe('UNAM – Seminario de redes');
    expect(parsed.description).toBe('Enlace con tres sedes.\n\nFolio: VC-2026-0042');
    expect(parsed.location).toBe('Sala de Juntas "A"; piso 3, ala norte');
    expect(values(event!, 'resources')).toEqual(['Códec Poly, G7500', 'Ana Pérez']);
    expect(values(event!, 'categories')).toEqual(['VC']);
    expect(value(event!, 'status')).toBe('CONFIRMED');
    expect(parsed.sequence).toBe(0);
  });

  it('marks a holding booking TENTATIVE and raises SEQUENCE with every update', () => {
    const first = booking({ status: 'holding', updatedAt: new Date('2026-05-01T10:05:00Z') });
    const later = booking({ status: 'confirmed', updatedAt: new Date('2026-05-02T09:00:00Z') });
    const [held] = events(render([first]));
    const [confirmed] = events(render([later]));
    expect(value(held!, 'status')).toBe('TENTATIVE');
    expect(value(confirmed!, 'status')).toBe('CONFIRMED');
    expect(new ICAL.Event(confirmed!).sequence).toBeGreaterThan(new ICAL.Event(held!).sequence);
  });

  it('leaves out released and failed bookings', () => {
    const ics = render([
      booking({ id: 'kept' }),
      booking({ id: 'gone', status: 'released' }),
      booking({ id: 'broken', status: 'failed' }),
      booking({ id: 'held', status: 'holding' }),
    ]);
    expect(events(ics).map((event) => new ICAL.Event(event).uid).sort()).toEqual(['held@vc-service-desk', 'kept@vc-service-desk']);
  });

  it('is a valid calendar with a VTIMEZONE when there are no bookings', () => {
    const ics = render([]);
    expect(events(ics)).toEqual([]);
    expect(ics).toContain('BEGIN:VTIMEZONE');
  });

  it('round-trips commas, semicolons, backslashes and line breaks', () => {
    const title = 'CFE; Junta, anual \\ 2026';
    const body = 'Primera línea, con coma;\r\nsegunda; línea\n\ntercera \\n literal\rcuarta';
    const [event] = events(render([booking({ title, body })]));
    const parsed = new ICAL.Event(event!);
    expect(parsed.summary).toBe(title);
    expect(parsed.description).toBe(`${body.replace(/\r\n|\r/g, '\n')}\n\nFolio: VC-2026-0042`);
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const sentence = 'Transmisión simultánea con niños, señoras y señores de Querétaro y Mérida; año académico. ';
    const body = sentence.repeat(4).slice(0, 300);
    expect(body).toHaveLength(300);
    const title = `Reunión 🎥 ${'ñ'.repeat(40)} 🎥 ${'é'.repeat(37)}`;
    const ics = render([booking({ body, title })]);
    const bytes = Buffer.from(ics, 'utf8');
    const lines: Buffer[] = [];
    for (let start = 0; start < bytes.length; ) {
      const end = bytes.indexOf('\r\n', start);
      lines.push(bytes.subarray(start, end));
      start = end + 2;
    }
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (const line of lines) {
      expect(line.length).toBeLessThanOrEqual(75);
      expect(() => strict.decode(line)).not.toThrow();
    }
    expect(lines.filter((line) => line[0] === 0x20).length).toBeGreaterThan(4);
    const parsed = new ICAL.Event(events(ics)[0]!);
    expect(parsed.description).toBe(`${body}\n\nFolio: VC-2026-0042`);
    expect(parsed.summary).toBe(title);
  });

  it('names a resource by its id when it is not in the catalogue', () => {
    const [event] = events(render([booking({ roomId: 'room-9', equipmentIds: [], staffIds: ['staff-1', 'staff-7'] })]));
    expect(value(event!, 'location')).toBe('room-9');
    expect(values(event!, 'resources')).toEqual(['Ana Pérez', 'staff-7']);
  });

  it('omits LOCATION and RESOURCES when nothing is held', () => {
    const [event] = events(render([booking({ roomId: null, equipmentIds: [], staffIds: [] })]));
    expect(event!.hasProperty('location')).toBe(false);
    expect(event!.hasProperty('resources')).toBe(false);
  });
});

describe('the per-resource feed', () => {
  const bookings = [
    booking({ id: 'a', roomId: 'room-1', equipmentIds: [], staffIds: [] }),
    booking({ id: 'b', roomId: null, equipmentIds: ['codec-1'], staffIds: [] }),
    booking({ id: 'c', roomId: 'room-2', equipmentIds: ['codec-2'], staffIds: ['staff-1'] }),
  ];
  const ids = (resourceId: string) => bookingsForResource(bookings, resourceId).map((item) => item.id);

  it('keeps the bookings that hold the room, the equipment or the staff member', () => {
    expect(ids('room-1')).toEqual(['a']);
    expect(ids('codec-1')).toEqual(['b']);
    expect(ids('staff-1')).toEqual(['c']);
    expect(ids('nobody')).toEqual([]);
  });
});

describe('the feed token', () => {
  const expected = 'f3a9c1d27be84e05a6c0';

  it('matches only the configured token', () => {
    expect(feedTokenMatches(expected, expected)).toBe(true);
    expect(feedTokenMatches('f3a9c1d27be84e05a6c1', expected)).toBe(false);
    expect(feedTokenMatches(`${expected}0`, expected)).toBe(false);
    expect(feedTokenMatches('short', expected)).toBe(false);
    expect(feedTokenMatches('', expected)).toBe(false);
    expect(feedTokenMatches(undefined, expected)).toBe(false);
  });

  it('never matches an empty configured token', () => {
    expect(feedTokenMatches('', '')).toBe(false);
  });
});
