import { afterEach, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import type { Booking, Resource } from '../../../services/agenda/agenda-types.js';
import { renderCalendar } from '../../../services/agenda/icalendar-feed.js';

const MEXICO_CITY = 'America/Mexico_City';
const TIJUANA = 'America/Tijuana';

function booking(id: string, start: string, end: string): Booking {
  return {
    id,
    requestId: `req-${id}`,
    folio: `VC-2026-${id}`,
    service: 'VC',
    title: `Evento ${id}`,
    body: '',
    start: new Date(start),
    end: new Date(end),
    heldStart: new Date(start),
    heldEnd: new Date(end),
    roomId: null,
    equipmentIds: [],
    staffIds: [],
    status: 'confirmed',
    graphEventId: null,
    declinedBy: [],
    createdBy: 'asv@example.org',
    createdAt: new Date('2020-01-01T00:00:00Z'),
    updatedAt: new Date('2020-01-01T00:00:00Z'),
  };
}

const render = (bookings: Booking[], timeZone: string) =>
  renderCalendar(bookings, { calendarName: 'Agenda', timeZone, resources: new Map<string, Resource>(), now: new Date('2026-01-15T12:00:00Z') });

function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  const vtimezone = calendar.getFirstSubcomponent('vtimezone')!;
  const observances = vtimezone.getAllSubcomponents().map((observance) => ({
    kind: observance.name,
    start: observance.getFirstProperty('dtstart')!.toICALString(),
    from: observance.getFirstProperty('tzoffsetfrom')!.toICALString(),
    to: observance.getFirstProperty('tzoffsetto')!.toICALString(),
  }));
  const events = new Map(
    calendar.getAllSubcomponents('vevent').map((component) => {
      const event = new ICAL.Event(component);
      const tzid = component.getFirstProperty('dtstart')!.getParameter('tzid');
      if (tzid) expect([event.startDate.zone?.tzid, event.endDate.zone?.tzid]).toEqual([tzid, tzid]);
      return [event.uid.replace(/@.*/, ''), { start: event.startDate.toJSDate(), end: event.endDate.toJSDate(), tzid }];
    }),
  );
  return { vtimezone, observances, events };
}

function expectInstantsKept(bookings: Booking[], timeZone: string) {
  const { events } = parse(render(bookings, timeZone));
  expect(events.size).toBe(bookings.length);
  for (const item of bookings) {
    expect({ id: item.id, start: events.get(item.id)?.start, end: events.get(item.id)?.end }).toEqual({ id: item.id, start: item.start, end: item.end });
  }
  return events;
}

/** Whether another instant shows the same wall-clock time (the repeated hour of a fall-back). */
function isAmbiguous(zone: string, instant: number): boolean {
  const offset = (at: number) => IANAZone.create(zone).offset(at) * 60_000;
  const wall = instant + offset(instant);
  return [offset(instant - 3 * 3_600_000), offset(instant + 3 * 3_600_000)].some(
    (other) => other !== offset(instant) && offset(wall - other) === other,
  );
}

afterEach(() => ICAL.TimezoneService.reset());

describe('event times in America/Mexico_City', () => {
  it('has a single STANDARD observance at -0600 since daylight saving was abolished', () => {
    const { observances } = parse(render([booking('1', '2026-03-10T16:00:00Z', '2026-03-10T17:00:00Z')], MEXICO_CITY));
    expect(observances).toEqual([{ kind: 'standard', start: 'DTSTART:20221030T020000', from: 'TZOFFSETFROM:-0500', to: 'TZOFFSETTO:-0600' }]);
  });

  it('keeps the instants of 2026 bookings in March and November (no change any more)', () => {
    const events = expectInstantsKept(
      [
        booking('mar-before', '2026-03-06T16:00:00Z', '2026-03-06T18:00:00Z'),
        booking('mar-after', '2026-03-09T16:00:00Z', '2026-03-09T18:00:00Z'),
        booking('nov-before', '2026-10-30T16:00:00Z', '2026-10-30T18:00:00Z'),
        booking('nov-after', '2026-11-02T16:00:00Z', '2026-11-02T18:00:00Z'),
      ],
      MEXICO_CITY,
    );
    expect(events.get('mar-before')?.tzid).toBe(MEXICO_CITY);
  });

  it('keeps the instants of 2022 bookings on both sides of the April and October changes', () => {
    const { observances } = parse(render([booking('x', '2022-06-01T15:00:00Z', '2022-06-01T16:00:00Z')], MEXICO_CITY));
    expect(observances).toContainEqual({ kind: 'daylight', start: 'DTSTART:20220403T020000', from: 'TZOFFSETFROM:-0600', to: 'TZOFFSETTO:-0500' });
    expect(observances).toContainEqual({ kind: 'standard', start: 'DTSTART:20221030T020000', from: 'TZOFFSETFROM:-0500', to: 'TZOFFSETTO:-0600' });
    expectInstantsKept(
      [
        booking('apr-before', '2022-04-02T16:00:00-06:00', '2022-04-02T18:00:00-06:00'),
        booking('apr-after', '2022-04-04T10:00:00-05:00', '2022-04-04T12:00:00-05:00'),
        booking('across-apr', '2022-04-02T23:00:00-06:00', '2022-04-03T09:00:00-05:00'),
        booking('oct-before', '2022-10-29T10:00:00-05:00', '2022-10-29T12:00:00-05:00'),
        booking('oct-after', '2022-10-31T10:00:00-06:00', '2022-10-31T12:00:00-06:00'),
        booking('across-oct', '2022-10-29T23:00:00-05:00', '2022-10-30T09:00:00-06:00'),
        booking('in-2026', '2026-07-01T10:00:00-06:00', '2026-07-01T12:00:00-06:00'),
      ],
      MEXICO_CITY,
    );
  });
});

