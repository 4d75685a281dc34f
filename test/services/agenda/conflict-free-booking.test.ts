import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people, testConfig } from '../../support/service-desk-fixture.js';
import { bookTogether, pausedAfterRecheck, requestReadyToBook, scriptedCalendar, seedCatalogue, slot } from '../../support/agenda-fixture.js';

/** Nobody is busy in it; it holds a booking after its availability re-check when a test needs two clicks at the same instant. */
const directory = scriptedCalendar();

let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
beforeAll(async () => {
  fixture = await openServiceDesk(import.meta.url, { config: testConfig({ AGENDA_BUFFERS: 'VC:30/15' }), directory });
  const loaded = await fixture.desk.agenda.loadCatalogue(seedCatalogue());
  expect(loaded.ok).toBe(true);
});
// Closing waits until the effects of the 55 registrations (their notices) are dispatched, which can take longer than jest’s default 30 s.
afterAll(async () => fixture.close(), 120_000);

describe('booking the agenda', () => {
  it('lets exactly one of 50 concurrent overlapping bookings of one room succeed', async () => {
    // Each request's form asks for its own slot (12:00–12:45 to 14:00, held from 11:30, when both technicians work).
    const option = (index: number) => slot('2027-03-10', `12:${String(index % 4 * 15).padStart(2, '0')}`, '14:00', { staffIds: [index % 2 ? 'tec-ana' : 'tec-luis'] });
    const requests = [];
    for (let batch = 0; batch < 5; batch += 1) {
      requests.push(...(await Promise.all(Array.from({ length: 10 }, (_, index) => requestReadyToBook(fixture, `Sesión ${batch * 10 + index}`, option(batch * 10 + index))))));
    }
    // All 50 pass the availability re-check before any holds a slot: only the slots' unique keys can decide.
    const results = await bookTogether(
      directory,
      requests.map((request, index) => () => fixture.desk.agenda.book(request.id, option(index), fixture.actor(people.asv), commandId('book'))),
    );
    const winners = results.filter((result) => result.ok);
    expect(winners).toHaveLength(1);
    for (const result of results) {
      if (!result.ok) expect(result.failure).toMatchObject({ code: 'conflict', blocker: { reason: 'busy' } });
    }
    const booked = await fixture.desk.agenda.bookingsBetween(new Date('2027-03-10T00:00:00-06:00'), new Date('2027-03-11T00:00:00-06:00'), 'sala-vc-1');
    expect(booked).toHaveLength(1);
    const winner = winners[0]!;
    if (winner.ok) {
      expect(winner.request.booking?.bookingId).toBe(winner.booking.id);
      expect(winner.booking.title).toMatch(/^FI – Sesión \d+$/);
    }
  }, 120_000);

  it('lets two bookings whose held intervals only touch both succeed', async () => {
    const morning = slot('2027-03-11', '09:00', '10:00');
    const noon = slot('2027-03-11', '10:45', '11:45');
    const first = await requestReadyToBook(fixture, 'Mañana', morning);
    const second = await requestReadyToBook(fixture, 'Mediodía', noon);
    // VC holds 30 min before and 15 after: 09:00–10:00 holds 08:30–10:15; 10:45–11:45 holds 10:15–12:00.
    const results = await Promise.all([
      fixture.desk.agenda.book(first.id, morning, fixture.actor(people.asv), commandId()),
      fixture.desk.agenda.book(second.id, noon, fixture.actor(people.asv2), commandId()),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
  });

  it('refuses a booking that overlaps by one minute of set-up time, naming the blocking booking', async () => {
    // 11:00–12:00 holds 11:00–12:15 of Sala VC 1 and Ana; 12:40–13:00 holds 12:10–13:15 of the room and Luis (at work from 11:00).
    const earlier = slot('2027-03-12', '11:00', '12:00');
    const later = slot('2027-03-12', '12:40', '13:00', { staffIds: ['tec-luis'] });
    const first = await requestReadyToBook(fixture, 'Primera', earlier);
    const second = await requestReadyToBook(fixture, 'Segunda', later);
    // The second click re-checks availability before the first holds anything (both at the same instant).
    const secondClick = await pausedAfterRecheck(directory, () => fixture.desk.agenda.book(second.id, later, fixture.actor(people.asv), commandId()));
    const booked = await fixture.desk.agenda.book(first.id, earlier, fixture.actor(people.asv), commandId());
    expect(booked.ok).toBe(true);
    const refused = await secondClick.resume();
    expect(refused).toMatchObject({ ok: false, failure: { code: 'conflict', blocker: { resourceId: 'sala-vc-1', by: { label: 'FI – Primera' } } } });
  });

  it('books once when the same command arrives twice', async () => {
    const request = await requestReadyToBook(fixture, 'Reintento', slot('2027-03-15', '09:00', '10:00'));
    const id = commandId('same');
    const first = await fixture.desk.agenda.book(request.id, slot('2027-03-15', '09:00', '10:00'), fixture.actor(people.asv), id);
    const again = await fixture.desk.agenda.book(request.id, slot('2027-03-15', '09:00', '10:00'), fixture.actor(people.asv), id);
    expect(first.ok && again.ok && first.booking.id === again.booking.id).toBe(true);
    const history = (await fixture.desk.requests.get(request.id))!.history;
    expect(history.filter((entry) => entry.kind === 'record-booking')).toHaveLength(1);
  });
});
