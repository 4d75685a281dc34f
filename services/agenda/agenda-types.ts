import type { ServiceType } from '../requests/request-types.js';

/** The three kinds of resource of the "Calendario de Eventos". */
export const resourceKinds = ['room', 'equipment', 'staff'] as const;
export type ResourceKind = (typeof resourceKinds)[number];

/** Weekly working hours of a staff member, in the business time zone. */
export interface WeeklyHours {
  /** ISO weekdays, 1 = Monday. */
  days: number[];
  /** 'HH:mm' */
  start: string;
  /** 'HH:mm', after start */
  end: string;
}

/** A room, a piece of equipment or a technician/operator. */
export interface Resource {
  id: string;
  kind: ResourceKind;
  name: string;
  /** Seats (rooms only). */
  capacity?: number | undefined;
  /** The services it can serve. */
  services: ServiceType[];
  /** The Microsoft 365 mailbox that represents it (room/equipment mailbox, or the staff member's). */
  mailbox?: string | undefined;
  /** Equipment only: a bridge (MCU for multipoint videoconference, audio bridge for teleconference). */
  bridge?: boolean | undefined;
  /** Staff only: when they work. Absent = the business calendar's working time. */
  workingHours?: WeeklyHours[] | undefined;
  active: boolean;
}

/** Where a busy interval comes from: our own bookings, or a Microsoft 365 calendar. */
export type BusySource = 'local' | 'graph';

/** A time a resource is taken, half-open [start, end). */
export interface BusyInterval {
  resourceId: string;
  start: Date;
  end: Date;
  source: BusySource;
  /** What holds it, when known (booking title, or the Graph event's subject/status). */
  label?: string | undefined;
  bookingId?: string | undefined;
  /** One of our bookings: the event's own time, which `start`–`end` widen by set-up and tear-down. */
  event?: { start: Date; end: Date } | undefined;
}

/** The state of a booking. */
export type BookingStatus = 'holding' | 'confirmed' | 'released' | 'failed';

/** An event in the agenda, holding its resources for the buffered interval. */
export interface Booking {
  id: string;
  requestId: string;
  folio: string;
  service: ServiceType;
  /** `SIGLAS – Program name` (procedure step 3.1.1.1). */
  title: string;
  /** What the ASV needs to know (step 3.1.1.2), plain text. */
  body: string;
  /** The event itself. */
  start: Date;
  end: Date;
  /** The interval the resources are held: the event widened by set-up and tear-down. */
  heldStart: Date;
  heldEnd: Date;
  roomId: string | null;
  equipmentIds: string[];
  staffIds: string[];
  status: BookingStatus;
  /** The event in the configured Microsoft 365 calendar, when Graph is configured. */
  graphEventId: string | null;
  /** Resources (mailboxes) that declined the Microsoft 365 invitation. */
  declinedBy: string[];
  /** The unguessable token of this booking's own calendar link (the requester's): it opens this event and nothing else. */
  shareToken?: string | undefined;
  /** One occurrence of a recurring event (issue 12 §2): which, and the series it belongs to. */
  series?: OccurrenceOfSeries | undefined;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What an occurrence's booking knows of its series: enough to write the series back as one event with its rule. */
export interface OccurrenceOfSeries {
  /** The occurrence's date in the series (`YYYY-MM-DD`, local): its key. */
  date: string;
  /** When the series gives that date: differs from the booking's `start`–`end` when the occurrence was moved. */
  asked: { start: Date; end: Date };
  /** The series' RFC 5545 `RRULE` value. */
  rule: string;
  /** Every date of the rule, exceptions included, in order (the first is the series' `DTSTART`). */
  dates: string[];
  /** The first occurrence's event time (the series' `DTSTART`–`DTEND`). */
  first: { start: Date; end: Date };
  /** The Microsoft 365 series event (its master) the occurrence is an instance of, once created. */
  graphEventId?: string | null | undefined;
}

/** A Microsoft 365 mailbox's answer to an event invitation. */
export interface AttendeeResponse {
  mailbox: string;
  response: 'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';
}

/** A room as the Places API lists it. */
export interface PlaceRoom {
  mailbox: string;
  name: string;
  capacity: number | undefined;
  roomList?: string | undefined;
}

/** The event to create in Microsoft 365 for a booking. */
export interface CalendarEventDraft {
  subject: string;
  /** HTML body. */
  bodyHtml: string;
  start: Date;
  end: Date;
  timeZone: string;
  location?: string | undefined;
  /** Rooms and equipment: attendees of type `resource`. */
  resourceMailboxes: Array<{ mailbox: string; name: string }>;
  /** Staff: attendees of type `required`. */
  requiredMailboxes: Array<{ mailbox: string; name: string }>;
  /** Client idempotency key of a creation (Graph `transactionId`): a retried create makes one event. */
  transactionId?: string | undefined;
}

/**
 * Microsoft 365 calendars, as the agenda needs them. Implemented over Graph; absent when Graph
 * is not configured (the embedded agenda then works alone).
 */
export interface CalendarDirectory {
  /** Busy times of each mailbox in [start, end), keyed by mailbox (lower-case). */
  busyTimes(mailboxes: string[], start: Date, end: Date): Promise<Map<string, Array<{ start: Date; end: Date; label?: string }>>>;
  createEvent(draft: CalendarEventDraft): Promise<{ eventId: string }>;
  updateEvent(eventId: string, draft: CalendarEventDraft): Promise<void>;
  cancelEvent(eventId: string, comment: string): Promise<void>;
  attendeeResponses(eventId: string): Promise<AttendeeResponse[]>;
  listRooms(): Promise<PlaceRoom[]>;
  /** Creates a recurring series (one event with its recurrence); absent = each occurrence is an event of its own. */
  createSeries?(draft: CalendarSeriesDraft): Promise<{ eventId: string }>;
  /** The instances of a series whose time overlaps [start, end), cancelled ones left out, each with its attendees' answers. */
  seriesInstances?(seriesId: string, start: Date, end: Date): Promise<SeriesInstance[]>;
}

/** A weekly recurring event to create in Microsoft 365: the first occurrence's event and its rule. */
export interface CalendarSeriesDraft extends CalendarEventDraft {
  recurrence: {
    /** RFC 5545 weekday codes (`MO`…`SU`). */
    weekdays: string[];
    interval: number;
    /** The series' first date (`YYYY-MM-DD`, local). */
    startDate: string;
    /** Last date (inclusive) — or `count`. */
    endDate?: string | undefined;
    count?: number | undefined;
  };
}

/** One instance of a Microsoft 365 series, as listed. */
export interface SeriesInstance {
  id: string;
  /** When the pattern places it (kept when the instance is moved). */
  originalStart: Date;
  start: Date;
  end: Date;
  /** `occurrence` as the pattern gives it, `exception` once changed alone. */
  type: 'occurrence' | 'exception';
  /** The attendees' answers to this instance (a resource may decline one date of a series). */
  responses: AttendeeResponse[];
}
