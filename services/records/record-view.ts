import type { Resource } from '../agenda/agenda-types.js';
import type { EffectDeliveryDocument } from '../store/request-documents.js';
import { fieldCatalogue, type FieldDescriptor } from '../forms/field-catalogue.js';
import { choiceLabel, fieldLabel, formTitle } from '../forms/form-labels.js';
import type { Locale } from '../forms/locale.js';
import { undeliveredReasonOf } from '../notifications/teams-reach.js';
import type { HistoryEntry, ServiceRequest, ServiceType } from '../requests/request-types.js';
import { serviceTypes } from '../requests/request-types.js';
import { recordWords, type RecordWords } from './record-texts.js';
import { afterEventNoteInWords } from '../requests/after-event.js';

/** A booking of the request as the agenda keeps it (live or released). */
export interface RecordBooking {
  id: string;
  title: string;
  start: Date;
  end: Date;
  roomId: string | null;
  equipmentIds: string[];
  staffIds: string[];
  status: 'holding' | 'confirmed' | 'released' | 'failed';
  createdAt: Date;
}

/** An e-mail reply that was shown to the ASV and changed nothing (answers by e-mail). */
export interface ShownReply {
  receivedAt: Date;
  from: string;
  answer: string;
  reason: string;
  attachments: string[];
}

/** Everything a record is printed from: the request and its history, and what the desk did about it. */
export interface RecordSources {
  request: ServiceRequest;
  /** The command id of each change, by its place in the history (an e-mail answer's is `mail:…`). */
  commandIds: ReadonlyMap<number, string>;
  deliveries: EffectDeliveryDocument[];
  bookings: RecordBooking[];
  shownReplies: ShownReply[];
  /** The catalogue, to name rooms, equipment and staff. */
  resources: Resource[];
}

/** A table of the record: column titles and rows of plain text. */
export interface RecordTable {
  columns: string[];
  rows: string[][];
}

/** One line of the service form: a label and its value, indented inside lists. */
export interface FormLine {
  label: string;
  value: string;
  /** 0 a field, 1 a list's item heading or an item's field. */
  depth: 0 | 1 | 2;
  /** A list's heading or an item's heading: no value. */
  heading?: boolean;
}

/**
 * The record as plain text in its final order, in one language: what both the HTML page and the
 * PDF print, so the two always say the same. Built only from the sources: the same history gives
 * the same view (no moment of printing anywhere in it).
 */
export interface RecordView {
  locale: Locale;
  title: string;
  organisation: string;
  timeZoneNote: string;
  sections: RecordWords['sections'];
  summary: Array<[string, string]>;
  descriptionLabel: string;
  description: string;
  form: { title: string; state: string; lines: FormLine[] };
  bookings: Array<Array<[string, string]>>;
  noBooking: string;
  history: RecordTable;
  notices: RecordTable;
  replies: RecordTable;
  empty: string;
  footer: string;
  /** The moment of the last change: the PDF's creation date (never the moment of printing). */
  lastChangeAt: Date;
  folio: string;
}

/** Longest e-mail answer quoted in full (the rest stays in the desk's mailbox). */
const MAX_SHOWN_REPLY = 5_000;

/** `2026-05-04 10:00:35` in `timeZone`: sortable, the same in both languages. */
export function recordTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

function serviceName(words: RecordWords, service: ServiceType | null): string {
  return words.services[service ?? 'none'];
}

function resourceName(resources: ReadonlyMap<string, Resource>, id: string): string {
  const resource = resources.get(id);
  return resource && resource.name !== id ? `${resource.name} (${id})` : id;
}

function valueText(
  field: FieldDescriptor,
  value: unknown,
  service: ServiceType,
  locale: Locale,
  words: RecordWords,
  resources: ReadonlyMap<string, Resource>,
): string {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return words.none;
  const one = (item: unknown): string => {
    if (typeof item === 'boolean') return item ? words.yes : words.no;
    if (field.kind === 'choice' && field.choiceSource && typeof item === 'string') return resourceName(resources, item);
    if (field.kind === 'choice' && typeof item === 'string') return choiceLabel(service, field.path, item, locale);
    return typeof item === 'string' || typeof item === 'number' ? String(item) : JSON.stringify(item);
  };
  return Array.isArray(value) ? value.map(one).join(', ') : one(value);
}

