import {
  type ActingRole,
  type Actor,
  type Command,
  type CommandType,
  type Effect,
  type HistoryEntry,
  type OccurrenceReference,
  type Person,
  type RequestStatus,
  type ServiceRequest,
} from './request-types.js';
import { bookingOutOfDate } from './booking-match.js';
import { bookingsLeftBehind, heldBookingIds, mergeOccurrences } from './series-booking.js';
import { expandOccurrences } from '../forms/recurrence.js';
import { eventTitle } from '../forms/event-title.js';
import { deliveryNote, deliveryRecordProblem, ratingNote } from './after-event.js';

/** What `finish` needs and may find missing: the complete form, a booking, and a booking that is the form's event. */
export type FinishRequirement = 'form' | 'booking' | 'booking-matches-form';

/** Why a command was refused. `field` names the missing input. */
export type Rejection =
  | { code: 'not-allowed-from-status'; command: CommandType; status: RequestStatus | null }
  | { code: 'not-authorised'; command: CommandType; allowedRoles: readonly ActingRole[] }
  | { code: 'missing-input'; command: CommandType; field: string }
  | { code: 'invalid-input'; command: CommandType | null; field: string; problem: 'too-long' | 'invalid'; max?: number | undefined }
  | { code: 'assignee-not-asv'; command: CommandType; assignee: string }
  | { code: 'finish-preconditions'; missing: FinishRequirement[] }
  | { code: 'stale-wait'; waitId: string }
  | { code: 'no-change'; command: CommandType }
  /** The after-event steps wait for the booked event's end. */
  | { code: 'event-not-ended'; command: CommandType; endsAt: Date }
  /** The request was rated already: one answer per request. */
  | { code: 'already-rated'; rating: number }
  /** The rating period (business days after the event) is over. */
  | { code: 'rating-closed'; closedAt: Date }
  /** An after-event job for a booking the request no longer has. */
  | { code: 'stale-event'; bookingId: string };

/** The outcome of a command: the next request, its history entry and the effects to run. */
export type Decision =
  | { ok: true; next: ServiceRequest; entry: HistoryEntry; effects: Effect[] }
  | { ok: false; rejection: Rejection };

/** What the workflow needs from outside, as values: the moment and the wait window rule. */
export interface WorkflowContext {
  now: Date;
  /** The reminder and deadline of a wait that starts at `start` (business-hour arithmetic). */
  waitWindow(start: Date): { remindAt: Date; deadline: Date };
  /** Whether `person` is an ASV of the configuration (the only people a request can be assigned to). */
  isAsv(person: Person): boolean;
  /** The business time zone (IANA), in which a form's date and times are read. */
  timeZone: string;
  /**
   * The satisfaction survey of an event that ended at `eventEnd`: when the requester is reminded
   * and when ratings stop being accepted (business days, see services/requests/after-event.ts).
   */
  ratingWindow(eventEnd: Date): { remindAt: Date; closesAt: Date };
}

type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

interface Rule<T extends CommandType> {
  /** Statuses the command applies to; `null` stands for "no request yet". */
  from: readonly (RequestStatus | null)[];
  roles: readonly ActingRole[];
  /** Returns the changed fields, the note, and the effects; or a rejection of the input. */
  apply(request: ServiceRequest, command: CommandOf<T>, context: WorkflowContext, seq: number): Outcome | Rejection;
}

interface Outcome {
  to: RequestStatus;
  changes?: Partial<ServiceRequest>;
  note?: string | undefined;
  effects: Effect[];
}

const working: readonly RequestStatus[] = ['En Proceso', 'Pendiente por el usuario', 'Espera'];
/** Where information the requester sends is taken without a wait to answer: the request is open and not waiting. */
const openNotWaiting: readonly RequestStatus[] = ['Registro', 'En Proceso', 'Espera'];

const releaseBooking = (request: ServiceRequest): Effect[] => releaseEach(heldBookingIds(request.booking));