describe('event times in America/Tijuana', () => {
  it('has a DAYLIGHT and a STANDARD observance per year, at the real instants', () => {
    const { observances } = parse(render([booking('1', '2026-06-01T17:00:00Z', '2026-06-01T18:00:00Z')], TIJUANA));
    expect(observances).toEqual([
      { kind: 'standard', start: 'DTSTART:20251102T020000', from: 'TZOFFSETFROM:-0700', to: 'TZOFFSETTO:-0800' },
      { kind: 'daylight', start: 'DTSTART:20260308T020000', from: 'TZOFFSETFROM:-0800', to: 'TZOFFSETTO:-0700' },
      { kind: 'standard', start: 'DTSTART:20261101T020000', from: 'TZOFFSETFROM:-0700', to: 'TZOFFSETTO:-0800' },
    ]);
  });

  it('keeps the instants of bookings on both sides of the March and November changes', () => {
    const events = expectInstantsKept(
      [
        booking('mar-before', '2026-03-06T10:30:00-08:00', '2026-03-06T12:00:00-08:00'),
        booking('mar-eve', '2026-03-07T22:00:00-08:00', '2026-03-08T01:30:00-08:00'),
        booking('across-mar', '2026-03-08T01:00:00-08:00', '2026-03-08T04:00:00-07:00'),
        booking('mar-after', '2026-03-09T10:30:00-07:00', '2026-03-09T12:00:00-07:00'),
        booking('nov-before', '2026-10-30T10:30:00-07:00', '2026-10-30T12:00:00-07:00'),
        booking('across-nov', '2026-10-31T23:00:00-07:00', '2026-11-01T03:00:00-08:00'),
        booking('nov-after', '2026-11-02T10:30:00-08:00', '2026-11-02T12:00:00-08:00'),
      ],
      TIJUANA,
    );
    expect(events.get('across-mar')?.tzid).toBe(TIJUANA);
  });

  it('writes times in the repeated hour of November in UTC, keeping both passes apart', () => {
    const events = expectInstantsKept(
      [
        booking('first-pass', '2026-11-01T01:15:00-07:00', '2026-11-01T01:45:00-07:00'),
        booking('second-pass', '2026-11-01T01:15:00-08:00', '2026-11-01T01:45:00-08:00'),
        booking('ends-in-it', '2026-10-31T23:00:00-07:00', '2026-11-01T01:30:00-08:00'),
      ],
      TIJUANA,
    );
    expect([...events.values()].map((event) => event.tzid)).toEqual([undefined, undefined, undefined]);
  });

  it('covers every year from the first booking to the last', () => {
    const { observances } = parse(
      render([booking('a', '2024-02-01T18:00:00Z', '2024-02-01T19:00:00Z'), booking('b', '2027-12-01T18:00:00Z', '2027-12-01T19:00:00Z')], TIJUANA),
    );
    const years = observances.map((observance) => observance.start.slice(8, 12));
    expect(new Set(years)).toEqual(new Set(['2023', '2024', '2025', '2026', '2027']));
    expect(observances).toHaveLength(9);
  });
});

describe('the VTIMEZONE against the zone database', () => {
  it.each([
    [TIJUANA, '2026'],
    [MEXICO_CITY, '2022'],
    [MEXICO_CITY, '2026'],
  ])('gives %s the offset Luxon gives in %s (every 7 hours, every unambiguous hour near a change)', (zone, year) => {
    const { vtimezone } = parse(render([booking('1', `${year}-06-01T18:00:00Z`, `${year}-06-01T19:00:00Z`)], zone));
    const icalZone = new ICAL.Timezone(vtimezone);
    const mismatches: string[] = [];
    const end = DateTime.fromISO(`${Number(year) + 1}-01-01T00:00`, { zone }).toMillis();
    const start = DateTime.fromISO(`${year}-01-01T00:00`, { zone }).toMillis();
    const changeDays: number[] = [];
    for (let day = start; day < end; day += 86_400_000) {
      if (IANAZone.create(zone).offset(day) !== IANAZone.create(zone).offset(day + 86_400_000)) changeDays.push(day);
    }
    const nearChange = (at: number) => changeDays.some((day) => at >= day - 86_400_000 && at <= day + 2 * 86_400_000);
    for (let instant = start; instant < end; instant += 3_600_000) {
      if ((instant % (7 * 3_600_000) !== 0 && !nearChange(instant)) || isAmbiguous(zone, instant)) continue;
      const local = DateTime.fromMillis(instant, { zone });
      const { year: y, month, day, hour, minute, second } = local;
      const time = ICAL.Time.fromData({ year: y, month, day, hour, minute, second, isDate: false }, icalZone);
      if (time.toJSDate().getTime() !== instant) mismatches.push(local.toISO()!);
    }
    expect(mismatches).toEqual([]);
  });

  it('gives a zone without changes since 1970 one STANDARD observance', () => {
    const { observances, events } = parse(render([booking('1', '2026-06-01T18:00:00Z', '2026-06-01T19:00:00Z')], 'UTC'));
    expect(observances).toEqual([{ kind: 'standard', start: 'DTSTART:19700101T000000', from: 'TZOFFSETFROM:+0000', to: 'TZOFFSETTO:+0000' }]);
    expect(events.get('1')?.start).toEqual(new Date('2026-06-01T18:00:00Z'));
  });
});
