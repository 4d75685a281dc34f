import { IANAZone } from 'luxon';
import type { AttendeeResponse, CalendarDirectory, CalendarEventDraft, CalendarSeriesDraft, PlaceRoom, SeriesInstance } from '../agenda/agenda-types.js';
import { graphCall, hasGraphStatus } from './graph-call-error.js';
import type { GraphClient } from './graph-client.js';
import { eventBodyOf, patternedRecurrenceOf } from './graph-event-body.js';
import { allPages } from './graph-paging.js';
import { busyTimesOf, distinctBusyTimes, type BusyTime, type GraphScheduleInformation } from './schedule-busy-times.js';
import { distinctMailboxes, mapLimited, planScheduleRequests, type ScheduleRequest } from './schedule-requests.js';

/** Where the directory books and in which zone it writes event times. */
export interface GraphCalendarDirectorySettings {
  /** The mailbox that organises the events and asks for schedules (config `calendarMailbox`). */
  organizerMailbox: string;
  /** The business time zone (IANA), used when a draft names none. */
  timeZone: string;
}

/** Exchange serves at most 4 concurrent requests per app and mailbox; all calls here go to the organizer's. */
const CONCURRENT_CALLS = 4;

interface GraphPlace {
  emailAddress?: string | null;
  displayName?: string | null;
  capacity?: number | string | null;
}

interface GraphEventAttendees {
  attendees?: Array<{ emailAddress?: { address?: string }; status?: { response?: AttendeeResponse['response'] } }>;
}

interface GraphInstance extends GraphEventAttendees {
  id?: string;
  type?: string;
  isCancelled?: boolean;
  originalStart?: string;
  start?: { dateTime: string; timeZone: string };
  end?: { dateTime: string; timeZone: string };
}

/** The properties of an instance the directory reads. */
const instanceFields = 'id,type,isCancelled,originalStart,start,end,attendees';

/**
 * The agenda's {@link CalendarDirectory} over Microsoft Graph (application permissions
 * Calendars.ReadWrite and Place.Read.All), acting as the organizer mailbox.
 *
 * - `busyTimes` asks `calendar/getSchedule` in chunks of at most 20 mailboxes and windows under
 *   62 days (at most 4 calls at once), in UTC, and merges the answers per mailbox (lower-case).
 *   Items with status busy, tentative, oof or workingElsewhere count; free does not. A mailbox
 *   Graph cannot read (its entry has an `error`, e.g. `ErrorMailboxNotFound`) is reported busy
 *   over the whole window with the error as label, instead of failing the whole query: the
 *   resource cannot be double-booked and the ASV sees why it is blocked.
 * - Events are written in the draft's zone; rooms and equipment are `resource` attendees, staff
 *   `required`. Cancelling an event that is already gone (404) succeeds.
 * - A series is one event with a weekly `patternedRecurrence` in the draft's zone; its instances
 *   are listed with `/instances` (in UTC, with their attendees' answers) and, being events with
 *   ids of their own, moved with `updateEvent` and cancelled with `cancelEvent`.
 * - Every failure is thrown as a {@link GraphCallError} naming the call, after the client's own
 *   retries (429/503/504).
 */
export class GraphCalendarDirectory implements CalendarDirectory {
  private readonly organizer: string;

  constructor(
    private readonly graph: GraphClient,
    private readonly settings: GraphCalendarDirectorySettings,
  ) {
    if (!settings.organizerMailbox.trim()) throw new Error('GraphCalendarDirectory needs an organizer mailbox');
    if (!IANAZone.isValidZone(settings.timeZone)) throw new Error(`Not an IANA time zone: "${settings.timeZone}"`);
    this.organizer = encodeURIComponent(settings.organizerMailbox.trim());
  }

  async busyTimes(mailboxes: string[], start: Date, end: Date): Promise<Map<string, BusyTime[]>> {
    const requests = planScheduleRequests(mailboxes, start, end);
    const answers = await mapLimited(requests, CONCURRENT_CALLS, (request) => this.schedule(request));
    const merged = new Map<string, BusyTime[]>(distinctMailboxes(mailboxes).map((mailbox) => [mailbox, []]));
    for (const [index, request] of requests.entries()) {
      const byId = new Map((answers[index] ?? []).map((entry, position) => [entry.scheduleId?.toLowerCase() ?? request.mailboxes[position], entry]));
      for (const mailbox of request.mailboxes) merged.get(mailbox)!.push(...busyTimesOf(byId.get(mailbox), { start: request.start, end: request.end }));
    }
    for (const [mailbox, times] of merged) merged.set(mailbox, distinctBusyTimes(times));
    return merged;
  }

  async createEvent(draft: CalendarEventDraft): Promise<{ eventId: string }> {
    const body = eventBodyOf(draft, this.settings.timeZone);
    const created = await graphCall(`create event "${draft.subject}" as ${this.settings.organizerMailbox}`, () =>
      this.graph.api(`/users/${this.organizer}/events`).post(body),
    );
    const eventId = (created as { id?: unknown } | undefined)?.id;
    if (typeof eventId !== 'string' || !eventId) throw new Error(`Microsoft Graph created event "${draft.subject}" without an id`);
    return { eventId };
  }

