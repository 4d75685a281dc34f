import type { RecordSources } from '../../services/records/record-view.js';
import type { ReportFigures } from '../../services/reports/report-service.js';
import type { EffectDeliveryDocument } from '../../services/store/request-documents.js';
import { sampleBooking, sampleRequest, sampleResources } from './card-fixtures.js';

/**
 * The figures of March 2026 over the requests of `seedMarch2026` (test/support/report-scenario.ts),
 * as the report test finds them, and a little busier (two more ASVs, more reasons) for the picture.
 */
export function marchFigures(): ReportFigures {
  const days = ['2026-03-03', '2026-03-06', '2026-03-09', '2026-03-10', '2026-03-13', '2026-03-14', '2026-03-19', '2026-03-30', '2026-03-31'];
  return {
    period: { kind: 'month', firstDay: '2026-03-01', lastDay: '2026-03-31', from: new Date('2026-03-01T06:00:00Z'), to: new Date('2026-04-01T06:00:00Z') },
    registered: 9,
    byService: { VC: 6, TC: 2, NC: 1, none: 0 },
    byStatus: { Registro: 2, 'En Proceso': 1, 'Pendiente por el usuario': 0, Espera: 0, Terminada: 3, 'No Procede': 2, Cancelada: 1 },
    finished: 3,
    noProcede: 3,
    cancelled: 1,
    hoursToClose: { count: 3, median: 48, p90: 52.8 },
    statusTime: [
      { status: 'Registro', requests: 7, hours: 8, meanHours: 8 / 7 },
      { status: 'En Proceso', requests: 7, hours: 316.0167, meanHours: 316.0167 / 7 },
      { status: 'Pendiente por el usuario', requests: 2, hours: 95.9917, meanHours: 47.9958 },
      { status: 'Espera', requests: 1, hours: 24, meanHours: 24 },
      { status: 'No Procede', requests: 1, hours: 21.9917, meanHours: 21.9917 },
    ],
    waits: { n: 2, onTime: 1, late: 0, timedOut: 1, open: 0, answeredInTimeShare: 0.5 },
    reasons: [
      { key: 'no hay sala disponible en la fecha solicitada', text: 'No hay sala disponible en la fecha solicitada.', timeout: false, count: 2 },
      { key: 'timeout', text: '', timeout: true, count: 1 },
    ],
    asvs: [
      { id: 'asv-1', name: 'Arturo Sánchez', open: 2, finished: 3, notViable: 1 },
      { id: 'asv-2', name: 'Beatriz Valdés', open: 1, finished: 0, notViable: 2 },
    ],
    resources: [
      { id: 'sala-vc-1', name: 'Sala de Videoconferencia 1', kind: 'room', bookings: 3, hours: 7, utilisation: 7 / 504 },
      { id: 'tec-ana', name: 'Ana Robles (técnica)', kind: 'staff', bookings: 3, hours: 7, utilisation: 7 / 504 },
      { id: 'mcu-1', name: 'MCU / puente de videoconferencia', kind: 'equipment', bookings: 2, hours: 4, utilisation: 4 / 504 },
      { id: 'sala-vc-2', name: 'Sala de Videoconferencia 2', kind: 'room', bookings: 0, hours: 0, utilisation: 0 },
    ],
    periodBusinessHours: 504,
    daily: days.map((day) => ({ day, n: 1 })),
    satisfaction: { ratings: 3, average: 4, highShare: 2 / 3 },
    delivery: { recorded: 3, notHeld: 1, incidents: { connection: 1, audio: 1, video: 0, room: 0, other: 0 } },
  };
}

function delivery(id: string, seq: number, effect: EffectDeliveryDocument['effect'], step: string | null, status: EffectDeliveryDocument['status'], at: string, reference: string | null, channel: string | null): EffectDeliveryDocument {
  return {
    _id: step ? `${id}:${step}` : id,
    requestId: 'req-42',
    eventId: `req-42:${String(seq).padStart(6, '0')}`,
    effect,
    step,
    status,
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
    channel,
    reference,
    updatedAt: new Date(at),
  };
}