/** The service form's lines in the order of its FOR 7.5 form, with its labels; list items numbered. */
function formLines(request: ServiceRequest, locale: Locale, words: RecordWords, resources: ReadonlyMap<string, Resource>): RecordView['form'] {
  const service = request.form?.service ?? request.service;
  if (!service || !(serviceTypes as readonly string[]).includes(service)) {
    return { title: words.sections.form, state: words.formState.noService, lines: [] };
  }
  const data = request.form?.service === service ? request.form.data : {};
  const state = !request.form ? words.formState.none : request.form.complete ? words.formState.complete : words.formState.draft;
  const lines: FormLine[] = [];
  for (const field of fieldCatalogue(service)) {
    const label = fieldLabel(service, field.path, locale);
    const value = data[field.name];
    if (field.kind !== 'list') {
      lines.push({ label, value: valueText(field, value, service, locale, words, resources), depth: 0 });
      continue;
    }
    const items = Array.isArray(value) ? value : [];
    lines.push({ label, value: items.length ? '' : words.none, depth: 0, heading: items.length > 0 });
    items.forEach((item, index) => {
      lines.push({ label: words.item(fieldLabel(service, `${field.path}[]`, locale), index + 1), value: '', depth: 1, heading: true });
      const record = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
      for (const itemField of field.items ?? []) {
        lines.push({ label: fieldLabel(service, itemField.path, locale), value: valueText(itemField, record[itemField.name], service, locale, words, resources), depth: 2 });
      }
    });
  }
  return { title: `${words.sections.form}: ${formTitle(service, locale)}`, state, lines };
}

/** A history note in words: the product's coded notes translated, a service code named, people's text as written. */
function noteText(entry: HistoryEntry, words: RecordWords): string {
  const note = entry.note?.trim() ?? '';
  if (note === 'no-reply-within-deadline' || note === 'reminder-sent') return words.notes[note];
  if (entry.kind === 'save-form' && (note === 'draft' || note === 'complete')) return words.notes[note];
  if (entry.kind === 'set-service' && (serviceTypes as readonly string[]).includes(note)) return words.services[note as ServiceType];
  const afterEvent = afterEventNoteInWords(entry, {
    note: (code) => words.afterEvent.notes[code],
    outcome: (outcome) => words.afterEvent.outcomes[outcome],
    incidentKind: (kind) => words.afterEvent.incidentKinds[kind],
  });
  return afterEvent ?? note;
}

/** The notice effects a record lists, with who they are for. */
const noticeEffects = new Map<string, keyof RecordWords['audiences']>([
  ['notify-requester', 'requester'],
  ['notify-assignee', 'assignee'],
  ['notify-dau', 'dau'],
  ['post-channel-card', 'channel'],
  ['post-thread-reply', 'channel'],
]);
const stepOrder = ['email', 'teams'];

function seqOfEvent(eventId: string): number {
  return Number(/:(\d+)$/.exec(eventId)?.[1] ?? 0);
}

function skipReason(reference: string, words: RecordWords): string {
  const reason = reference.trim();
  if (/^wait \S+ is no longer open$/.test(reason)) return words.skipReasons.wait!;
  return words.skipReasons[reason] ?? reason;
}

function resultText(delivery: EffectDeliveryDocument, words: RecordWords): string {
  if (delivery.status === 'failed') return words.results.failed(delivery.attempts);
  if (delivery.status === 'retrying') return words.results.retrying(delivery.attempts);
  const unreached = undeliveredReasonOf(delivery);
  if (unreached) return words.results.teamsUndelivered(words.unreached[unreached] ?? unreached);
  if (delivery.status === 'skipped') return words.results.skipped(skipReason(delivery.reference ?? '', words));
  return words.results.delivered;
}

function noticeRows(deliveries: readonly EffectDeliveryDocument[], words: RecordWords, timeZone: string): string[][] {
  const byEffect = new Map<string, { top?: EffectDeliveryDocument; steps: EffectDeliveryDocument[] }>();
  for (const delivery of deliveries) {
    if (!noticeEffects.has(delivery.effect.type)) continue;
    const entry = byEffect.get(delivery.effect.id) ?? { steps: [] };
    if (delivery.step === null) entry.top = delivery;
    else if (stepOrder.includes(delivery.step)) entry.steps.push(delivery);
    byEffect.set(delivery.effect.id, entry);
  }
  const effectOrder = (id: string) => {
    const [, seq, index] = /:(\d+)\/(\d+)$/.exec(id) ?? [];
    return [Number(seq ?? 0), Number(index ?? 0)] as const;
  };
  const rows: string[][] = [];
  for (const [, { top, steps }] of [...byEffect].sort(([a], [b]) => {
    const [seqA, indexA] = effectOrder(a);
    const [seqB, indexB] = effectOrder(b);
    return seqA - seqB || indexA - indexB;
  })) {
    const effect = (top ?? steps[0])!.effect;
    const audience = words.audiences[noticeEffects.get(effect.type)!];
    const notice =
      effect.type === 'post-channel-card'
        ? words.notices['channel.card']!
        : effect.type === 'post-thread-reply'
          ? words.notices['channel.thread']!
          : (words.notices[`${effect.type === 'notify-requester' ? 'requester' : effect.type === 'notify-assignee' ? 'assignee' : 'dau'}.${'notice' in effect ? effect.notice : ''}`] ?? effect.type);
    const change = `${seqOfEvent((top ?? steps[0])!.eventId)}`;
    const shown = steps.length ? [...steps].sort((a, b) => stepOrder.indexOf(a.step!) - stepOrder.indexOf(b.step!)) : top ? [top] : [];
    for (const delivery of shown) {
      const channel =
        delivery.step === 'email'
          ? words.channels.email
          : delivery.step === 'teams'
            ? words.channels.teams
            : effect.type === 'post-channel-card'
              ? words.channels.card
              : effect.type === 'post-thread-reply'
                ? words.channels.thread
                : delivery.channel === 'email+teams'
                  ? words.channels.both
                  : delivery.channel === 'email'
                    ? words.channels.email
                    : (delivery.channel ?? '');
      rows.push([recordTime(delivery.updatedAt, timeZone), change, notice, audience, channel, resultText(delivery, words)]);
    }
  }
  return rows;
}

