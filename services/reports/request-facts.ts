import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { DeliveryOutcome, HistoryEntry, IncidentKind, RequestStatus, ServiceRequest } from '../requests/request-types.js';
import { instantsOfDay, localDayOf } from './report-period.js';

/**
 * The version of {@link RequestFacts}: stored with the facts, so that facts of an older shape are
 * recomputed (see `ReportRollups.backfill`) when it changes.
 */
export const FACTS_VERSION = 2;

/** Each status as a short field name (the facts and the day summaries use these keys). */
export const statusCodes = {
  Registro: 'registro',
  'En Proceso': 'proceso',
  'Pendiente por el usuario': 'pendiente',
  Espera: 'espera',
  Terminada: 'terminada',
  'No Procede': 'noProcede',
  Cancelada: 'cancelada',
} as const satisfies Record<RequestStatus, string>;
export type StatusCode = (typeof statusCodes)[RequestStatus];

/** The statuses a request is still being worked in. */
export const openStatuses: readonly RequestStatus[] = ['Registro', 'En Proceso', 'Pendiente por el usuario', 'Espera'];

/** The key a *No Procede* for want of an answer is ranked under. */
export const TIMEOUT_REASON_KEY = 'timeout';

/** How the information requests of one request ended. */
export interface WaitFacts {
  /** Information requests made. */
  n: number;
  /** Answered by the deadline (the business hours the timeouts use). */
  onTime: number;
  /** Answered after the deadline, before the timeout job ran. */
  late: number;
  /** Ended in *No Procede* by the timeout. */
  timedOut: number;
  /** Still waiting. */
  open: number;
}

/** One local day an event touches: its business hours that day, and whether it starts on it. */
export interface BookingDayPart {
  day: string;
  hours: number;
  starts: 0 | 1;
}

/**
 * What the reports need of one request, computed once from its history whenever its projection is
 * written (so a report adds stored numbers and never reads histories). Durations are business
 * hours of the business calendar the timeouts use.
 */
export interface RequestFacts {
  v: number;
  /** When the projection was last written (what the day summaries are refreshed by). */
  touchedAt: Date;
  /** The local day it was registered on (`YYYY-MM-DD`, business time zone). */
  day: string;
  terminadaAt: Date | null;
  /** Business hours from registration to *Terminada*. */
  hoursToClose: number | null;
  /** When it last went to *No Procede*. */
  noProcedeAt: Date | null;
  cancelledAt: Date | null;
  /** Whether it ever went to *No Procede* (a *Cancelada* request did). */
  everNoProcede: boolean;
  /** Why it went to *No Procede* (the last time): the ASV's reasons, or the timeout. */
  reason: { key: string; text: string; timeout: boolean } | null;
  /** Business hours spent in each status, over the stays that have ended. */
  stayHours: Partial<Record<StatusCode, number>>;
  /** 1 for each status it has left at least once (the requests the stay hours are spread over). */
  stays: Partial<Record<StatusCode, number>>;
  waits: WaitFacts;
  /** The event it holds now, by local day. */
  booking: { start: Date; end: Date; resourceIds: string[]; parts: BookingDayPart[] } | null;
  /** The days of {@link booking}'s parts (indexed: the days whose resource figures it is part of). */
  bookingDays: string[];
  /** The requester's rating (1–5), once given (issue 12 §1). */
  rating: number | null;
  /** How the event went, as the latest delivery record says (a correction replaces the earlier record). */
  delivery: DeliveryOutcome | null;
  /** The latest delivery record's incidents, counted by kind. */
  incidents: Partial<Record<IncidentKind, number>>;
}

/** What facts are computed with: the business calendar, its zone, and the wait the timeouts give. */
export interface FactsRules {
  calendar: BusinessCalendar;
  timeZone: string;
  /** The business hours a requester has to answer (`WAIT_BUSINESS_HOURS`). */
  waitBusinessHours: number;
}

/** Longest event, in days, whose parts are counted (a booking is hours long; this only bounds the loop). */
const MAX_BOOKING_DAYS = 62;
/** Longest *No Procede* reason kept for ranking. */
const MAX_REASON_LENGTH = 200;

/** A reason as ranked: one line, spaces collapsed, bounded; its key lower case and accent-free. */
export function reasonOf(note: string): { key: string; text: string } {
  const text = note.replace(/\s+/g, ' ').trim().slice(0, MAX_REASON_LENGTH);
  const key = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.;:,!¡?¿\s]+$/u, '')
    .trim();
  return { key: key || '-', text };
}

