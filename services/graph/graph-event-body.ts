import { DateTime, IANAZone } from 'luxon';
import type { CalendarEventDraft, CalendarSeriesDraft } from '../agenda/agenda-types.js';
import type { GraphDateTime } from './schedule-busy-times.js';

/** Graph's `attendee` as sent. */
export interface GraphAttendee {
  emailAddress: { address: string; name?: string };
  type: 'required' | 'optional' | 'resource';
}

/** The Graph `event` written for a booking (POST and PATCH). */
export interface GraphEventBody {
  subject: string;
  body: { contentType: 'HTML'; content: string };
  start: GraphDateTime;
  end: GraphDateTime;
  location?: { displayName: string };
  attendees: GraphAttendee[];
  transactionId?: string;
}

/** `instant` as Graph's `dateTimeTimeZone` wall time in `zone`. */
export function wallTime(instant: Date, zone: string): GraphDateTime {
  return { dateTime: DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss"), timeZone: zone };
}

/**
 * The Graph event for `draft`: HTML body, start/end as wall times in the draft's zone (else
 * `fallbackZone`, the business zone), rooms and equipment as `resource` attendees, staff as
 * `required` ones (a mailbox listed twice is sent once, as resource). A `transactionId` on the
 * draft is passed on so Graph drops a repeated POST of the same event.
 */
export function eventBodyOf(draft: CalendarEventDraft, fallbackZone: string): GraphEventBody {
  const zone = draft.timeZone?.trim() || fallbackZone;
  if (!IANAZone.isValidZone(zone)) throw new Error(`Not an IANA time zone: "${zone}"`);
  if (draft.end.getTime() <= draft.start.getTime()) throw new Error(`Event "${draft.subject}" ends before it starts`);
  const attendees: GraphAttendee[] = [];
  const listed = new Set<string>();
  const add = (entry: { mailbox: string; name: string }, type: GraphAttendee['type']) => {
    const address = entry.mailbox.trim();
    if (!address || listed.has(address.toLowerCase())) return;
    listed.add(address.toLowerCase());
    attendees.push({ emailAddress: { address, name: entry.name }, type });
  };
  draft.resourceMailboxes.forEach((entry) => add(entry, 'resource'));
  draft.requiredMailboxes.forEach((entry) => add(entry, 'required'));
  return {
    subject: draft.subject,
    body: { contentType: 'HTML', content: draft.bodyHtml },
    start: wallTime(draft.start, zone),
    end: wallTime(draft.end, zone),
    ...(draft.location ? { location: { displayName: draft.location } } : {}),
    attendees,
    ...(draft.transactionId ? { transactionId: draft.transactionId } : {}),
  };
}

/** Graph's `patternedRecurrence`, as sent. */
export interface GraphPatternedRecurrence {
  pattern: { type: 'weekly'; interval: number; daysOfWeek: string[]; firstDayOfWeek: 'monday' };
  range: { type: 'endDate' | 'numbered'; startDate: string; endDate?: string; numberOfOccurrences?: number; recurrenceTimeZone: string };
}

const graphWeekdays = new Map([
  ['MO', 'monday'],
  ['TU', 'tuesday'],
  ['WE', 'wednesday'],
  ['TH', 'thursday'],
  ['FR', 'friday'],
  ['SA', 'saturday'],
  ['SU', 'sunday'],
]);

/**
 * The weekly rule of a series as Graph's `patternedRecurrence`: the weekdays every `interval`
 * weeks (weeks starting on Monday, as the RRULE's `WKST=MO`), from the first date until an end
 * date (inclusive) or for a number of occurrences, in `zone`.
 */
export function patternedRecurrenceOf(recurrence: CalendarSeriesDraft['recurrence'], zone: string): GraphPatternedRecurrence {
  const daysOfWeek = recurrence.weekdays.map((day) => {
    const name = graphWeekdays.get(day);
    if (!name) throw new Error(`Not a weekday: "${day}"`);
    return name;
  });
  if (!daysOfWeek.length) throw new Error('A weekly series needs at least one weekday');
  const pattern = { type: 'weekly' as const, interval: Math.max(1, recurrence.interval), daysOfWeek, firstDayOfWeek: 'monday' as const };
  if (recurrence.count !== undefined) {
    return { pattern, range: { type: 'numbered', startDate: recurrence.startDate, numberOfOccurrences: recurrence.count, recurrenceTimeZone: zone } };
  }
  if (!recurrence.endDate) throw new Error('A series needs an end date or a number of occurrences');
  return { pattern, range: { type: 'endDate', startDate: recurrence.startDate, endDate: recurrence.endDate, recurrenceTimeZone: zone } };
}