function replyRows(sources: RecordSources, words: RecordWords, timeZone: string): string[][] {
  const rows: Array<{ at: Date; cells: string[] }> = [];
  for (const entry of sources.request.history) {
    if (entry.kind !== 'reply' && entry.kind !== 'add-information') continue;
    const byMail = sources.commandIds.get(entry.seq)?.startsWith('mail:') ?? false;
    rows.push({
      at: entry.at,
      cells: [
        recordTime(entry.at, timeZone),
        `${entry.actor.name} (${words.roles[entry.actor.role] ?? entry.actor.role})`,
        byMail ? words.replyChannels.email : words.replyChannels.teams,
        entry.kind === 'reply' ? words.replyKinds.reply : words.replyKinds.added,
        entry.note ?? '',
      ],
    });
  }
  for (const reply of sources.shownReplies) {
    const text = reply.answer.length > MAX_SHOWN_REPLY ? `${reply.answer.slice(0, MAX_SHOWN_REPLY)}…` : reply.answer;
    rows.push({
      at: reply.receivedAt,
      cells: [
        recordTime(reply.receivedAt, timeZone),
        reply.from || words.none,
        words.replyChannels.email,
        words.replyKinds.shown(words.shownReasons[reply.reason] ?? reply.reason),
        [text, ...(reply.attachments.length ? [`[${reply.attachments.join(', ')}]`] : [])].filter(Boolean).join('\n'),
      ],
    });
  }
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime()).map((row) => row.cells);
}

/** The record of a request as text in `locale`, its instants in `timeZone`. */
export function recordView(sources: RecordSources, locale: Locale, timeZone: string): RecordView {
  const words = recordWords[locale];
  const { request } = sources;
  const resources = new Map(sources.resources.map((resource) => [resource.id, resource]));
  const history = [...request.history].sort((a, b) => a.seq - b.seq);
  const last = history.at(-1);
  const requester = request.requester.email ? `${request.requester.name} <${request.requester.email}>` : request.requester.name;
  const bookings = sources.bookings.map((booking) => {
    const held = [...(booking.roomId ? [booking.roomId] : []), ...booking.equipmentIds, ...booking.staffIds].map((id) => resourceName(resources, id));
    return [
      [words.labels.event, booking.title],
      [words.labels.when, `${recordTime(booking.start, timeZone)} – ${recordTime(booking.end, timeZone)}`],
      [words.labels.resources, held.join(', ') || words.none],
      [words.labels.bookingStatus, words.bookingStatus[booking.status] ?? booking.status],
    ] as Array<[string, string]>;
  });
  if (!bookings.length && request.booking) {
    bookings.push([
      [words.labels.event, request.booking.title],
      [words.labels.when, `${recordTime(new Date(request.booking.start), timeZone)} – ${recordTime(new Date(request.booking.end), timeZone)}`],
      [words.labels.resources, request.booking.resourceIds.map((id) => resourceName(resources, id)).join(', ') || words.none],
    ]);
  }
  return {
    locale,
    folio: request.folio,
    title: words.title(request.folio),
    organisation: words.organisation,
    timeZoneNote: timeZone,
    sections: words.sections,
    summary: [
      [words.labels.folio, request.folio],
      [words.labels.status, request.status],
      [words.labels.requester, requester],
      [words.labels.dependencia, `${request.dependencia.name} (${request.dependencia.siglas})`],
      [words.labels.service, serviceName(words, request.service)],
      [words.labels.assignee, request.assignee.name],
      [words.labels.registered, recordTime(request.createdAt, timeZone)],
    ],
    descriptionLabel: words.labels.description,
    description: request.description,
    form: formLines(request, locale, words, resources),
    bookings,
    noBooking: words.noBooking,
    history: {
      columns: [...words.historyColumns],
      rows: history.map((entry) => [
        String(entry.seq),
        recordTime(entry.at, timeZone),
        entry.actor.name,
        words.roles[entry.actor.role] ?? entry.actor.role,
        entry.from && entry.from !== entry.to ? `${entry.from} → ${entry.to}` : entry.from ? entry.to : `— → ${entry.to}`,
        words.kinds[entry.kind] ?? entry.kind,
        noteText(entry, words),
      ]),
    },
    notices: { columns: [...words.noticeColumns], rows: noticeRows(sources.deliveries, words, timeZone) },
    replies: { columns: [...words.replyColumns], rows: replyRows(sources, words, timeZone) },
    empty: words.empty,
    footer: words.footer(request.folio, last?.seq ?? 0, last ? recordTime(last.at, timeZone) : words.none),
    lastChangeAt: last?.at ?? request.createdAt,
  };
}
