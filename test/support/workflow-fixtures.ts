import { blankRequest as blankRequestOf } from '../../services/requests/request-service.js';
// Pure fixtures for the status machine tests (no database): people, actors, a request factory,
// a sample command of every type, a fixed workflow context and a deep freeze.
import { systemActor } from '../../services/requests/role-directory.js';
import type {
  ActingRole,
  Actor,
  BookingReference,
  Command,
  CommandType,
  Person,
  RequestStatus,
  ServiceFormState,
  ServiceRequest,
} from '../../services/requests/request-types.js';
import type { WorkflowContext } from '../../services/requests/request-workflow.js';

/** The people of the workflow tests. */
export const wfPeople = {
  hd: { id: 'hd-1', name: 'Helena Díaz', email: 'hd@uni.example' },
  asv: { id: 'asv-1', name: 'Arturo Sánchez', email: 'asv@uni.example' },
  asv2: { id: 'asv-2', name: 'Beatriz Valdés', email: 'asv2@uni.example' },
  dau: { id: 'dau-1', name: 'Dora Aguilar', email: 'dau@uni.example' },
  head: { id: 'head-1', name: 'Hugo Estrada', email: 'head@uni.example' },
  requester: { id: 'req-1', name: 'Rosa Quintero', email: 'rosa@uni.example' },
  stranger: { id: 'x-1', name: 'Xavier Otero', email: 'x@uni.example' },
} satisfies Record<string, Person>;

/** The acting roles of the exhaustive table, plus a person holding no role at all. */
export type TableRole = ActingRole | 'STRANGER';
export const tableRoles: readonly TableRole[] = ['HD', 'ASV', 'DAU', 'HEAD', 'REQUESTER', 'SYSTEM', 'STRANGER'];

/** One actor per table role. The REQUESTER holds no configured role; SYSTEM is the system actor. */
export const actors: Record<TableRole, Actor> = {
  HD: { ...wfPeople.hd, roles: ['HD'] },
  ASV: { ...wfPeople.asv, roles: ['ASV'] },
  DAU: { ...wfPeople.dau, roles: ['DAU'] },
  HEAD: { ...wfPeople.head, roles: ['HEAD'] },
  REQUESTER: { ...wfPeople.requester, roles: [] },
  SYSTEM: systemActor,
  STRANGER: { ...wfPeople.stranger, roles: [] },
};

/** The fixed moment of every decision in these tests. */
export const NOW = new Date('2026-03-10T16:00:00.000Z');
const EARLIER = new Date('2026-03-09T15:00:00.000Z');

/** The wait window the test context gives, whatever the start (recorded in `calls`). */
export const WINDOW = {
  remindAt: new Date('2026-03-11T16:00:00.000Z'),
  deadline: new Date('2026-03-12T16:00:00.000Z'),
};

/** A workflow context at `now`, whose wait window is WINDOW and which records its calls. */
export function testContext(now: Date = NOW): WorkflowContext & { calls: Date[] } {
  const calls: Date[] = [];
  return {
    now,
    calls,
    waitWindow(start: Date) {
      calls.push(start);
      return { remindAt: new Date(WINDOW.remindAt), deadline: new Date(WINDOW.deadline) };
    },
    isAsv: (person) => [wfPeople.asv.id, wfPeople.asv2.id].includes(person.id),
    timeZone: BUSINESS_ZONE,
    ratingWindow: (end: Date) => ({ remindAt: new Date(end.getTime() + RATING_REMIND_AFTER_MS), closesAt: new Date(end.getTime() + RATING_OPEN_MS) }),
  };
}

/** The test context's rating window: the reminder a week after the event, the close two weeks after it. */
export const RATING_REMIND_AFTER_MS = 7 * 86_400_000;
export const RATING_OPEN_MS = 14 * 86_400_000;

/** The booking of a request in *Terminada*: an event that ended the day before {@link NOW} (9 March 2026, 10:00–12:00 in Mexico City). */
export function pastBooking(bookingId = 'bk-1'): BookingReference {
  return {
    bookingId,
    title: 'FI – Examen de grado',
    start: new Date('2026-03-09T16:00:00.000Z'),
    end: new Date('2026-03-09T18:00:00.000Z'),
    resourceIds: ['room-1', 'tech-1'],
    service: 'VC',
  };
}