/** An occurrence of the form's series not booked yet, as a reference without a booking. */
function seriesOccurrence(request: ServiceRequest, date: string, timeZone: string): OccurrenceReference | undefined {
  const occurrence = expandOccurrences(request.form?.data ?? {}, timeZone, () => true)?.find((candidate) => candidate.date === date && !candidate.excepted);
  return occurrence && { date, bookingId: null, start: occurrence.start, end: occurrence.end, resourceIds: [] };
}

function formEventTitle(request: ServiceRequest): string {
  const data = request.form?.data ?? {};
  const siglas = typeof data.siglas === 'string' && data.siglas ? data.siglas : request.dependencia.siglas;
  return eventTitle(siglas, typeof data.programName === 'string' ? data.programName : '');
}

const releaseEach = (bookingIds: readonly string[]): Effect[] => bookingIds.map((bookingId) => ({ type: 'release-booking', bookingId }));

const required = (command: CommandType, field: string, value: string | undefined): Rejection | undefined =>
  value && value.trim() ? undefined : { code: 'missing-input', command, field };

const assignable = (command: CommandType, assignee: Person, context: WorkflowContext): Rejection | undefined =>
  context.isAsv(assignee) ? undefined : { code: 'assignee-not-asv', command, assignee: assignee.name || assignee.id };

/**
 * The status machine of SPEC §2, one rule per command. Every transition not listed here does
 * not exist; every effect a change causes is named in its rule.
 */
