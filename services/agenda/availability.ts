import type { ServiceType } from '../requests/request-types.js';
import type { BusyInterval, Resource, WeeklyHours } from './agenda-types.js';

/** What the ASV asks: a service, the event's interval, the people, the room and equipment. */
export interface AvailabilityQuery {
  service: ServiceType;
  start: Date;
  end: Date;
  participants: number;
  /** A room id, or 'any' for any room that serves the service and seats everybody; null = no room. */
  room: string | 'any' | null;
  equipmentIds: string[];
  /** Whether a bridge (MCU or audio bridge) serving the service is needed besides `equipmentIds`. */
  needsBridge: boolean;
  /** Technicians/operators needed (at least one). */
  staffCount: number;
  /** A booking being moved: its own busy times do not block it. */
  ignoreBookingId?: string | undefined;
}

/** Why a resource blocks the slot. */
export type BlockReason =
  | 'busy'
  | 'outside-working-hours'
  | 'not-for-service'
  | 'too-small'
  | 'unknown-resource'
  | 'inactive'
  | 'no-room-fits'
  | 'no-bridge-free'
  | 'not-enough-staff';

/** A resource that makes the slot impossible, and by what. */
export interface Blocker {
  resourceId: string;
  resourceName: string;
  kind: Resource['kind'] | 'room-search' | 'bridge-search' | 'staff-search';
  reason: BlockReason;
  /**
   * What holds the resource: `start`–`end` is the time it is held; `event`, for one of our
   * bookings, the event's own time (the held time less set-up and tear-down).
   */
  by?: { label: string | undefined; start: Date; end: Date; source: BusyInterval['source']; event?: { start: Date; end: Date } | undefined } | undefined;
}

/** A possible slot: the resources that would hold it. */
export interface SlotOption {
  start: Date;
  end: Date;
  roomId: string | null;
  equipmentIds: string[];
  staffIds: string[];
}

/** The verdict on the asked slot, with the staff free for it and alternatives when blocked. */
export interface AvailabilityAnswer {
  free: boolean;
  heldStart: Date;
  heldEnd: Date;
  /** The slot as it can be booked (room chosen when 'any'), when free. */
  option: SlotOption | null;
  /** Every staff member free for the slot (the ASV picks). */
  freeStaff: Resource[];
  blockers: Blocker[];
  alternatives: SlotOption[];
}

/** The time facts the core needs, as plain functions of the business calendar. */
export interface AgendaClock {
  /** 'YYYY-MM-DD' of an instant in the business zone. */
  dateOf(at: Date): string;
  /** The instant of a local date and 'HH:mm' (or minutes after midnight) in the business zone. */
  instantOf(isoDate: string, minutesAfterMidnight: number): Date;
  /** ISO weekday (1 = Monday) of a date. */
  weekdayOf(isoDate: string): number;
  /** The next date. */
  nextDate(isoDate: string): string;
  isWorkingDay(isoDate: string): boolean;
}

/** Everything the core decides on; no I/O. */
export interface AvailabilityInput {
  query: AvailabilityQuery;
  resources: readonly Resource[];
  /** Busy times of the candidate resources over the search horizon, any order. */
  busy: readonly BusyInterval[];
  buffers: { before: number; after: number };
  clock: AgendaClock;
  /** How many alternatives to propose. */
  alternatives: number;
  /** Step between alternative start times, minutes. */
  stepMinutes?: number;
  /** How many business days after the asked day to search. */
  horizonDays?: number;
}

const minute = 60_000;

/** Busy intervals per resource, sorted by start, for overlap tests. */
class BusyIndex {
  private readonly byResource = new Map<string, { intervals: BusyInterval[]; longestMs: number }>();

  constructor(busy: readonly BusyInterval[], ignoreBookingId: string | undefined) {
    for (const interval of busy) {
      if (ignoreBookingId && interval.bookingId === ignoreBookingId) continue;
      const entry = this.byResource.get(interval.resourceId) ?? { intervals: [], longestMs: 0 };
      entry.intervals.push(interval);
      entry.longestMs = Math.max(entry.longestMs, interval.end.getTime() - interval.start.getTime());
      this.byResource.set(interval.resourceId, entry);
    }
    for (const { intervals } of this.byResource.values()) intervals.sort((a, b) => a.start.getTime() - b.start.getTime());
  }

