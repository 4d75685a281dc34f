import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AvailabilityQuery } from '../../../services/agenda/availability.js';
import { commandId, openServiceDesk, people, testConfig } from '../../support/service-desk-fixture.js';
import { requestReadyToBook, seedCatalogue, slot } from '../../support/agenda-fixture.js';

let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
beforeAll(async () => {
  fixture = await openServiceDesk(import.meta.url, { config: testConfig({ AGENDA_BUFFERS: 'VC:30/15,TC:10/10,NC:15/10', AGENDA_ALTERNATIVES: '4' }) });
  expect((await fixture.desk.agenda.loadCatalogue(seedCatalogue())).ok).toBe(true);
  // Wednesday 2027-03-17: Sala VC 1 taken 10:00–12:00 (held 09:30–12:15) with Ana.
  // A multipoint form: the MCU is the bridge it needs.
  const council = slot('2027-03-17', '10:00', '12:00', { equipmentIds: ['mcu-1'] });
  const taken = await requestReadyToBook(fixture, 'Consejo Técnico', council);
  const booked = await fixture.desk.agenda.book(taken.id, council, fixture.actor(people.asv), commandId());
  expect(booked.ok).toBe(true);
});
afterAll(async () => fixture.close());

const at = (date: string, time: string) => new Date(`${date}T${time}:00-06:00`);
const query = (overrides: Partial<AvailabilityQuery> = {}): AvailabilityQuery => ({
  service: 'VC',
  start: at('2027-03-17', '11:00'),
  end: at('2027-03-17', '12:00'),
  participants: 20,
  room: 'sala-vc-1',
  equipmentIds: [],
  needsBridge: false,
  staffCount: 1,
  ...overrides,
});

describe('availability on the seed catalogue', () => {
  it('says which booking blocks the room, and proposes the nearest free slots of the same length', async () => {
    const answer = await fixture.desk.agenda.availability(query());
    expect(answer.free).toBe(false);
    expect(answer.blockers).toContainEqual(
      expect.objectContaining({ resourceId: 'sala-vc-1', reason: 'busy', by: expect.objectContaining({ label: 'FI – Consejo Técnico', source: 'local' }) }),
    );
    expect(answer.alternatives).toHaveLength(4);
    const starts = answer.alternatives.map((option) => option.start.toISOString());
    expect(starts[0]).toBe(at('2027-03-17', '12:45').toISOString());
    for (const option of answer.alternatives) {
      expect(option.end.getTime() - option.start.getTime()).toBe(60 * 60_000);
      expect(option.roomId).toBe('sala-vc-1');
      expect(option.staffIds.length).toBe(1);
    }
  });

  it('finds a free slot: room, equipment and the staff free for it', async () => {
    const answer = await fixture.desk.agenda.availability(query({ start: at('2027-03-17', '13:00'), end: at('2027-03-17', '14:00'), equipmentIds: ['camara-ptz-1'] }));
    expect(answer.free).toBe(true);
    expect(answer.option).toMatchObject({ roomId: 'sala-vc-1', equipmentIds: ['camara-ptz-1'] });
    expect(answer.freeStaff.map((person) => person.id).sort()).toEqual(['tec-ana', 'tec-luis']);
    expect(answer.heldStart.toISOString()).toBe(at('2027-03-17', '12:30').toISOString());
    expect(answer.heldEnd.toISOString()).toBe(at('2027-03-17', '14:15').toISOString());
  });

  it('picks "any room" that seats everybody and serves the service, smallest first', async () => {
    const afternoon = { start: at('2027-03-17', '13:00'), end: at('2027-03-17', '14:00') };
    const small = await fixture.desk.agenda.availability(query({ room: 'any', participants: 10, ...afternoon }));
    expect(small.option?.roomId).toBe('sala-vc-2');
    const large = await fixture.desk.agenda.availability(query({ room: 'any', participants: 100, ...afternoon }));
    expect(large.option?.roomId).toBe('auditorio');
  });

  it('names a room too small, equipment not for the service, and a busy bridge', async () => {
    const answer = await fixture.desk.agenda.availability(
      query({ room: 'sala-vc-2', participants: 25, equipmentIds: ['puente-audio'], needsBridge: true }),
    );
    expect(answer.free).toBe(false);
    expect(answer.blockers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ resourceId: 'sala-vc-2', reason: 'too-small' }),
        expect.objectContaining({ resourceId: 'puente-audio', reason: 'not-for-service' }),
        expect.objectContaining({ reason: 'no-bridge-free' }),
        expect.objectContaining({ resourceId: 'mcu-1', reason: 'busy' }),
      ]),
    );
  });

  it('respects staff working hours: nobody works at 20:00, and Saturday only Marta (TC/NC)', async () => {
    const evening = await fixture.desk.agenda.availability(query({ start: at('2027-03-17', '20:00'), end: at('2027-03-17', '21:00') }));
    expect(evening.free).toBe(false);
    expect(evening.blockers).toContainEqual(expect.objectContaining({ reason: 'not-enough-staff' }));
    expect(evening.blockers).toContainEqual(expect.objectContaining({ resourceId: 'tec-luis', reason: 'outside-working-hours' }));

    const saturday = await fixture.desk.agenda.availability(
      query({ service: 'NC', room: null, start: at('2027-03-20', '10:00'), end: at('2027-03-20', '11:00') }),
    );
    expect(saturday.free).toBe(true);
    expect(saturday.freeStaff.map((person) => person.id)).toEqual(['tec-marta']);
  });

  it('goes to the following business days when the day is full, skipping the weekend', async () => {
    const afternoon = slot('2027-03-19', '13:00', '14:00', { staffIds: ['tec-luis'] });
    const friday = await requestReadyToBook(fixture, 'Viernes', afternoon);
    expect((await fixture.desk.agenda.book(friday.id, afternoon, fixture.actor(people.asv), commandId())).ok).toBe(true);
    const answer = await fixture.desk.agenda.availability(
      query({ start: at('2027-03-19', '09:00'), end: at('2027-03-19', '15:00'), room: 'sala-vc-1' }),
    );
    expect(answer.free).toBe(false);
    expect(answer.alternatives[0]?.start.toISOString()).toBe(at('2027-03-22', '08:30').toISOString());
  });
});