  async createSeries(draft: CalendarSeriesDraft): Promise<{ eventId: string }> {
    const body = { ...eventBodyOf(draft, this.settings.timeZone), recurrence: patternedRecurrenceOf(draft.recurrence, draft.timeZone?.trim() || this.settings.timeZone) };
    const created = await graphCall(`create series "${draft.subject}" as ${this.settings.organizerMailbox}`, () =>
      this.graph.api(`/users/${this.organizer}/events`).post(body),
    );
    const eventId = (created as { id?: unknown } | undefined)?.id;
    if (typeof eventId !== 'string' || !eventId) throw new Error(`Microsoft Graph created series "${draft.subject}" without an id`);
    return { eventId };
  }

  async seriesInstances(seriesId: string, start: Date, end: Date): Promise<SeriesInstance[]> {
    const path = `${this.eventPath(seriesId)}/instances?startDateTime=${start.toISOString()}&endDateTime=${end.toISOString()}&$select=${instanceFields}`;
    const instances = await graphCall(`list instances of series ${seriesId}`, () =>
      allPages<GraphInstance>(this.graph, path, { Prefer: 'outlook.timezone="UTC"' }),
    );
    return instances
      .filter((instance) => instance.id && !instance.isCancelled)
      .map((instance) => ({
        id: instance.id!,
        originalStart: new Date(instance.originalStart!),
        start: utcInstant(instance.start!.dateTime),
        end: utcInstant(instance.end!.dateTime),
        type: instance.type === 'exception' ? ('exception' as const) : ('occurrence' as const),
        responses: responsesOf(instance),
      }));
  }

  async updateEvent(eventId: string, draft: CalendarEventDraft): Promise<void> {
    const { transactionId: _ignored, ...body } = eventBodyOf(draft, this.settings.timeZone);
    await graphCall(`update event ${eventId}`, () =>
      this.graph.api(this.eventPath(eventId)).patch({ ...body, location: { displayName: draft.location ?? '' } }),
    );
  }

  async cancelEvent(eventId: string, comment: string): Promise<void> {
    try {
      await graphCall(`cancel event ${eventId}`, () => this.graph.api(`${this.eventPath(eventId)}/cancel`).post({ comment }));
    } catch (error) {
      if (!hasGraphStatus(error, 404)) throw error;
    }
  }

  async attendeeResponses(eventId: string): Promise<AttendeeResponse[]> {
    const event = (await graphCall(`read attendees of event ${eventId}`, () =>
      this.graph.api(this.eventPath(eventId)).select('attendees').get(),
    )) as GraphEventAttendees;
    return responsesOf(event);
  }

  /** Rooms of the tenant (Places API), each with the name of the room list that holds it. */
  async listRooms(): Promise<PlaceRoom[]> {
    const [rooms, lists] = await Promise.all([
      graphCall('list rooms', () => allPages<GraphPlace>(this.graph, '/places/microsoft.graph.room')),
      graphCall('list room lists', () => allPages<GraphPlace>(this.graph, '/places/microsoft.graph.roomlist')),
    ]);
    const listOf = new Map<string, string>();
    await mapLimited(lists, CONCURRENT_CALLS, async (list) => {
      if (!list.emailAddress) return;
      const path = `/places/${encodeURIComponent(list.emailAddress)}/microsoft.graph.roomlist/rooms`;
      const members = await graphCall(`list rooms of ${list.emailAddress}`, () => allPages<GraphPlace>(this.graph, path));
      for (const room of members) {
        if (room.emailAddress) listOf.set(room.emailAddress.toLowerCase(), list.displayName || list.emailAddress);
      }
    });
    return rooms
      .filter((room) => room.emailAddress)
      .map((room) => {
        const mailbox = room.emailAddress!.toLowerCase();
        const capacity = room.capacity == null || room.capacity === '' ? undefined : Number(room.capacity);
        return {
          mailbox,
          name: room.displayName || mailbox,
          capacity: capacity !== undefined && Number.isFinite(capacity) ? capacity : undefined,
          roomList: listOf.get(mailbox),
        };
      });
  }

  private async schedule(request: ScheduleRequest): Promise<GraphScheduleInformation[]> {
    const body = {
      schedules: request.mailboxes,
      startTime: { dateTime: utcWallTime(request.start), timeZone: 'UTC' },
      endTime: { dateTime: utcWallTime(request.end), timeZone: 'UTC' },
      availabilityViewInterval: 15,
    };
    const answer = (await graphCall(`getSchedule for ${request.mailboxes.length} mailboxes`, () =>
      this.graph.api(`/users/${this.organizer}/calendar/getSchedule`).header('Prefer', 'outlook.timezone="UTC"').post(body),
    )) as { value?: GraphScheduleInformation[] };
    return answer.value ?? [];
  }

  private eventPath(eventId: string): string {
    return `/users/${this.organizer}/events/${encodeURIComponent(eventId)}`;
  }
}

/** The answers of an event's attendees, by mailbox (lower-case). */
function responsesOf(event: GraphEventAttendees): AttendeeResponse[] {
  return (event.attendees ?? [])
    .filter((attendee) => attendee.emailAddress?.address)
    .map((attendee) => ({ mailbox: attendee.emailAddress!.address!.toLowerCase(), response: attendee.status?.response ?? 'none' }));
}

/** An instant Graph wrote as a UTC wall time (`Prefer: outlook.timezone="UTC"`), with or without a zone suffix. */
function utcInstant(dateTime: string): Date {
  return new Date(/(Z|[+-]\d\d:\d\d)$/.test(dateTime) ? dateTime : `${dateTime}Z`);
}

function utcWallTime(instant: Date): string {
  return instant.toISOString().slice(0, 19);
}
