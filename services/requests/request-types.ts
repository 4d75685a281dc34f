/** The statuses of a request, with the procedure's own names (SPEC §2). */
export const requestStatuses = [
  'Registro',
  'En Proceso',
  'Pendiente por el usuario',
  'Espera',
  'Terminada',
  'No Procede',
  'Cancelada',
] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/** Statuses after which nothing but reading is possible. */
export const terminalStatuses: readonly RequestStatus[] = ['Terminada', 'Cancelada'];

/** The three services of the videoconference area. */
export const serviceTypes = ['VC', 'TC', 'NC'] as const;
export type ServiceType = (typeof serviceTypes)[number];

/** Roles granted by configuration. The requester and the system are roles relative to a request. */
export const configuredRoles = ['HD', 'ASV', 'DAU', 'HEAD'] as const;
export type ConfiguredRole = (typeof configuredRoles)[number];
export type ActingRole = ConfiguredRole | 'REQUESTER' | 'SYSTEM';

/** A person as the product knows them: a stable id (Entra object id or e-mail), a name, an e-mail. */
export interface Person {
  id: string;
  name: string;
  email?: string | undefined;
  /** The person's language, from their Teams locale; Spanish when unknown. */
  locale?: 'es' | 'en' | undefined;
}

/** Who issues a command: a person with the roles configuration gives them, or the system itself. */
export interface Actor extends Person {
  roles: readonly ConfiguredRole[];
  system?: boolean;
}

/** The requesting faculty, school or office. */
export interface Dependencia {
  name: string;
  siglas: string;
}

/** The service form as stored: its data, and whether it passed the complete (strict) schema. */
export interface ServiceFormState {
  service: ServiceType;
  data: Record<string, unknown>;
  complete: boolean;
  updatedAt: Date;
}

/** What the agenda booked for the request (filled by the agenda). */
export interface BookingReference {
  bookingId: string;
  title: string;
  start: Date;
  end: Date;
  resourceIds: string[];
  /** The service the event was booked for (absent on bookings recorded before it was kept). */
  service?: ServiceType | undefined;
  /**
   * A recurring event: each occurrence booked or cancelled on its own, keyed by its local date in
   * the series (issue 12 §2). The fields above then describe the first live occurrence. Absent for
   * a single event.
   */
  occurrences?: OccurrenceReference[] | undefined;
}

/** One occurrence of a recurring event: its own booking (its own slots), or cancelled alone. */
export interface OccurrenceReference {
  /** The occurrence's date in the series (`YYYY-MM-DD`, business time zone): its key, kept when it is moved. */
  date: string;
  /** Its booking; `null` once the occurrence is cancelled. */
  bookingId: string | null;
  start: Date;
  end: Date;
  resourceIds: string[];
  /** Cancelled alone by the ASV: nothing held, and the calendar export leaves the date out. */
  cancelled?: boolean | undefined;
  /** Booked at another time than the series gives its date (an alternative the ASV chose). */
  moved?: boolean | undefined;
}

/** The open wait for the requester's answer while the request is *Pendiente por el usuario*. */
export interface PendingWait {
  waitId: string;
  message: string;
  startedAt: Date;
  deadline: Date;
  remindAt: Date;
}

/** One line of the quality record: who did what, when, from which status to which, and why. */
export interface HistoryEntry {
  seq: number;
  at: Date;
  actor: { id: string; name: string; role: ActingRole };
  kind: CommandType;
  from: RequestStatus | null;
  to: RequestStatus;
  note?: string | undefined;
}

/** How the booked event went, as the ASV recorded it after the event (issue 12 §1). */
export const deliveryOutcomes = ['held-as-planned', 'held-with-incidents', 'not-held'] as const;
export type DeliveryOutcome = (typeof deliveryOutcomes)[number];

/** The kinds of incident a delivery record names. */
export const incidentKinds = ['connection', 'audio', 'video', 'room', 'other'] as const;
export type IncidentKind = (typeof incidentKinds)[number];

/** One incident of a delivered event. */
export interface DeliveryIncident {
  kind: IncidentKind;
  text: string;
}

/**
 * The delivery record: how the event went, its real start and end (absent when not held) and its
 * incidents. A later record corrects an earlier one; both stay in the history (`corrects` is the
 * history place of the one it supersedes).
 */
export interface DeliveryRecord {
  outcome: DeliveryOutcome;
  actualStart?: Date | undefined;
  actualEnd?: Date | undefined;
  incidents: DeliveryIncident[];
  recordedAt: Date;
  /** The history place of this record (its entry names who recorded it). */
  seq: number;
  corrects?: number | undefined;
}