/** The business time zone of the workflow tests (Mexico City, UTC−6 all year). */
export const BUSINESS_ZONE = 'America/Mexico_City';

/** A complete form of `service` asking for the event {@link sampleBooking} books: 20 March 2026, 10:00–12:00 in Mexico City. */
export function completeForm(service: ServiceFormState['service'] = 'VC'): ServiceFormState {
  return {
    service,
    data: { programa: 'Examen de grado', participantes: 12, date: '2026-03-20', startTime: '10:00', endTime: '12:00' },
    complete: true,
    updatedAt: EARLIER,
  };
}

/** A weekly series booked on two Fridays (20 and 27 March 2026, 10:00–12:00 in Mexico City), each occurrence its own booking. */
export function sampleSeriesBooking(): BookingReference {
  const first = { date: '2026-03-20', bookingId: 'bk-s1', start: new Date('2026-03-20T16:00:00.000Z'), end: new Date('2026-03-20T18:00:00.000Z'), resourceIds: ['room-1', 'tech-1'] };
  const second = { date: '2026-03-27', bookingId: 'bk-s2', start: new Date('2026-03-27T16:00:00.000Z'), end: new Date('2026-03-27T18:00:00.000Z'), resourceIds: ['room-1', 'tech-1'] };
  return { ...first, title: 'FI – Examen de grado', service: 'VC', occurrences: [first, second] };
}

export function sampleBooking(bookingId = 'bk-1'): BookingReference {
  return {
    bookingId,
    title: 'FI – Examen de grado',
    start: new Date('2026-03-20T16:00:00.000Z'),
    end: new Date('2026-03-20T18:00:00.000Z'),
    resourceIds: ['room-1', 'tech-1'],
    service: 'VC',
  };
}

/** The blank request the store hands to `decide` for `register` (as `RequestService` builds it). */
export function blankRequest(): ServiceRequest {
  return blankRequestOf('req-blank', NOW);
}

/**
 * A plausible request in `status`, with a history that leads there. In the working statuses and
 * in *Terminada* it has a complete VC form and a booking (so `finish` can succeed; in *Terminada*
 * the event ended the day before {@link NOW}, so the after-event steps can follow); in
 * *Pendiente por el usuario* it has an open wait whose id is its version.
 */
export function requestIn(status: RequestStatus, overrides: Partial<ServiceRequest> = {}): ServiceRequest {
  const paths: Record<RequestStatus, Array<[CommandType, RequestStatus | null, RequestStatus]>> = {
    Registro: [['register', null, 'Registro']],
    'En Proceso': [
      ['register', null, 'Registro'],
      ['take', 'Registro', 'En Proceso'],
    ],
    'Pendiente por el usuario': [
      ['register', null, 'Registro'],
      ['take', 'Registro', 'En Proceso'],
      ['request-info', 'En Proceso', 'Pendiente por el usuario'],
    ],
    Espera: [
      ['register', null, 'Registro'],
      ['take', 'Registro', 'En Proceso'],
      ['hold', 'En Proceso', 'Espera'],
    ],
    Terminada: [
      ['register', null, 'Registro'],
      ['take', 'Registro', 'En Proceso'],
      ['finish', 'En Proceso', 'Terminada'],
    ],
    'No Procede': [
      ['register', null, 'Registro'],
      ['take', 'Registro', 'En Proceso'],
      ['reject', 'En Proceso', 'No Procede'],
    ],
    Cancelada: [
      ['register', null, 'Registro'],
      ['take', 'Registro', 'En Proceso'],
      ['reject', 'En Proceso', 'No Procede'],
      ['cancel', 'No Procede', 'Cancelada'],
    ],
  };
  const history = paths[status].map(([kind, from, to], index) => ({
    seq: index + 1,
    at: new Date(EARLIER.getTime() + index * 60_000),
    actor: kind === 'register' ? { id: wfPeople.hd.id, name: wfPeople.hd.name, role: 'HD' as const } : { id: wfPeople.asv.id, name: wfPeople.asv.name, role: 'ASV' as const },
    kind,
    from,
    to,
  }));
  const version = history.length;
  const hasWork = status === 'En Proceso' || status === 'Pendiente por el usuario' || status === 'Espera' || status === 'Terminada';
  return {
    id: 'req-0042',
    folio: 'VC-2026-0042',
    requester: wfPeople.requester,
    dependencia: { name: 'Facultad de Ingeniería', siglas: 'FI' },
    description: 'Videoconferencia con la Universidad de Salamanca para un examen de grado',
    service: 'VC',
    status,
    assignee: wfPeople.asv,
    form: status === 'Terminada' ? { ...completeForm('VC'), data: { ...completeForm('VC').data, date: '2026-03-09' } } : hasWork ? completeForm('VC') : null,
    booking: status === 'Terminada' ? pastBooking() : hasWork ? sampleBooking() : null,
    wait:
      status === 'Pendiente por el usuario'
        ? { waitId: String(version), message: 'Falta la dirección SIP del sitio remoto', startedAt: EARLIER, ...WINDOW }
        : null,
    teams: null,
    version,
    createdAt: EARLIER,
    updatedAt: EARLIER,
    history,
    ...overrides,
  };
}

