import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, eventually, openServiceDesk, people } from '../../support/service-desk-fixture.js';
import { pausedAfterRecheck, requestReadyToBook, scriptedCalendar, seedCatalogue, slot } from '../../support/agenda-fixture.js';

/** Nobody is busy in it; it holds a booking after its availability re-check when a test needs two clicks at the same instant. */
const directory = scriptedCalendar();

let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
beforeAll(async () => {
  fixture = await openServiceDesk(import.meta.url, { directory });
  expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
  await fixture.desk.start();
});
afterAll(async () => fixture.close());

const day = (date: string) => [new Date(`${date}T00:00:00-06:00`), new Date(`${date}T23:59:00-06:00`)] as const;

describe('a booking through the life of its request', () => {
  it('is released when the request becomes No Procede, and again Cancelada changes nothing', async () => {
    const asked = slot('2027-04-05', '10:00', '11:00');
    const request = await requestReadyToBook(fixture, 'Cancelable', asked);
    const booked = await fixture.desk.agenda.book(request.id, asked, fixture.actor(people.asv), commandId());
    expect(booked.ok).toBe(true);
    const rejected = await fixture.desk.requests.execute(request.id, { type: 'reject', reasons: 'El evento se suspendió' }, fixture.actor(people.asv), commandId());
    expect(rejected.outcome).toBe('applied');
    await eventually(async () => (await fixture.desk.agenda.bookingsBetween(...day('2027-04-05'))).length === 0);
    if (booked.ok) expect((await fixture.desk.agenda.booking(booked.booking.id))?.status).toBe('released');

    const other = await requestReadyToBook(fixture, 'Otra', asked);
    expect((await fixture.desk.agenda.book(other.id, asked, fixture.actor(people.asv), commandId())).ok).toBe(true);
    const cancelled = await fixture.desk.requests.execute(request.id, { type: 'cancel' }, fixture.actor(people.dau), commandId());
    expect(cancelled.outcome).toBe('applied');
    await fixture.desk.dispatcher.idle();
    expect((await fixture.desk.agenda.bookingsBetween(...day('2027-04-05'))).map((booking) => booking.requestId)).toEqual([other.id]);
  });

  it('moves on reschedule (keeping the slots both share) and releases what the old one no longer needs', async () => {
    const request = await requestReadyToBook(fixture, 'Movible', slot('2027-04-06', '10:00', '11:00'));
    // A neighbour booked the Friday before moves onto 10:00–11:00 of the Tuesday. Its availability re-check reads the agenda
    // now, before this request books that hour, so only the slots the moved booking holds can refuse it (below).
    const neighbour = await requestReadyToBook(fixture, 'Vecina', slot('2027-04-02', '10:00', '11:00'));
    const before = await fixture.desk.agenda.book(neighbour.id, slot('2027-04-02', '10:00', '11:00'), fixture.actor(people.asv), commandId());
    expect(before.ok).toBe(true);
    const clashing = await pausedAfterRecheck(directory, () => fixture.desk.agenda.book(neighbour.id, slot('2027-04-06', '10:00', '11:00'), fixture.actor(people.asv), commandId()));
    const first = await fixture.desk.agenda.book(request.id, slot('2027-04-06', '10:00', '11:00'), fixture.actor(people.asv), commandId());
    const moved = await fixture.desk.agenda.book(request.id, slot('2027-04-06', '10:30', '11:30'), fixture.actor(people.asv), commandId());
    expect(first.ok && moved.ok).toBe(true);
    if (!first.ok || !moved.ok) return;
    expect(moved.request.booking?.bookingId).toBe(moved.booking.id);
    await eventually(async () => (await fixture.desk.agenda.booking(first.booking.id))?.status === 'released');
    const live = await fixture.desk.agenda.bookingsBetween(...day('2027-04-06'));
    expect(live.map((booking) => booking.id)).toEqual([moved.booking.id]);

    const clash = await clashing.resume();
    expect(clash).toMatchObject({ ok: false, failure: { code: 'conflict' } });
  });

  it('names its room and technician for the booking notice (issue 10 §4)', async () => {
    const asked = slot('2027-05-18', '10:00', '11:00');
    const booked = await fixture.desk.agenda.book((await requestReadyToBook(fixture, 'Con sala y técnico', asked)).id, asked, fixture.actor(people.asv), commandId());
    if (!booked.ok) throw new Error('not booked');
    const [room, technician] = await Promise.all([fixture.desk.agenda.resources('room'), fixture.desk.agenda.resources('staff')]).then(([rooms, staff]) => [
      rooms.find((resource) => resource.id === 'sala-vc-1')!.name,
      staff.find((resource) => resource.id === 'tec-ana')!.name,
    ]);
    expect(await fixture.desk.agenda.placeOf(booked.booking.id)).toEqual({ room, technicians: [technician] });
    expect(room).not.toBe('sala-vc-1');
  });

  it('is refused to someone who may not book (the requester, Help Desk), holding nothing', async () => {
    const request = await requestReadyToBook(fixture, 'Solo el ASV reserva', slot('2027-04-09', '10:00', '11:00'));
    for (const person of [people.requester, people.hd]) {
      const refused = await fixture.desk.agenda.book(request.id, slot('2027-04-09', '10:00', '11:00'), fixture.actor(person), commandId());
      expect(refused).toMatchObject({ ok: false, failure: { code: 'refused', rejection: { code: 'not-authorised' } } });
    }
    expect(await fixture.desk.agenda.bookingsBetween(...day('2027-04-09'))).toEqual([]);
    expect((await fixture.desk.requests.get(request.id))?.booking).toBeNull();
    expect((await fixture.desk.agenda.book(request.id, slot('2027-04-09', '10:00', '11:00'), fixture.actor(people.asv), commandId())).ok).toBe(true);
  });

  it('never loses the old booking when the new one fails', async () => {
    // Kept 11:30–12:30 (held 11:00–12:45); the blocker 14:00–15:00 (held 13:30–15:15); the move 14:30–15:30 (held 14:00–15:45).
    const keptSlot = slot('2027-04-07', '11:30', '12:30');
    const blockerSlot = slot('2027-04-07', '14:00', '15:00');
    const intruderSlot = slot('2027-04-07', '11:30', '12:30', { staffIds: ['tec-luis'] });
    const request = await requestReadyToBook(fixture, 'Mañanera', keptSlot);
    // The intruder re-checks availability before anything is booked: only the slots the kept booking holds can refuse it (below).
    const intruder = await requestReadyToBook(fixture, 'Intrusa', intruderSlot);
    const intruding = await pausedAfterRecheck(directory, () => fixture.desk.agenda.book(intruder.id, intruderSlot, fixture.actor(people.asv), commandId()));
    const kept = await fixture.desk.agenda.book(request.id, keptSlot, fixture.actor(people.asv), commandId());
    expect(kept.ok).toBe(true);
    // The move re-checks before the blocker is booked, so it fails where the blocker's slots are claimed.
    const moving = await pausedAfterRecheck(directory, () => fixture.desk.agenda.book(request.id, slot('2027-04-07', '14:30', '15:30'), fixture.actor(people.asv), commandId()));
    const blocker = await requestReadyToBook(fixture, 'Ocupa la tarde', blockerSlot);
    expect((await fixture.desk.agenda.book(blocker.id, blockerSlot, fixture.actor(people.asv), commandId())).ok).toBe(true);
    const failed = await moving.resume();
    expect(failed).toMatchObject({ ok: false, failure: { code: 'conflict', blocker: { resourceId: 'sala-vc-1' } } });
    const current = await fixture.desk.requests.get(request.id);
    if (kept.ok) {
      expect(current?.booking?.bookingId).toBe(kept.booking.id);
      expect((await fixture.desk.agenda.booking(kept.booking.id))?.status).toBe('confirmed');
    }
    expect((await intruding.resume()).ok).toBe(false);
  });

  it('lets the request finish only with the form complete and the booking recorded', async () => {
    const request = await requestReadyToBook(fixture, 'Sin formulario completo', slot('2027-04-08', '10:00', '11:00'));
    expect((await fixture.desk.agenda.book(request.id, slot('2027-04-08', '10:00', '11:00'), fixture.actor(people.asv), commandId())).ok).toBe(true);
    const refused = await fixture.desk.requests.execute(request.id, { type: 'finish' }, fixture.actor(people.asv), commandId());
    expect(refused).toMatchObject({ outcome: 'rejected', rejection: { code: 'finish-preconditions', missing: ['form'] } });
  });
});
