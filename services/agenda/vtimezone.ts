import { DateTime, IANAZone } from 'luxon';

/** One change of a zone's UTC offset. */
export interface OffsetTransition {
  /** The instant of the change, in milliseconds since the epoch. */
  at: number;
  /** Offsets before and after the change, in minutes east of UTC. */
  fromMinutes: number;
  toMinutes: number;
  /** True when the new offset is daylight-saving time. */
  daylight: boolean;
  /** Short name of the new offset (e.g. `CST`, `PDT`, `GMT-6`). */
  name: string;
}

const DAY_MS = 86_400_000;
const SCAN_STEP_MS = DAY_MS;
const BACKWARD_STEP_MS = 7 * DAY_MS;
const EARLIEST = Date.UTC(1970, 0, 1);

/**
 * The offset changes of `zone` in `[from, to)` (instants in milliseconds), preceded by the last
 * change before `from` (the one whose offset is in force at `from`), when there is one since 1970.
 *
 * The zone is sampled daily (weekly before `from`) and each change is located to the millisecond,
 * so a change and its reversal closer than the sampling step would be missed; no zone has one.
 */
export function offsetTransitions(zone: string, from: number, to: number): OffsetTransition[] {
  const iana = IANAZone.create(zone);
  if (!iana.isValid) throw new RangeError(`"${zone}" is not an IANA time zone`);
  const offsetAt = (instant: number) => iana.offset(instant);
  const changes: number[] = [];
  const previous = lastChangeBefore(offsetAt, from);
  if (previous !== undefined) changes.push(previous);
  let sampled = from;
  let offset = offsetAt(from);
  while (sampled < to) {
    const next = Math.min(sampled + SCAN_STEP_MS, to);
    const nextOffset = offsetAt(next);
    if (nextOffset !== offset) changes.push(firstChange(offsetAt, sampled, next));
    sampled = next;
    offset = nextOffset;
  }
  return changes.map((at) => describe(zone, offsetAt, at));
}

function lastChangeBefore(offsetAt: (instant: number) => number, from: number): number | undefined {
  const current = offsetAt(from);
  for (let later = from; later > EARLIEST; later -= BACKWARD_STEP_MS) {
    const earlier = Math.max(later - BACKWARD_STEP_MS, EARLIEST);
    if (offsetAt(earlier) !== current) return firstChange(offsetAt, earlier, later);
  }
  return undefined;
}

/** The first instant in `(before, atOrAfter]` whose offset is that of `atOrAfter`, by bisection. */
function firstChange(offsetAt: (instant: number) => number, before: number, atOrAfter: number): number {
  const target = offsetAt(atOrAfter);
  let low = before;
  let high = atOrAfter;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle) === target) high = middle;
    else low = middle;
  }
  return high;
}

function describe(zone: string, offsetAt: (instant: number) => number, at: number): OffsetTransition {
  const after = DateTime.fromMillis(at, { zone, locale: 'en-US' });
  return {
    at,
    fromMinutes: offsetAt(at - 1),
    toMinutes: offsetAt(at),
    daylight: after.isInDST,
    name: after.offsetNameShort ?? `UTC${utcOffset(offsetAt(at))}`,
  };
}

/** `±HHMM` (or `±HHMMSS`) as iCalendar writes a UTC offset given in minutes. */
export function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const total = Math.round(Math.abs(minutes) * 60);
  const hours = Math.floor(total / 3600);
  const mins = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${sign}${pad(hours)}${pad(mins)}${secs ? pad(secs) : ''}`;
}

/** `YYYYMMDDTHHMMSS` of `instant` shifted by `offsetMinutes`: local time without a zone. */
export function floatingDateTime(instant: number, offsetMinutes: number): string {
  return new Date(instant + offsetMinutes * 60_000).toISOString().replace(/[-:]/g, '').slice(0, 15);
}

/**
 * The content lines (not yet folded) of a `VTIMEZONE` for `zone` that is
 * exact for every instant in `[from, to)`: one `STANDARD` or `DAYLIGHT` observance per real
 * offset change, starting with the change in force at `from`. A zone without changes since 1970
 * gets one `STANDARD` observance with equal offsets.
 */
export function vtimezoneLines(zone: string, from: number, to: number): string[] {
  const transitions = offsetTransitions(zone, from, to);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  if (!transitions.length) {
    const offset = utcOffset(IANAZone.create(zone).offset(from));
    const name = DateTime.fromMillis(from, { zone, locale: 'en-US' }).offsetNameShort;
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`);
    if (name) lines.push(`TZNAME:${textValue(name)}`);
    lines.push('END:STANDARD');
  }
  for (const transition of transitions) {
    const kind = transition.daylight ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${floatingDateTime(transition.at, transition.fromMinutes)}`,
      `TZOFFSETFROM:${utcOffset(transition.fromMinutes)}`,
      `TZOFFSETTO:${utcOffset(transition.toMinutes)}`,
      `TZNAME:${textValue(transition.name)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

function textValue(text: string): string {
  return text.replace(/[\\;,]/g, (character) => `\\${character}`);
}
