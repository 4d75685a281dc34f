import { afterEach, describe, expect, it } from '@jest/globals';
import type { CalendarEventDraft } from '../../../services/agenda/agenda-types.js';
import { GraphCallError } from '../../../services/graph/graph-call-error.js';
import { businessZone, openGraph, organizer, utc, type GraphHarness } from '../../support/graph-harness.js';

let harness: GraphHarness | undefined;
afterEach(async () => {
  await harness?.fixture.stop();
  harness = undefined;
});

const room = 'Sala.Consejo@uni.example';
const codec = 'codec-1@uni.example';
const technician = 'tecnico@uni.example';

function draft(overrides: Partial<CalendarEventDraft> = {}): CalendarEventDraft {
  return {
    subject: 'UNAM – Seminario de redes',
    bodyHtml: '<p>Folio VC-2026-0001</p>',
    start: utc(2026, 3, 10, 16),
    end: utc(2026, 3, 10, 18),
    timeZone: businessZone,
    location: 'Sala del Consejo',
    resourceMailboxes: [
      { mailbox: room, name: 'Sala del Consejo' },
      { mailbox: codec, name: 'Codec 1' },
    ],
    requiredMailboxes: [{ mailbox: technician, name: 'Técnico' }],
    ...overrides,
  };
}

async function openWithMailboxes(): Promise<GraphHarness> {
  const opened = await openGraph();
  opened.fixture.addMailboxes(room, codec, technician);
  return opened;
}

describe('events in the organizer calendar', () => {
  it('creates the event with rooms and equipment as resource attendees and staff as required, and returns its id', async () => {
    harness = await openWithMailboxes();

    const { eventId } = await harness.directory.createEvent(draft());

    const [call] = harness.fixture.callsTo('POST /v1.0/users/agenda%40uni.example/events');
    expect(call!.status).toBe(201);
    expect(call!.body).toEqual({
      subject: 'UNAM – Seminario de redes',
      body: { contentType: 'HTML', content: '<p>Folio VC-2026-0001</p>' },
      start: { dateTime: '2026-03-10T10:00:00', timeZone: businessZone },
      end: { dateTime: '2026-03-10T12:00:00', timeZone: businessZone },
      location: { displayName: 'Sala del Consejo' },
      attendees: [
        { emailAddress: { address: room, name: 'Sala del Consejo' }, type: 'resource' },
        { emailAddress: { address: codec, name: 'Codec 1' }, type: 'resource' },
        { emailAddress: { address: technician, name: 'Técnico' }, type: 'required' },
      ],
    });
    expect(harness.fixture.event(eventId)?.organizer.emailAddress.address).toBe(organizer);
    const busy = await harness.directory.busyTimes([room], utc(2026, 3, 10), utc(2026, 3, 11));
    expect(busy.get(room.toLowerCase())).toEqual([{ start: utc(2026, 3, 10, 16), end: utc(2026, 3, 10, 18), label: 'UNAM – Seminario de redes' }]);
  });

  it('passes a draft transactionId on, so a repeated create gives back the same event', async () => {
    harness = await openWithMailboxes();
    const withKey = { ...draft(), transactionId: 'booking-1:1' };

    const first = await harness.directory.createEvent(withKey);
    const again = await harness.directory.createEvent(withKey);

    expect(again.eventId).toBe(first.eventId);
    expect(harness.fixture.callsTo('POST /v1.0/users/agenda%40uni.example/events').map((call) => (call.body as { transactionId?: string }).transactionId)).toEqual([
      'booking-1:1',
      'booking-1:1',
    ]);
  });

  it('shows a resource that declined in the attendee responses', async () => {
    harness = await openWithMailboxes();
    const { eventId } = await harness.directory.createEvent(draft());
    harness.fixture.respond(eventId, room, 'declined');
    harness.fixture.respond(eventId, technician, 'accepted');

    const responses = await harness.directory.attendeeResponses(eventId);

    expect(responses).toEqual([
      { mailbox: room.toLowerCase(), response: 'declined' },
      { mailbox: codec, response: 'none' },
      { mailbox: technician, response: 'accepted' },
    ]);
    expect(harness.fixture.callsTo(`GET /v1.0/users/agenda%40uni.example/events/`)[0]!.query).toEqual({ $select: 'attendees' });
  });

  it('moves the event with PATCH, keeping the attendees’ answers', async () => {
    harness = await openWithMailboxes();
    const { eventId } = await harness.directory.createEvent(draft());
    harness.fixture.respond(eventId, technician, 'accepted');

    await harness.directory.updateEvent(eventId, draft({ start: utc(2026, 3, 11, 16), end: utc(2026, 3, 11, 17), location: undefined }));

    expect(harness.fixture.callsTo('PATCH ')).toHaveLength(1);
    const event = harness.fixture.event(eventId)!;
    expect(event.start).toEqual({ dateTime: '2026-03-11T10:00:00', timeZone: businessZone });
    expect(event.location.displayName).toBe('');
    expect(event.attendees.find((attendee) => attendee.emailAddress.address === technician)?.status.response).toBe('accepted');
  });

  it('cancels the event, and cancelling an event already gone (404) is fine', async () => {
    harness = await openWithMailboxes();
    const { eventId } = await harness.directory.createEvent(draft());

    await harness.directory.cancelEvent(eventId, 'Solicitud cancelada');
    await harness.directory.cancelEvent(eventId, 'Solicitud cancelada');

    const cancels = harness.fixture.callsTo('/cancel');
    expect(cancels.map((call) => call.status)).toEqual([202, 404]);
    expect(cancels[0]!.body).toEqual({ comment: 'Solicitud cancelada' });
    expect(harness.fixture.event(eventId)).toBeUndefined();
  });

  it('throws a failure other than 404 on cancel, naming the call', async () => {
    harness = await openWithMailboxes();
    const { eventId } = await harness.directory.createEvent(draft());
    harness.fixture.failNext('/cancel', [{ status: 403, code: 'ErrorAccessDenied', message: 'Access is denied.' }]);

    await expect(harness.directory.cancelEvent(eventId, 'x')).rejects.toThrow(GraphCallError);
    await expect(harness.directory.cancelEvent(eventId, 'x')).resolves.toBeUndefined();
  });
});
