import type { Booking, Resource } from '../../services/agenda/agenda-types.js';
import type { AvailabilityAnswer } from '../../services/agenda/availability.js';
import type { HistoryEntry, ServiceRequest } from '../../services/requests/request-types.js';
import type { SeriesAvailability } from '../../services/agenda/series-availability.js';
import type { Occurrence } from '../../services/forms/recurrence.js';

/** The business time zone of the card tests. */
export const MEXICO_CITY = 'America/Mexico_City';

/** A small catalogue: two rooms, a camera, the MCU, two technicians. */
export function sampleResources(): Resource[] {
  return [
    { id: 'sala-vc-1', kind: 'room', name: 'Sala de Videoconferencia 1', capacity: 30, services: ['VC', 'TC'], mailbox: 'sala-vc-1@example.edu', active: true },
    { id: 'sala-juntas-2', kind: 'room', name: 'Sala de Juntas 2', capacity: 12, services: ['VC', 'TC', 'NC'], active: true },
    { id: 'camara-ptz-2', kind: 'equipment', name: 'Cámara PTZ 2', services: ['VC', 'NC'], active: true },
    { id: 'mcu-1', kind: 'equipment', name: 'MCU', services: ['VC'], bridge: true, active: true },
    { id: 'tec-ana', kind: 'staff', name: 'Ana Robles', services: ['VC', 'TC', 'NC'], mailbox: 'ana.robles@example.edu', active: true },
    { id: 'tec-luis', kind: 'staff', name: 'Luis Méndez', services: ['VC', 'TC'], active: true },
  ];
}

/** A complete videoconference form as stored. */
export function videoconferenceFormData(): Record<string, unknown> {
  return {
    dependenciaName: 'Facultad de Ingeniería',
    siglas: 'FI',
    requesterName: 'María Fernanda Ortiz',
    requesterEmail: 'mf.ortiz@ingenieria.unam.mx',
    requesterPhone: '55 5622 3333 ext. 123',
    programName: 'Seminario de redes',
    date: '2026-05-04',
    startTime: '10:00',
    endTime: '12:00',
    purpose: 'Sesión del seminario con sedes foráneas.',
    expectedParticipants: 25,
    localRoom: 'sala-vc-1',
    mode: 'multipoint',
    needsBridge: true,
    remoteSites: [
      { institution: 'Universidad de Guadalajara', contactName: 'Luis Pérez', contactEmail: 'luis.perez@udg.mx', dialAddress: 'sip:sala3@vc.udg.mx', protocol: 'SIP' },
      { institution: 'UNAM Campus Morelia', contactName: 'Rosa Díaz', contactPhone: '+52 443 322 3800', dialAddress: '132.248.10.5', protocol: 'H.323' },
    ],
    bandwidthKbps: 2048,
    connectionTestDate: '2026-05-04',
    connectionTestTime: '09:00',
    recording: true,
    streaming: false,
    extraEquipment: ['camara-ptz-2'],
  };
}

function entry(seq: number, at: string, kind: HistoryEntry['kind'], from: HistoryEntry['from'], to: HistoryEntry['to'], note?: string): HistoryEntry {
  const actor =
    kind === 'register'
      ? { id: 'hd-1', name: 'Pedro Hernández', role: 'HD' as const }
      : kind === 'wait-timeout' || kind === 'remind'
        ? { id: 'system', name: 'Sistema', role: 'SYSTEM' as const }
        : { id: 'asv-1', name: 'Carla Gómez', role: 'ASV' as const };
  return { seq, at: new Date(at), actor, kind, from, to, note };
}

/** A request in the given status, with a plausible history, form and wait. */
export function sampleRequest(overrides: Partial<ServiceRequest> = {}): ServiceRequest {
  const status = overrides.status ?? 'En Proceso';
  const history: HistoryEntry[] = [
    entry(1, '2026-04-27T15:00:00Z', 'register', null, 'Registro'),
    entry(2, '2026-04-27T16:10:00Z', 'take', 'Registro', 'En Proceso'),
    entry(3, '2026-04-27T16:20:00Z', 'set-service', 'En Proceso', 'En Proceso', 'VC'),
    entry(4, '2026-04-27T17:00:00Z', 'save-form', 'En Proceso', 'En Proceso', 'draft'),
  ];
  if (status === 'Pendiente por el usuario') {
    history.push(entry(5, '2026-04-28T15:00:00Z', 'request-info', 'En Proceso', 'Pendiente por el usuario', 'Indique la dirección SIP de la sede de Morelia.'));
  }
  if (status === 'No Procede') {
    history.push(entry(5, '2026-04-28T15:00:00Z', 'request-info', 'En Proceso', 'Pendiente por el usuario', 'Indique la dirección SIP.'));
    history.push(entry(6, '2026-04-30T15:00:00Z', 'wait-timeout', 'Pendiente por el usuario', 'No Procede', 'no-reply-within-deadline'));
  }
  return {
    id: 'req-42',
    folio: 'VC-2026-0042',
    requester: { id: 'mf.ortiz@ingenieria.unam.mx', name: 'María Fernanda Ortiz', email: 'mf.ortiz@ingenieria.unam.mx' },
    dependencia: { name: 'Facultad de Ingeniería', siglas: 'FI' },
    description: 'Videoconferencia multipunto con Guadalajara y Morelia para el seminario de redes.',
    service: 'VC',
    status,
    assignee: { id: 'asv-1', name: 'Carla Gómez', email: 'carla.gomez@unam.mx' },
    form: { service: 'VC', data: videoconferenceFormData(), complete: true, updatedAt: new Date('2026-04-27T17:00:00Z') },
    booking: null,
    wait:
      status === 'Pendiente por el usuario'
        ? {
            waitId: '5',
            message: 'Indique la dirección SIP de la sede de Morelia.',
            startedAt: new Date('2026-04-28T15:00:00Z'),
            deadline: new Date('2026-04-30T15:00:00Z'),
            remindAt: new Date('2026-04-29T15:00:00Z'),
          }
        : null,
    teams: null,
    version: history.length,
    createdAt: new Date('2026-04-27T15:00:00Z'),
    updatedAt: new Date('2026-04-28T15:00:00Z'),
    history,
    ...overrides,
  };
}