export const workflowRules: { [T in CommandType]: Rule<T> } = {
  register: {
    from: [null],
    roles: ['HD', 'REQUESTER'],
    apply: (_request, command, context) =>
      required('register', 'requester', command.requester.id || command.requester.email) ??
      required('register', 'dependencia', command.dependencia.name) ??
      required('register', 'siglas', command.dependencia.siglas) ??
      required('register', 'description', command.description) ??
      required('register', 'assignee', command.assignee.id) ??
      assignable('register', command.assignee, context) ?? {
        to: 'Registro',
        effects: [{ type: 'post-channel-card' }, { type: 'notify-assignee', notice: 'new-request' }],
      },
  },
  take: {
    from: ['Registro'],
    roles: ['ASV'],
    apply: () => ({
      to: 'En Proceso',
      effects: [{ type: 'update-channel-card' }, { type: 'notify-requester', notice: 'in-progress' }],
    }),
  },
  'request-info': {
    from: ['En Proceso'],
    roles: ['ASV'],
    apply: (_request, command, context, seq) => {
      const missing = required('request-info', 'message', command.message);
      if (missing) return missing;
      const window = context.waitWindow(context.now);
      const waitId = String(seq);
      return {
        to: 'Pendiente por el usuario',
        note: command.message.trim(),
        changes: {
          wait: { waitId, message: command.message.trim(), startedAt: context.now, ...window },
        },
        effects: [
          { type: 'update-channel-card' },
          { type: 'notify-requester', notice: 'info-request', waitId },
          { type: 'schedule-wait-timers', waitId, deadline: window.deadline, remindAt: window.remindAt },
        ],
      };
    },
  },
  reply: {
    from: ['Pendiente por el usuario'],
    roles: ['REQUESTER', 'ASV'],
    apply: (request, command) =>
      required('reply', 'text', command.text) ?? {
        to: 'En Proceso',
        note: command.text.trim(),
        changes: { wait: null },
        effects: [
          ...(request.wait ? [{ type: 'cancel-wait-timers', waitId: request.wait.waitId } as const] : []),
          { type: 'post-thread-reply', text: command.text.trim(), topic: 'requester-reply' },
          { type: 'update-channel-card' },
        ],
      },
  },
  'add-information': {
    from: openNotWaiting,
    roles: ['REQUESTER', 'ASV'],
    apply: (request, command) =>
      required('add-information', 'text', command.text) ?? {
        to: request.status,
        note: command.text.trim(),
        effects: [
          { type: 'post-thread-reply', text: command.text.trim(), topic: 'requester-reply' },
          { type: 'update-channel-card' },
        ],
      },
  },
  'wait-timeout': {
    from: ['Pendiente por el usuario'],
    roles: ['SYSTEM'],
    apply: (request, command) =>
      request.wait?.waitId !== command.waitId
        ? { code: 'stale-wait', waitId: command.waitId }
        : {
            to: 'No Procede',
            note: 'no-reply-within-deadline',
            changes: { wait: null, booking: null },
            effects: [
              { type: 'update-channel-card' },
              { type: 'post-thread-reply', text: 'no-reply-within-deadline', topic: 'timed-out' },
              { type: 'notify-requester', notice: 'timed-out' },
              { type: 'notify-assignee', notice: 'timed-out' },
              { type: 'notify-dau', notice: 'not-viable' },
              ...releaseBooking(request),
            ],
          },
  },
  remind: {
    from: ['Pendiente por el usuario'],
    roles: ['SYSTEM'],
    apply: (request, command, context) =>
      request.wait?.waitId !== command.waitId || context.now >= request.wait.deadline
        ? { code: 'stale-wait', waitId: command.waitId }
        : {
            to: request.status,
            note: 'reminder-sent',
            effects: [{ type: 'notify-requester', notice: 'reminder', waitId: command.waitId }, { type: 'update-channel-card' }],
          },
  },
  hold: {
    from: ['En Proceso'],
    roles: ['ASV'],
    apply: (_request, command) => ({
      to: 'Espera',
      note: command.reason?.trim() || undefined,
      effects: [{ type: 'update-channel-card' }, { type: 'post-thread-reply', text: command.reason?.trim() ?? '', topic: 'hold' }],
    }),
  },
  resume: {
    from: ['Espera'],
    roles: ['ASV'],
    apply: () => ({ to: 'En Proceso', effects: [{ type: 'update-channel-card' }] }),
  },
  finish: {
    from: ['En Proceso'],
    roles: ['ASV'],
    apply: (request, command, context) => {
      const missing: FinishRequirement[] = [];
      const formComplete = Boolean(request.form?.complete && request.form.service === request.service);
      if (!formComplete) missing.push('form');
      if (!request.booking) missing.push('booking');
      else if (formComplete && bookingOutOfDate(request, context.timeZone)) missing.push('booking-matches-form');
      if (missing.length) return { code: 'finish-preconditions', missing };
      const booking = request.booking!;
      return {
        to: 'Terminada',
        note: command.note?.trim() || undefined,
        effects: [
          { type: 'update-channel-card' },
          { type: 'notify-requester', notice: 'completed' },
          { type: 'schedule-after-event', bookingId: booking.bookingId, end: booking.end, remindAt: context.ratingWindow(booking.end).remindAt },
        ],
      };
    },
  },
  reject: {
    from: ['En Proceso'],
    roles: ['ASV'],
    apply: (request, command) =>
      required('reject', 'reasons', command.reasons) ?? {
        to: 'No Procede',
        note: command.reasons.trim(),
        changes: { booking: null },
        effects: [
          { type: 'update-channel-card' },
          { type: 'post-thread-reply', text: command.reasons.trim(), topic: 'not-viable' },
          { type: 'notify-requester', notice: 'not-viable' },
          { type: 'notify-dau', notice: 'not-viable' },
          ...releaseBooking(request),
        ],
      },
  },
  cancel: {
    from: ['No Procede'],
    roles: ['DAU'],
    apply: (request, command) => ({
      to: 'Cancelada',
      note: command.note?.trim() || undefined,
      changes: { booking: null },
      effects: [{ type: 'update-channel-card' }, { type: 'notify-requester', notice: 'cancelled' }, ...releaseBooking(request)],
    }),
  },
  reassign: {
    from: ['Registro', ...working],
    roles: ['HD', 'ASV'],
    apply: (request, command, context) => {
      const refused = required('reassign', 'assignee', command.assignee.id) ?? assignable('reassign', command.assignee, context);
      if (refused) return refused;
      if (command.assignee.id === request.assignee.id) return { code: 'no-change', command: 'reassign' };
      return {
        to: request.status,
        note: command.note?.trim() || `${request.assignee.name} → ${command.assignee.name}`,
        changes: { assignee: command.assignee },
        effects: [
          { type: 'update-channel-card' },
          { type: 'post-thread-reply', text: command.assignee.name, topic: 'reassigned', mention: command.assignee },
          { type: 'notify-assignee', notice: 'reassigned' },
        ],
      };
    },
  },
  'set-service': {
    from: working,
    roles: ['ASV'],
    apply: (request, command) =>
      command.service === request.service
        ? { code: 'no-change', command: 'set-service' }
        : {
            to: request.status,
            note: command.service,
            changes: {
              service: command.service,
              form: request.form?.service === command.service ? request.form : null,
            },
            effects: [{ type: 'update-channel-card' }],
          },
  },
  'save-form': {
    from: working,
    roles: ['ASV'],
    apply: (request, command, context) => {
      if (!request.service || command.form.service !== request.service) {
        return { code: 'missing-input', command: 'save-form', field: 'service' };
      }
      return {
        to: request.status,
        note: command.form.complete ? 'complete' : 'draft',
        changes: { form: { ...command.form, updatedAt: context.now } },
        effects: [{ type: 'update-channel-card' }],
      };
    },
  },
  'record-booking': {
    from: ['En Proceso'],
    roles: ['ASV'],
    apply: (request, command) => {
      const changed = command.booking.occurrences;
      const booking = changed ? mergeOccurrences(request.booking?.occurrences ? request.booking : null, changed, command.booking) : command.booking;
      // A reschedule (an event that had its booking moved) is told in the thread and to the requester;
      // booking more dates of a series is not one.
      const rescheduled = changed ? changed.some((occurrence) => occurrence.moved) : Boolean(request.booking);
      return {
        to: request.status,
        note: changed ? `${command.booking.title} (${changed.map((occurrence) => occurrence.date).join(', ')})` : command.booking.title,
        changes: { booking },
        effects: [
          { type: 'update-channel-card' },
          ...releaseEach(bookingsLeftBehind(request.booking, booking)),
          ...(rescheduled
            ? ([
                { type: 'post-thread-reply', text: command.booking.title, topic: 'rescheduled' },
                { type: 'notify-requester', notice: 'rescheduled' },
              ] as const)
            : []),
        ],
      };
    },
  },
  'cancel-occurrence': {
    from: working,
    roles: ['ASV'],
    apply: (request, command, context) => {
      const occurrence = request.booking?.occurrences?.find((candidate) => candidate.date === command.date) ?? seriesOccurrence(request, command.date, context.timeZone);
      if (!occurrence || occurrence.cancelled) return { code: 'no-change', command: 'cancel-occurrence' };
      const base = request.booking ?? { title: formEventTitle(request), service: request.service ?? undefined };
      const booking = mergeOccurrences(request.booking?.occurrences ? request.booking : null, [{ ...occurrence, bookingId: null, cancelled: true, moved: undefined }], base);
      return {
        to: request.status,
        note: [command.date, command.note?.trim()].filter(Boolean).join(' — '),
        changes: { booking },
        effects: [{ type: 'update-channel-card' }, ...releaseEach(bookingsLeftBehind(request.booking, booking))],
      };
    },
  },
  'release-booking': {
    from: working,
    roles: ['ASV'],
    apply: (request, command) =>
      request.booking
        ? {
            to: request.status,
            note: command.note?.trim() || undefined,
            changes: { booking: null },
            effects: [{ type: 'update-channel-card' }, ...releaseBooking(request)],
          }
        : { code: 'no-change', command: 'release-booking' },
  },
  'record-delivery': {
    from: ['Terminada'],
    roles: ['ASV'],
    apply: (request, command, context, seq) => {
      const booking = request.booking;
      if (!booking) return { code: 'missing-input', command: 'record-delivery', field: 'booking' };
      if (context.now < booking.end) return { code: 'event-not-ended', command: 'record-delivery', endsAt: booking.end };
      const problem = deliveryRecordProblem(command, booking, context.now);
      if (problem) return problem;
      const held = command.outcome !== 'not-held';
      const delivery = {
        outcome: command.outcome,
        ...(held ? { actualStart: command.actualStart, actualEnd: command.actualEnd } : {}),
        incidents: command.incidents ?? [],
        recordedAt: context.now,
        seq,
        ...(request.delivery ? { corrects: request.delivery.seq } : {}),
      };
      return {
        to: request.status,
        note: deliveryNote(delivery, context.timeZone),
        changes: { delivery },
        effects: [{ type: 'update-channel-card' }],
      };
    },
  },
  rate: {
    from: ['Terminada'],
    roles: ['REQUESTER'],
    apply: (request, command, context, seq) => {
      const booking = request.booking;
      if (!booking) return { code: 'missing-input', command: 'rate', field: 'booking' };
      if (request.rating) return { code: 'already-rated', rating: request.rating.rating };
      if (context.now < booking.end) return { code: 'event-not-ended', command: 'rate', endsAt: booking.end };
      const { closesAt } = context.ratingWindow(booking.end);
      if (context.now >= closesAt) return { code: 'rating-closed', closedAt: closesAt };
      if (!Number.isInteger(command.rating) || command.rating < 1 || command.rating > 5) return { code: 'invalid-input', command: 'rate', field: 'rating', problem: 'invalid' };
      const comment = command.comment?.trim() || undefined;
      const rating = { rating: command.rating, ...(comment ? { comment } : {}), at: context.now, seq };
      return { to: request.status, note: ratingNote(rating), changes: { rating }, effects: [{ type: 'update-channel-card' }] };
    },
  },
  'ask-rating': {
    from: ['Terminada'],
    roles: ['SYSTEM'],
    apply: (request, command, context) => {
      const refused = afterEventRefusal(request, command.bookingId, context, 'ask-rating');
      if (refused) return refused;
      return {
        to: request.status,
        note: 'rating-requested',
        effects: [{ type: 'update-channel-card' }, { type: 'ask-rating', notice: 'rating-request', bookingId: command.bookingId }],
      };
    },
  },
  'remind-rating': {
    from: ['Terminada'],
    roles: ['SYSTEM'],
    apply: (request, command, context) => {
      const refused = afterEventRefusal(request, command.bookingId, context, 'remind-rating');
      if (refused) return refused;
      if (request.history.some((entry) => entry.kind === 'remind-rating')) return { code: 'no-change', command: 'remind-rating' };
      return {
        to: request.status,
        note: 'rating-reminder-sent',
        effects: [{ type: 'ask-rating', notice: 'rating-reminder', bookingId: command.bookingId }],
      };
    },
  },
};

