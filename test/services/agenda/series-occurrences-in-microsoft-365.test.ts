import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formAskingFor, seedCatalogue, slot } from '../../support/agenda-fixture.js';
import { openGraph, type GraphHarness } from '../../support/graph-harness.js';
import { commandId, eventually, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';

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

describe('a recurring event with Microsoft 365 configured', () => {
  it('puts each booked occurrence in the resources’ calendars, moves one’s event, and cancels the events of the request', async () => {
    const asv = fixture.actor(people.asv);
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    await fixture.desk.requests.execute(registered.request.id, { type: 'take' }, asv, commandId('take'));
    const data = { programName: 'Clase', siglas: 'FI', ...formAskingFor(slot('2027-10-05', '10:00', '12:00')), repeatWeekdays: ['TU'], repeatCount: 3 };
    const saved = await fixture.desk.requests.saveForm(registered.request.id, 'VC', data, asv, commandId('form'), { locale: 'es' });
    if (saved.outcome !== 'applied') throw new Error(saved.outcome);

    const free = await fixture.desk.agenda.bookOccurrences(saved.request.id, 'free', asv, commandId('free'));
    if (!free.ok) throw new Error(JSON.stringify(free.failure));
    const bookings = await Promise.all(free.booked.map((occurrence) => fixture.desk.agenda.booking(occurrence.bookingId!)));
    const events = bookings.map((booking) => graph.fixture.event(booking!.graphEventId!)!);
    expect(events.map((event) => event.start.dateTime)).toEqual(['2027-10-05T10:00:00', '2027-10-12T10:00:00', '2027-10-19T10:00:00']);
    expect(events.every((event) => event.attendees.some((attendee) => attendee.emailAddress.address === 'sala-vc-1@redes.example.edu'))).toBe(true);

    const moving = await fixture.desk.agenda.occurrenceToMove(free.request, '2027-10-12');
    const target = moving!.answer!.alternatives[0]!;
    const moved = await fixture.desk.agenda.bookOccurrences(saved.request.id, [{ date: '2027-10-12', option: target }], asv, commandId('move'));
    if (!moved.ok) throw new Error(JSON.stringify(moved.failure));
    const movedBooking = await fixture.desk.agenda.booking(moved.booked[0]!.bookingId!);
    expect(movedBooking?.graphEventId).toBe(bookings[1]!.graphEventId);
    expect(graph.fixture.event(movedBooking!.graphEventId!)?.start.dateTime).toBe(target.start.toLocaleString('sv-SE', { timeZone: 'America/Mexico_City' }).replace(' ', 'T'));

    const rejected = await fixture.desk.requests.execute(saved.request.id, { type: 'reject', reasons: 'Se canceló el curso' }, asv, commandId('reject'));
    expect(rejected.outcome).toBe('applied');
    await eventually(async () => graph.fixture.callsTo(/^POST .*\/cancel$/).length === 3);
    for (const event of events) expect(graph.fixture.event(event.id)).toBeUndefined();
  });
});
