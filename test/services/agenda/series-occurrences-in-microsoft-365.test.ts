import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { formAskingFor, seedCatalogue, slot } from '../../support/agenda-fixture.js';
import type { FixtureEvent } from '../../support/graph-fixture.js';
import { openGraph, type GraphHarness } from '../../support/graph-harness.js';
import { commandId, eventually, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';

const zone = 'America/Mexico_City';
let graph: GraphHarness;
let fixture: Awaited<ReturnType<typeof openServiceDesk>>;

beforeAll(async () => {
  graph = await openGraph();
  graph.fixture.addMailboxes('sala-vc-1@redes.example.edu', 'sala-vc-2@redes.example.edu', 'auditorio@redes.example.edu', 'mcu-1@redes.example.edu', 'ana.robles@redes.example.edu', 'luis.mendoza@redes.example.edu');
  fixture = await openServiceDesk(import.meta.url, { directory: graph.directory });
  expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
});
afterAll(async () => {
  await fixture.close();
  await graph.fixture.stop();
});

/** The local date the series' pattern gives an instance. */
const dateOf = (instance: FixtureEvent) => DateTime.fromISO(String(instance.originalStart), { zone }).toISODate();
/** An instance's start as wall time in the business zone. */
const localStart = (instance: FixtureEvent) => DateTime.fromISO(`${instance.start.dateTime}`, { zone: instance.start.timeZone === 'UTC' ? 'utc' : instance.start.timeZone }).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");
const eventCreations = () => graph.fixture.callsTo(/^POST \/v1\.0\/users\/[^/]+\/events$/);

describe('a recurring event with Microsoft 365 configured', () => {
  it('is one series event with its recurrence; exceptions, a cancelled date and a move are its instances; cancelling the request cancels the series', async () => {
    const asv = fixture.actor(people.asv);
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    await fixture.desk.requests.execute(registered.request.id, { type: 'take' }, asv, commandId('take'));
    const data = { programName: 'Clase', siglas: 'FI', ...formAskingFor(slot('2027-10-05', '10:00', '12:00')), repeatWeekdays: ['TU'], repeatCount: 5, repeatExceptions: '2027-10-19' };
    const saved = await fixture.desk.requests.saveForm(registered.request.id, 'VC', data, asv, commandId('form'), { locale: 'es' });
    if (saved.outcome !== 'applied') throw new Error(saved.outcome);

    const freeCommand = commandId('free');
    const free = await fixture.desk.agenda.bookOccurrences(saved.request.id, 'free', asv, freeCommand);
    if (!free.ok) throw new Error(JSON.stringify(free.failure));
    expect(free.booked.map((occurrence) => occurrence.date)).toEqual(['2027-10-05', '2027-10-12', '2027-10-26', '2027-11-02']);
    const bookings = await Promise.all(free.booked.map((occurrence) => fixture.desk.agenda.booking(occurrence.bookingId!)));
    expect(eventCreations()).toHaveLength(1);
    const seriesId = bookings[0]!.series!.graphEventId!;
    expect(bookings.every((booking) => booking!.series?.graphEventId === seriesId && booking!.graphEventId === null)).toBe(true);
    const master = graph.fixture.event(seriesId)!;
    expect(master.type).toBe('seriesMaster');
    expect(master.start).toEqual({ dateTime: '2027-10-05T10:00:00', timeZone: zone });
    expect(master.end).toEqual({ dateTime: '2027-10-05T12:00:00', timeZone: zone });
    expect(master.recurrence).toEqual({
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' },
      range: { type: 'numbered', startDate: '2027-10-05', numberOfOccurrences: 5, recurrenceTimeZone: zone },
    });
    expect(master.attendees.some((attendee) => attendee.emailAddress.address === 'sala-vc-1@redes.example.edu' && attendee.type === 'resource')).toBe(true);
    expect(graph.fixture.instances(seriesId).map(dateOf)).toEqual(['2027-10-05', '2027-10-12', '2027-10-26', '2027-11-02']);
    expect(graph.fixture.instances(seriesId).map(localStart)).toEqual(['2027-10-05T10:00', '2027-10-12T10:00', '2027-10-26T10:00', '2027-11-02T10:00']);

    const again = await fixture.desk.agenda.bookOccurrences(saved.request.id, 'free', asv, freeCommand);
    expect(again.ok).toBe(true);
    expect(eventCreations()).toHaveLength(1);
    expect(graph.fixture.instances(seriesId)).toHaveLength(4);

    const moving = await fixture.desk.agenda.occurrenceToMove(free.request, '2027-10-12');
    const target = moving!.answer!.alternatives[0]!;
    const moved = await fixture.desk.agenda.bookOccurrences(saved.request.id, [{ date: '2027-10-12', option: target }], asv, commandId('move'));
    if (!moved.ok) throw new Error(JSON.stringify(moved.failure));
    const movedBooking = await fixture.desk.agenda.booking(moved.booked[0]!.bookingId!);
    expect(movedBooking?.series?.graphEventId).toBe(seriesId);
    await eventually(async () => (await fixture.desk.agenda.booking(bookings[1]!.id))?.status === 'released');
    const movedInstance = graph.fixture.instances(seriesId).find((instance) => dateOf(instance) === '2027-10-12')!;
    expect(movedInstance.type).toBe('exception');
    expect(localStart(movedInstance)).toBe(DateTime.fromJSDate(target.start, { zone }).toFormat("yyyy-MM-dd'T'HH:mm"));
    expect(graph.fixture.instances(seriesId)).toHaveLength(4);
    expect(eventCreations()).toHaveLength(1);

    const cancelled = await fixture.desk.requests.execute(saved.request.id, { type: 'cancel-occurrence', date: '2027-10-26' }, asv, commandId('cancel-one'));
    if (cancelled.outcome !== 'applied') throw new Error(cancelled.outcome);
    await eventually(async () => graph.fixture.instances(seriesId).length === 3);
    expect(graph.fixture.instances(seriesId).map(dateOf)).toEqual(['2027-10-05', '2027-10-12', '2027-11-02']);
    expect(graph.fixture.event(seriesId)).toBeDefined();

    const rejected = await fixture.desk.requests.execute(saved.request.id, { type: 'reject', reasons: 'Se canceló el curso' }, asv, commandId('reject'));
    expect(rejected.outcome).toBe('applied');
    await eventually(async () => graph.fixture.event(seriesId) === undefined);
    expect(graph.fixture.instances(seriesId)).toEqual([]);
    expect(eventCreations()).toHaveLength(1);
  });
});
