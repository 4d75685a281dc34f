/** Random agendas for property tests of availability: a weekly series, busy times around it, what is asked. */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { agendaClock } from '../../../services/agenda/agenda-clock.js';
import type { BusyInterval, Resource } from '../../../services/agenda/agenda-types.js';
import type { AvailabilityQuery } from '../../../services/agenda/availability.js';
import { parseCatalogue } from '../../../services/agenda/resource-catalogue.js';
import type { SeriesAvailabilityInput } from '../../../services/agenda/series-availability.js';
import { BusinessCalendar, defaultBusinessCalendarSettings } from '../../../services/calendar/business-calendar.js';
import type { Occurrence } from '../../../services/forms/recurrence.js';
import type { OccurrenceReference } from '../../../services/requests/request-types.js';
import { seedCatalogue } from '../../support/agenda-fixture.js';

export const zone = 'America/Mexico_City';
const clock = agendaClock(zone, new BusinessCalendar(defaultBusinessCalendarSettings));
const parsed = parseCatalogue(seedCatalogue());
if (!parsed.ok) throw new Error('the seed catalogue is refused');
const catalogue: Resource[] = parsed.resources;
const quarter = 15 * 60_000;
export type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** A weekly series (Tuesdays and Thursdays) at one local time, some dates excepted. */
export const seriesShape = fc.record({
  firstDay: fc.integer({ min: 0, max: 300 }),
  startQuarter: fc.integer({ min: 28, max: 68 }),
  lengthQuarters: fc.integer({ min: 2, max: 12 }),
  count: fc.integer({ min: 2, max: 12 }),
  excepted: fc.array(fc.nat(), { maxLength: 2 }),
});

/** What blocks: intervals on the catalogue's resources (and one it does not know), ours and Microsoft 365's, on a 15-minute grid so that some start together. */
export const busyShape = fc.array(
  fc.record({
    resource: fc.integer({ min: 0, max: catalogue.length }),
    day: fc.integer({ min: 0, max: 60 }),
    startQuarter: fc.integer({ min: 24, max: 80 }),
    lengthQuarters: fc.oneof(fc.integer({ min: 1, max: 16 }), fc.constant(24 * 4 * 40)),
    graph: fc.boolean(),
  }),
  { maxLength: 140 },
);

export const queryShape = fc.record({
  room: fc.constantFrom<AvailabilityQuery['room']>('any', 'sala-vc-1', 'sala-vc-2', 'auditorio', null),
  participants: fc.integer({ min: 1, max: 40 }),
  equipmentIds: fc.subarray(['camara-ptz-1', 'camara-ptz-2', 'microfonos']),
  needsBridge: fc.boolean(),
  staffCount: fc.integer({ min: 1, max: 2 }),
  booked: fc.array(fc.record({ index: fc.nat(), cancelled: fc.boolean() }), { maxLength: 2 }),
});

export function seriesInput(shape: ValueOf<typeof seriesShape>, busyItems: ValueOf<typeof busyShape>, asked: ValueOf<typeof queryShape>): SeriesAvailabilityInput {
  let day = DateTime.fromISO('2027-02-01', { zone }).plus({ days: shape.firstDay });
  while (day.weekday !== 2 && day.weekday !== 4) day = day.plus({ days: 1 });
  const occurrences: Occurrence[] = [];
  for (; occurrences.length < shape.count; day = day.plus({ days: 1 })) {
    if (day.weekday !== 2 && day.weekday !== 4) continue;
    const date = day.toISODate()!;
    const start = day.startOf('day').plus({ minutes: shape.startQuarter * 15 }).toJSDate();
    const index = occurrences.length;
    occurrences.push({
      date,
      start,
      end: new Date(start.getTime() + shape.lengthQuarters * quarter),
      excepted: shape.excepted.some((excepted) => excepted % shape.count === index && index > 0),
      closure: !clock.isWorkingDay(date),
    });
  }
  const first = DateTime.fromJSDate(occurrences[0]!.start, { zone }).startOf('day');
  const busy: BusyInterval[] = busyItems.map((item, position) => {
    const start = first.plus({ days: item.day - 2, minutes: item.startQuarter * 15 }).toJSDate();
    const end = new Date(start.getTime() + item.lengthQuarters * quarter);
    const resourceId = catalogue[item.resource]?.id ?? 'retired-room';
    return item.graph
      ? { resourceId, start, end, source: 'graph', label: `Microsoft 365 ${position}` }
      : { resourceId, start, end, source: 'local', label: `FI – Evento ${position}`, bookingId: `bk-${position}`, event: { start, end } };
  });
  const booked = new Map<string, OccurrenceReference>();
  for (const { index, cancelled } of asked.booked) {
    const occurrence = occurrences[index % occurrences.length]!;
    booked.set(occurrence.date, {
      date: occurrence.date,
      bookingId: cancelled ? null : `bk-own-${index}`,
      start: occurrence.start,
      end: occurrence.end,
      resourceIds: [],
      ...(cancelled ? { cancelled: true } : {}),
    });
  }
  return {
    query: {
      service: 'VC',
      start: occurrences[0]!.start,
      end: occurrences[0]!.end,
      participants: asked.participants,
      room: asked.room,
      equipmentIds: asked.equipmentIds,
      needsBridge: asked.needsBridge,
      staffCount: asked.staffCount,
      ignoreBookingId: 'bk-3',
    },
    occurrences,
    booked,
    resources: catalogue,
    busy,
    buffers: { before: 30, after: 15 },
    clock,
    alternatives: 3,
  };
}

