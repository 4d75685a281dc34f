import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SlotOption } from '../../../services/agenda/availability.js';
import { bookingOutOfDate } from '../../../services/requests/booking-match.js';
import type { ServiceRequest } from '../../../services/requests/request-types.js';
import { formAskingFor, requestReadyToBook, scriptedCalendar, seedCatalogue, slot } from '../../support/agenda-fixture.js';
import { commandId, eventually, openServiceDesk, people, registration, testConfig } from '../../support/service-desk-fixture.js';

const directory = scriptedCalendar();
const zone = 'America/Mexico_City';

let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
beforeAll(async () => {
  fixture = await openServiceDesk(import.meta.url, { config: testConfig({ AGENDA_BUFFERS: 'VC:30/15' }), directory });
  const loaded = await fixture.desk.agenda.loadCatalogue(seedCatalogue());
  expect(loaded.ok).toBe(true);
});
afterAll(async () => fixture.close(), 120_000);

/** A VC request in *En Proceso* whose form asks for `first` repeated by `recurrence`. */
async function seriesRequest(programName: string, first: SlotOption, recurrence: Record<string, unknown>): Promise<ServiceRequest> {
  const { desk, actor } = fixture;
  const registered = await desk.requests.register(registration(), actor(people.hd), commandId('register'));
  if (registered.outcome !== 'applied') throw new Error(registered.outcome);
  await desk.requests.execute(registered.request.id, { type: 'take' }, actor(people.asv), commandId('take'));
  const data = { programName, siglas: 'FI', ...formAskingFor(first), ...recurrence };
  const saved = await desk.requests.saveForm(registered.request.id, 'VC', data, actor(people.asv), commandId('form'), { locale: 'es' });
  if (saved.outcome !== 'applied') throw new Error(`form: ${saved.outcome} ${'errors' in saved ? JSON.stringify(saved.errors) : ''}`);
  return saved.request;
}

/** Runs `runs` so that their busy-time reads go in rounds: the n-th read of each waits for the n-th read of all (`rounds` reads each). */
async function inLockstep<T>(runs: ReadonlyArray<() => Promise<T>>, rounds: number): Promise<T[]> {
  const barriers = Array.from({ length: rounds }, () => {
    let open: () => void = () => {};
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { arrivals: 0, opened, open };
  });
  const hooks = barriers.flatMap((barrier) =>
    runs.map(() => () => {
      barrier.arrivals += 1;
      if (barrier.arrivals >= runs.length) barrier.open();
      return barrier.opened;
    }),
  );
  directory.beforeBusyTimes.push(...hooks);
  const openAll = () => barriers.forEach((barrier) => barrier.open());
  try {
    return await Promise.all(runs.map((run) => run().finally(openAll)));
  } finally {
    directory.beforeBusyTimes.splice(0, directory.beforeBusyTimes.length);
  }
}

async function slotsHeldBy(bookingId: string): Promise<number> {
  return fixture.desk.agenda['deps'].models.slots.countDocuments({ bookingId });
}

