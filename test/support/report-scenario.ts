import { systemActor } from '../../services/requests/role-directory.js';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import { completeVideoconferenceFormAsking, slot } from './agenda-fixture.js';
import type { openClockedDesk } from './report-fixture.js';
import { people } from './service-desk-fixture.js';

type ClockedDesk = Awaited<ReturnType<typeof openClockedDesk>>;

/** Local time in Mexico City (UTC−6 all year: no daylight saving since 2022). */
const mx = (local: string) => `${local}:00-06:00`;

/** A VC event of the scenario: its slot, the form asking for it, and the booking reference that matches it. */
function event(date: string, from: string, to: string, resources: { roomId: string; equipmentIds?: string[]; staffIds?: string[] }) {
  const option = slot(date, from, to, { roomId: resources.roomId, equipmentIds: resources.equipmentIds ?? [], staffIds: resources.staffIds ?? ['tec-ana'] });
  // The form is always multipoint through the MCU (its two remote sites need it); what the booking holds is given apart.
  return {
    form: completeVideoconferenceFormAsking({ ...option, equipmentIds: ['mcu-1'] }),
    booking: { start: option.start, end: option.end, resourceIds: [resources.roomId, ...(resources.equipmentIds ?? []), ...(resources.staffIds ?? ['tec-ana'])] },
  };
}

/**
 * March 2026 at the desk, with every answer known by hand (README "Reports", and the test that
 * checks them). Business calendar: Mexico City, Monday–Friday whole days, Mexico's rest days —
 * Monday 16 March 2026 (third Monday of March) is one; 48 business hours to answer.
 *
 * | | service, ASV | what happens (local time) | to *Terminada* |
 * |---|---|---|---|
 * | A | VC, asv-1 | Tue 3 10:00 registered; 12:00 taken; booked 20 Mar 10–12 (sala-vc-1, mcu-1, tec-ana); Thu 5 10:00 finished | 48 h |
 * | B | VC, asv-1 | Fri 6 16:00 registered; 18:00 taken; booked 27 Mar 10–14 (sala-vc-1, tec-ana); Tue 10 16:00 finished (over the weekend) | 48 h |
 * | C | VC, asv-1 | Fri 13 12:00 registered; 13:00 taken; booked 25 Mar 10–11 (sala-vc-1, tec-ana); Wed 18 18:00 finished (weekend and Monday 16) | 54 h |
 * | D | VC, asv-1 | Mon 9 09:00; 09:30 taken; Wed 11 15:00 asks for information (deadline Fri 13 15:00); Fri 13 14:59 the answer (the last minute); booked 24 Mar (sala-vc-2); Mon 23 10:00 No Procede «No hay sala disponible en la fecha solicitada.» | — |
 * | E | VC, asv-2 | Tue 10 10:00; 11:00 taken; 12:00 asks; Thu 12 12:00:30 times out → No Procede; Fri 13 10:00 DAU cancels | — |
 * | F | NC, asv-1 | Sat 14 11:00 registered (a weekend), nothing else | — |
 * | G | TC, asv-2 | Mon 30 09:00; 10:00 taken; 11:00 Espera; Tue 31 11:00 resumed | — |
 * | J | TC, asv-1 | Tue 31 23:59:59 registered (the period's last second) | — |
 * | K | VC, asv-2 | Thu 19 10:00; 10:30 taken; 11:00 No Procede «no hay sala disponible en la fecha solicitada» | — |
 * | H | VC, asv-1 | Fri 27 Feb registered (outside the period); booked 12 Mar 16–18 (mcu-1); finished Mon 2 Mar | — |
 * | I | VC, asv-1 | Wed 1 Apr 00:00 registered (outside the period) | — |
 */