/** The sample request of the card tests, finished, with what the desk did about it: a record's sources. */
export function sampleRecordSources(): RecordSources {
  const base = sampleRequest({ status: 'Terminada' });
  const booking = sampleBooking();
  const history = [
    ...base.history,
    { seq: 5, at: new Date('2026-04-28T15:00:00Z'), actor: { id: 'asv-1', name: 'Carla Gómez', role: 'ASV' as const }, kind: 'request-info' as const, from: 'En Proceso' as const, to: 'Pendiente por el usuario' as const, note: 'Indique la dirección SIP de la sede de Morelia.' },
    { seq: 6, at: new Date('2026-04-29T17:12:00Z'), actor: { id: 'mf.ortiz@ingenieria.unam.mx', name: 'María Fernanda Ortiz', role: 'REQUESTER' as const }, kind: 'reply' as const, from: 'Pendiente por el usuario' as const, to: 'En Proceso' as const, note: 'Es sip:sala3@morelia.unam.mx' },
    { seq: 7, at: new Date('2026-04-30T16:00:00Z'), actor: { id: 'asv-1', name: 'Carla Gómez', role: 'ASV' as const }, kind: 'save-form' as const, from: 'En Proceso' as const, to: 'En Proceso' as const, note: 'complete' },
    { seq: 8, at: new Date('2026-04-30T16:05:00Z'), actor: { id: 'asv-1', name: 'Carla Gómez', role: 'ASV' as const }, kind: 'record-booking' as const, from: 'En Proceso' as const, to: 'En Proceso' as const, note: booking.title },
    { seq: 9, at: new Date('2026-04-30T17:30:00Z'), actor: { id: 'asv-1', name: 'Carla Gómez', role: 'ASV' as const }, kind: 'finish' as const, from: 'En Proceso' as const, to: 'Terminada' as const, note: 'Conexión probada con ambas sedes.' },
  ];
  const request = {
    ...base,
    history,
    version: history.length,
    booking: { bookingId: booking.id, title: booking.title, start: booking.start, end: booking.end, resourceIds: ['sala-vc-1', 'mcu-1', 'camara-ptz-2', 'tec-ana'], service: 'VC' as const },
  };
  return {
    request,
    commandIds: new Map([[6, 'mail:<CAF=reply@ingenieria.unam.mx>']]),
    deliveries: [
      delivery('req-42:000001/1', 1, { type: 'notify-assignee', notice: 'new-request', id: 'req-42:000001/1' }, 'email', 'delivered', '2026-04-27T15:00:04Z', 'outbox:1', 'email'),
      delivery('req-42:000002/1', 2, { type: 'notify-requester', notice: 'in-progress', id: 'req-42:000002/1' }, 'email', 'delivered', '2026-04-27T16:10:03Z', 'smtp:<a1@desk>', 'email'),
      delivery('req-42:000002/1', 2, { type: 'notify-requester', notice: 'in-progress', id: 'req-42:000002/1' }, 'teams', 'delivered', '2026-04-27T16:10:04Z', '1:1 chat', 'teams'),
      delivery('req-42:000005/1', 5, { type: 'notify-requester', notice: 'info-request', waitId: '5', id: 'req-42:000005/1' }, 'email', 'delivered', '2026-04-28T15:00:03Z', 'smtp:<a2@desk>', 'email'),
      delivery('req-42:000005/1', 5, { type: 'notify-requester', notice: 'info-request', waitId: '5', id: 'req-42:000005/1' }, 'teams', 'skipped', '2026-04-28T15:00:05Z', 'chat-refused: 403', 'teams-undelivered'),
      delivery('req-42:000009/1', 9, { type: 'notify-requester', notice: 'completed', id: 'req-42:000009/1' }, 'email', 'delivered', '2026-04-30T17:30:03Z', 'smtp:<a3@desk>', 'email'),
      delivery('req-42:000009/1', 9, { type: 'notify-requester', notice: 'completed', id: 'req-42:000009/1' }, 'teams', 'delivered', '2026-04-30T17:30:04Z', '1:1 chat', 'teams'),
    ],
    bookings: [{ id: booking.id, title: booking.title, start: booking.start, end: booking.end, roomId: booking.roomId, equipmentIds: booking.equipmentIds, staffIds: booking.staffIds, status: 'confirmed', createdAt: booking.createdAt }],
    shownReplies: [],
    resources: sampleResources(),
  };
}
