import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SlotOption } from '../../../services/agenda/availability.js';
import type { ServiceRequest } from '../../../services/requests/request-types.js';
import { rawCollection } from '../../../services/store/request-documents.js';
import { agendaModels } from '../../../services/agenda/agenda-documents.js';
import { commandId, openServiceDesk, people, registration } from '../../support/service-desk-fixture.js';
import { seedCatalogue } from '../../support/agenda-fixture.js';

/**
 * Bug: `book` took any option a card sent: a Sunday outside the technician's hours, an end before
 * the start (no slot held, yet enough for Terminada), a start in 2020, a 30-day span (8 649 slot
 * documents from one click). The server now re-checks each option against what availability
 * would offer for the request's form at that moment.
 */
describe('booking an option the availability card never offered', () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  let request: ServiceRequest;
  const at = (date: string, time: string) => new Date(`${date}T${time}:00-06:00`);
  const option = (overrides: Partial<SlotOption> = {}): SlotOption => ({
    start: at('2027-03-09', '10:00'),
    end: at('2027-03-09', '12:00'),
    roomId: 'sala-vc-1',
    equipmentIds: [],
    staffIds: ['tec-ana'],
    ...overrides,
  });

  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url);
    expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    await fixture.desk.requests.execute(registered.request.id, { type: 'take' }, fixture.actor(people.asv), commandId('take'));
    const saved = await fixture.desk.requests.saveForm(
      registered.request.id,
      'VC',
      { programName: 'Seminario', siglas: 'FI', date: '2027-03-09', startTime: '10:00', endTime: '12:00', expectedParticipants: 20, localRoom: 'sala-vc-1' },
      fixture.actor(people.asv),
      commandId('form'),
      { locale: 'es' },
    );
    if (saved.outcome !== 'applied') throw new Error(saved.outcome);
    request = saved.request;
  });
  afterAll(async () => fixture.close());

  const forged: Array<[string, Partial<SlotOption>, string]> = [
    ['a Sunday outside the technician’s hours', { start: at('2027-03-07', '10:00'), end: at('2027-03-07', '12:00') }, 'outside-search'],
    ['an end before the start', { start: at('2027-03-09', '12:00'), end: at('2027-03-09', '10:00') }, 'length'],
    ['a start in 2020', { start: at('2020-03-10', '10:00'), end: at('2020-03-10', '12:00') }, 'past'],
    ['a 30-day span', { end: at('2027-04-08', '12:00') }, 'length'],
    ['another length on the asked day', { end: at('2027-03-09', '11:00') }, 'length'],
    ['another room than the form’s', { roomId: 'auditorio' }, 'resources'],
    ['no room', { roomId: null }, 'resources'],
    ['equipment the form does not ask for', { equipmentIds: ['camara-ptz-1'] }, 'resources'],
    ['no technician', { staffIds: [] }, 'resources'],
    ['a technician outside their hours', { start: at('2027-03-09', '17:00'), end: at('2027-03-09', '19:00'), staffIds: ['tec-ana'] }, 'busy'],
    ['someone who is not staff as the technician', { staffIds: ['sala-vc-2'] }, 'resources'],
    ['a start off the search’s 15-minute steps', { start: at('2027-03-09', '10:07'), end: at('2027-03-09', '12:07') }, 'outside-search'],
    ['a day beyond the 14 business days searched', { start: at('2027-04-09', '10:00'), end: at('2027-04-09', '12:00') }, 'outside-search'],
  ];

  it.each(forged)('refuses %s, holding nothing', async (_label, overrides, reason) => {
    const booked = await fixture.desk.agenda.book(request.id, option(overrides), fixture.actor(people.asv), commandId('book'));
    expect(booked).toMatchObject({ ok: false, failure: { code: 'not-offered', refusal: { reason } } });
    const { slots, bookings } = await agendaModels(fixture.database.connection);
    expect(await rawCollection(slots).countDocuments()).toBe(0);
    expect(await bookings.countDocuments({ status: { $in: ['holding', 'confirmed'] } })).toBe(0);
    expect((await fixture.desk.requests.get(request.id))?.booking).toBeNull();
  });

  it('books the asked slot, and an alternative of the same length on a later business day', async () => {
    const asked = await fixture.desk.agenda.book(request.id, option(), fixture.actor(people.asv), commandId('book'));
    expect(asked.ok).toBe(true);
    const moved = await fixture.desk.agenda.book(request.id, option({ start: at('2027-03-10', '09:30'), end: at('2027-03-10', '11:30') }), fixture.actor(people.asv), commandId('book'));
    expect(moved.ok).toBe(true);
  });
});
