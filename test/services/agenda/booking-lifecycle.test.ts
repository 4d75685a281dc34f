import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, eventually, openServiceDesk, people } from '../../support/service-desk-fixture.js';
import { requestReadyToBook, seedCatalogue, slot } from '../../support/agenda-fixture.js';

let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
beforeAll(async () => {
  fixture = await openServiceDesk(import.meta.url);
  expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
  await fixture.desk.start();
});
afterAll(async () => fixture.close());

const day = (date: string) => [new Date(`${date}T00:00:00-06:00`), new Date(`${date}T23:59:00-06:00`)] as const;

describe('a booking through the life of its request', () => {
  it('is released when the request becomes No Procede, and again Cancelada changes nothing', async () => {
    const request = await requestReadyToBook(fixture, 'Cancelable');
    const booked = await fixture.desk.agenda.book(request.id, slot('2027-04-05', '10:00', '11:00'), fixture.actor(people.asv), commandId());
    expect(booked.ok).toBe(true);
    const rejected = await fixture.desk.requests.execute(request.id, { type: 'reject', reasons: 'El evento se suspendió' }, fixture.actor(people.asv), commandId());
    expect(rejected.outcome).toBe('applied');
    await eventually(async () => (await fixture.desk.agenda.bookingsBetween(...day('2027-04-05'))).length === 0);
    if (booked.ok) expect((await fixture.desk.agenda.booking(booked.booking.id))?.status).toBe('released');

    const other = await requestReadyToBook(fixture, 'Otra');
    expect((await fixture.desk.agenda.book(other.id, slot('2027-04-05', '10:00', '11:00'), fixture.actor(people.asv), commandId())).ok).toBe(true);
    const cancelled = await fixture.desk.requests.execute(request.id, { type: 'cancel' }, fixture.actor(people.dau), commandId());
    expect(cancelled.outcome).toBe('applied');
    await fixture.desk.dispatcher.idle();
    expect((await fixture.desk.agenda.bookingsBetween(...day('2027-04-05'))).map((booking) => booking.requestId)).toEqual([other.id]);
  });

  it('moves on reschedule (keeping the slots both share) and releases what the old one no longer needs', async () => {
    const request = await requestReadyToBook(fixture, 'Movible');
    const first = await fixture.desk.agenda.book(request.id, slot('2027-04-06', '10:00', '11:00'), fixture.actor(people.asv), commandId());
    const moved = await fixture.desk.agenda.book(request.id, slot('2027-04-06', '10:30', '11:30'), fixture.actor(people.asv), commandId());
    expect(first.ok && moved.ok).toBe(true);
    if (!first.ok || !moved.ok) return;
    expect(moved.request.booking?.bookingId).toBe(moved.booking.id);
    await eventually(async () => (await fixture.desk.agenda.booking(first.booking.id))?.status === 'released');
    const live = await fixture.desk.agenda.bookingsBetween(...day('2027-04-06'));
    expect(live.map((booking) => booking.id)).toEqual([moved.booking.id]);

    const neighbour = await requestReadyToBook(fixture, 'Vecina');
    const before = await fixture.desk.agenda.book(neighbour.id, slot('2027-04-06', '08:00', '09:00'), fixture.actor(people.asv), commandId());
    expect(before.ok).toBe(true);
    const clash = await fixture.desk.agenda.book(neighbour.id, slot('2027-04-06', '10:00', '11:00'), fixture.actor(people.asv), commandId());
    expect(clash).toMatchObject({ ok: false, failure: { code: 'conflict' } });
  });

  it('is refused to someone who may not book (the requester, Help Desk), holding nothing', async () => {
    const request = await requestReadyToBook(fixture, 'Solo el ASV reserva');
    for (const person of [people.requester, people.hd]) {
      const refused = await fixture.desk.agenda.book(request.id, slot('2027-04-09', '10:00', '11:00'), fixture.actor(person), commandId());
      expect(refused).toMatchObject({ ok: false, failure: { code: 'refused', rejection: { code: 'not-authorised' } } });
    }
    expect(await fixture.desk.agenda.bookingsBetween(...day('2027-04-09'))).toEqual([]);
    expect((await fixture.desk.requests.get(request.id))?.booking).toBeNull();
    expect((await fixture.desk.agenda.book(request.id, slot('2027-04-09', '10:00', '11:00'), fixture.actor(people.asv), commandId())).ok).toBe(true);
  });

  it('never loses the old booking when the new one fails', async () => {
    const blocker = await requestReadyToBook(fixture, 'Ocupa la tarde');
    expect((await fixture.desk.agenda.book(blocker.id, slot('2027-04-07', '15:00', '16:00'), fixture.actor(people.asv), commandId())).ok).toBe(true);
    const request = await requestReadyToBook(fixture, 'Mañanera');
    const kept = await fixture.desk.agenda.book(request.id, slot('2027-04-07', '09:00', '10:00'), fixture.actor(people.asv), commandId());
    expect(kept.ok).toBe(true);
    const failed = await fixture.desk.agenda.book(request.id, slot('2027-04-07', '15:30', '16:30'), fixture.actor(people.asv), commandId());
    expect(failed).toMatchObject({ ok: false, failure: { code: 'conflict', blocker: { resourceId: 'sala-vc-1' } } });
    const current = await fixture.desk.requests.get(request.id);
    if (kept.ok) {
      expect(current?.booking?.bookingId).toBe(kept.booking.id);
      expect((await fixture.desk.agenda.booking(kept.booking.id))?.status).toBe('confirmed');
    }
    const intruder = await requestReadyToBook(fixture, 'Intrusa');
    expect((await fixture.desk.agenda.book(intruder.id, slot('2027-04-07', '09:00', '10:00', { staffIds: ['tec-luis'] }), fixture.actor(people.asv), commandId())).ok).toBe(false);
  });

  it('lets the request finish only with the form complete and the booking recorded', async () => {
    const request = await requestReadyToBook(fixture, 'Sin formulario completo');
    expect((await fixture.desk.agenda.book(request.id, slot('2027-04-08', '10:00', '11:00'), fixture.actor(people.asv), commandId())).ok).toBe(true);
    const refused = await fixture.desk.requests.execute(request.id, { type: 'finish' }, fixture.actor(people.asv), commandId());
    expect(refused).toMatchObject({ outcome: 'rejected', rejection: { code: 'finish-preconditions', missing: ['form'] } });
  });
});
