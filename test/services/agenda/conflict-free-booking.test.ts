import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people, testConfig } from '../../support/service-desk-fixture.js';
import { requestReadyToBook, seedCatalogue, slot } from '../../support/agenda-fixture.js';

let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
beforeAll(async () => {
  fixture = await openServiceDesk(import.meta.url, { config: testConfig({ AGENDA_BUFFERS: 'VC:30/15' }) });
  const loaded = await fixture.desk.agenda.loadCatalogue(seedCatalogue());
  expect(loaded.ok).toBe(true);
});
afterAll(async () => fixture.close());

describe('booking the agenda', () => {
  it('lets exactly one of 50 concurrent overlapping bookings of one room succeed', async () => {
    const requests = [];
    for (let batch = 0; batch < 5; batch += 1) {
      requests.push(...(await Promise.all(Array.from({ length: 10 }, (_, index) => requestReadyToBook(fixture, `Sesión ${batch * 10 + index}`)))));
    }
    const results = await Promise.all(
      requests.map((request, index) =>
        fixture.desk.agenda.book(
          request.id,
          slot('2027-03-10', `10:${String(index % 4 * 15).padStart(2, '0')}`, '12:00', { staffIds: [index % 2 ? 'tec-ana' : 'tec-luis'] }),
          fixture.actor(people.asv),
          commandId('book'),
        ),
      ),
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
    const first = await requestReadyToBook(fixture, 'Mañana');
    const second = await requestReadyToBook(fixture, 'Mediodía');
    // VC holds 30 min before and 15 after: 09:00–10:00 holds 08:30–10:15; 10:45–11:45 holds 10:15–12:00.
    const results = await Promise.all([
      fixture.desk.agenda.book(first.id, slot('2027-03-11', '09:00', '10:00'), fixture.actor(people.asv), commandId()),
      fixture.desk.agenda.book(second.id, slot('2027-03-11', '10:45', '11:45'), fixture.actor(people.asv2), commandId()),
    ]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
  });

  it('refuses a booking that overlaps by one minute of set-up time, naming the blocking booking', async () => {
    const first = await requestReadyToBook(fixture, 'Primera');
    const second = await requestReadyToBook(fixture, 'Segunda');
    const booked = await fixture.desk.agenda.book(first.id, slot('2027-03-12', '09:00', '10:00'), fixture.actor(people.asv), commandId());
    expect(booked.ok).toBe(true);
    const refused = await fixture.desk.agenda.book(second.id, slot('2027-03-12', '10:40', '11:00', { staffIds: ['tec-luis'] }), fixture.actor(people.asv), commandId());
    expect(refused).toMatchObject({ ok: false, failure: { code: 'conflict', blocker: { resourceId: 'sala-vc-1', by: { label: 'FI – Primera' } } } });
  });

  it('books once when the same command arrives twice', async () => {
    const request = await requestReadyToBook(fixture, 'Reintento');
    const id = commandId('same');
    const first = await fixture.desk.agenda.book(request.id, slot('2027-03-15', '09:00', '10:00'), fixture.actor(people.asv), id);
    const again = await fixture.desk.agenda.book(request.id, slot('2027-03-15', '09:00', '10:00'), fixture.actor(people.asv), id);
    expect(first.ok && again.ok && first.booking.id === again.booking.id).toBe(true);
    const history = (await fixture.desk.requests.get(request.id))!.history;
    expect(history.filter((entry) => entry.kind === 'record-booking')).toHaveLength(1);
  });
});
