import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { AnyBulkWriteOperation } from 'mongodb';
import type { DeliveryReceipt } from '../effects/effect-dispatcher.js';
import { eventInterval } from '../forms/event-times.js';
import { eventTitle } from '../forms/event-title.js';
import type { RequestService } from '../requests/request-service.js';
import type { Actor, BookingReference, OccurrenceReference, ServiceRequest, ServiceType } from '../requests/request-types.js';
import { expandOccurrences, recurrenceOf, ruleDates, rruleValue, type Occurrence, type Recurrence } from '../forms/recurrence.js';
import { checkSeriesAvailability, type OccurrenceAvailability, type SeriesAvailability } from './series-availability.js';
import type { BookingPlace } from '../notifications/notice-texts.js';
import { isDuplicateKey } from '../store/database.js';
import { rawCollection } from '../store/request-documents.js';
import type { AgendaModels, BookingDocument, ResourceDocument } from './agenda-documents.js';
import type { AttendeeResponse, Booking, BusyInterval, CalendarDirectory, CalendarEventDraft, CalendarSeriesDraft, Resource, ResourceKind, SeriesInstance } from './agenda-types.js';
import { checkAvailability, checkOffer, maxEventHours, nearestAlternatives, type AgendaClock, type AvailabilityAnswer, type AvailabilityQuery, type Blocker, type OfferRefusal, type SlotOption } from './availability.js';
import { bookingBody, bookingBodyHtml, bookingNotesMaxLength } from './booking-body.js';
import { bookingsForResource, feedTokenMatches, renderCalendar } from './icalendar-feed.js';
import { slotKeys } from './booking-slots.js';
import { actionRefusal } from '../requests/available-actions.js';
import type { Rejection } from '../requests/request-workflow.js';
import { parseCatalogue, resourceSchema, type CatalogueParse } from './resource-catalogue.js';

/** Why a booking did not happen. */
export type BookingFailure =
  | { code: 'conflict'; blocker: Blocker }
  | { code: 'form-incomplete'; fields: string[] }
  | { code: 'request-changed'; request: ServiceRequest | null; detail: string }
  | { code: 'calendar-unavailable'; detail: string }
  | { code: 'unknown-resource'; resourceId: string }
  | { code: 'not-offered'; refusal: OfferRefusal }
  | { code: 'refused'; rejection: Rejection };

/** The outcome of booking: the booking (and the request that now carries it), or why not. */
export type BookingResult = { ok: true; booking: Booking; request: ServiceRequest } | { ok: false; failure: BookingFailure };

/** A series' occurrences and the query of its first one, as the request's form asks. */
export type SeriesQuery =
  | { ok: true; query: AvailabilityQuery; occurrences: Occurrence[]; recurrence: Recurrence }
  | { ok: false; fields: string[] };

/** One occurrence the ASV books: its date in the series and the slot (its own, or an alternative). */
export interface OccurrencePick {
  date: string;
  option: SlotOption;
}

/** The outcome of booking occurrences: those booked (and the request carrying them) and those that failed, each with why. */
export type SeriesBookingResult =
  | { ok: true; request: ServiceRequest; booked: OccurrenceReference[]; failed: Array<{ date: string; failure: BookingFailure }> }
  | { ok: false; failure: BookingFailure; failed?: Array<{ date: string; failure: BookingFailure }> };

/** The Microsoft 365 answers read back for one booking: who declined its event (an occurrence's: its date's). */
export interface BookingAnswers {
  bookingId: string;
  /** The occurrence's date, for an occurrence of a series. */
  date?: string | undefined;
  /** The mailboxes (lower-case) that declined. */
  declinedBy: string[];
}

/** What the agenda service needs; all of it passed in by the wiring. */
export interface AgendaServiceDependencies {
  models: AgendaModels;
  requests: RequestService;
  clock: AgendaClock;
  timeZone: string;
  buffers: Record<ServiceType, { before: number; after: number }>;
  alternatives: number;
  /** Microsoft 365 calendars; absent = the embedded agenda alone. */
  directory?: CalendarDirectory | undefined;
  /** The secret the iCalendar feed asks for; no token = no feed. */
  feedToken?: string | undefined;
  /** Schedules a later look at the Microsoft 365 answers to a booking's event. */
  scheduleResponseCheck?: ((bookingId: string) => Promise<unknown>) | undefined;
  log?: (message: string, error?: unknown) => void;
}

/** The answer of the iCalendar feed: the calendar, or why not. */
export type FeedResult = { status: 200; body: string } | { status: 400 | 401 | 404; body: string };

const liveStatuses = ['holding', 'confirmed'] as const;

/** Attempts of one booking command (each failed attempt keeps its record). */
const maxBookingAttempts = 50;

/** The id of a booking command's attempt: derived from the command id, so a retried click finds it. */
function bookingIdOf(commandId: string, attempt: number): string {
  return `bk-${createHash('sha1').update(attempt ? `${commandId}#${attempt}` : commandId).digest('hex').slice(0, 20)}`;
}
/** Calendar days of busy times read after the asked slot: the alternative search's 14 business days, weekends and rest days included. */
const searchHorizonMs = 24 * 24 * 60 * 60 * 1000;

function toResource(document: ResourceDocument): Resource {
  const { _id, updatedAt: _updatedAt, ...rest } = document;
  return { ...rest, id: _id };
}

function toBooking(document: BookingDocument): Booking {
  const { _id, resourceIds: _resources, commandId: _command, replaces: _replaces, ...rest } = document;
  return { ...rest, id: _id };
}

/** What our own bookings hold: one busy interval (with its buffers) per resource of each booking. */
export function localBusyTimes(bookings: ReadonlyArray<Pick<Booking, 'id' | 'title' | 'start' | 'end' | 'heldStart' | 'heldEnd' | 'roomId' | 'equipmentIds' | 'staffIds'>>): BusyInterval[] {
  return bookings.flatMap((booking) =>
    heldResourceIds(booking).map((resourceId) => ({
      resourceId,
      start: booking.heldStart,
      end: booking.heldEnd,
      source: 'local' as const,
      label: booking.title,
      bookingId: booking.id,
      event: { start: booking.start, end: booking.end },
    })),
  );
}

/** The mailboxes (lower-case) that declined, of an event's answers. */
function declinedIn(responses: readonly AttendeeResponse[]): string[] {
  return responses.filter((answer) => answer.response === 'declined').map((answer) => answer.mailbox.toLowerCase());
}

function heldResourceIds(booking: Pick<Booking, 'roomId' | 'equipmentIds' | 'staffIds'>): string[] {
  return [...(booking.roomId ? [booking.roomId] : []), ...booking.equipmentIds, ...booking.staffIds];
}

function keysOf(booking: Pick<Booking, 'roomId' | 'equipmentIds' | 'staffIds' | 'heldStart' | 'heldEnd'>): string[] {
  return heldResourceIds(booking).flatMap((id) => slotKeys(id, booking.heldStart, booking.heldEnd));
}

/**
 * The "Calendario de Eventos": the resource catalogue, availability, and bookings that can never
 * overlap on a resource — each holds its resources' five-minute slots under unique keys, so of two
 * overlapping bookings made at the same instant exactly one gets every key. With Microsoft 365
 * configured, busy times of the resources' mailboxes are merged in and each booking is also an
 * event in the configured calendar.
 */
