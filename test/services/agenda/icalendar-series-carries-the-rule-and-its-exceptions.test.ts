import { describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import type { Booking, OccurrenceOfSeries, Resource } from '../../../services/agenda/agenda-types.js';
import { renderCalendar } from '../../../services/agenda/icalendar-feed.js';

const resources = new Map<string, Resource>([
  ['room-1', { id: 'room-1', kind: 'room', name: 'Sala 1', capacity: 12, services: ['VC'], active: true }],
  ['room-2', { id: 'room-2', kind: 'room', name: 'Sala 2', capacity: 12, services: ['VC'], active: true }],
]);
const NOW = new Date('2026-05-04T16:00:00Z');

/** One occurrence's booking of a series whose rule gives `dates` at `local` start/end (ISO with offset, per date). */
function occurrence(series: Omit<OccurrenceOfSeries, 'date' | 'asked'>, date: string, asked: { start: string; end: string }, overrides: Partial<Booking> = {}): Booking {
  const start = new Date(asked.start);
  const end = new Date(asked.end);
  return {
    id: `bk-${date}`,
    requestId: 'req-7',
    folio: 'VC-2026-0007',
    service: 'VC',
    title: 'FI – Clase de redes',
    body: 'Clase semanal.',
    start,
    end,
    heldStart: start,
    heldEnd: end,
    roomId: 'room-1',
    equipmentIds: [],
    staffIds: [],
    status: 'confirmed',
    graphEventId: null,
    declinedBy: [],
    createdBy: 'asv',
    createdAt: new Date('2026-05-01T10:00:00Z'),
    updatedAt: new Date('2026-05-01T10:00:00Z'),
    series: { ...series, date, asked: { start, end } },
    ...overrides,
  };
}

function expand(ics: string): { uids: string[]; starts: string[]; rooms: string[] } {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  for (const timezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(timezone);
  const components = calendar.getAllSubcomponents('vevent');
  const master = components.find((component) => !component.hasProperty('recurrence-id'))!;
  const event = new ICAL.Event(master, { exceptions: components.filter((component) => component.hasProperty('recurrence-id')) });
  const iterator = event.iterator();
  const starts: string[] = [];
  const rooms: string[] = [];
  for (let next = iterator.next(); next; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    starts.push(details.startDate.toJSDate().toISOString());
    rooms.push(String(details.item.component.getFirstPropertyValue('location')));
  }
  return { uids: [...new Set(components.map((component) => String(component.getFirstPropertyValue('uid'))))], starts, rooms };
}

describe('a recurring event in the iCalendar feed', () => {
  it('is one VEVENT with its RRULE, an EXDATE for a cancelled date and a RECURRENCE-ID for a moved one', () => {
    const series = {
      rule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,TH;WKST=MO;COUNT=4',
      dates: ['2026-05-12', '2026-05-14', '2026-05-19', '2026-05-21'],
      first: { start: new Date('2026-05-12T10:00:00-06:00'), end: new Date('2026-05-12T12:00:00-06:00') },
    };
    const at = (date: string) => ({ start: `${date}T10:00:00-06:00`, end: `${date}T12:00:00-06:00` });
    const bookings = [
      occurrence(series, '2026-05-12', at('2026-05-12')),
      // Moved to 12:00–14:00 in another room.
      occurrence(series, '2026-05-14', at('2026-05-14'), { start: new Date('2026-05-14T12:00:00-06:00'), end: new Date('2026-05-14T14:00:00-06:00'), roomId: 'room-2' }),
      // 19 May was cancelled alone: no live booking.
      occurrence(series, '2026-05-21', at('2026-05-21')),
    ];
    const ics = renderCalendar(bookings, { calendarName: 'Agenda', timeZone: 'America/Mexico_City', resources, now: NOW });
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('\r\nRRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,TH;WKST=MO;COUNT=4\r\n');
    expect(unfolded).toContain('\r\nEXDATE;TZID=America/Mexico_City:20260519T100000\r\n');
    expect(unfolded).toContain('\r\nRECURRENCE-ID;TZID=America/Mexico_City:20260514T100000\r\n');
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(2);

    const expanded = expand(ics);
    expect(expanded.uids).toEqual(['series-req-7@vc-service-desk']);
    expect(expanded.starts).toEqual(['2026-05-12T16:00:00.000Z', '2026-05-14T18:00:00.000Z', '2026-05-21T16:00:00.000Z']);
    expect(expanded.rooms).toEqual(['Sala 1', 'Sala 2', 'Sala 1']);
  });

  it('keeps the local hour across a clock change when read back (Europe/Madrid, March)', () => {
    const series = {
      rule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;WKST=MO;COUNT=2',
      dates: ['2027-03-22', '2027-03-29'],
      first: { start: new Date('2027-03-22T09:00:00Z'), end: new Date('2027-03-22T10:00:00Z') },
    };
    const bookings = [
      occurrence(series, '2027-03-22', { start: '2027-03-22T09:00:00Z', end: '2027-03-22T10:00:00Z' }),
      occurrence(series, '2027-03-29', { start: '2027-03-29T08:00:00Z', end: '2027-03-29T09:00:00Z' }),
    ];
    const ics = renderCalendar(bookings, { calendarName: 'Agenda', timeZone: 'Europe/Madrid', resources, now: NOW });
    expect(ics).not.toContain('RECURRENCE-ID');
    expect(ics).not.toContain('EXDATE');
    expect(expand(ics).starts).toEqual(['2027-03-22T09:00:00.000Z', '2027-03-29T08:00:00.000Z']);
  });
});
