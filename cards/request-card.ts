import type { Booking, Resource } from '../services/agenda/agenda-types.js';
import type { HistoryEntry, RequestStatus, ServiceRequest, ServiceType } from '../services/requests/request-types.js';
import { serviceTypes } from '../services/requests/request-types.js';
import { bookingOutOfDate } from '../services/requests/booking-match.js';
import { commandTextLimits } from '../services/requests/command-input.js';
import { isCardMessageKey, serviceName, statusName, t, type Locale } from './messages.js';
import { escapeMarkdown, plainFacts, tPlain, type Fact } from './plain-text.js';
import { formatCivilDate, formatDate, formatDateTime, formatDeadline, formatRange, renderTemplate, truncate, type AdaptiveCard } from './render-card.js';
import template from './request-card.json' with { type: 'json' };
import { afterEventNoteInWords, type AfterEventWords } from '../services/requests/after-event.js';

/** What the ASV can do on a request from its channel card (the status machine decides which). */
export type { RequestAction } from '../services/requests/available-actions.js';
import type { RequestAction } from '../services/requests/available-actions.js';

/** Who sees the card: someone who may act on it, or a reader (no buttons). */
export type RequestCardViewer = 'actor' | 'readonly';

/** Everything the ASV channel card shows. The caller decides which actions the viewer may use. */
export interface RequestCardView {
  request: ServiceRequest;
  locale: Locale;
  /** The business time zone instants are shown in. */
  timeZone: string;
  actions: RequestAction[];
  viewer: RequestCardViewer;
  /** Teams user ids (MRI `29:…` or Entra object ids) whose clients refresh the card automatically (Teams takes at most 60). */
  refreshUserIds: string[];
  /** The ASVs the request can be reassigned to. */
  asvChoices: Array<{ id: string; name: string }>;
  /** The full booking, when the agenda has it (otherwise the request's booking reference is shown). */
  booking?: Booking | null;
  /** The live bookings of the request's series, when it is one: each shows who declined its date. */
  occurrences?: Booking[];
  /** The catalogue, to name rooms, equipment and staff. */
  resources?: Resource[];
  /** Notifications of this request that were given up. */
  failedNotices?: number;
  /**
   * That the latest Teams notice did not reach the requester and how they were reached instead
   * (the product's own words; an address in it already shown as written).
   */
  teamsUndelivered?: string;
  /** A line at the top, e.g. "the request changed meanwhile" (plain text, shown as written). */
  note?: string;
}

/** Teams refreshes a card automatically for at most this many users. */
export const MAX_REFRESH_USERS = 60;

const HISTORY_SHOWN = 3;
/** Dates of a series shown with their declines; the rest are counted. */
export const DECLINED_DATES_SHOWN = 6;
const DESCRIPTION_LENGTH = 1200;
const NOTE_LENGTH = 400;

/** The colour of each status on the card (Adaptive Cards text colours). */
export const statusColours: Readonly<Record<RequestStatus, string>> = {
  Registro: 'accent',
  'En Proceso': 'good',
  'Pendiente por el usuario': 'warning',
  Espera: 'warning',
  Terminada: 'good',
  'No Procede': 'attention',
  Cancelada: 'default',
};

/** The resource names of a catalogue, by id and by mailbox (lower-case). */
export function resourceNamer(resources: readonly Resource[] = []) {
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  const byMailbox = new Map(resources.filter((resource) => resource.mailbox).map((resource) => [resource.mailbox!.toLowerCase(), resource]));
  return {
    get: (id: string): Resource | undefined => byId.get(id),
    name: (id: string): string => byId.get(id)?.name ?? id,
    mailboxName: (mailbox: string): string => byMailbox.get(mailbox.toLowerCase())?.name ?? mailbox,
  };
}

/**
 * Whether the card names resources of the catalogue — a booking's, or the room or equipment the
 * form asks for — and so needs the catalogue to show their names rather than their ids.
 */
