import { DateTime } from 'luxon';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import type { ServiceDesk } from '../../services/service-desk.js';
import { videoconferenceData } from '../services/forms/form-fixtures.js';
import { formAskingFor, seedCatalogue, slot } from './agenda-fixture.js';
import { commandId, people, registration } from './service-desk-fixture.js';

/** The business zone of the test configuration. */
const zone = 'America/Mexico_City';

/**
 * A VC request in *Terminada* whose booked event has ended: registered by Help Desk, taken, its
 * form complete for an event of yesterday 10:00–11:00 (business zone), that event recorded as
 * its booking (the agenda's own command: the agenda books no past slot) and finished by the ASV.
 * Its after-event jobs are due at once (the event has ended). Loads the seed catalogue when the
 * agenda has none.
 */
export async function endedTerminada(desk: ServiceDesk, program = 'Examen de grado en línea'): Promise<ServiceRequest> {
  const actor = (person: typeof people.asv) => desk.roles.actorFor(person);
  if (!(await desk.agenda.resources()).length) {
    const loaded = await desk.agenda.loadCatalogue(seedCatalogue());
    if (!loaded.ok) throw new Error('the seed catalogue did not load');
  }
  const date = DateTime.now().setZone(zone).minus({ days: 1 }).toISODate()!;
  const option = slot(date, '10:00', '11:00', { equipmentIds: ['mcu-1'] });
  const registered = await desk.requests.register(registration(), actor(people.hd), commandId('register'));
  if (registered.outcome !== 'applied') throw new Error(`register: ${registered.outcome}`);
  const id = registered.request.id;
  const taken = await desk.requests.execute(id, { type: 'take' }, actor(people.asv), commandId('take'));
  if (taken.outcome !== 'applied') throw new Error(`take: ${taken.outcome}`);
  const { extraEquipment: _extra, ...base } = videoconferenceData();
  const data = { ...base, ...formAskingFor(option), programName: program, siglas: 'FI', connectionTestDate: date, connectionTestTime: '09:00' };
  const saved = await desk.requests.saveForm(id, 'VC', data, actor(people.asv), commandId('form'), { locale: 'es' });
  if (saved.outcome !== 'applied' || !saved.request.form?.complete) throw new Error(`form: ${JSON.stringify(saved)}`);
  const booked = await desk.requests.recordBooking(
    id,
    { bookingId: `bk-${id}`, title: `FI – ${program}`, start: option.start, end: option.end, resourceIds: ['sala-vc-1', 'mcu-1', 'tec-ana'], service: 'VC' },
    actor(people.asv),
    commandId('booking'),
  );
  if (booked.outcome !== 'applied') throw new Error(`booking: ${JSON.stringify(booked)}`);
  const finished = await desk.requests.execute(id, { type: 'finish' }, actor(people.asv), commandId('finish'));
  if (finished.outcome !== 'applied') throw new Error(`finish: ${JSON.stringify(finished)}`);
  return finished.request;
}