export class AgendaService {
  /** The longest interval a booking holds: the longest event with the largest set-up and tear-down. */
  private readonly maxHeldMs: number;

  constructor(private readonly deps: AgendaServiceDependencies) {
    const buffers = Object.values(deps.buffers).map((buffer) => buffer.before + buffer.after);
    this.maxHeldMs = (maxEventHours * 60 + Math.max(0, ...buffers)) * 60_000;
  }

  /** Validates a whole catalogue, then stores it (upserts); with any bad entry nothing is stored. */
  async loadCatalogue(data: unknown): Promise<CatalogueParse> {
    const parsed = parseCatalogue(data);
    if (!parsed.ok) return parsed;
    const now = new Date();
    await rawCollection(this.deps.models.resources).bulkWrite(
      parsed.resources.map(({ id, ...resource }) => ({
        replaceOne: { filter: { _id: id }, replacement: { ...resource, updatedAt: now }, upsert: true },
      })),
    );
    return parsed;
  }

  /** Adds or changes one resource (the service API behind the catalogue file). */
  async saveResource(data: unknown): Promise<{ ok: true; resource: Resource } | { ok: false; errors: string[] }> {
    const parsed = resourceSchema.safeParse(data);
    if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`) };
    const { id, ...resource } = parsed.data as Resource;
    await rawCollection(this.deps.models.resources).replaceOne({ _id: id }, { ...resource, updatedAt: new Date() }, { upsert: true });
    return { ok: true, resource: parsed.data as Resource };
  }

  /** The catalogue, by kind and name. */
  async resources(kind?: ResourceKind): Promise<Resource[]> {
    const documents = await this.deps.models.resources.find(kind ? { kind } : {}).lean<ResourceDocument[]>();
    return documents.map(toResource).sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  }

  /** Imports the tenant's rooms from the Places API as room resources (for every service). */
  async importRooms(): Promise<Resource[]> {
    if (!this.deps.directory) return [];
    const rooms = await this.deps.directory.listRooms();
    const known = await this.resources('room');
    const imported: Resource[] = [];
    for (const room of rooms) {
      const existing = known.find((resource) => resource.mailbox?.toLowerCase() === room.mailbox.toLowerCase());
      const id = existing?.id ?? room.mailbox.toLowerCase().split('@')[0]!.replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
      const saved = await this.saveResource({
        id,
        kind: 'room',
        name: room.name,
        capacity: room.capacity ?? existing?.capacity ?? 1,
        services: existing?.services ?? ['VC', 'TC', 'NC'],
        mailbox: room.mailbox,
        active: existing?.active ?? true,
      });
      if (saved.ok) imported.push(saved.resource);
    }
    return imported;
  }

  /** The availability query the request's service form asks for (date, times, people, room, equipment). */
  queryFromForm(request: ServiceRequest): { ok: true; query: AvailabilityQuery } | { ok: false; fields: string[] } {
    const form = request.form;
    const data = form?.data ?? {};
    const missing = ['date', 'startTime', 'endTime', 'expectedParticipants'].filter((field) => data[field] === undefined);
    if (!form || !request.service || missing.length) return { ok: false, fields: form ? missing : ['form'] };
    const interval = eventInterval(data as { date: string; startTime: string; endTime: string }, this.deps.timeZone);
    if (!interval) return { ok: false, fields: ['date', 'startTime', 'endTime'] };
    const service = request.service;
    const room = service === 'VC' ? ((data.localRoom as string | undefined) ?? 'any') : service === 'TC' ? ((data.room as string | undefined) ?? null) : null;
    return {
      ok: true,
      query: {
        service,
        start: interval.start,
        end: interval.end,
        participants: Number(data.expectedParticipants),
        room,
        equipmentIds: (data.extraEquipment as string[] | undefined) ?? [],
        needsBridge: service === 'VC' ? data.needsBridge === true : service === 'TC' ? data.mode === 'bridge' : false,
        staffCount: 1,
        ignoreBookingId: request.booking?.bookingId,
      },
    };
  }

  /**
   * Whether the slot is possible, what blocks it, the free staff, and alternatives; `catalogue` is
   * the resources when the caller has just read them. The slot's verdict depends only on what
   * overlaps its held interval, so our bookings of the alternatives' 25-day window are read only
   * when the slot is not free (Microsoft 365's busy times come in one call for the whole window).
   */
  async availability(query: AvailabilityQuery, catalogue?: Resource[]): Promise<AvailabilityAnswer> {
    const resources = catalogue ?? (await this.resources());
    const buffers = this.deps.buffers[query.service];
    const held = { from: new Date(query.start.getTime() - buffers.before * 60_000), to: new Date(query.end.getTime() + buffers.after * 60_000) };
    const from = new Date(held.from.getTime() - 24 * 60 * 60 * 1000);
    const to = new Date(held.to.getTime() + searchHorizonMs);
    const input = (busy: BusyInterval[], alternatives: number) => ({ query, resources, busy, buffers, clock: this.deps.clock, alternatives });
    const [near, remote] = await Promise.all([this.ourBusyTimes(held.from, held.to), this.directoryBusyTimes(resources, from, to)]);
    const asked = checkAvailability(input([...near, ...remote], 0));
    if (asked.free || this.deps.alternatives <= 0) return asked;
    return checkAvailability(input([...(await this.ourBusyTimes(from, to)), ...remote], this.deps.alternatives));
  }

  /**
   * The request's live booking when it is the very event `query` asks for (the same start, end and
   * service): availability then shows that booking rather than offering its slot again.
   */
  async bookingAsked(request: ServiceRequest, query: AvailabilityQuery): Promise<Booking | null> {
    if (!request.booking) return null;
    const booking = await this.liveBooking(request.booking.bookingId);
    if (!booking || booking.service !== query.service) return null;
    return booking.start.getTime() === query.start.getTime() && booking.end.getTime() === query.end.getTime() ? toBooking(booking) : null;
  }

  /**
   * Live bookings (holding or confirmed) overlapping [from, to), optionally of one resource. As no
   * booking is held longer than {@link maxHeldMs}, one that overlaps ends inside (from, to +
   * maxHeld): that one bounded range of `heldEnd` is what the index reads.
   */
  async bookingsBetween(from: Date, to: Date, resourceId?: string): Promise<Booking[]> {
    const documents = await this.deps.models.bookings.find(this.overlapping(from, to, resourceId)).sort({ start: 1 }).lean<BookingDocument[]>();
    return documents.map(toBooking);
  }

  private overlapping(from: Date, to: Date, resourceId?: string) {
    return {
      ...(resourceId ? { resourceIds: resourceId } : {}),
      heldEnd: { $gt: from, $lt: new Date(to.getTime() + this.maxHeldMs) },
      heldStart: { $lt: to },
      status: { $in: liveStatuses },
    };
  }

  /** One booking by id. */
  async booking(bookingId: string): Promise<Booking | null> {
    const document = await this.deps.models.bookings.findById(bookingId).lean<BookingDocument>();
    return document ? toBooking(document) : null;
  }

  /** The room and technicians of a booking, by name (the booking notice names them); undefined when the booking is gone. */
  async placeOf(bookingId: string): Promise<BookingPlace | undefined> {
    const booking = await this.booking(bookingId);
    if (!booking) return undefined;
    const ids = [...(booking.roomId ? [booking.roomId] : []), ...booking.staffIds];
    const named = await this.deps.models.resources.find({ _id: { $in: ids } }, { name: 1 }).lean<Array<Pick<ResourceDocument, '_id' | 'name'>>>();
    const nameOf = (id: string) => named.find((resource) => resource._id === id)?.name ?? id;
    return { room: booking.roomId ? nameOf(booking.roomId) : undefined, technicians: booking.staffIds.map(nameOf) };
  }

  /**
   * Books `option` for the request: holds every resource's slots for the buffered interval,
   * creates (or, when rescheduling, moves) the Microsoft 365 event, and records the booking on the
   * request. A request that already has a booking is rescheduled: the slots both intervals share
   * pass to the new booking, the rest of the old one is released afterwards, and if the new one
   * cannot be made the old one stays as it was. The same command id books once.
   */
  async book(requestId: string, option: SlotOption, actor: Actor, commandId: string, notes = ''): Promise<BookingResult> {
    const bookable = await this.bookableRequest(requestId, actor, notes);
    if (!bookable.ok) return bookable;
    const { request, programName } = bookable;
    const data = request.form!.data;

    const catalogue = await this.resources();
    const resources = new Map(catalogue.map((resource) => [resource.id, resource]));
    const unknown = heldResourceIds(option).find((id) => !resources.has(id));
    if (unknown) return { ok: false, failure: { code: 'unknown-resource', resourceId: unknown } };
    const offer = await this.recheckOffer(request, option, catalogue);
    if (!offer.ok) return { ok: false, failure: offer.failure };

    const { bookingId, existing } = await this.bookingIdFor(commandId);
    if (existing) return this.alreadyBooked(existing);

    const siglas = typeof data.siglas === 'string' && data.siglas ? data.siglas : request.dependencia.siglas;
    const booking = this.holdingBooking(bookingId, request, option, {
      title: eventTitle(siglas, programName),
      body: bookingBody(request, option, resources, notes),
      createdBy: actor.id,
    });
    const replaced = request.booking ? await this.deps.models.bookings.findById(request.booking.bookingId).lean<BookingDocument>() : null;
    const { id, ...fields } = booking;
    try {
      await rawCollection(this.deps.models.bookings).insertOne({
        _id: id,
        ...fields,
        resourceIds: heldResourceIds(booking),
        commandId,
        replaces: replaced?._id ?? null,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const winner = await this.deps.models.bookings.findById(bookingId).lean<BookingDocument>();
      return winner ? this.alreadyBooked(winner) : { ok: false, failure: { code: 'request-changed', request, detail: 'duplicate booking id' } };
    }

    const oldKeys = new Set(replaced && liveStatuses.includes(replaced.status as 'confirmed') ? keysOf(toBooking(replaced)) : []);
    const wanted = keysOf(booking);
    const shared = wanted.filter((key) => oldKeys.has(key));
    const claimed = await this.claim(wanted.filter((key) => !oldKeys.has(key)), booking.id);
    if (!claimed.ok) {
      await this.markBooking(booking.id, { status: 'failed' });
      return { ok: false, failure: { code: 'conflict', blocker: await this.blockerOf(claimed.conflictKey, resources) } };
    }
    if (replaced) await this.transfer(shared, replaced._id, booking.id);

    const undo = async () => {
      await this.handBack(wanted, booking.id, replaced?._id ?? null);
      await this.markBooking(booking.id, { status: 'failed' });
    };

    let graphEventId: string | null = null;
    try {
      graphEventId = await this.publish(booking, resources, replaced?.graphEventId ?? null);
    } catch (error) {
      this.deps.log?.(`booking ${booking.id}: Microsoft 365 calendar failed`, error);
      await undo();
      return { ok: false, failure: { code: 'calendar-unavailable', detail: (error as Error).message } };
    }
    if (replaced?.graphEventId && graphEventId === replaced.graphEventId) await this.markBooking(replaced._id, { graphEventId: null });
    await this.markBooking(booking.id, { status: 'confirmed', graphEventId });

    const reference: BookingReference = {
      bookingId: booking.id,
      title: booking.title,
      start: booking.start,
      end: booking.end,
      resourceIds: heldResourceIds(booking),
      service: booking.service,
    };
    const recorded = await this.deps.requests.recordBooking(requestId, reference, actor, `${commandId}:record`);
    if (recorded.outcome !== 'applied' && recorded.outcome !== 'duplicate') {
      if (replaced?.graphEventId && graphEventId === replaced.graphEventId) {
        await this.markBooking(replaced._id, { graphEventId });
        await this.publish({ ...toBooking(replaced), graphEventId }, resources, graphEventId).catch((error) => this.deps.log?.('restoring the moved event failed', error));
      } else if (graphEventId) {
        await this.deps.directory?.cancelEvent(graphEventId, 'Reserva no registrada').catch((error) => this.deps.log?.('cancelling the event failed', error));
      }
      await undo();
      const detail = recorded.outcome === 'rejected' ? recorded.rejection.code : recorded.outcome;
      return { ok: false, failure: { code: 'request-changed', request: 'request' in recorded ? recorded.request : null, detail } };
    }
    if (graphEventId) {
      await this.deps.scheduleResponseCheck?.(booking.id).catch((error) => this.deps.log?.(`scheduling the answer check of ${booking.id} failed`, error));
    }
    return { ok: true, booking: { ...booking, status: 'confirmed', graphEventId }, request: recorded.request };
  }

  /**
   * The series the request's form asks for: the query of its first occurrence and every
   * occurrence, expanded in the business time zone (closure days marked by the business
   * calendar); `fields` names what is missing, `recurrence` when the form has none.
   */
  seriesQuery(request: ServiceRequest): SeriesQuery {
    const asked = this.queryFromForm(request);
    if (!asked.ok) return asked;
    const data = request.form!.data;
    const recurrence = recurrenceOf(data);
    const occurrences = recurrence ? expandOccurrences(data, this.deps.timeZone, (date) => this.deps.clock.isWorkingDay(date)) : undefined;
    if (!recurrence || !occurrences?.length) return { ok: false, fields: ['repeatWeekdays'] };
    return { ok: true, query: asked.query, occurrences, recurrence };
  }

  /**
   * Availability of each occurrence of the request's series, from one read of the busy times over
   * the whole series (and the alternatives' horizon after its last occurrence); `null` for a
   * request without a series.
   */
  async seriesAvailability(request: ServiceRequest, catalogue?: Resource[]): Promise<SeriesAvailability | null> {
    const series = this.seriesQuery(request);
    if (!series.ok) return null;
    const resources = catalogue ?? (await this.resources());
    const buffers = this.deps.buffers[series.query.service];
    const first = series.occurrences[0]!;
    const last = series.occurrences.at(-1)!;
    const from = new Date(first.start.getTime() - buffers.before * 60_000 - 24 * 60 * 60 * 1000);
    const to = new Date(last.end.getTime() + buffers.after * 60_000 + searchHorizonMs);
    const busy = await this.busyTimes(resources, from, to);
    const booked = new Map((request.booking?.occurrences ?? []).map((occurrence) => [occurrence.date, occurrence]));
    return checkSeriesAvailability({
      query: series.query,
      occurrences: series.occurrences,
      booked,
      resources,
      busy,
      buffers,
      clock: this.deps.clock,
      alternatives: this.deps.alternatives,
    });
  }

  /**
   * A booked occurrence of the request's series as the ASV moves it: its slot checked without its
   * own booking, with the alternatives availability proposes for it; `null` when that date is not
   * a booked occurrence.
   */
  async occurrenceToMove(request: ServiceRequest, date: string, catalogue?: Resource[]): Promise<OccurrenceAvailability | null> {
    const series = this.seriesQuery(request);
    const booking = request.booking?.occurrences?.find((occurrence) => occurrence.date === date && occurrence.bookingId && !occurrence.cancelled);
    const occurrence = series.ok ? series.occurrences.find((candidate) => candidate.date === date) : undefined;
    if (!series.ok || !booking || !occurrence) return null;
    const resources = catalogue ?? (await this.resources());
    const buffers = this.deps.buffers[series.query.service];
    const from = new Date(occurrence.start.getTime() - buffers.before * 60_000 - 24 * 60 * 60 * 1000);
    const to = new Date(occurrence.end.getTime() + buffers.after * 60_000 + searchHorizonMs);
    const input = {
      query: { ...series.query, start: occurrence.start, end: occurrence.end, ignoreBookingId: booking.bookingId ?? undefined },
      resources,
      busy: await this.busyTimes(resources, from, to),
      buffers,
      clock: this.deps.clock,
      alternatives: this.deps.alternatives,
    };
    const answer = checkAvailability({ ...input, alternatives: 0 });
    return { occurrence, state: 'booked', booking, answer: { ...answer, alternatives: nearestAlternatives(input) } };
  }

  /**
   * Books occurrences of the request's series, each a booking of its own holding its own slots on
   * the same unique keys as any booking (two overlapping bookings stay impossible): `'free'` books
   * every free occurrence not on a closure day (one click), a list books each pick — an
   * occurrence's own slot or an alternative (a booked occurrence is then moved: the slots both
   * share pass to the new booking). Each pick is checked again as availability would offer it.
   * What was booked is recorded on the request in one change; if that fails, nothing stays held.
   * The same command id books each occurrence once.
   */
  async bookOccurrences(requestId: string, picks: readonly OccurrencePick[] | 'free', actor: Actor, commandId: string, notes = ''): Promise<SeriesBookingResult> {
    const bookable = await this.bookableRequest(requestId, actor, notes);
    if (!bookable.ok) return bookable;
    const { request, programName } = bookable;
    const data = request.form!.data;
    const series = this.seriesQuery(request);
    if (!series.ok) return { ok: false, failure: { code: 'form-incomplete', fields: series.fields } };

    const catalogue = await this.resources();
    const resources = new Map(catalogue.map((resource) => [resource.id, resource]));
    const chosen: OccurrencePick[] =
      picks === 'free'
        ? ((await this.seriesAvailability(request, catalogue))?.bookable ?? []).map((entry) => ({ date: entry.occurrence.date, option: entry.answer!.option! }))
        : [...picks];
    const siglas = typeof data.siglas === 'string' && data.siglas ? data.siglas : request.dependencia.siglas;
    const title = eventTitle(siglas, programName);
    const seriesFacts = { rule: rruleValue(series.recurrence, this.deps.timeZone), dates: ruleDates(series.recurrence, series.occurrences[0]!.date, series.occurrences.length), first: { start: series.occurrences[0]!.start, end: series.occurrences[0]!.end } };

    const inGraphSeries = this.seriesCalendar() !== null;
    const booked: OccurrenceReference[] = [];
    const held: Array<{ booking: Booking; replacedId: string | null }> = [];
    const failed: Array<{ date: string; failure: BookingFailure }> = [];
    for (const pick of chosen) {
      const occurrence = series.occurrences.find((candidate) => candidate.date === pick.date);
      const current = request.booking?.occurrences?.find((candidate) => candidate.date === pick.date) ?? null;
      if (!occurrence || occurrence.excepted) {
        failed.push({ date: pick.date, failure: { code: 'not-offered', refusal: { reason: 'outside-search' } } });
        continue;
      }
      const unknown = heldResourceIds(pick.option).find((id) => !resources.has(id));
      if (unknown) {
        failed.push({ date: pick.date, failure: { code: 'unknown-resource', resourceId: unknown } });
        continue;
      }
      const query = { ...series.query, start: occurrence.start, end: occurrence.end, ignoreBookingId: current?.bookingId ?? undefined };
      const offer = await this.recheckOffer(request, pick.option, catalogue, query);
      if (!offer.ok) {
        failed.push({ date: pick.date, failure: offer.failure });
        continue;
      }
      const outcome = await this.holdOccurrence(request, pick, {
        commandId: `${commandId}:${pick.date}`,
        actor,
        title,
        body: bookingBody(request, pick.option, resources, notes),
        replacedId: current?.bookingId ?? null,
        series: { ...seriesFacts, date: pick.date, asked: { start: occurrence.start, end: occurrence.end } },
        resources,
        inGraphSeries,
      });
      if (!outcome.ok) {
        failed.push({ date: pick.date, failure: outcome.failure });
        continue;
      }
      if (outcome.fresh) held.push({ booking: outcome.booking, replacedId: current?.bookingId ?? null });
      booked.push({
        date: pick.date,
        bookingId: outcome.booking.id,
        start: outcome.booking.start,
        end: outcome.booking.end,
        resourceIds: heldResourceIds(outcome.booking),
        ...(outcome.booking.start.getTime() !== occurrence.start.getTime() || outcome.booking.end.getTime() !== occurrence.end.getTime() ? { moved: true } : {}),
      });
    }
    if (!booked.length) return failed.length ? { ok: false, failure: failed[0]!.failure, failed } : { ok: true, request, booked, failed };

    const undoHeld = async () => {
      for (const { booking, replacedId } of held) {
        await this.handBack(keysOf(booking), booking.id, replacedId);
        await this.markBooking(booking.id, { status: 'failed' });
        const replaced = replacedId ? await this.liveBooking(replacedId) : null;
        if (booking.graphEventId && replaced && !replaced.graphEventId) {
          await this.markBooking(replaced._id, { graphEventId: booking.graphEventId });
          await this.publish({ ...toBooking(replaced), graphEventId: booking.graphEventId }, resources, booking.graphEventId).catch((error) => this.deps.log?.('restoring the moved event failed', error));
        } else if (booking.graphEventId) {
          await this.deps.directory?.cancelEvent(booking.graphEventId, 'Reserva no registrada').catch((error) => this.deps.log?.('cancelling the event failed', error));
        }
      }
    };
    let seriesEventId: string | null = null;
    if (inGraphSeries) {
      try {
        seriesEventId = await this.publishSeries(requestId, series.recurrence, seriesFacts.dates, resources, null);
      } catch (error) {
        this.deps.log?.(`series of ${requestId}: Microsoft 365 calendar failed`, error);
        await undoHeld();
        const known = (await this.liveOccurrencesOf(requestId)).find((booking) => booking.series?.graphEventId)?.series?.graphEventId ?? null;
        await this.publishSeries(requestId, series.recurrence, seriesFacts.dates, resources, known).catch((again) => this.deps.log?.('restoring the series failed', again));
        return { ok: false, failure: { code: 'calendar-unavailable', detail: (error as Error).message }, failed };
      }
    }

    const reference: BookingReference = { bookingId: booked[0]!.bookingId!, title, start: booked[0]!.start, end: booked[0]!.end, resourceIds: booked[0]!.resourceIds, service: request.service, occurrences: booked };
    const recorded = await this.deps.requests.recordBooking(requestId, reference, actor, `${commandId}:record`);
    if (recorded.outcome !== 'applied' && recorded.outcome !== 'duplicate') {
      await undoHeld();
      if (inGraphSeries) {
        await this.publishSeries(requestId, series.recurrence, seriesFacts.dates, resources, seriesEventId).catch((error) => this.deps.log?.('restoring the series failed', error));
      }
      const detail = recorded.outcome === 'rejected' ? recorded.rejection.code : recorded.outcome;
      return { ok: false, failure: { code: 'request-changed', request: 'request' in recorded ? recorded.request : null, detail }, failed };
    }
    // One look at the answers reads the whole series: its instances and the occurrences that are events of their own.
    const published = held.find(({ booking }) => booking.graphEventId || seriesEventId)?.booking;
    if (published) await this.deps.scheduleResponseCheck?.(published.id).catch((error) => this.deps.log?.(`scheduling the answer check of ${published.id} failed`, error));
    return { ok: true, request: recorded.request, booked, failed };
  }

  /** Holds one occurrence's slots as a booking of its own (taking over the slots it shares with the booking it moves). */
  private async holdOccurrence(
    request: ServiceRequest,
    pick: OccurrencePick,
    facts: { commandId: string; actor: Actor; title: string; body: string; replacedId: string | null; series: NonNullable<Booking['series']>; resources: Map<string, Resource>; inGraphSeries: boolean },
  ): Promise<{ ok: true; booking: Booking; fresh: boolean } | { ok: false; failure: BookingFailure }> {
    const { bookingId, existing } = await this.bookingIdFor(facts.commandId);
    if (existing?.status === 'confirmed') return { ok: true, booking: toBooking(existing), fresh: false };
    if (existing) return { ok: false, failure: { code: 'request-changed', request, detail: `booking ${existing._id} is ${existing.status}` } };
    const { option } = pick;
    const booking = this.holdingBooking(bookingId, request, option, { title: facts.title, body: facts.body, series: facts.series, createdBy: facts.actor.id });
    const replaced = facts.replacedId ? await this.liveBooking(facts.replacedId) : null;
    const { id, ...fields } = booking;
    try {
      await rawCollection(this.deps.models.bookings).insertOne({ _id: id, ...fields, resourceIds: heldResourceIds(booking), commandId: facts.commandId, replaces: replaced?._id ?? null });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const winner = await this.deps.models.bookings.findById(bookingId).lean<BookingDocument>();
      return winner?.status === 'confirmed' ? { ok: true, booking: toBooking(winner), fresh: false } : { ok: false, failure: { code: 'request-changed', request, detail: 'duplicate booking id' } };
    }
    const oldKeys = new Set(replaced ? keysOf(toBooking(replaced)) : []);
    const wanted = keysOf(booking);
    const claimed = await this.claim(wanted.filter((key) => !oldKeys.has(key)), booking.id);
    if (!claimed.ok) {
      await this.markBooking(booking.id, { status: 'failed' });
      return { ok: false, failure: { code: 'conflict', blocker: await this.blockerOf(claimed.conflictKey, facts.resources) } };
    }
    if (replaced) await this.transfer(wanted.filter((key) => oldKeys.has(key)), replaced._id, booking.id);
    let graphEventId: string | null = null;
    try {
      // In a Microsoft 365 series the occurrence is an instance, written once every pick is held; one that is its own event stays so.
      graphEventId = facts.inGraphSeries && !replaced?.graphEventId ? null : await this.publish(booking, facts.resources, replaced?.graphEventId ?? null);
    } catch (error) {
      this.deps.log?.(`booking ${booking.id}: Microsoft 365 calendar failed`, error);
      await this.handBack(wanted, booking.id, replaced?._id ?? null);
      await this.markBooking(booking.id, { status: 'failed' });
      return { ok: false, failure: { code: 'calendar-unavailable', detail: (error as Error).message } };
    }
    if (replaced?.graphEventId && graphEventId === replaced.graphEventId) await this.markBooking(replaced._id, { graphEventId: null });
    await this.markBooking(booking.id, { status: 'confirmed', graphEventId });
    return { ok: true, booking: { ...booking, status: 'confirmed', graphEventId }, fresh: true };
  }

  /** Whether `option` is one availability would offer the request's form now (the card's word is not taken for it). */
  private async recheckOffer(
    request: ServiceRequest,
    option: SlotOption,
    catalogue: Resource[],
    query?: AvailabilityQuery,
  ): Promise<{ ok: true } | { ok: false; failure: BookingFailure }> {
    const asked = query ? { ok: true as const, query } : this.queryFromForm(request);
    if (!asked.ok) return { ok: false, failure: { code: 'form-incomplete', fields: asked.fields } };
    const buffers = this.deps.buffers[asked.query.service];
    const start = option.start.getTime();
    const end = option.end.getTime();
    const length = asked.query.end.getTime() - asked.query.start.getTime();
    if (!Number.isFinite(start) || !Number.isFinite(end) || end - start !== length) return { ok: false, failure: { code: 'not-offered', refusal: { reason: 'length' } } };
    const busy = await this.busyTimes(catalogue, new Date(start - buffers.before * 60_000), new Date(end + buffers.after * 60_000));
    const checked = checkOffer({ query: asked.query, resources: catalogue, busy, buffers, clock: this.deps.clock, alternatives: 0 }, option, new Date());
    return checked.ok ? checked : { ok: false, failure: { code: 'not-offered', refusal: checked.refusal } };
  }

  /**
   * The "Calendario de Eventos" as iCalendar (RFC 5545): every live booking from 30 days ago on,
   * or one resource's. Refused without the configured secret token.
   */
  async calendarFeed(token: string | undefined, resourceId?: string): Promise<FeedResult> {
    if (!this.deps.feedToken || !feedTokenMatches(token, this.deps.feedToken)) return { status: 401, body: 'token required' };
    const resources = new Map((await this.resources()).map((resource) => [resource.id, resource]));
    if (resourceId && !resources.has(resourceId)) return { status: 404, body: `no resource ${resourceId}` };
    const from = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
    const bookings = await this.bookingsBetween(from, new Date(Date.now() + 5 * 365 * 24 * 60 * 60 * 1000));
    const shown = resourceId ? bookingsForResource(bookings, resourceId) : bookings;
    const name = resourceId ? `Calendario de Eventos – ${resources.get(resourceId)!.name}` : 'Calendario de Eventos';
    return { status: 200, body: renderCalendar(shown, { calendarName: name, timeZone: this.deps.timeZone, resources }) };
  }

  /**
   * One booking as iCalendar, for the link its requester gets: served only for the booking's own
   * unguessable token, and only while the booking is live. Never more than that one event.
   */
  async bookingFeed(bookingId: string, token: string): Promise<FeedResult> {
    const booking = await this.booking(bookingId);
    if (!booking?.shareToken || !feedTokenMatches(token, booking.shareToken)) return { status: 404, body: 'not found' };
    if (booking.status !== 'confirmed' && booking.status !== 'holding') return { status: 404, body: 'not found' };
    const resources = new Map((await this.resources()).map((resource) => [resource.id, resource]));
    const shown = booking.series ? await this.liveOccurrencesOf(booking.requestId) : [booking];
    return { status: 200, body: renderCalendar(shown, { calendarName: booking.title, timeZone: this.deps.timeZone, resources }) };
  }

  /** The live occurrence bookings of a request's series, in start order. */
  async liveOccurrencesOf(requestId: string): Promise<Booking[]> {
    const documents = await this.deps.models.bookings
      .find({ requestId, status: { $in: liveStatuses }, series: { $exists: true } })
      .sort({ start: 1 })
      .lean<BookingDocument[]>();
    return documents.map(toBooking);
  }

  /**
   * Releases a booking: frees the slots it still holds and cancels its Microsoft 365 event.
   * Safe to run twice (the release effect may be retried).
   */
  async release(bookingId: string, reason = 'Solicitud sin reserva'): Promise<DeliveryReceipt> {
    const document = await this.deps.models.bookings.findById(bookingId).lean<BookingDocument>();
    if (!document) return { channel: 'agenda', skipped: true, reference: `no booking ${bookingId}` };
    if (document.status === 'released' || document.status === 'failed') return { channel: 'agenda', reference: `${bookingId} already ${document.status}` };
    const booking = toBooking(document);
    await this.free(keysOf(booking), bookingId);
    const seriesEventId = booking.series?.graphEventId ?? null;
    if (booking.graphEventId && this.deps.directory) await this.deps.directory.cancelEvent(booking.graphEventId, reason);
    else if (seriesEventId) await this.cancelInstanceOf(booking, seriesEventId, reason);
    await this.markBooking(bookingId, { status: 'released', graphEventId: null });
    // A failed reschedule may have handed slots back just before the booking was marked released.
    await this.free(keysOf(booking), bookingId);
    // The last live occurrence gone (checked after marking, so of two released at once one sees it), the series goes.
    if (seriesEventId && this.deps.directory && !(await this.liveOccurrencesOf(booking.requestId)).length) await this.deps.directory.cancelEvent(seriesEventId, reason);
    return { channel: 'agenda', reference: `released ${bookingId}` };
  }

  /**
   * Reads the Microsoft 365 answers to a booking's event and flags on the booking the resources
   * that declined it. For an occurrence of a series the whole series is read — the master, each
   * instance, and each occurrence that is an event of its own — and each live occurrence's
   * booking is flagged with who declined its date (a decline of the master declines every date).
   * Returns each booking read, with who declined it.
   */
  async refreshResponses(bookingId: string): Promise<BookingAnswers[]> {
    const booking = await this.booking(bookingId);
    const directory = this.deps.directory;
    if (!booking || !directory) return [];
    if (booking.series) return this.refreshSeriesResponses(booking.requestId, directory);
    if (!booking.graphEventId) return [];
    const declinedBy = declinedIn(await directory.attendeeResponses(booking.graphEventId));
    await this.markBooking(bookingId, { declinedBy });
    return [{ bookingId, declinedBy }];
  }

  private async refreshSeriesResponses(requestId: string, directory: CalendarDirectory): Promise<BookingAnswers[]> {
    const live = await this.liveOccurrencesOf(requestId);
    const declinedOn = await this.seriesDeclines(live);
    const answers: BookingAnswers[] = [];
    for (const booking of live) {
      const date = booking.series!.date;
      if (booking.graphEventId) answers.push({ bookingId: booking.id, date, declinedBy: declinedIn(await directory.attendeeResponses(booking.graphEventId)) });
      else if (declinedOn) answers.push({ bookingId: booking.id, date, declinedBy: declinedOn(date) });
    }
    const stored = new Map(live.map((booking) => [booking.id, booking.declinedBy.join(' ')]));
    const changed = answers.filter((answer) => stored.get(answer.bookingId) !== answer.declinedBy.join(' '));
    if (changed.length) {
      await rawCollection(this.deps.models.bookings).bulkWrite(
        changed.map(({ bookingId, declinedBy }) => ({ updateOne: { filter: { _id: bookingId, status: { $in: [...liveStatuses] } }, update: { $set: { declinedBy, updatedAt: new Date() } } } })),
        { ordered: false },
      );
    }
    return answers;
  }

  /**
   * Who declined each date of the Microsoft 365 series the live occurrences are instances of: the
   * master's declines (every date's) and the date's instance's own; null when none is an instance.
   */
  private async seriesDeclines(live: readonly Booking[]): Promise<((date: string) => string[]) | null> {
    const directory = this.seriesCalendar();
    const facts = live.find((booking) => booking.series?.graphEventId)?.series;
    if (!directory || !facts?.graphEventId || live.every((booking) => booking.graphEventId)) return null;
    const [master, instances] = await Promise.all([
      directory.attendeeResponses(facts.graphEventId),
      directory.seriesInstances(facts.graphEventId, ...this.instancesWindow(live, facts.first, facts.dates.at(-1)!)),
    ]);
    const byDate = new Map(instances.map((instance) => [this.localDateOf(instance), declinedIn(instance.responses)]));
    return (date) => [...new Set([...declinedIn(master), ...(byDate.get(date) ?? [])])];
  }

  /** Frees slots of bookings stuck in "holding" (their process died mid-booking) older than `olderThanMs`. */
  async releaseStaleHolds(olderThanMs = 10 * 60_000): Promise<number> {
    const stale = await this.deps.models.bookings
      .find({ status: 'holding', createdAt: { $lt: new Date(Date.now() - olderThanMs) } })
      .lean<BookingDocument[]>();
    for (const document of stale) {
      await this.handBack(keysOf(toBooking(document)), document._id, document.replaces ?? null);
      await this.markBooking(document._id, { status: 'failed' });
    }
    return stale.length;
  }

  /** The busy times of `from`–`to`: our live bookings' and then, for resources with a mailbox, Microsoft 365's. */
  private async busyTimes(resources: Resource[], from: Date, to: Date): Promise<BusyInterval[]> {
    const local = await this.ourBusyTimes(from, to);
    return [...local, ...(await this.directoryBusyTimes(resources, from, to))];
  }

  /** What our live bookings overlapping `from`–`to` hold (only the fields a busy interval needs). */
  private async ourBusyTimes(from: Date, to: Date): Promise<BusyInterval[]> {
    const held = await this.deps.models.bookings
      .find(this.overlapping(from, to), { title: 1, start: 1, end: 1, heldStart: 1, heldEnd: 1, roomId: 1, equipmentIds: 1, staffIds: 1 })
      .lean<Array<Pick<BookingDocument, '_id' | 'title' | 'start' | 'end' | 'heldStart' | 'heldEnd' | 'roomId' | 'equipmentIds' | 'staffIds'>>>();
    return localBusyTimes(held.map(({ _id, ...fields }) => ({ ...fields, id: _id })));
  }

  /** Microsoft 365's busy times of the resources with a mailbox (none without a calendar directory). */
  private async directoryBusyTimes(resources: Resource[], from: Date, to: Date): Promise<BusyInterval[]> {
    const directory = this.deps.directory;
    const withMailbox = resources.filter((resource) => resource.mailbox);
    if (!directory || !withMailbox.length) return [];
    const byMailbox = await directory.busyTimes(withMailbox.map((resource) => resource.mailbox!), from, to);
    return withMailbox.flatMap((resource) =>
      (byMailbox.get(resource.mailbox!.toLowerCase()) ?? []).map((busy) => ({ resourceId: resource.id, ...busy, source: 'graph' as const })),
    );
  }

  private async claim(keys: string[], bookingId: string): Promise<{ ok: true; keys: string[] } | { ok: false; conflictKey: string }> {
    if (!keys.length) return { ok: true, keys };
    try {
      await rawCollection(this.deps.models.slots).insertMany(keys.map((key) => ({ _id: key, bookingId })), { ordered: true });
      return { ok: true, keys };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const inserted = (error as { insertedCount?: number; result?: { insertedCount?: number } }).insertedCount ?? 0;
      const conflictIndex = (error as { writeErrors?: Array<{ index: number }> }).writeErrors?.[0]?.index ?? inserted;
      await this.free(keys.slice(0, conflictIndex), bookingId);
      return { ok: false, conflictKey: keys[conflictIndex]! };
    }
  }

  /** Deletes the slots among `keys` that `bookingId` still holds (by `_id`, one key at a time). */
  private async free(keys: string[], bookingId: string): Promise<void> {
    if (!keys.length) return;
    const slots = rawCollection(this.deps.models.slots);
    const owners = await Promise.all(keys.map((key) => slots.findOne({ _id: key })));
    const mine = owners.filter((slot) => slot?.bookingId === bookingId).map((slot) => slot!._id);
    if (mine.length) await slots.bulkWrite(mine.map((key) => ({ deleteOne: { filter: { _id: key } } })), { ordered: false });
  }

  /** Moves the slots among `keys` that booking `from` still holds to booking `to` (by `_id`, one key at a time). */
  private async transfer(keys: string[], from: string, to: string): Promise<void> {
    if (!keys.length) return;
    const slots = rawCollection(this.deps.models.slots);
    const owners = await Promise.all(keys.map((key) => slots.findOne({ _id: key })));
    const mine = owners.filter((slot) => slot?.bookingId === from).map((slot) => slot!._id);
    if (!mine.length) return;
    const operations: AnyBulkWriteOperation<{ _id: string; bookingId: string }>[] = mine.map((key) => ({
      updateOne: { filter: { _id: key }, update: { $set: { bookingId: to } } },
    }));
    await slots.bulkWrite(operations, { ordered: false });
  }

  /**
   * Undoes a booking that will not be: of the slots among `keys` that booking `from` holds, those
   * the booking it was to replace still needs go back to it when it is still live; the rest are
   * freed. Checked again afterwards, so a booking released meanwhile is not left holding any.
   */
  private async handBack(keys: string[], from: string, replacedId: string | null): Promise<void> {
    const replaced = replacedId ? await this.liveBooking(replacedId) : null;
    const stillNeeded = new Set(replaced ? keysOf(toBooking(replaced)) : []);
    const back = keys.filter((key) => stillNeeded.has(key));
    if (replaced) await this.transfer(back, from, replaced._id);
    await this.free(keys.filter((key) => !stillNeeded.has(key)), from);
    if (replaced && back.length && !(await this.liveBooking(replaced._id))) await this.free(back, replaced._id);
  }

  private async liveBooking(bookingId: string): Promise<BookingDocument | null> {
    const document = await this.deps.models.bookings.findById(bookingId).lean<BookingDocument>();
    return document && (liveStatuses as readonly string[]).includes(document.status) ? document : null;
  }

  private async markBooking(bookingId: string, changes: Partial<BookingDocument>): Promise<void> {
    await rawCollection(this.deps.models.bookings).updateOne({ _id: bookingId }, { $set: { ...changes, updatedAt: new Date() } });
  }

  private async blockerOf(key: string, resources: Map<string, Resource>): Promise<Blocker> {
    const resourceId = key.slice(0, key.lastIndexOf('@'));
    const resource = resources.get(resourceId);
    const slot = await rawCollection(this.deps.models.slots).findOne({ _id: key });
    const holder = slot ? await this.booking(slot.bookingId) : null;
    return {
      resourceId,
      resourceName: resource?.name ?? resourceId,
      kind: resource?.kind ?? 'room',
      reason: 'busy',
      by: holder ? { label: holder.title, start: holder.heldStart, end: holder.heldEnd, source: 'local', event: { start: holder.start, end: holder.end } } : undefined,
    };
  }

  private async publish(booking: Booking, resources: Map<string, Resource>, existingEventId: string | null): Promise<string | null> {
    const directory = this.deps.directory;
    if (!directory) return null;
    const draft = this.draftOf(booking, resources);
    if (existingEventId) {
      await directory.updateEvent(existingEventId, draft);
      return existingEventId;
    }
    return (await directory.createEvent(draft)).eventId;
  }

  /** The Microsoft 365 directory when it writes recurring series; `null` = each occurrence is an event of its own. */
  private seriesCalendar(): (CalendarDirectory & Required<Pick<CalendarDirectory, 'createSeries' | 'seriesInstances'>>) | null {
    const directory = this.deps.directory;
    return directory?.createSeries && directory.seriesInstances ? (directory as CalendarDirectory & Required<Pick<CalendarDirectory, 'createSeries' | 'seriesInstances'>>) : null;
  }

  /**
   * Brings the request's Microsoft 365 series in line with its live occurrence bookings: creates
   * the series (one event with its weekly recurrence, at the first date's time, with the resources
   * of an occurrence held at its own time) when none is known, records its id on every live
   * occurrence, cancels each instance whose date has no live booking (exceptions, cancelled and
   * not yet booked dates), updates each instance booked at another time or with other resources,
   * and makes an occurrence whose instance is gone (booked after its date was cancelled) an event of
   * its own. With no live occurrence, a known series is cancelled. Safe to run again: it compares
   * what Graph lists with what is stored. Returns the series' event id.
   */
  private async publishSeries(requestId: string, recurrence: Recurrence, dates: readonly string[], resources: Map<string, Resource>, knownSeriesId: string | null): Promise<string | null> {
    const directory = this.seriesCalendar();
    if (!directory) return null;
    const live = await this.liveOccurrencesOf(requestId);
    let seriesId = live.find((booking) => booking.series?.graphEventId)?.series?.graphEventId ?? knownSeriesId;
    if (!live.length) {
      if (seriesId) await directory.cancelEvent(seriesId, 'Serie sin reservas');
      return null;
    }
    const inSeries = live.filter((booking) => !booking.graphEventId);
    const atOwnTime = (booking: Booking) => booking.start.getTime() === booking.series!.asked.start.getTime() && booking.end.getTime() === booking.series!.asked.end.getTime();
    const typical = inSeries.find(atOwnTime) ?? inSeries[0] ?? live[0]!;
    const facts = typical.series!;
    if (!seriesId) {
      const draft: CalendarSeriesDraft = {
        ...this.draftOf(typical, resources),
        start: facts.first.start,
        end: facts.first.end,
        transactionId: `sr-${createHash('sha1').update(`${requestId}|${facts.rule}|${dates[0]}`).digest('hex').slice(0, 20)}`,
        recurrence: {
          weekdays: recurrence.weekdays,
          interval: recurrence.interval,
          startDate: dates[0]!,
          ...(recurrence.count !== undefined ? { count: recurrence.count } : { endDate: dates.at(-1)! }),
        },
      };
      seriesId = (await directory.createSeries(draft)).eventId;
    }
    await rawCollection(this.deps.models.bookings).updateMany(
      { requestId, status: { $in: [...liveStatuses] }, series: { $exists: true } },
      { $set: { 'series.graphEventId': seriesId, updatedAt: new Date() } },
    );
    const instances = await directory.seriesInstances(seriesId, ...this.instancesWindow(live, facts.first, dates.at(-1)!));
    const byDate = new Map(inSeries.map((booking) => [booking.series!.date, booking]));
    const typicalResources = heldResourceIds(typical).sort().join(' ');
    const listed = new Set<string>();
    for (const instance of instances) {
      const date = this.localDateOf(instance);
      listed.add(date);
      const booking = byDate.get(date);
      if (!booking) {
        await directory.cancelEvent(instance.id, 'Fecha sin evento');
        continue;
      }
      const sameTime = instance.start.getTime() === booking.start.getTime() && instance.end.getTime() === booking.end.getTime();
      const sameResources = heldResourceIds(booking).sort().join(' ') === typicalResources;
      if (sameTime && (sameResources || instance.type === 'exception')) continue;
      const { transactionId: _none, ...draft } = this.draftOf(booking, resources);
      await directory.updateEvent(instance.id, draft);
    }
    for (const booking of inSeries) {
      if (listed.has(booking.series!.date)) continue;
      const eventId = await this.publish(booking, resources, null);
      await this.markBooking(booking.id, { graphEventId: eventId });
    }
    return seriesId;
  }

  /** Cancels the instance of a released occurrence's date, unless another live booking holds that date (it was moved). */
  private async cancelInstanceOf(booking: Booking, seriesId: string, reason: string): Promise<void> {
    const directory = this.seriesCalendar();
    if (!directory || !booking.series) return;
    const others = (await this.liveOccurrencesOf(booking.requestId)).filter((other) => other.id !== booking.id);
    if (!others.length || others.some((other) => other.series?.date === booking.series!.date)) return;
    const day = DateTime.fromISO(booking.series.date, { zone: this.deps.timeZone });
    const instances = await directory.seriesInstances(seriesId, day.minus({ days: 30 }).toJSDate(), day.plus({ days: 31 }).toJSDate());
    for (const instance of instances.filter((candidate) => this.localDateOf(candidate) === booking.series!.date)) await directory.cancelEvent(instance.id, reason);
  }

  /**
   * A window that holds every instance of a series: from the alternatives' horizon before its
   * first occurrence to a day after its last date or its latest live occurrence (one moved later).
   */
  private instancesWindow(live: readonly Booking[], first: { start: Date; end: Date }, lastDate: string): [Date, Date] {
    const last = live.reduce((latest, booking) => Math.max(latest, booking.end.getTime(), booking.series!.asked.end.getTime()), first.end.getTime());
    const lastDay = DateTime.fromISO(lastDate, { zone: this.deps.timeZone }).plus({ days: 2 }).toMillis();
    return [new Date(first.start.getTime() - searchHorizonMs), new Date(Math.max(last, lastDay) + 24 * 60 * 60 * 1000)];
  }

  /** The local date the series' pattern gives an instance (kept when it was moved). */
  private localDateOf(instance: SeriesInstance): string {
    return DateTime.fromJSDate(instance.originalStart, { zone: this.deps.timeZone }).toISODate()!;
  }

  /** The Microsoft 365 event of a booking: its title, body, time, room and attendees. */
  private draftOf(booking: Booking, resources: Map<string, Resource>): CalendarEventDraft {
    const held = heldResourceIds(booking).map((id) => resources.get(id)!).filter((resource) => resource?.mailbox);
    return {
      subject: booking.title,
      bodyHtml: bookingBodyHtml(booking.body),
      start: booking.start,
      end: booking.end,
      timeZone: this.deps.timeZone,
      location: booking.roomId ? resources.get(booking.roomId)?.name : undefined,
      resourceMailboxes: held.filter((resource) => resource.kind !== 'staff').map((resource) => ({ mailbox: resource.mailbox!, name: resource.name })),
      requiredMailboxes: held.filter((resource) => resource.kind === 'staff').map((resource) => ({ mailbox: resource.mailbox!, name: resource.name })),
      transactionId: booking.id,
    };
  }

  /**
   * The request `actor` may book for, with its form's program name: refused as availability is,
   * incomplete without a form or a program name, and notes bounded.
   */
  private async bookableRequest(
    requestId: string,
    actor: Actor,
    notes: string,
  ): Promise<{ ok: true; request: ServiceRequest & { service: ServiceType }; programName: string } | { ok: false; failure: BookingFailure }> {
    if (notes.length > bookingNotesMaxLength) {
      return { ok: false, failure: { code: 'refused', rejection: { code: 'invalid-input', command: 'record-booking', field: 'notes', problem: 'too-long', max: bookingNotesMaxLength } } };
    }
    const request = await this.deps.requests.get(requestId);
    const refusal = request ? actionRefusal(request, actor, 'check-availability') : null;
    if (refusal) return { ok: false, failure: { code: 'refused', rejection: refusal } };
    if (!request?.service || !request.form) return { ok: false, failure: { code: 'form-incomplete', fields: ['form'] } };
    const programName = typeof request.form.data.programName === 'string' ? request.form.data.programName : '';
    if (!programName) return { ok: false, failure: { code: 'form-incomplete', fields: ['programName'] } };
    return { ok: true, request: request as ServiceRequest & { service: ServiceType }, programName };
  }

  /**
   * The id a command's booking takes: the first of its attempt ids not taken by a failed booking
   * (a command whose booking failed — a conflict, the calendar down — may be tried again), and
   * the booking already stored under it, if any.
   */
  private async bookingIdFor(commandId: string): Promise<{ bookingId: string; existing: BookingDocument | null }> {
    let bookingId = bookingIdOf(commandId, 0);
    let existing = await this.deps.models.bookings.findById(bookingId).lean<BookingDocument>();
    for (let attempt = 1; existing?.status === 'failed' && attempt < maxBookingAttempts; attempt += 1) {
      bookingId = bookingIdOf(commandId, attempt);
      existing = await this.deps.models.bookings.findById(bookingId).lean<BookingDocument>();
    }
    return { bookingId, existing };
  }

  /** A booking of `request` at `option`, holding its resources widened by the service's buffers. */
  private holdingBooking(
    id: string,
    request: ServiceRequest,
    option: SlotOption,
    facts: { title: string; body: string; createdBy: string; series?: Booking['series'] },
  ): Booking {
    const buffers = this.deps.buffers[request.service!];
    const now = new Date();
    return {
      id,
      requestId: request.id,
      folio: request.folio,
      service: request.service!,
      title: facts.title,
      body: facts.body,
      start: option.start,
      end: option.end,
      heldStart: new Date(option.start.getTime() - buffers.before * 60_000),
      heldEnd: new Date(option.end.getTime() + buffers.after * 60_000),
      roomId: option.roomId,
      equipmentIds: option.equipmentIds,
      staffIds: option.staffIds,
      status: 'holding',
      graphEventId: null,
      declinedBy: [],
      shareToken: randomBytes(24).toString('base64url'),
      ...(facts.series ? { series: facts.series } : {}),
      createdBy: facts.createdBy,
      createdAt: now,
      updatedAt: now,
    };
  }

  private async alreadyBooked(document: BookingDocument): Promise<BookingResult> {
    const request = await this.deps.requests.get(document.requestId);
    if (document.status === 'confirmed' && request?.booking?.bookingId === document._id) return { ok: true, booking: toBooking(document), request };
    return { ok: false, failure: { code: 'request-changed', request, detail: `booking ${document._id} is ${document.status}` } };
  }
}