  /**
   * The first interval of `resourceId` overlapping [start, end), preferring our own bookings. The
   * look starts at the first interval that could still reach `start` (none is longer than the
   * resource's longest), so over a long span it does not walk every earlier interval.
   */
  conflict(resourceId: string, start: number, end: number): BusyInterval | undefined {
    const entry = this.byResource.get(resourceId);
    if (!entry) return undefined;
    const { intervals } = entry;
    const earliest = start - entry.longestMs;
    let low = 0;
    for (let high = intervals.length; low < high; ) {
      const middle = (low + high) >>> 1;
      if (intervals[middle]!.start.getTime() <= earliest) low = middle + 1;
      else high = middle;
    }
    let found: BusyInterval | undefined;
    for (let at = low; at < intervals.length; at += 1) {
      const interval = intervals[at]!;
      if (interval.start.getTime() >= end) break;
      if (interval.end.getTime() > start) {
        if (interval.source === 'local') return interval;
        found ??= interval;
      }
    }
    return found;
  }
}

function parseClock(text: string): number {
  const [hours, minutes] = text.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function withinWorkingHours(staff: Resource, start: Date, end: Date, clock: AgendaClock): boolean {
  const date = clock.dateOf(start);
  if (clock.dateOf(new Date(end.getTime() - 1)) !== date) return false;
  const hours: WeeklyHours[] = staff.workingHours ?? [];
  const weekday = clock.weekdayOf(date);
  return hours.some(
    (range) =>
      range.days.includes(weekday) &&
      clock.instantOf(date, parseClock(range.start)).getTime() <= start.getTime() &&
      clock.instantOf(date, parseClock(range.end)).getTime() >= end.getTime(),
  );
}

interface Evaluation {
  option: SlotOption | null;
  freeStaff: Resource[];
  blockers: Blocker[];
}

function blockerOf(resource: Resource, reason: BlockReason, by?: BusyInterval): Blocker {
  return {
    resourceId: resource.id,
    resourceName: resource.name,
    kind: resource.kind,
    reason,
    by: by ? { label: by.label, start: by.start, end: by.end, source: by.source, ...(by.event ? { event: by.event } : {}) } : undefined,
  };
}

function evaluate(input: AvailabilityInput, resources: Map<string, Resource>, index: BusyIndex, start: Date, end: Date): Evaluation {
  const { query, buffers, clock } = input;
  const heldStart = start.getTime() - buffers.before * minute;
  const heldEnd = end.getTime() + buffers.after * minute;
  const blockers: Blocker[] = [];
  const check = (resource: Resource): Blocker | undefined => {
    if (!resource.active) return blockerOf(resource, 'inactive');
    if (!resource.services.includes(query.service)) return blockerOf(resource, 'not-for-service');
    const busy = index.conflict(resource.id, heldStart, heldEnd);
    return busy ? blockerOf(resource, 'busy', busy) : undefined;
  };
  const unknown = (id: string): Blocker => ({ resourceId: id, resourceName: id, kind: 'room', reason: 'unknown-resource' });

  let roomId: string | null = null;
  if (query.room === 'any') {
    const candidates = [...resources.values()]
      .filter((resource) => resource.kind === 'room' && resource.active && resource.services.includes(query.service))
      .sort((a, b) => (a.capacity ?? 0) - (b.capacity ?? 0));
    const fitting = candidates.filter((room) => (room.capacity ?? 0) >= query.participants);
    const free = fitting.find((room) => !check(room));
    if (free) roomId = free.id;
    else {
      blockers.push({ resourceId: '*', resourceName: '*', kind: 'room-search', reason: 'no-room-fits' });
      for (const room of fitting) blockers.push(check(room)!);
    }
  } else if (query.room) {
    const room = resources.get(query.room);
    const problem = !room
      ? unknown(query.room)
      : room.kind !== 'room'
        ? blockerOf(room, 'unknown-resource')
        : (room.capacity ?? 0) < query.participants
          ? blockerOf(room, 'too-small')
          : check(room);
    if (problem) blockers.push(problem);
    else roomId = query.room;
  }

  const equipmentIds = [...query.equipmentIds];
  for (const id of query.equipmentIds) {
    const item = resources.get(id);
    const problem = item ? check(item) : { ...unknown(id), kind: 'equipment' as const };
    if (problem) blockers.push(problem);
  }
  const servesAsBridge = (item: Resource | undefined) => Boolean(item?.bridge && item.active && item.services.includes(query.service));
  if (query.needsBridge && !query.equipmentIds.some((id) => servesAsBridge(resources.get(id)))) {
    const bridges = [...resources.values()].filter((item) => item.kind === 'equipment' && servesAsBridge(item));
    const free = bridges.find((bridge) => !check(bridge));
    if (free) equipmentIds.push(free.id);
    else {
      blockers.push({ resourceId: '*', resourceName: '*', kind: 'bridge-search', reason: 'no-bridge-free' });
      for (const bridge of bridges) blockers.push(check(bridge)!);
    }
  }

  const staff = [...resources.values()].filter((resource) => resource.kind === 'staff');
  const held = [new Date(heldStart), new Date(heldEnd)] as const;
  const freeStaff: Resource[] = [];
  const staffBlockers: Blocker[] = [];
  for (const person of staff) {
    const problem = check(person) ?? (withinWorkingHours(person, held[0], held[1], clock) ? undefined : blockerOf(person, 'outside-working-hours'));
    if (problem) {
      if (problem.reason !== 'not-for-service' && problem.reason !== 'inactive') staffBlockers.push(problem);
    } else freeStaff.push(person);
  }
  if (freeStaff.length < Math.max(query.staffCount, 1)) {
    blockers.push({ resourceId: '*', resourceName: '*', kind: 'staff-search', reason: 'not-enough-staff' }, ...staffBlockers);
  }

  return {
    option: blockers.length
      ? null
      : { start, end, roomId, equipmentIds, staffIds: freeStaff.slice(0, Math.max(query.staffCount, 1)).map((person) => person.id) },
    freeStaff,
    blockers,
  };
}

/**
 * Decides whether the asked slot is possible — the room, each piece of equipment and enough
 * staff free for the interval widened by the service's set-up and tear-down, staff within their
 * working hours — says which resource blocks it and by what, and proposes up to
 * `input.alternatives` slots of the same length: the same day nearest first, then the following
 * business days from the morning on.
 */
export function checkAvailability(input: AvailabilityInput): AvailabilityAnswer {
  return availabilityChecker(input)(input.query.start, input.query.end);
}

/**
 * {@link checkAvailability} of the query at other times, over the same resources and busy times:
 * the catalogue and the busy index are built once (the occurrences of a series), so each call
 * answers exactly as `checkAvailability` with the query moved to `start`–`end` would.
 */
export function availabilityChecker(input: AvailabilityInput): (start: Date, end: Date) => AvailabilityAnswer {
  const resources = new Map(input.resources.map((resource) => [resource.id, resource]));
  const index = new BusyIndex(input.busy, input.query.ignoreBookingId);
  return (start, end) => {
    const at: AvailabilityInput = { ...input, query: { ...input.query, start, end } };
    const { buffers } = input;
    const asked = evaluate(at, resources, index, start, end);
    const answer: AvailabilityAnswer = {
      free: asked.option !== null,
      heldStart: new Date(start.getTime() - buffers.before * minute),
      heldEnd: new Date(end.getTime() + buffers.after * minute),
      option: asked.option,
      freeStaff: asked.freeStaff,
      blockers: asked.blockers,
      alternatives: [],
    };
    if (answer.free || input.alternatives <= 0) return answer;
    answer.alternatives = findAlternatives(at, resources, index);
    return answer;
  };
}

/**
 * The alternatives availability would propose for the query's slot, whether or not the slot
 * itself is free (to move a booked occurrence of a series elsewhere).
 */
export function nearestAlternatives(input: AvailabilityInput): SlotOption[] {
  if (input.alternatives <= 0) return [];
  const resources = new Map(input.resources.map((resource) => [resource.id, resource]));
  return findAlternatives(input, resources, new BusyIndex(input.busy, input.query.ignoreBookingId));
}

function findAlternatives(input: AvailabilityInput, resources: Map<string, Resource>, index: BusyIndex): SlotOption[] {
  const { query, clock } = input;
  const step = (input.stepMinutes ?? 15) * minute;
  const length = query.end.getTime() - query.start.getTime();
  const found: SlotOption[] = [];
  const askedDate = clock.dateOf(query.start);
  const dayStarts = (date: string) => {
    const first = clock.instantOf(date, 0).getTime();
    const last = clock.instantOf(clock.nextDate(date), 0).getTime() - length;
    const starts: number[] = [];
    for (let at = first; at <= last; at += step) starts.push(at);
    return starts;
  };

  const sameDay = dayStarts(askedDate)
    .filter((at) => at !== query.start.getTime())
    .sort((a, b) => Math.abs(a - query.start.getTime()) - Math.abs(b - query.start.getTime()) || a - b);
  const tryStart = (at: number) => {
    const option = evaluate(input, resources, index, new Date(at), new Date(at + length)).option;
    if (option) found.push(option);
  };
  for (const at of sameDay) {
    if (found.length >= input.alternatives) return found;
    tryStart(at);
  }
  let date = askedDate;
  for (let day = 0; day < (input.horizonDays ?? 14) && found.length < input.alternatives; ) {
    date = clock.nextDate(date);
    if (!clock.isWorkingDay(date)) continue;
    day += 1;
    for (const at of dayStarts(date)) {
      if (found.length >= input.alternatives) break;
      tryStart(at);
    }
  }
  return found;
}

/** The longest event the agenda books (a form's event lies within one day). */
export const maxEventHours = 16;

/** Why an option the card sent is not one availability would offer now. */
export type OfferRefusal =
  | { reason: 'length' }
  | { reason: 'past' }
  | { reason: 'outside-search' }
  | { reason: 'resources' }
  | { reason: 'busy'; blockers: Blocker[] };

/**
 * Checks an option sent back by a card against what availability would offer for it at this
 * moment, whatever the card says: the event's own length, not started yet, on the asked day or a
 * later business day within the search horizon, on the search's steps (or at the asked time), the
 * form's room (or, for any room, one that fits), its equipment plus at most one free bridge when
 * one is needed, staff who are free and inside their working hours — and every resource free for
 * the interval widened by the service's buffers. Pure: the moment comes in as `now`.
 */
export function checkOffer(input: AvailabilityInput, option: SlotOption, now: Date): { ok: true } | { ok: false; refusal: OfferRefusal } {
  const { query } = input;
  const length = query.end.getTime() - query.start.getTime();
  const start = option.start.getTime();
  const end = option.end.getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end) || end - start !== length || length <= 0 || length > maxEventHours * 60 * minute) {
    return { ok: false, refusal: { reason: 'length' } };
  }
  if (start <= now.getTime()) return { ok: false, refusal: { reason: 'past' } };
  if (!withinSearch(input, option.start)) return { ok: false, refusal: { reason: 'outside-search' } };

  const resources = new Map(input.resources.map((resource) => [resource.id, resource]));
  const index = new BusyIndex(input.busy, query.ignoreBookingId);
  const evaluation = evaluate(input, resources, index, option.start, option.end);
  const held = [option.start.getTime() - input.buffers.before * minute, option.end.getTime() + input.buffers.after * minute] as const;
  const isFree = (id: string) => !index.conflict(id, held[0], held[1]);
  if (!evaluation.option) return { ok: false, refusal: { reason: 'busy', blockers: evaluation.blockers } };
  const offered = evaluation.option;
  const freeStaff = new Set(evaluation.freeStaff.map((person) => person.id));
  const fittingRoom = (id: string | null) => {
    const room = id ? resources.get(id) : undefined;
    return room?.kind === 'room' && room.active && room.services.includes(query.service) && (room.capacity ?? 0) >= query.participants;
  };
  const roomOk = query.room === 'any' ? option.roomId === offered.roomId || (fittingRoom(option.roomId) && isFree(option.roomId!)) : option.roomId === offered.roomId;
  const extra = option.equipmentIds.filter((id) => !query.equipmentIds.includes(id));
  const bridgeOk = (id: string) => {
    const item = resources.get(id);
    return Boolean(item?.kind === 'equipment' && item.bridge && item.active && item.services.includes(query.service) && isFree(id));
  };
  const equipmentOk =
    new Set(option.equipmentIds).size === option.equipmentIds.length &&
    query.equipmentIds.every((id) => option.equipmentIds.includes(id)) &&
    (extra.length === 0 ? offered.equipmentIds.length === query.equipmentIds.length : extra.length === 1 && offered.equipmentIds.length > query.equipmentIds.length && bridgeOk(extra[0]!));
  const staffOk =
    option.staffIds.length >= 1 &&
    option.staffIds.length <= Math.max(query.staffCount, 1) &&
    new Set(option.staffIds).size === option.staffIds.length &&
    option.staffIds.every((id) => freeStaff.has(id));
  return roomOk && equipmentOk && staffOk ? { ok: true } : { ok: false, refusal: { reason: 'resources' } };
}

/** Whether `at` starts on the asked day or a business day of the alternative search, on one of its steps (or at the asked time). */
function withinSearch(input: AvailabilityInput, at: Date): boolean {
  const { query, clock } = input;
  const date = clock.dateOf(at);
  const step = (input.stepMinutes ?? 15) * minute;
  const onStep = at.getTime() === query.start.getTime() || (at.getTime() - clock.instantOf(date, 0).getTime()) % step === 0;
  if (!onStep) return false;
  let candidate = clock.dateOf(query.start);
  if (date === candidate) return true;
  for (let day = 0; day < (input.horizonDays ?? 14); ) {
    candidate = clock.nextDate(candidate);
    if (!clock.isWorkingDay(candidate)) continue;
    day += 1;
    if (date === candidate) return true;
  }
  return false;
}
