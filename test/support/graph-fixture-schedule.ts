import { DateTime, IANAZone } from 'luxon';

/** A free/busy status as Graph's scheduleItem reports it. */
export type FreeBusyStatus = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere';

/** Something that holds a mailbox's time, as the fixture keeps it. */
export interface HeldTime {
  start: Date;
  end: Date;
  status: FreeBusyStatus;
  subject?: string | undefined;
  location?: string | undefined;
}

/** Graph's dateTimeTimeZone. */
export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

const VIEW_CODE: Record<FreeBusyStatus, number> = { free: 0, workingElsewhere: 0, tentative: 1, busy: 2, oof: 3 };

/** The luxon zone for a Graph time zone name, or undefined when the fixture does not know it. */
export function zoneOf(name: string): string | undefined {
  if (/^(utc|etc\/utc|etc\/gmt|gmt)$/i.test(name)) return 'utc';
  return IANAZone.isValidZone(name) ? name : undefined;
}

/** The instant of a dateTimeTimeZone, or undefined when it cannot be read. */
export function readDateTime(value: unknown): Date | undefined {
  const candidate = value as Partial<DateTimeTimeZone> | undefined;
  if (typeof candidate?.dateTime !== 'string' || typeof candidate.timeZone !== 'string') return undefined;
  const zone = zoneOf(candidate.timeZone);
  if (!zone) return undefined;
  const parsed = DateTime.fromISO(candidate.dateTime, { zone });
  return parsed.isValid ? parsed.toJSDate() : undefined;
}

/** `instant` as Graph writes it: wall time with seven fractional digits, in `zoneName`. */
export function writeDateTime(instant: Date, zoneName: string): DateTimeTimeZone {
  const wall = DateTime.fromJSDate(instant, { zone: zoneOf(zoneName) ?? 'utc' }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
  return { dateTime: `${wall}0000`, timeZone: zoneName };
}

/**
 * One mailbox's scheduleInformation over [start, end): the items overlapping it (sorted) and the
 * availabilityView, one digit per `intervalMinutes` slot (0 free/working elsewhere, 1 tentative,
 * 2 busy, 3 out of office; the highest item in the slot wins).
 */
export function scheduleInformation(
  scheduleId: string,
  held: HeldTime[],
  start: Date,
  end: Date,
  intervalMinutes: number,
  zoneName: string,
): Record<string, unknown> {
  const items = held
    .filter((item) => item.start < end && item.end > start)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const slotMs = intervalMinutes * 60_000;
  const slots = Math.ceil((end.getTime() - start.getTime()) / slotMs);
  let availabilityView = '';
  for (let slot = 0; slot < slots; slot += 1) {
    const from = start.getTime() + slot * slotMs;
    const to = Math.min(from + slotMs, end.getTime());
    const codes = items.filter((item) => item.start.getTime() < to && item.end.getTime() > from).map((item) => VIEW_CODE[item.status]);
    availabilityView += String(Math.max(0, ...codes));
  }
  return {
    scheduleId,
    availabilityView,
    scheduleItems: items.map((item) => ({
      isPrivate: false,
      status: item.status,
      ...(item.subject !== undefined ? { subject: item.subject } : {}),
      ...(item.location !== undefined ? { location: item.location } : {}),
      start: writeDateTime(item.start, zoneName),
      end: writeDateTime(item.end, zoneName),
    })),
    workingHours: {
      daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      startTime: '08:00:00.0000000',
      endTime: '17:00:00.0000000',
      timeZone: { name: zoneName },
    },
  };
}

/** The scheduleInformation Graph gives for a mailbox it cannot read. */
export function scheduleError(scheduleId: string): Record<string, unknown> {
  return {
    scheduleId,
    availabilityView: '',
    scheduleItems: [],
    error: { message: `The requested mailbox was not found (${scheduleId}).`, responseCode: 'ErrorMailboxNotFound' },
  };
}