export async function seedMarch2026(desk: ClockedDesk): Promise<Record<string, ServiceRequest>> {
  const { register, command, saveForm, book } = desk;
  const made: Record<string, ServiceRequest> = {};

  // H: registered in February, its event in March.
  let h = await register(mx('2026-02-27T10:00'), { service: 'VC' });
  h = await command(mx('2026-02-27T11:00'), h, { type: 'take' });
  const hEvent = event('2026-03-12', '16:00', '18:00', { roomId: 'sala-vc-2', equipmentIds: ['mcu-1'], staffIds: [] });
  h = await saveForm(mx('2026-02-27T12:00'), h, hEvent.form);
  h = await book(mx('2026-02-27T12:30'), h, { ...hEvent.booking, resourceIds: ['mcu-1'] });
  made.H = await command(mx('2026-03-02T10:00'), h, { type: 'finish' });

  let a = await register(mx('2026-03-03T10:00'), { service: 'VC' });
  a = await command(mx('2026-03-03T12:00'), a, { type: 'take' });
  const aEvent = event('2026-03-20', '10:00', '12:00', { roomId: 'sala-vc-1', equipmentIds: ['mcu-1'] });
  a = await saveForm(mx('2026-03-04T09:00'), a, aEvent.form);
  a = await book(mx('2026-03-04T09:30'), a, aEvent.booking);
  made.A = await command(mx('2026-03-05T10:00'), a, { type: 'finish' });

  let b = await register(mx('2026-03-06T16:00'), { service: 'VC' });
  b = await command(mx('2026-03-06T18:00'), b, { type: 'take' });
  const bEvent = event('2026-03-27', '10:00', '14:00', { roomId: 'sala-vc-1' });
  b = await saveForm(mx('2026-03-09T10:00'), b, bEvent.form);
  b = await book(mx('2026-03-09T10:30'), b, bEvent.booking);
  made.B = await command(mx('2026-03-10T16:00'), b, { type: 'finish' });

  let d = await register(mx('2026-03-09T09:00'), { service: 'VC' });
  d = await command(mx('2026-03-09T09:30'), d, { type: 'take' });
  d = await command(mx('2026-03-11T15:00'), d, { type: 'request-info', message: 'Falta la dirección de marcación de la sede remota.' });
  d = await command(mx('2026-03-13T14:59'), d, { type: 'reply', text: 'Es sip:sala3@vc.udg.mx' }, people.requester);
  const dEvent = event('2026-03-24', '10:00', '12:00', { roomId: 'sala-vc-2' });
  d = await saveForm(mx('2026-03-17T09:00'), d, dEvent.form);
  d = await book(mx('2026-03-17T09:30'), d, dEvent.booking);
  made.D = await command(mx('2026-03-23T10:00'), d, { type: 'reject', reasons: 'No hay sala disponible en la fecha solicitada.' });

  let e = await register(mx('2026-03-10T10:00'), { service: 'VC', assignee: people.asv2 });
  e = await command(mx('2026-03-10T11:00'), e, { type: 'take' }, people.asv2);
  e = await command(mx('2026-03-10T12:00'), e, { type: 'request-info', message: '¿Cuántas sedes remotas?' }, people.asv2);
  e = await desk.step(`2026-03-12T12:00:30-06:00`, () => desk.requests.execute(e.id, { type: 'wait-timeout', waitId: e.wait!.waitId }, systemActor, 'timeout-e'));
  made.E = await command(mx('2026-03-13T10:00'), e, { type: 'cancel' }, people.dau);

  let c = await register(mx('2026-03-13T12:00'), { service: 'VC' });
  c = await command(mx('2026-03-13T13:00'), c, { type: 'take' });
  const cEvent = event('2026-03-25', '10:00', '11:00', { roomId: 'sala-vc-1' });
  c = await saveForm(mx('2026-03-17T10:00'), c, cEvent.form);
  c = await book(mx('2026-03-17T10:30'), c, cEvent.booking);
  made.C = await command(mx('2026-03-18T18:00'), c, { type: 'finish' });

  made.F = await register(mx('2026-03-14T11:00'), { service: 'NC' });

  let k = await register(mx('2026-03-19T10:00'), { service: 'VC', assignee: people.asv2 });
  k = await command(mx('2026-03-19T10:30'), k, { type: 'take' }, people.asv2);
  made.K = await command(mx('2026-03-19T11:00'), k, { type: 'reject', reasons: '  no hay sala disponible en la fecha   solicitada ' }, people.asv2);

  let g = await register(mx('2026-03-30T09:00'), { service: 'TC', assignee: people.asv2 });
  g = await command(mx('2026-03-30T10:00'), g, { type: 'take' }, people.asv2);
  g = await command(mx('2026-03-30T11:00'), g, { type: 'hold', reason: 'Esperando al proveedor del puente' }, people.asv2);
  made.G = await command(mx('2026-03-31T11:00'), g, { type: 'resume' }, people.asv2);

  made.J = await register('2026-03-31T23:59:59-06:00', { service: 'TC' });
  made.I = await register(mx('2026-04-01T00:00'), { service: 'VC' });
  return made;
}