/**
 * Why an after-event job (the survey, its reminder) no longer applies: the request lost or changed
 * its booking, the event has not ended (its booking was moved later), it was rated already, or the
 * rating period is over.
 */
function afterEventRefusal(request: ServiceRequest, bookingId: string, context: WorkflowContext, command: CommandType): Rejection | undefined {
  const booking = request.booking;
  if (!booking || booking.bookingId !== bookingId) return { code: 'stale-event', bookingId };
  if (context.now < booking.end) return { code: 'event-not-ended', command, endsAt: booking.end };
  if (request.rating) return { code: 'already-rated', rating: request.rating.rating };
  const { closesAt } = context.ratingWindow(booking.end);
  return context.now >= closesAt ? { code: 'rating-closed', closedAt: closesAt } : undefined;
}

/**
 * The command an answer from the requester (or an ASV writing it for them) stands for: while the
 * request waits for information, the `reply` that closes the wait; otherwise `add-information`,
 * which records it and shows it to the ASV without changing the status — and which the machine
 * refuses once the request has ended.
 */
export function answerCommand(request: Pick<ServiceRequest, 'status'>, text: string): Extract<Command, { type: 'reply' | 'add-information' }> {
  return request.status === 'Pendiente por el usuario' ? { type: 'reply', text } : { type: 'add-information', text };
}

