import { DateTime } from 'luxon';
import { addBusinessDays } from '../calendar/business-days.js';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { deliveryOutcomes, incidentKinds, type BookingReference, type Command, type DeliveryOutcome, type DeliveryRecord, type HistoryEntry, type IncidentKind, type SatisfactionRating } from './request-types.js';
import type { Rejection } from './request-workflow.js';

/** Business days after the event during which the requester's rating is accepted (issue 12 §1). */
export const ratingPeriodBusinessDays = 10;
/** Business days after the event at which a requester who has not rated is reminded, once. */
export const ratingReminderBusinessDays = 5;
/** How far the real start and end of an event may lie from its booking: a typo of a day is caught, a late start is not. */
export const deliveryWindowMs = 12 * 3_600_000;

/**
 * The rating window of an event that ended at `eventEnd`, on the business calendar: the reminder
 * after {@link ratingReminderBusinessDays} and the close after {@link ratingPeriodBusinessDays}
 * working days (same wall-clock time, weekends, rest days and closures skipped).
 */
export function ratingWindowOf(calendar: Pick<BusinessCalendar, 'isWorkingDay'>, timeZone: string) {
  return (eventEnd: Date): { remindAt: Date; closesAt: Date } => ({
    remindAt: addBusinessDays(calendar, timeZone, eventEnd, ratingReminderBusinessDays),
    closesAt: addBusinessDays(calendar, timeZone, eventEnd, ratingPeriodBusinessDays),
  });
}

type RecordDelivery = Extract<Command, { type: 'record-delivery' }>;

/**
 * What is wrong with a delivery record, or undefined: a held event needs its real start and end,
 * the end after the start, both within {@link deliveryWindowMs} of the booking and the end not in
 * the future; held with incidents needs at least one incident.
 */
export function deliveryRecordProblem(command: RecordDelivery, booking: BookingReference, now: Date): Rejection | undefined {
  const incidents = command.incidents ?? [];
  if (command.outcome === 'held-with-incidents' && incidents.length === 0) return { code: 'missing-input', command: 'record-delivery', field: 'incidents' };
  if (command.outcome === 'not-held') return undefined;
  const { actualStart: start, actualEnd: end } = command;
  if (!start) return { code: 'missing-input', command: 'record-delivery', field: 'actualStart' };
  if (!end) return { code: 'missing-input', command: 'record-delivery', field: 'actualEnd' };
  const earliest = booking.start.getTime() - deliveryWindowMs;
  const latest = booking.end.getTime() + deliveryWindowMs;
  if (start.getTime() < earliest || start.getTime() > latest) return { code: 'invalid-input', command: 'record-delivery', field: 'actualStart', problem: 'invalid' };
  if (end <= start || end.getTime() > latest || end > now) return { code: 'invalid-input', command: 'record-delivery', field: 'actualEnd', problem: 'invalid' };
  return undefined;
}

/** Separates the parts of a delivery record's history note. */
export const noteSeparator = ' | ';

/**
 * The history note of a delivery record, language-neutral (the views translate its codes):
 * `held-with-incidents | 2026-03-20 10:05–12:10 | audio: eco en la sala`.
 */
export function deliveryNote(record: Pick<DeliveryRecord, 'outcome' | 'actualStart' | 'actualEnd' | 'incidents'>, timeZone: string): string {
  const local = (date: Date) => DateTime.fromJSDate(date, { zone: timeZone });
  const times =
    record.actualStart && record.actualEnd ? `${local(record.actualStart).toFormat('yyyy-MM-dd HH:mm')}–${local(record.actualEnd).toFormat('HH:mm')}` : undefined;
  return [record.outcome, times, ...record.incidents.map((incident) => `${incident.kind}: ${incident.text.replace(/\s+/g, ' ').trim()}`)]
    .filter(Boolean)
    .join(noteSeparator);
}

/** The history note of a rating: `4/5`, and the comment on the next line. */
export function ratingNote(rating: Pick<SatisfactionRating, 'rating' | 'comment'>): string {
  return rating.comment ? `${rating.rating}/5\n${rating.comment}` : `${rating.rating}/5`;
}

/**
 * The rating an answer by e-mail gives: a reply that starts with a number from 1 to 5 (`5 todo
 * excelente`, `4/5`, `3. regular`); the rest of it is the comment. Anything else is no rating.
 */
export function ratingFromReply(text: string): { rating: number; comment?: string } | undefined {
  const match = /^\s*([1-5])(?![\d.,]\d)(?:\s*\/\s*5)?(?:[\s.,:;)\-–—]+|$)([\s\S]*)$/.exec(text);
  if (!match) return undefined;
  const comment = match[2]!.trim();
  return { rating: Number(match[1]), ...(comment ? { comment } : {}) };
}

/** The words a view gives the after-event notes' codes (cards and the printed record each keep their own). */
export interface AfterEventWords {
  note(code: 'rating-requested' | 'rating-reminder-sent'): string;
  outcome(outcome: DeliveryOutcome): string;
  incidentKind(kind: IncidentKind): string;
}

const isOutcome = (text: string): text is DeliveryOutcome => (deliveryOutcomes as readonly string[]).includes(text);
const isIncidentKind = (text: string): text is IncidentKind => (incidentKinds as readonly string[]).includes(text);

/**
 * The note of an after-event history entry in words — the survey's coded notes, a delivery
 * record's outcome and incident kinds translated, times and people's text as written — or
 * undefined for any other entry (plain text).
 */
export function afterEventNoteInWords(entry: Pick<HistoryEntry, 'kind' | 'note'>, words: AfterEventWords): string | undefined {
  const note = entry.note?.trim() ?? '';
  if ((entry.kind === 'ask-rating' && note === 'rating-requested') || (entry.kind === 'remind-rating' && note === 'rating-reminder-sent')) return words.note(note);
  if (entry.kind !== 'record-delivery') return undefined;
  const [outcome, ...rest] = note.split(noteSeparator);
  if (!outcome || !isOutcome(outcome)) return undefined;
  const parts = rest.map((part) => {
    const colon = part.indexOf(': ');
    const kind = colon > 0 ? part.slice(0, colon) : '';
    return isIncidentKind(kind) ? `${words.incidentKind(kind)}: ${part.slice(colon + 2)}` : part;
  });
  return [words.outcome(outcome), ...parts].join(noteSeparator);
}
