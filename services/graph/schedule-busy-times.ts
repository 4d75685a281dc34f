import { DateTime } from 'luxon';

/** Graph's `dateTimeTimeZone`. */
export interface GraphDateTime {
  dateTime: string;
  timeZone: string;
}

/** Graph's `scheduleItem` (the fields read here). */
export interface GraphScheduleItem {
  status: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown' | string;
  subject?: string | null;
  start: GraphDateTime;
  end: GraphDateTime;
}

/** Graph's `scheduleInformation` (the fields read here). */
export interface GraphScheduleInformation {
  scheduleId?: string;
  scheduleItems?: GraphScheduleItem[];
  error?: { message?: string; responseCode?: string } | null;
}

/** A busy interval as the agenda's {@link CalendarDirectory} reports it. */
export interface BusyTime {
  start: Date;
  end: Date;
  label?: string;
}

/** Statuses that hold the mailbox: everything but `free` (and `unknown`). */
const HOLDING = new Set(['busy', 'tentative', 'oof', 'workingElsewhere']);

/**
 * The instant of a Graph `dateTimeTimeZone`: `dateTime` (up to 7 fractional digits) read in
 * `timeZone`, which must be `UTC` or an IANA zone. Windows zone names ("Pacific Standard Time")
 * are refused: the calls here ask Graph for UTC (`Prefer: outlook.timezone="UTC"`).
 */
export function instantOf(value: GraphDateTime): Date {
  const zone = /^(utc|etc\/utc|etc\/gmt|gmt)$/i.test(value.timeZone) ? 'utc' : value.timeZone;
  const parsed = DateTime.fromISO(value.dateTime, { zone, setZone: false });
  if (!parsed.isValid) {
    throw new Error(`Graph returned a time that cannot be read: ${value.dateTime} in "${value.timeZone}" (${parsed.invalidExplanation ?? parsed.invalidReason})`);
  }
  return parsed.toJSDate();
}

/**
 * The busy times in one mailbox's `scheduleInformation`. An entry with an `error` (e.g.
 * `ErrorMailboxNotFound`) yields one interval over the whole window labelled with the error:
 * a calendar that cannot be read counts as taken, so it is never double-booked, while the other
 * mailboxes of the call still answer.
 */
export function busyTimesOf(information: GraphScheduleInformation | undefined, window: { start: Date; end: Date }): BusyTime[] {
  if (!information) return [{ ...window, label: 'Microsoft 365: no schedule returned for this mailbox' }];
  if (information.error) {
    const { responseCode, message } = information.error;
    return [{ ...window, label: `Microsoft 365: ${[responseCode, message].filter(Boolean).join(' – ') || 'schedule error'}` }];
  }
  return (information.scheduleItems ?? [])
    .filter((item) => HOLDING.has(item.status))
    .map((item) => ({ start: instantOf(item.start), end: instantOf(item.end), label: item.subject || item.status }));
}

/** `times` without exact repeats (an event crossing two windows comes back in both), by start. */
export function distinctBusyTimes(times: BusyTime[]): BusyTime[] {
  const seen = new Map<string, BusyTime>();
  for (const time of times) seen.set(`${time.start.getTime()}|${time.end.getTime()}|${time.label ?? ''}`, time);
  return [...seen.values()].sort((a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime());
}