/** The role under which `actor` may issue a command on `request`, if any. */
export function actingRole(
  actor: Actor,
  request: ServiceRequest | null,
  command: Command,
  allowed: readonly ActingRole[],
): ActingRole | undefined {
  if (actor.system) return allowed.includes('SYSTEM') ? 'SYSTEM' : undefined;
  const configured = actor.roles.find((role) => allowed.includes(role));
  if (configured) return configured;
  const requester = request?.requester ?? (command.type === 'register' ? command.requester : undefined);
  if (allowed.includes('REQUESTER') && requester && samePerson(requester, actor)) return 'REQUESTER';
  return undefined;
}

/**
 * Whether two people are the same: the same Entra object id, or the same e-mail address. Ids and
 * e-mails are separate key spaces — an id is never compared with an e-mail.
 */
export function samePerson(a: Pick<Person, 'id' | 'email'>, b: Pick<Person, 'id' | 'email'>): boolean {
  const same = (x: string | undefined, y: string | undefined) => Boolean(x?.trim() && y?.trim() && x.trim().toLowerCase() === y.trim().toLowerCase());
  return same(a.id, b.id) || same(a.email, b.email);
}

function isRejection(value: Outcome | Rejection): value is Rejection {
  return 'code' in value;
}

/**
 * Decides a command: (request, command, actor) → the next request, its history entry and the
 * effects; or a typed rejection. Pure: no I/O, the moment comes from `context`.
 * For `register`, `request` is a blank request carrying the id and folio the store chose.
 */
