import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people } from '../../support/service-desk-fixture.js';
import { requestReadyToBook, scriptedCalendar, seedCatalogue, slot } from '../../support/agenda-fixture.js';

const directory = scriptedCalendar();

let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
beforeAll(async () => {
  fixture = await openServiceDesk(import.meta.url, { directory });
  expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
  await fixture.desk.start();
});
afterAll(async () => fixture.close());

describe('a reschedule that cannot be recorded', () => {
  it('does not hand the shared slots back to a booking released meanwhile (they would be held forever)', async () => {
    const { desk, actor } = fixture;
    const request = await requestReadyToBook(fixture, 'Reprogramada y rechazada', slot('2027-05-10', '10:00', '11:00'));
    const first = await desk.agenda.book(request.id, slot('2027-05-10', '10:00', '11:00'), actor(people.asv), commandId());
    expect(first.ok).toBe(true);

    // While the reschedule is publishing to Microsoft 365, another ASV rejects the request:
    // its release-booking effect releases the first booking.
    directory.onUpdate = async () => {
      directory.onUpdate = null;
      const rejected = await desk.requests.execute(request.id, { type: 'reject', reasons: 'Se suspendió' }, actor(people.asv2), commandId());
      expect(rejected.outcome).toBe('applied');
      await desk.dispatcher.idle();
    };
    const moved = await desk.agenda.book(request.id, slot('2027-05-10', '10:30', '11:30'), actor(people.asv), commandId());
    expect(moved).toMatchObject({ ok: false, failure: { code: 'request-changed' } });
    if (first.ok) expect((await desk.agenda.booking(first.booking.id))?.status).toBe('released');

    // Nothing is live at 10:30–11:00 any more…
    expect(await desk.agenda.bookingsBetween(new Date('2027-05-10T10:30:00-06:00'), new Date('2027-05-10T11:00:00-06:00'))).toEqual([]);
    // …so another request must be able to book the room and technician then.
    const other = await requestReadyToBook(fixture, 'Otra solicitud', slot('2027-05-10', '10:30', '11:00'));
    const booked = await desk.agenda.book(other.id, slot('2027-05-10', '10:30', '11:00'), actor(people.asv), commandId());
    expect(booked).toMatchObject({ ok: true });
  });
});
