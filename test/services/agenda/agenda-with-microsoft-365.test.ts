import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphMailTransport } from '../../../services/graph/graph-mail-transport.js';
import { commandId, eventually, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';
import { requestReadyToBook, seedCatalogue, slot } from '../../support/agenda-fixture.js';
import { openGraph, type GraphHarness } from '../../support/graph-harness.js';

let graph: GraphHarness;
let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
const mailFrom = 'videoconferencia@uni.example';

beforeAll(async () => {
  graph = await openGraph();
  graph.fixture.addMailboxes(mailFrom, 'sala-vc-1@redes.example.edu', 'sala-vc-2@redes.example.edu', 'auditorio@redes.example.edu', 'mcu-1@redes.example.edu', 'ana.robles@redes.example.edu', 'luis.mendoza@redes.example.edu');
  fixture = await openServiceDesk(import.meta.url, { directory: graph.directory, mail: new GraphMailTransport(graph.graph, mailFrom) });
  expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
});
afterAll(async () => {
  await fixture.close();
  await graph.fixture.stop();
});

const at = (date: string, time: string) => new Date(`${date}T${time}:00-06:00`);

describe('the agenda with Microsoft 365 configured', () => {
  it('merges what others booked in Microsoft 365 with our own bookings', async () => {
    graph.fixture.addBusy('sala-vc-1@redes.example.edu', { start: at('2027-05-03', '09:00'), end: at('2027-05-03', '11:00'), subject: 'Junta de Dirección' });
    const answer = await fixture.desk.agenda.availability({
      service: 'VC', start: at('2027-05-03', '10:00'), end: at('2027-05-03', '11:00'), participants: 10, room: 'sala-vc-1', equipmentIds: [], needsBridge: false, staffCount: 1,
    });
    expect(answer.free).toBe(false);
    expect(answer.blockers).toContainEqual(expect.objectContaining({ resourceId: 'sala-vc-1', reason: 'busy', by: expect.objectContaining({ source: 'graph', label: 'Junta de Dirección' }) }));
    expect(graph.fixture.callsTo('getSchedule')).toHaveLength(1);
  });

  it('creates the event with rooms and equipment as resources and staff as required attendees, and flags a decline', async () => {
    // A multipoint form: the MCU is the bridge it needs.
    const withBridge = slot('2027-05-04', '10:00', '12:00', { equipmentIds: ['mcu-1'] });
    const request = await requestReadyToBook(fixture, 'Defensa de tesis', withBridge);
    const booked = await fixture.desk.agenda.book(request.id, withBridge, fixture.actor(people.asv), commandId());
    expect(booked.ok).toBe(true);
    if (!booked.ok) return;
    const event = graph.fixture.event(booked.booking.graphEventId!)!;
    expect(event.subject).toBe('FI – Defensa de tesis');
    expect(event.attendees.map((attendee) => [attendee.emailAddress.address, attendee.type]).sort()).toEqual([
      ['ana.robles@redes.example.edu', 'required'],
      ['mcu-1@redes.example.edu', 'resource'],
      ['sala-vc-1@redes.example.edu', 'resource'],
    ]);

    graph.fixture.respond(event.id, 'mcu-1@redes.example.edu', 'declined');
    expect(await fixture.desk.agenda.refreshResponses(booked.booking.id)).toEqual([{ bookingId: booked.booking.id, declinedBy: ['mcu-1@redes.example.edu'] }]);
    expect((await fixture.desk.agenda.booking(booked.booking.id))?.declinedBy).toEqual(['mcu-1@redes.example.edu']);
  });

  it('moves the same event on reschedule and cancels it on release', async () => {
    const request = await requestReadyToBook(fixture, 'Coloquio', slot('2027-05-05', '10:00', '11:00'));
    const first = await fixture.desk.agenda.book(request.id, slot('2027-05-05', '10:00', '11:00'), fixture.actor(people.asv), commandId());
    const moved = await fixture.desk.agenda.book(request.id, slot('2027-05-05', '12:00', '13:00', { staffIds: ['tec-luis'] }), fixture.actor(people.asv), commandId());
    expect(first.ok && moved.ok).toBe(true);
    if (!first.ok || !moved.ok) return;
    expect(moved.booking.graphEventId).toBe(first.booking.graphEventId);
    expect(graph.fixture.event(moved.booking.graphEventId!)?.start.dateTime).toBe('2027-05-05T12:00:00');
    await eventually(async () => (await fixture.desk.agenda.booking(first.booking.id))?.status === 'released');
    expect(graph.fixture.callsTo(/\/cancel$/)).toHaveLength(0);

    await fixture.desk.agenda.release(moved.booking.id);
    const cancels = graph.fixture.callsTo(/^POST .*\/cancel$/);
    expect(cancels).toHaveLength(1);
    expect(decodeURIComponent(cancels[0]!.path)).toContain(moved.booking.graphEventId!);
  });

  it('frees the slots of a first booking whose Microsoft 365 event cannot be created, so the time can be booked again', async () => {
    const request = await requestReadyToBook(fixture, 'Sin calendario', slot('2027-05-06', '10:00', '11:00'));
    graph.fixture.failNext(/^POST .*\/events$/, [{ status: 400, code: 'ErrorInvalidRequest', message: 'The request is invalid.' }]);
    const failed = await fixture.desk.agenda.book(request.id, slot('2027-05-06', '10:00', '11:00'), fixture.actor(people.asv), commandId());
    expect(failed).toMatchObject({ ok: false, failure: { code: 'calendar-unavailable' } });
    expect((await fixture.desk.requests.get(request.id))?.booking).toBeNull();

    const again = await fixture.desk.agenda.book(request.id, slot('2027-05-06', '10:00', '11:00'), fixture.actor(people.asv), commandId());
    expect(again.ok).toBe(true);
  });

  it('sends a notification mail that fails twice through Graph once, after the durable retries', async () => {
    // The notices of the earlier tests' requests are sent in the background; none may take the two failures.
    await fixture.desk.dispatcher.idle();
    graph.fixture.failNext('sendMail', [{ status: 503 }, { status: 503 }]);
    await fixture.desk.start();
    const registered = await fixture.desk.requests.register(registration({ assignee: people.asv2 }), fixture.actor(people.hd), commandId());
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const sent = await eventually(async () => {
      const mails = graph.fixture.sentMail.filter((mail) => mail.message.subject.includes(registered.request.folio));
      return mails.length ? mails : undefined;
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message.toRecipients).toEqual([{ emailAddress: { address: people.asv2.email } }]);
    expect(graph.fixture.callsTo('sendMail').length).toBeGreaterThanOrEqual(3);
    const delivery = await eventually(async () =>
      (await fixture.desk.dispatcher.deliveriesOf(registered.request.id)).find((item) => item.effect.type === 'notify-assignee' && !item.step && item.status === 'delivered'),
    );
    expect(delivery.attempts).toBe(3);
  });
});
