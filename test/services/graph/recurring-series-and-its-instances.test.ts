import { afterEach, describe, expect, it } from '@jest/globals';
import type { CalendarSeriesDraft } from '../../../services/agenda/agenda-types.js';
import { businessZone, openGraph, utc, type GraphHarness } from '../../support/graph-harness.js';

let harness: GraphHarness | undefined;
afterEach(async () => {
  await harness?.fixture.stop();
  harness = undefined;
});

const room = 'Sala.Consejo@uni.example';
const technician = 'tecnico@uni.example';
const creations = 'POST /v1.0/users/agenda%40uni.example/events';

/** Tuesdays and Thursdays every other week, 10:00–12:00 in Mexico City, 10 March to 9 April 2026. */
function seriesDraft(): CalendarSeriesDraft {
  return {
    subject: 'FI – Clase de redes',
    bodyHtml: '<p>Folio VC-2026-0001</p>',
    start: utc(2026, 3, 10, 16),
    end: utc(2026, 3, 10, 18),
    timeZone: businessZone,
    location: 'Sala del Consejo',
    resourceMailboxes: [{ mailbox: room, name: 'Sala del Consejo' }],
    requiredMailboxes: [{ mailbox: technician, name: 'Técnico' }],
    transactionId: 'sr-series-1',
    recurrence: { weekdays: ['TU', 'TH'], interval: 2, startDate: '2026-03-10', endDate: '2026-04-09' },
  };
}

describe('a recurring series in the organizer calendar', () => {
  it('is one event with a weekly patternedRecurrence, created once although the first POST fails with 503', async () => {
    harness = await openGraph();
    harness.fixture.addMailboxes(room, technician);
    harness.fixture.failNext(creations, [{ status: 503, code: 'ServiceUnavailable' }]);

    const { eventId } = await harness.directory.createSeries(seriesDraft());

    const posts = harness.fixture.callsTo(creations);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.body).toMatchObject({
      start: { dateTime: '2026-03-10T10:00:00', timeZone: businessZone },
      end: { dateTime: '2026-03-10T12:00:00', timeZone: businessZone },
      recurrence: {
        pattern: { type: 'weekly', interval: 2, daysOfWeek: ['tuesday', 'thursday'], firstDayOfWeek: 'monday' },
        range: { type: 'endDate', startDate: '2026-03-10', endDate: '2026-04-09', recurrenceTimeZone: businessZone },
      },
      transactionId: 'sr-series-1',
    });
    expect(harness.fixture.instances(eventId)).toHaveLength(6);
    const listed = await harness.directory.seriesInstances(eventId, utc(2026, 3, 1), utc(2026, 5, 1));
    expect(listed.map((instance) => instance.start.toISOString())).toEqual([
      '2026-03-10T16:00:00.000Z',
      '2026-03-12T16:00:00.000Z',
      '2026-03-24T16:00:00.000Z',
      '2026-03-26T16:00:00.000Z',
      '2026-04-07T16:00:00.000Z',
      '2026-04-09T16:00:00.000Z',
    ]);
    expect(listed.every((instance) => instance.type === 'occurrence' && instance.originalStart.getTime() === instance.start.getTime())).toBe(true);
    const window = harness.fixture.callsTo(/\/instances$/)[0]!;
    expect(window.query).toMatchObject({ startDateTime: '2026-03-01T00:00:00.000Z', endDateTime: '2026-05-01T00:00:00.000Z' });
    expect(window.headers.prefer).toBe('outlook.timezone="UTC"');
  });

  it('moves one instance (an exception kept under its original start), cancels another alone, and cancels the whole series', async () => {
    harness = await openGraph();
    harness.fixture.addMailboxes(room, technician);
    const { eventId } = await harness.directory.createSeries(seriesDraft());
    const [first, second] = await harness.directory.seriesInstances(eventId, utc(2026, 3, 1), utc(2026, 5, 1));

    await harness.directory.updateEvent(second!.id, { ...seriesDraft(), start: utc(2026, 3, 13, 17), end: utc(2026, 3, 13, 19), location: 'Auditorio' });
    await harness.directory.cancelEvent(first!.id, 'Fecha sin evento');

    const listed = await harness.directory.seriesInstances(eventId, utc(2026, 3, 1), utc(2026, 5, 1));
    expect(listed).toHaveLength(5);
    expect(listed[0]).toMatchObject({ id: second!.id, type: 'exception', originalStart: utc(2026, 3, 12, 16), start: utc(2026, 3, 13, 17), end: utc(2026, 3, 13, 19) });
    expect(harness.fixture.event(second!.id)?.location.displayName).toBe('Auditorio');
    expect(harness.fixture.event(first!.id)).toBeUndefined();
    expect(harness.fixture.event(eventId)?.location.displayName).toBe('Sala del Consejo');

    await harness.directory.cancelEvent(eventId, 'Solicitud cancelada');
    expect(harness.fixture.event(eventId)).toBeUndefined();
    expect(harness.fixture.instances(eventId)).toEqual([]);
    await expect(harness.directory.seriesInstances(eventId, utc(2026, 3, 1), utc(2026, 5, 1))).rejects.toThrow(/404|not found/i);
    await expect(harness.directory.cancelEvent(second!.id, 'again')).resolves.toBeUndefined();
  });

  it("lists each instance with its attendees' answers: one date declined alone, then the whole series, across pages and a 429", async () => {
    harness = await openGraph();
    harness.fixture.addMailboxes(room, technician);
    const { eventId } = await harness.directory.createSeries(seriesDraft());
    const [, second] = await harness.directory.seriesInstances(eventId, utc(2026, 3, 1), utc(2026, 5, 1));
    harness.fixture.respond(second!.id, room, 'declined');
    harness.fixture.respond(eventId, technician, 'accepted');
    harness.fixture.failNext('/instances', [{ status: 429, retryAfterSeconds: 0 }]);
    const listedBefore = harness.fixture.callsTo(/\/instances$/).length;

    const listed = await harness.directory.seriesInstances(eventId, utc(2026, 3, 1), utc(2026, 5, 1));

    const answers = (response: string) => [
      { mailbox: room.toLowerCase(), response },
      { mailbox: technician, response: 'accepted' },
    ];
    expect(listed.map((instance) => instance.responses)).toEqual([answers('none'), answers('declined'), answers('none'), answers('none'), answers('none'), answers('none')]);
    const pages = harness.fixture.callsTo(/\/instances$/).slice(listedBefore);
    expect(pages.map((call) => call.status)).toEqual([429, 200, 200, 200]);
    expect(pages[0]!.query.$select?.split(',')).toEqual(expect.arrayContaining(['attendees', 'originalStart', 'start', 'end', 'isCancelled']));

    harness.fixture.respond(eventId, room, 'declined');
    const declinedSeries = await harness.directory.seriesInstances(eventId, utc(2026, 3, 1), utc(2026, 5, 1));
    expect(declinedSeries.map((instance) => instance.responses.find((answer) => answer.mailbox === room.toLowerCase())?.response)).toEqual(Array(6).fill('declined'));
    expect(await harness.directory.attendeeResponses(eventId)).toEqual(answers('declined'));
  });
});