/** The requester's satisfaction answer (ISO 9001 customer satisfaction): one per request. */
export interface SatisfactionRating {
  rating: number;
  comment?: string | undefined;
  at: Date;
  seq: number;
}

/** The request: the projection of its history. */
export interface ServiceRequest {
  id: string;
  folio: string;
  requester: Person;
  dependencia: Dependencia;
  description: string;
  service: ServiceType | null;
  status: RequestStatus;
  assignee: Person;
  form: ServiceFormState | null;
  booking: BookingReference | null;
  wait: PendingWait | null;
  teams: Record<string, unknown> | null;
  /** How the event went (after the event; absent on requests that never had one). */
  delivery?: DeliveryRecord | null | undefined;
  /** The requester's rating (after the event; absent until they answer). */
  rating?: SatisfactionRating | null | undefined;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  history: HistoryEntry[];
}

/** The registration data; the folio and id are given by the store. */
export interface RegistrationInput {
  requester: Person;
  dependencia: Dependencia;
  description: string;
  service?: ServiceType | null | undefined;
  assignee: Person;
}

/** Everything an actor can ask of a request, as plain data. */
export type Command =
  | ({ type: 'register' } & RegistrationInput)
  | { type: 'take' }
  | { type: 'request-info'; message: string }
  | { type: 'reply'; text: string }
  | { type: 'add-information'; text: string }
  | { type: 'wait-timeout'; waitId: string }
  | { type: 'remind'; waitId: string }
  | { type: 'hold'; reason?: string | undefined }
  | { type: 'resume' }
  | { type: 'finish'; note?: string | undefined }
  | { type: 'reject'; reasons: string }
  | { type: 'cancel'; note?: string | undefined }
  | { type: 'reassign'; assignee: Person; note?: string | undefined }
  | { type: 'set-service'; service: ServiceType }
  | { type: 'save-form'; form: { service: ServiceType; data: Record<string, unknown>; complete: boolean } }
  | { type: 'record-booking'; booking: BookingReference }
  | { type: 'release-booking'; note?: string | undefined }
  | { type: 'cancel-occurrence'; date: string; note?: string | undefined }
  | {
      type: 'record-delivery';
      outcome: DeliveryOutcome;
      actualStart?: Date | undefined;
      actualEnd?: Date | undefined;
      incidents?: DeliveryIncident[] | undefined;
    }
  | { type: 'rate'; rating: number; comment?: string | undefined }
  | { type: 'ask-rating'; bookingId: string }
  | { type: 'remind-rating'; bookingId: string };
export type CommandType = Command['type'];

/** What the requester is told, by e-mail and in Teams. */
export type RequesterNotice =
  | 'in-progress'
  | 'info-request'
  | 'reminder'
  | 'completed'
  | 'rescheduled'
  | 'not-viable'
  | 'timed-out'
  | 'cancelled'
  | 'rating-request'
  | 'rating-reminder';
/** What the assigned ASV is told. */
export type AssigneeNotice = 'new-request' | 'reassigned' | 'timed-out';

/** A consequence of a change, run after the change is stored (durably, with retries). */
export type Effect =
  | { type: 'post-channel-card' }
  | { type: 'update-channel-card' }
  | {
      type: 'post-thread-reply';
      text: string;
      topic: 'requester-reply' | 'timed-out' | 'reassigned' | 'hold' | 'not-viable' | 'rescheduled';
      /** The person the reply is about, @mentioned in Teams (a re-assignment's new ASV). */
      mention?: Person | undefined;
    }
  | { type: 'notify-assignee'; notice: AssigneeNotice }
  | { type: 'notify-requester'; notice: RequesterNotice; /** The wait an info request or reminder is about: not sent once it is closed. */ waitId?: string }
  | { type: 'notify-dau'; notice: 'not-viable' }
  | { type: 'schedule-wait-timers'; waitId: string; deadline: Date; remindAt: Date }
  | { type: 'cancel-wait-timers'; waitId: string }
  | { type: 'release-booking'; bookingId: string }
  /** The after-event jobs of a booked event: asking for the rating at its end, the reminder later. */
  | { type: 'schedule-after-event'; bookingId: string; end: Date; remindAt: Date }
  /** The rating card in the requester's 1:1 chat; the e-mail only when Teams cannot reach them. */
  | { type: 'ask-rating'; notice: 'rating-request' | 'rating-reminder'; bookingId: string };
export type EffectType = Effect['type'];
