import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people } from '../../support/service-desk-fixture.js';
import { pausedAfterRecheck, requestReadyToBook, scriptedCalendar, seedCatalogue, slot } from '../../support/agenda-fixture.js';

/** The calendar stand-in's event update is made to hang: the booking process "dies" mid-reschedule. */
const directory = scriptedCalendar();

let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
beforeAll(async () => {
  fixture = await openServiceDesk(import.meta.url, { directory });
  expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
});
afterAll(async () => fixture.close());

describe('the stale-hold sweep after a reschedule died midway', () => {
  it('keeps the slots of the old booking, which is still confirmed and still on the request', async () => {
    const { desk, actor } = fixture;
    const request = await requestReadyToBook(fixture, 'Reprogramación interrumpida', slot('2027-05-11', '10:00', '11:00'));
    // Another request asks for 10:30–11:00 too; its click re-checks availability before anything is booked, so only
    // the slots the old booking still holds after the sweep can refuse it (below).
    const intruder = await requestReadyToBook(fixture, 'Intrusa', slot('2027-05-11', '10:30', '11:00'));
    const intruding = await pausedAfterRecheck(directory, () => desk.agenda.book(intruder.id, slot('2027-05-11', '10:30', '11:00'), actor(people.asv), commandId()));
    const first = await desk.agenda.book(request.id, slot('2027-05-11', '10:00', '11:00'), actor(people.asv), commandId());
    expect(first.ok).toBe(true);
    if (!first.ok) return;

    // The reschedule hangs in updateEvent; the test goes on once it is there (its slots are held by then).
    let stuck: () => void = () => {};
    const stuckInUpdate = new Promise<void>((resolve) => (stuck = resolve));
    directory.onUpdate = () => {
      stuck();
      return new Promise<void>(() => {});
    };
    const reschedule = desk.agenda.book(request.id, slot('2027-05-11', '10:30', '11:30'), actor(people.asv), commandId());
    await Promise.race([
      stuckInUpdate,
      reschedule.then((result) => {
        throw new Error(`the reschedule ended before reaching updateEvent: ${JSON.stringify(result)}`);
      }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 2)); // its hold is now strictly older than releaseStaleHolds(0)'s cut-off
    expect(await desk.agenda.releaseStaleHolds(0)).toBe(1);

    expect((await desk.requests.get(request.id))?.booking?.bookingId).toBe(first.booking.id);
    expect((await desk.agenda.booking(first.booking.id))?.status).toBe('confirmed');
    // The old booking (10:00–11:00) still stands, so nobody else may take its room and technician.
    const clash = await intruding.resume();
    expect(clash).toMatchObject({ ok: false, failure: { code: 'conflict' } });
  });
});