/** The current wait id of a request, or one that cannot match when it has none. */
function currentWaitId(request: ServiceRequest): string {
  return request.wait?.waitId ?? 'no-wait';
}

/**
 * A valid command of each type for `request`: every input present, the waits matching, and the
 * value commands really changing something (another assignee, another service…).
 */
export function sampleCommand(type: CommandType, request: ServiceRequest): Command {
  switch (type) {
    case 'register':
      return {
        type,
        requester: wfPeople.requester,
        dependencia: { name: 'Facultad de Ingeniería', siglas: ' fi ' },
        description: '  Videoconferencia con Salamanca  ',
        service: 'VC',
        assignee: wfPeople.asv,
      };
    case 'take':
      return { type };
    case 'request-info':
      return { type, message: '  Falta la dirección SIP del sitio remoto ' };
    case 'reply':
      return { type, text: ' sip:aula3@usal.es ' };
    case 'add-information':
      return { type, text: ' También asistirá el sínodo completo ' };
    case 'wait-timeout':
      return { type, waitId: currentWaitId(request) };
    case 'remind':
      return { type, waitId: currentWaitId(request) };
    case 'hold':
      return { type, reason: 'Esperando confirmación de la sala' };
    case 'resume':
      return { type };
    case 'finish':
      return { type, note: 'Servicio programado' };
    case 'reject':
      return { type, reasons: '  El sitio remoto no tiene equipo compatible ' };
    case 'cancel':
      return { type, note: 'Seguimiento concluido' };
    case 'reassign':
      return { type, assignee: wfPeople.asv2 };
    case 'set-service':
      return { type, service: request.service === 'TC' ? 'NC' : 'TC' };
    case 'save-form':
      return { type, form: { service: request.service ?? 'VC', data: { programa: 'Examen' }, complete: false } };
    case 'record-booking':
      return { type, booking: sampleBooking('bk-2') };
    case 'release-booking':
      return { type, note: 'Cambio de fecha' };
    case 'cancel-occurrence':
      return { type, date: request.booking?.occurrences?.find((occurrence) => !occurrence.cancelled)?.date ?? '2026-03-20', note: 'Día inhábil' };
    case 'record-delivery': {
      const booking = request.booking ?? pastBooking();
      return { type, outcome: 'held-as-planned', actualStart: booking.start, actualEnd: booking.end };
    }
    case 'rate':
      return { type, rating: 5, comment: 'Todo excelente' };
    case 'ask-rating':
    case 'remind-rating':
      return { type, bookingId: request.booking?.bookingId ?? 'no-booking' };
  }
}

/** Freezes a value and everything reachable from it (Dates included, as objects). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value as object)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}
