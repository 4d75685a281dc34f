// With Microsoft 365 a series is one event with its instances, while each occurrence is a booking
// of its own: the answers of the resources are read back for the master and each instance, and
// each occurrence's booking carries who declined its date.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { jobNames, jobsCollection } from '../../../services/jobs/job-scheduler.js';
import type { ServiceRequest } from '../../../services/requests/request-types.js';
import { formAskingFor, seedCatalogue, slot } from '../../support/agenda-fixture.js';
import type { FixtureEvent } from '../../support/graph-fixture.js';
import { openGraph, type GraphHarness } from '../../support/graph-harness.js';
import { commandId, eventually, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';

const zone = 'America/Mexico_City';
const room = 'sala-vc-1@redes.example.edu';
const bridge = 'mcu-1@redes.example.edu';
let graph: GraphHarness;
let fixture: Awaited<ReturnType<typeof openServiceDesk>>;

beforeAll(async () => {
  graph = await openGraph();
  graph.fixture.addMailboxes(room, 'sala-vc-2@redes.example.edu', 'auditorio@redes.example.edu', bridge, 'ana.robles@redes.example.edu', 'luis.mendoza@redes.example.edu');
  fixture = await openServiceDesk(import.meta.url, { directory: graph.directory });
  expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
  await fixture.desk.start();
});
afterAll(async () => {
  await fixture.close();
  await graph.fixture.stop();
});

/** A VC request in *En Proceso* whose form asks for Tuesdays at 10:00–12:00 from `first`, with the MCU, `recurrence` times. */
async function seriesRequest(first: string, recurrence: Record<string, unknown>): Promise<ServiceRequest> {
  const asv = fixture.actor(people.asv);
  const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
  if (registered.outcome !== 'applied') throw new Error(registered.outcome);
  await fixture.desk.requests.execute(registered.request.id, { type: 'take' }, asv, commandId('take'));
  const data = { programName: 'Clase', siglas: 'FI', ...formAskingFor(slot(first, '10:00', '12:00', { equipmentIds: ['mcu-1'] })), repeatWeekdays: ['TU'], ...recurrence };
  const saved = await fixture.desk.requests.saveForm(registered.request.id, 'VC', data, asv, commandId('form'), { locale: 'es' });
  if (saved.outcome !== 'applied') throw new Error(saved.outcome);
  return saved.request;
}

/** Who declined each live occurrence, by date, as stored on its booking. */
async function declinesByDate(requestId: string): Promise<Record<string, string[]>> {
  const live = await fixture.desk.agenda.liveOccurrencesOf(requestId);
  return Object.fromEntries(live.map((booking) => [booking.series!.date, booking.declinedBy]));
}

const instanceOn = (seriesId: string, date: string): FixtureEvent =>
  graph.fixture.instances(seriesId).find((instance) => DateTime.fromISO(String(instance.originalStart), { zone }).toISODate() === date)!;

describe("the answers to a series' Microsoft 365 invitation", () => {
  it('are looked at by the job booking the series stores: a room declining one date flags that occurrence only', async () => {
    const request = await seriesRequest('2027-10-05', { repeatCount: 4 });
    const booked = await fixture.desk.agenda.bookOccurrences(request.id, 'free', fixture.actor(people.asv), commandId('free'));
    if (!booked.ok) throw new Error(JSON.stringify(booked.failure));
    const seriesId = (await fixture.desk.agenda.booking(booked.booked[0]!.bookingId!))!.series!.graphEventId!;

    // One look at the answers for the whole series, 5 and 60 minutes on (not one per occurrence).
    const jobs = fixture.database.connection.db!.collection(jobsCollection);
    const bookingIds = new Set(booked.booked.map((occurrence) => occurrence.bookingId));
    const checks = (await jobs.find({ name: jobNames.bookingResponses }).toArray()).filter((job) => bookingIds.has(job.data.bookingId));
    expect(checks).toHaveLength(2);

    graph.fixture.respond(instanceOn(seriesId, '2027-10-12').id, room, 'declined');
    await jobs.updateMany({ _id: { $in: checks.map((job) => job._id) } }, { $set: { nextRunAt: new Date() } });
    await eventually(async () => (await declinesByDate(request.id))['2027-10-12']?.length);

    expect(await declinesByDate(request.id)).toEqual({ '2027-10-05': [], '2027-10-12': [room], '2027-10-19': [], '2027-10-26': [] });
  });

  it('of the master decline every date; a date that became an event of its own is read from its own event', async () => {
    const asv = fixture.actor(people.asv);
    const request = await seriesRequest('2027-11-02', { repeatCount: 4 });
    const booked = await fixture.desk.agenda.bookOccurrences(request.id, 'free', asv, commandId('free'));
    if (!booked.ok) throw new Error(JSON.stringify(booked.failure));
    const firstBooking = booked.booked[0]!.bookingId!;
    const seriesId = (await fixture.desk.agenda.booking(firstBooking))!.series!.graphEventId!;

    // 16 November cancelled, then booked again: its instance is gone, so it is an event of its own.
    const cancelled = await fixture.desk.requests.execute(request.id, { type: 'cancel-occurrence', date: '2027-11-16' }, asv, commandId('cancel-one'));
    if (cancelled.outcome !== 'applied') throw new Error(cancelled.outcome);
    await eventually(async () => !instanceOn(seriesId, '2027-11-16'));
    const again = await fixture.desk.agenda.bookOccurrences(request.id, [{ date: '2027-11-16', option: slot('2027-11-16', '10:00', '12:00', { equipmentIds: ['mcu-1'] }) }], asv, commandId('again'));
    if (!again.ok) throw new Error(JSON.stringify(again.failure));
    const ownEvent = (await fixture.desk.agenda.booking(again.booked[0]!.bookingId!))!.graphEventId!;
    expect(ownEvent).toBeTruthy();

    graph.fixture.respond(seriesId, bridge, 'declined');
    graph.fixture.respond(instanceOn(seriesId, '2027-11-23').id, room, 'declined');
    graph.fixture.respond(ownEvent, room, 'declined');

    const answers = await fixture.desk.agenda.refreshResponses(firstBooking);

    expect(answers.map(({ date, declinedBy }) => [date, declinedBy])).toEqual([
      ['2027-11-02', [bridge]],
      ['2027-11-09', [bridge]],
      ['2027-11-16', [room]],
      ['2027-11-23', [bridge, room]],
    ]);
    expect(await declinesByDate(request.id)).toEqual({ '2027-11-02': [bridge], '2027-11-09': [bridge], '2027-11-16': [room], '2027-11-23': [bridge, room] });

    // Accepted after all: the flags go.
    graph.fixture.respond(seriesId, bridge, 'accepted');
    graph.fixture.respond(instanceOn(seriesId, '2027-11-23').id, room, 'accepted');
    await fixture.desk.agenda.refreshResponses(firstBooking);
    expect(await declinesByDate(request.id)).toEqual({ '2027-11-02': [], '2027-11-09': [], '2027-11-16': [room], '2027-11-23': [] });
  });
});