export function decide(
  request: ServiceRequest,
  command: Command,
  actor: Actor,
  context: WorkflowContext,
): Decision {
  const rule = workflowRules[command.type] as Rule<CommandType>;
  const current = command.type === 'register' ? null : request.status;
  if (!rule.from.includes(current)) {
    return { ok: false, rejection: { code: 'not-allowed-from-status', command: command.type, status: current } };
  }
  const role = actingRole(actor, command.type === 'register' ? null : request, command, rule.roles);
  if (!role) return { ok: false, rejection: { code: 'not-authorised', command: command.type, allowedRoles: rule.roles } };
  const seq = request.version + 1;
  const outcome = rule.apply(request, command as never, context, seq);
  if (isRejection(outcome)) return { ok: false, rejection: outcome };
  const entry: HistoryEntry = {
    seq,
    at: context.now,
    actor: { id: actor.id, name: actor.name, role },
    kind: command.type,
    from: current,
    to: outcome.to,
    ...(outcome.note !== undefined ? { note: outcome.note } : {}),
  };
  const base = command.type === 'register' ? registrationFields(request, command) : request;
  const next: ServiceRequest = {
    ...base,
    ...(role === 'REQUESTER' && !base.requester.id && actor.id ? { requester: { ...base.requester, id: actor.id } } : {}),
    ...outcome.changes,
    status: outcome.to,
    version: seq,
    updatedAt: context.now,
    history: [...request.history, entry],
  };
  return { ok: true, next, entry, effects: outcome.effects };
}

function registrationFields(blank: ServiceRequest, command: CommandOf<'register'>): ServiceRequest {
  return {
    ...blank,
    requester: { ...command.requester, ...(command.requester.email ? { email: command.requester.email.trim().toLowerCase() } : {}) },
    dependencia: { name: command.dependencia.name.trim(), siglas: command.dependencia.siglas.trim().toUpperCase() },
    description: command.description.trim(),
    service: command.service ?? null,
    assignee: command.assignee,
  };
}