/** A confirmed booking of the sample request, declined by the room's mailbox. */
export function sampleBooking(overrides: Partial<Booking> = {}): Booking {
  return {
    id: 'bk-7',
    requestId: 'req-42',
    folio: 'VC-2026-0042',
    service: 'VC',
    title: 'FI – Seminario de redes',
    body: 'Seminario de redes',
    start: new Date('2026-05-04T16:00:00Z'),
    end: new Date('2026-05-04T18:00:00Z'),
    heldStart: new Date('2026-05-04T15:30:00Z'),
    heldEnd: new Date('2026-05-04T18:15:00Z'),
    roomId: 'sala-vc-1',
    equipmentIds: ['mcu-1', 'camara-ptz-2'],
    staffIds: ['tec-ana'],
    status: 'confirmed',
    graphEventId: null,
    declinedBy: [],
    createdBy: 'asv-1',
    createdAt: new Date('2026-04-28T15:00:00Z'),
    updatedAt: new Date('2026-04-28T15:00:00Z'),
    ...overrides,
  };
}

/** The verdict "blocked": the room held by another event, Luis off duty, two alternatives. */
export function blockedAnswer(): AvailabilityAnswer {
  return {
    free: false,
    heldStart: new Date('2026-05-04T15:30:00Z'),
    heldEnd: new Date('2026-05-04T18:15:00Z'),
    option: null,
    freeStaff: [sampleResources()[4]!],
    blockers: [
      {
        resourceId: 'sala-vc-1',
        resourceName: 'Sala de Videoconferencia 1',
        kind: 'room',
        reason: 'busy',
        by: { label: 'IIMAS – Coloquio', start: new Date('2026-05-04T15:00:00Z'), end: new Date('2026-05-04T17:00:00Z'), source: 'local' },
      },
      { resourceId: '*', resourceName: '*', kind: 'staff-search', reason: 'not-enough-staff' },
      { resourceId: 'tec-luis', resourceName: 'Luis Méndez', kind: 'staff', reason: 'outside-working-hours' },
    ],
    alternatives: [
      { start: new Date('2026-05-04T18:00:00Z'), end: new Date('2026-05-04T20:00:00Z'), roomId: 'sala-vc-1', equipmentIds: ['mcu-1'], staffIds: ['tec-ana'] },
      { start: new Date('2026-05-05T15:00:00Z'), end: new Date('2026-05-05T17:00:00Z'), roomId: null, equipmentIds: [], staffIds: ['tec-ana'] },
    ],
  };
}

/** The verdict "free", with both technicians free. */
export function freeAnswer(): AvailabilityAnswer {
  const resources = sampleResources();
  return {
    free: true,
    heldStart: new Date('2026-05-04T15:30:00Z'),
    heldEnd: new Date('2026-05-04T18:15:00Z'),
    option: { start: new Date('2026-05-04T16:00:00Z'), end: new Date('2026-05-04T18:00:00Z'), roomId: 'sala-vc-1', equipmentIds: ['mcu-1', 'camara-ptz-2'], staffIds: ['tec-ana'] },
    freeStaff: [resources[4]!, resources[5]!],
    blockers: [],
    alternatives: [],
  };
}

/**
 * A weekly series (Mondays from 4 May 2026, 10:00–12:00 in Mexico City) as the series card sees
 * it: 4 May booked, 11 May free, 18 May in conflict ({@link blockedAnswer}), 25 May a closure
 * day (free), 1 June the form's exception, 8 June cancelled.
 */
export function sampleSeriesAvailability(): SeriesAvailability {
  const occurrence = (date: string, fields: Partial<Occurrence> = {}): Occurrence => ({
    date,
    start: new Date(`${date}T10:00:00-06:00`),
    end: new Date(`${date}T12:00:00-06:00`),
    excepted: false,
    closure: false,
    ...fields,
  });
  const booked = occurrence('2026-05-04');
  const free = { ...freeAnswer(), option: { ...freeAnswer().option!, start: new Date('2026-05-11T16:00:00Z'), end: new Date('2026-05-11T18:00:00Z') } };
  const entries: SeriesAvailability['occurrences'] = [
    { occurrence: booked, state: 'booked', answer: null, booking: { date: booked.date, bookingId: 'bk-s1', start: booked.start, end: booked.end, resourceIds: ['sala-vc-1', 'tec-ana'] } },
    { occurrence: occurrence('2026-05-11'), state: 'free', answer: free, booking: null },
    { occurrence: occurrence('2026-05-18'), state: 'conflict', answer: blockedAnswer(), booking: null },
    { occurrence: occurrence('2026-05-25', { closure: true }), state: 'free', answer: freeAnswer(), booking: null },
    { occurrence: occurrence('2026-06-01', { excepted: true }), state: 'excepted', answer: null, booking: null },
    { occurrence: occurrence('2026-06-08'), state: 'cancelled', answer: null, booking: { date: '2026-06-08', bookingId: null, start: new Date('2026-06-08T16:00:00Z'), end: new Date('2026-06-08T18:00:00Z'), resourceIds: [], cancelled: true } },
  ];
  return { occurrences: entries, bookable: [entries[1]!] };
}