export function namesResources(request: Pick<ServiceRequest, 'booking' | 'form'>): boolean {
  const data = request.form?.data ?? {};
  return Boolean(request.booking || data.localRoom || data.room || (Array.isArray(data.extraEquipment) && data.extraEquipment.length > 0));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function formFacts(view: RequestCardView, names: ReturnType<typeof resourceNamer>): Fact[] {
  const { request, locale } = view;
  const data = request.form?.data ?? {};
  const date = text(data.date);
  const start = text(data.startTime);
  const end = text(data.endTime);
  const room = text(data.localRoom) ?? text(data.room);
  const state = request.form ? (request.form.complete ? 'complete' : 'draft') : 'none';
  return plainFacts([
    [t(locale, 'label.form'), t(locale, `request.formState.${state}`)],
    [t(locale, 'label.program'), text(data.programName)],
    [t(locale, 'label.date'), date && formatCivilDate(date, locale)],
    [t(locale, 'label.time'), start && end ? `${start}–${end}` : start],
    [t(locale, 'label.participants'), text(data.expectedParticipants)],
    [t(locale, 'label.room'), room && names.name(room)],
  ]);
}

function bookingFacts(view: RequestCardView, names: ReturnType<typeof resourceNamer>): { facts: Fact[]; declined: string[] } {
  const { request, locale, timeZone } = view;
  const booking = view.booking ?? null;
  const reference = request.booking;
  if (!booking && !reference) return { facts: [], declined: [] };
  const title = booking?.title ?? reference!.title;
  const when = formatRange(booking?.start ?? reference!.start, booking?.end ?? reference!.end, locale, timeZone);
  let roomIds: string[];
  let equipmentIds: string[];
  let staffIds: string[];
  if (booking) {
    roomIds = booking.roomId ? [booking.roomId] : [];
    equipmentIds = booking.equipmentIds;
    staffIds = booking.staffIds;
  } else {
    const kindOf = (id: string) => names.get(id)?.kind ?? 'equipment';
    roomIds = reference!.resourceIds.filter((id) => kindOf(id) === 'room');
    equipmentIds = reference!.resourceIds.filter((id) => kindOf(id) === 'equipment');
    staffIds = reference!.resourceIds.filter((id) => kindOf(id) === 'staff');
  }
  const list = (ids: string[]) => ids.map(names.name).join(', ');
  return {
    facts: plainFacts([
      [t(locale, 'label.event'), title],
      [t(locale, 'label.when'), when],
      [t(locale, 'label.room'), list(roomIds)],
      [t(locale, 'label.equipment'), list(equipmentIds)],
      [t(locale, 'label.staff'), list(staffIds)],
    ]),
    declined: declinedLines(view, booking, names),
  };
}

/** Who declined the Microsoft 365 invitation: of the booking, or of each date of a series (the first few, the rest counted). */
function declinedLines(view: RequestCardView, booking: Booking | null, names: ReturnType<typeof resourceNamer>): string[] {
  const { locale, timeZone } = view;
  const named = (declinedBy: string[]) => declinedBy.map(names.mailboxName).join(', ');
  if (!view.occurrences?.length) return booking?.declinedBy.length ? [tPlain(locale, 'request.declinedBy', { names: named(booking.declinedBy) })] : [];
  const declined = view.occurrences.filter((occurrence) => occurrence.declinedBy.length).sort((a, b) => a.start.getTime() - b.start.getTime());
  return [
    ...declined.slice(0, DECLINED_DATES_SHOWN).map((occurrence) => tPlain(locale, 'request.declinedOn', { when: formatRange(occurrence.start, occurrence.end, locale, timeZone), names: named(occurrence.declinedBy) })),
    ...(declined.length > DECLINED_DATES_SHOWN ? [t(locale, 'request.declinedMoreDates', { count: declined.length - DECLINED_DATES_SHOWN })] : []),
  ];
}

/** The after-event notes' codes in the card catalogue's words. */
export function afterEventWords(locale: Locale): AfterEventWords {
  return {
    note: (code) => t(locale, `note.${code}`),
    outcome: (outcome) => t(locale, `delivery.outcome.${outcome}`),
    incidentKind: (kind) => t(locale, `delivery.kind.${kind}`),
  };
}

/** The delivery record and the requester's rating, when present (plain text facts). */
function afterEventFacts(view: RequestCardView): { facts: Fact[]; corrects: string } {
  const { request, locale, timeZone } = view;
  const delivery = request.delivery ?? null;
  const rating = request.rating ?? null;
  if (!delivery && !rating) return { facts: [], corrects: '' };
  const words = afterEventWords(locale);
  const times = delivery?.actualStart && delivery.actualEnd ? formatRange(new Date(delivery.actualStart), new Date(delivery.actualEnd), locale, timeZone) : undefined;
  return {
    facts: plainFacts([
      [t(locale, 'label.outcome'), delivery && words.outcome(delivery.outcome)],
      [t(locale, 'label.actualTime'), times],
      [t(locale, 'label.incidents'), delivery?.incidents.map((incident) => `${words.incidentKind(incident.kind)}: ${truncate(incident.text, NOTE_LENGTH)}`).join('; ')],
      [t(locale, 'label.rating'), rating && `${rating.rating}/5`],
      [t(locale, 'label.comment'), rating?.comment && truncate(rating.comment, NOTE_LENGTH)],
    ]),
    corrects: delivery?.corrects ? t(locale, 'delivery.corrects') : '',
  };
}

/** The note of a history entry in words (plain text): coded notes translated, a service code named. */
export function historyNote(locale: Locale, entry: HistoryEntry): string {
  const note = entry.note?.trim() ?? '';
  if (note === '') return '';
  if (note === 'no-reply-within-deadline' || note === 'reminder-sent') return t(locale, `note.${note}`);
  if (entry.kind === 'save-form' && (note === 'draft' || note === 'complete')) return t(locale, `note.${note}`);
  if (entry.kind === 'set-service' && (serviceTypes as readonly string[]).includes(note)) return serviceName(locale, note as ServiceType);
  return truncate(afterEventNoteInWords(entry, afterEventWords(locale)) ?? note, NOTE_LENGTH);
}

function historyLines(view: RequestCardView) {
  const { locale, timeZone } = view;
  return [...view.request.history]
    .sort((a, b) => b.seq - a.seq)
    .slice(0, HISTORY_SHOWN)
    .map((entry) => {
      const key = `history.${entry.kind}`;
      const what = isCardMessageKey(key) ? t(locale, key) : entry.kind;
      const change =
        entry.from && entry.from !== entry.to
          ? ` (${t(locale, 'request.statusChange', { from: statusName(locale, entry.from), to: statusName(locale, entry.to) })})`
          : '';
      return {
        heading: `${formatDateTime(entry.at, locale, timeZone)} · ${escapeMarkdown(entry.actor.name)}`,
        what: `${what}${change}`,
        note: escapeMarkdown(historyNote(locale, entry)),
      };
    });
}

/**
 * The request's card in the ASV channel, updated in place as the request moves: folio and
 * status, who asks and for what, the service form's key data, the booking (and who declined its
 * Microsoft 365 invitation, date by date for a series), the open wait,
 * the latest history, undelivered notices; the buttons of `view.actions` (none for a reader),
 * each carrying the request's id and version; and a refresh so each listed user sees their
 * own current view.
 */
export function renderRequestCard(view: RequestCardView): AdaptiveCard {
  const { request, locale, timeZone } = view;
  const names = resourceNamer(view.resources);
  const booking = bookingFacts(view, names);
  const afterEvent = afterEventFacts(view);
  const actor = view.viewer === 'actor';
  const allowed = new Set(actor ? view.actions : []);
  const assigneeChoices = view.asvChoices
    .filter((asv) => asv.id !== request.assignee.id)
    .map((asv) => ({ title: asv.name, value: asv.id }));
  const pending = request.status === 'Pendiente por el usuario' && request.wait !== null;
  const failed = view.failedNotices ?? 0;
  const actionData = { requestId: request.id, version: request.version };

  return renderTemplate(template, {
    lang: locale,
    refreshTitle: t(locale, 'actionPhrase.refresh'),
    refreshData: actionData,
    refreshUserIds: view.refreshUserIds.slice(0, MAX_REFRESH_USERS),
    note: escapeMarkdown(view.note ?? ''),
    title: t(locale, 'request.title', { folio: request.folio }),
    status: statusName(locale, request.status),
    statusColor: statusColours[request.status],
    facts: plainFacts([
      [t(locale, 'label.requester'), request.requester.email ? `${request.requester.name} (${request.requester.email})` : request.requester.name],
      [t(locale, 'label.dependencia'), `${request.dependencia.name} (${request.dependencia.siglas})`],
      [t(locale, 'label.service'), serviceName(locale, request.service)],
      [t(locale, 'label.assignee'), request.assignee.name],
      [t(locale, 'label.registered'), formatDate(request.createdAt, locale, timeZone)],
    ]),
    description: escapeMarkdown(truncate(request.description.trim(), DESCRIPTION_LENGTH)),
    formFacts: request.service || request.form ? formFacts(view, names) : [],
    bookingFacts: booking.facts,
    declined: booking.declined,
    bookingOutOfDate: bookingOutOfDate(request, timeZone) ? t(locale, 'request.bookingOutOfDate') : '',
    afterEventFacts: afterEvent.facts,
    deliveryCorrects: afterEvent.corrects,
    wait: {
      show: pending,
      message: pending ? escapeMarkdown(truncate(request.wait!.message, DESCRIPTION_LENGTH)) : '',
      deadline: pending ? `${t(locale, 'label.deadline')}: ${formatDeadline(request.wait!.deadline, locale, timeZone)}` : '',
    },
    failedNotices: failed > 0 ? t(locale, 'request.failedNotices', { count: failed }) : '',
    teamsUndelivered: view.teamsUndelivered ?? '',
    history: historyLines(view),
    readonly: !actor,
    labels: {
      form: t(locale, 'request.section.form'),
      booking: t(locale, 'request.section.booking'),
      wait: t(locale, 'request.section.wait'),
      history: t(locale, 'request.section.history'),
      afterEvent: t(locale, 'delivery.section'),
      readonly: t(locale, 'request.readonly'),
      note: t(locale, 'input.note'),
      confirm: t(locale, 'action.confirm'),
      cancelConfirm: t(locale, 'request.cancelConfirm', { folio: request.folio }),
      releaseBookingConfirm: t(locale, 'request.releaseBookingConfirm', { folio: request.folio }),
      send: t(locale, 'action.send'),
      message: t(locale, 'input.message'),
      messagePlaceholder: t(locale, 'input.message.placeholder'),
      messageError: t(locale, 'input.message.error'),
      reason: t(locale, 'input.reason'),
      service: t(locale, 'input.service'),
      serviceError: t(locale, 'input.service.error'),
      assignee: t(locale, 'input.assignee'),
      assigneeError: t(locale, 'input.assignee.error'),
      reasons: t(locale, 'input.reasons'),
      reasonsError: t(locale, 'input.reasons.error'),
    },
    show: {
      take: allowed.has('take'),
      resume: allowed.has('resume'),
      openForm: allowed.has('open-form'),
      checkAvailability: allowed.has('check-availability'),
      finish: allowed.has('finish'),
      cancel: allowed.has('cancel'),
      requestInfo: allowed.has('request-info'),
      hold: allowed.has('hold'),
      setService: allowed.has('set-service'),
      reassign: allowed.has('reassign') && assigneeChoices.length > 0,
      reject: allowed.has('reject'),
      releaseBooking: allowed.has('release-booking'),
      recordDelivery: allowed.has('record-delivery'),
    },
    titles: {
      take: t(locale, 'action.take'),
      resume: t(locale, 'action.resume'),
      openForm: t(locale, 'action.open-form'),
      checkAvailability: t(locale, 'action.check-availability'),
      finish: t(locale, 'action.finish'),
      cancel: t(locale, 'action.cancel'),
      requestInfo: t(locale, 'action.request-info'),
      hold: t(locale, 'action.hold'),
      setService: t(locale, 'action.set-service'),
      reassign: t(locale, 'action.reassign'),
      reject: t(locale, 'action.reject'),
      releaseBooking: t(locale, 'action.release-booking'),
      recordDelivery: t(locale, 'action.record-delivery'),
    },
    actionData,
    limits: commandTextLimits,
    currentService: request.service ?? '',
    serviceChoices: serviceTypes.map((service) => ({ title: `${serviceName(locale, service)} (${service})`, value: service })),
    assigneeChoices,
  });
}