describe('a recurring event in the agenda', () => {
  it('books the free occurrences at once, each holding its own slots, then a conflict on its own', async () => {
    const asv = fixture.actor(people.asv);
    const other = await requestReadyToBook(fixture, 'Examen de grado', slot('2027-04-15', '10:00', '12:00'));
    const taken = await fixture.desk.agenda.book(other.id, slot('2027-04-15', '10:00', '12:00'), asv, commandId('book'));
    expect(taken.ok).toBe(true);

    // Tuesdays and Thursdays, six times, from 6 April 2027: 6, 8, 13, 15 (taken), 20, 22 April.
    const request = await seriesRequest('Clase de redes', slot('2027-04-06', '10:00', '12:00'), { repeatWeekdays: ['TU', 'TH'], repeatCount: 6 });
    const series = await fixture.desk.agenda.seriesAvailability(request);
    expect(series?.occurrences.map((entry) => [entry.occurrence.date, entry.state])).toEqual([
      ['2027-04-06', 'free'],
      ['2027-04-08', 'free'],
      ['2027-04-13', 'free'],
      ['2027-04-15', 'conflict'],
      ['2027-04-20', 'free'],
      ['2027-04-22', 'free'],
    ]);
    const conflict = series!.occurrences[3]!;
    expect(conflict.answer?.blockers).toEqual(expect.arrayContaining([expect.objectContaining({ resourceId: 'sala-vc-1', reason: 'busy', by: expect.objectContaining({ label: 'FI – Examen de grado' }) })]));
    expect(conflict.answer?.alternatives.length).toBeGreaterThan(0);

    const free = await fixture.desk.agenda.bookOccurrences(request.id, 'free', asv, commandId('book-free'));
    if (!free.ok) throw new Error(JSON.stringify(free.failure));
    expect(free.booked.map((occurrence) => occurrence.date)).toEqual(['2027-04-06', '2027-04-08', '2027-04-13', '2027-04-20', '2027-04-22']);
    const ids = free.booked.map((occurrence) => occurrence.bookingId!);
    expect(new Set(ids).size).toBe(5);
    // 10:00–12:00 held 09:30–12:15 (30 min before, 15 after): 33 five-minute slots of the room and 33 of the technician, per occurrence.
    for (const id of ids) expect(await slotsHeldBy(id)).toBe(66);
    expect(free.request.booking?.occurrences).toHaveLength(5);
    expect(bookingOutOfDate(free.request, zone)).toBe(true);

    const alternative = conflict.answer!.alternatives[0]!;
    const one = await fixture.desk.agenda.bookOccurrences(request.id, [{ date: '2027-04-15', option: alternative }], asv, commandId('book-one'));
    if (!one.ok) throw new Error(JSON.stringify(one.failure));
    expect(one.booked).toEqual([expect.objectContaining({ date: '2027-04-15', moved: true, start: alternative.start })]);
    expect(one.request.booking?.occurrences?.map((occurrence) => occurrence.date)).toEqual(['2027-04-06', '2027-04-08', '2027-04-13', '2027-04-15', '2027-04-20', '2027-04-22']);
    expect(bookingOutOfDate(one.request, zone)).toBe(false);

    // The same click again books nothing twice.
    const again = await fixture.desk.agenda.bookOccurrences(request.id, 'free', asv, commandId('book-free'));
    expect(again.ok && again.booked).toEqual([]);
    const after = await fixture.desk.agenda.seriesAvailability(one.request);
    expect(after?.occurrences.every((entry) => entry.state === 'booked')).toBe(true);
  });

  it('refuses a slot the card offers for a date the series does not have, and one availability would not offer', async () => {
    const asv = fixture.actor(people.asv);
    const request = await seriesRequest('Taller', slot('2027-08-03', '10:00', '12:00'), { repeatWeekdays: ['TU'], repeatCount: 2 });
    const stray = await fixture.desk.agenda.bookOccurrences(request.id, [{ date: '2027-08-04', option: slot('2027-08-04', '10:00', '12:00') }], asv, commandId());
    expect(stray).toMatchObject({ ok: false, failure: { code: 'not-offered' } });
    const tooLong = await fixture.desk.agenda.bookOccurrences(request.id, [{ date: '2027-08-10', option: slot('2027-08-10', '10:00', '13:00') }], asv, commandId());
    expect(tooLong).toMatchObject({ ok: false, failure: { code: 'not-offered', refusal: { reason: 'length' } } });
  });

  it('moves one occurrence and cancels another alone; rejecting the request releases them all', async () => {
    const asv = fixture.actor(people.asv);
    const request = await seriesRequest('Seminario', slot('2027-05-04', '10:00', '12:00'), { repeatWeekdays: ['TU'], repeatCount: 3 });
    const free = await fixture.desk.agenda.bookOccurrences(request.id, 'free', asv, commandId());
    if (!free.ok) throw new Error(JSON.stringify(free.failure));
    const [first, second, third] = free.booked;

    const moving = await fixture.desk.agenda.occurrenceToMove(free.request, '2027-05-11');
    const target = moving!.answer!.alternatives.find((option) => option.start.getTime() === new Date('2027-05-11T12:30:00-06:00').getTime()) ?? moving!.answer!.alternatives[0]!;
    const moved = await fixture.desk.agenda.bookOccurrences(request.id, [{ date: '2027-05-11', option: target }], asv, commandId('move'));
    if (!moved.ok) throw new Error(JSON.stringify(moved.failure));
    const movedId = moved.booked[0]!.bookingId!;
    expect(movedId).not.toBe(second!.bookingId);
    await eventually(async () => (await fixture.desk.agenda.booking(second!.bookingId!))?.status === 'released');
    expect(await slotsHeldBy(second!.bookingId!)).toBe(0);
    expect(await slotsHeldBy(movedId)).toBe(66);

    const cancelled = await fixture.desk.requests.execute(request.id, { type: 'cancel-occurrence', date: '2027-05-18' }, asv, commandId('cancel-one'));
    if (cancelled.outcome !== 'applied') throw new Error(cancelled.outcome);
    expect(cancelled.request.booking?.occurrences?.find((occurrence) => occurrence.date === '2027-05-18')).toMatchObject({ cancelled: true, bookingId: null });
    await eventually(async () => (await fixture.desk.agenda.booking(third!.bookingId!))?.status === 'released');
    expect((await fixture.desk.agenda.booking(first!.bookingId!))?.status).toBe('confirmed');
    expect(bookingOutOfDate(cancelled.request, zone)).toBe(false);

    const rejected = await fixture.desk.requests.execute(request.id, { type: 'reject', reasons: 'La sede remota canceló el seminario' }, asv, commandId('reject'));
    expect(rejected.outcome).toBe('applied');
    for (const id of [first!.bookingId!, movedId]) {
      await eventually(async () => (await fixture.desk.agenda.booking(id))?.status === 'released');
      expect(await slotsHeldBy(id)).toBe(0);
    }
  });

  it('lets two overlapping series booked at the same instant hold each date once', async () => {
    const recurrence = { repeatWeekdays: ['TU', 'TH'], repeatCount: 4 };
    const first = await seriesRequest('Serie A', slot('2027-06-01', '10:00', '12:00'), recurrence);
    const second = await seriesRequest('Serie B', slot('2027-06-01', '10:30', '12:30'), recurrence);
    // In lockstep: each reads the agenda (availability, then each occurrence's re-check) only when the other has too, so neither re-checks after the other holds that date.
    const results = await inLockstep([
      () => fixture.desk.agenda.bookOccurrences(first.id, 'free', fixture.actor(people.asv), commandId('a')),
      () => fixture.desk.agenda.bookOccurrences(second.id, 'free', fixture.actor(people.asv2), commandId('b')),
    ], 5);
    const booked = results.flatMap((result) => (result.ok ? result.booked : [])).map((occurrence) => occurrence.date).sort();
    // Both saw every date free and passed every re-check; the slots' unique keys gave each date's room to one of them.
    expect(booked).toEqual(['2027-06-01', '2027-06-03', '2027-06-08', '2027-06-10']);
    const failed = results.flatMap((result) => result.failed ?? []);
    expect(failed).toHaveLength(4);
    for (const { failure } of failed) expect(failure).toMatchObject({ code: 'conflict', blocker: { reason: 'busy' } });
    for (const date of ['2027-06-01', '2027-06-03', '2027-06-08', '2027-06-10']) {
      const held = await fixture.desk.agenda.bookingsBetween(new Date(`${date}T00:00:00-06:00`), new Date(`${date}T23:59:00-06:00`), 'sala-vc-1');
      expect(held).toHaveLength(1);
    }
  });
});