function byPlace(a: HistoryEntry, b: HistoryEntry): number {
  return a.seq - b.seq;
}

/**
 * The report facts of a request, from its history alone (pure: the same history and calendar give
 * the same facts); `touchedAt` is the moment given.
 */
export function requestFacts(request: ServiceRequest, rules: FactsRules, touchedAt: Date): RequestFacts {
  const { calendar } = rules;
  const hours = (from: Date, to: Date) => calendar.businessHoursBetween(from, to);
  const history = [...request.history].sort(byPlace);

  const stayHours: Partial<Record<StatusCode, number>> = {};
  const stays: Partial<Record<StatusCode, number>> = {};
  const waits: WaitFacts = { n: 0, onTime: 0, late: 0, timedOut: 0, open: 0 };
  let status: RequestStatus | null = null;
  let since = request.createdAt;
  let waitDeadline: Date | null = null;
  let terminadaAt: Date | null = null;
  let noProcedeAt: Date | null = null;
  let cancelledAt: Date | null = null;
  let reason: RequestFacts['reason'] = null;

  for (const entry of history) {
    if (entry.to === status) continue;
    if (status !== null) {
      const code = statusCodes[status];
      stayHours[code] = (stayHours[code] ?? 0) + hours(since, entry.at);
      stays[code] = 1;
    }
    if (status === 'Pendiente por el usuario' && waitDeadline) {
      if (entry.kind === 'wait-timeout') waits.timedOut += 1;
      else if (entry.at.getTime() <= waitDeadline.getTime()) waits.onTime += 1;
      else waits.late += 1;
      waitDeadline = null;
    }
    if (entry.to === 'Pendiente por el usuario') {
      waits.n += 1;
      waitDeadline = calendar.addBusinessHours(entry.at, rules.waitBusinessHours);
    }
    if (entry.to === 'Terminada' && !terminadaAt) terminadaAt = entry.at;
    if (entry.to === 'No Procede') {
      noProcedeAt = entry.at;
      reason = entry.kind === 'wait-timeout' ? { key: TIMEOUT_REASON_KEY, text: '', timeout: true } : { ...reasonOf(entry.note ?? ''), timeout: false };
    }
    if (entry.to === 'Cancelada') cancelledAt = entry.at;
    status = entry.to;
    since = entry.at;
  }
  if (waitDeadline) waits.open += 1;

  const booking = request.booking ? bookingFacts(request.booking, rules) : null;
  return {
    v: FACTS_VERSION,
    touchedAt,
    day: localDayOf(request.createdAt, rules.timeZone),
    terminadaAt,
    hoursToClose: terminadaAt ? hours(request.createdAt, terminadaAt) : null,
    noProcedeAt,
    cancelledAt,
    everNoProcede: noProcedeAt !== null,
    reason,
    stayHours,
    stays,
    waits,
    booking,
    bookingDays: booking ? booking.parts.map((part) => part.day) : [],
    rating: request.rating?.rating ?? null,
    delivery: request.delivery?.outcome ?? null,
    incidents: incidentCounts(request),
  };
}

function incidentCounts(request: ServiceRequest): Partial<Record<IncidentKind, number>> {
  const counts: Partial<Record<IncidentKind, number>> = {};
  for (const incident of request.delivery?.incidents ?? []) counts[incident.kind] = (counts[incident.kind] ?? 0) + 1;
  return counts;
}

function bookingFacts(booking: NonNullable<ServiceRequest['booking']>, rules: FactsRules): NonNullable<RequestFacts['booking']> {
  const start = new Date(booking.start);
  const end = new Date(booking.end);
  const parts: BookingDayPart[] = [];
  let day = localDayOf(start, rules.timeZone);
  for (let count = 0; count < MAX_BOOKING_DAYS; count += 1) {
    const { start: dayStart, end: dayEnd } = instantsOfDay(day, rules.timeZone);
    if (dayStart >= end && count > 0) break;
    const from = start > dayStart ? start : dayStart;
    const to = end < dayEnd ? end : dayEnd;
    parts.push({ day, hours: rules.calendar.businessHoursBetween(from, to), starts: count === 0 ? 1 : 0 });
    day = localDayOf(dayEnd, rules.timeZone);
  }
  return { start, end, resourceIds: [...new Set(booking.resourceIds)], parts };
}
