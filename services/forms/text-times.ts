// Times read from a request's text: ranges ("de 10 a 12") and single times.
import { MONTHS } from './text-calendar-words.js';
import { aboutTest, blank, clock, type Found } from './text-scan.js';

const MERIDIEM = String.raw`(a\.?\s?m\.?|p\.?\s?m\.?)`;
const HOUR_WORD = String.raw`(?:hrs?\.?|horas?|h(?![a-z]))`;
const DAYPART = String.raw`(?:\s*(?:de la|in the|por la)\s+(manana|tarde|noche|morning|afternoon|evening))?`;
const TIME_RANGE = new RegExp(
  String.raw`(?<![\d:/.+,])(?:\b(de|desde|entre|from|between)\s+(?:las?\s+)?)?(\d{1,2})(?::([0-5]\d))?\s*${MERIDIEM}?\s*(${HOUR_WORD})?\s*` +
    String.raw`(?:-|–|—|\ba\b|\bal?\b|\bhasta\b|\by\b|\bto\b|\buntil\b|\btill\b|\band\b)\s*(?:las?\s+)?(\d{1,2})(?::([0-5]\d))?(?![\d/])\s*${MERIDIEM}?\s*(${HOUR_WORD})?${DAYPART}`,
  'g',
);
const SINGLE_TIME = new RegExp(
  String.raw`(?<![\d:/.+,])(?:\b(a las|a la|desde las|at|starting at|inicio a las|empieza a las|comienza a las|hora)\s*:?\s*)?(\d{1,2})(?::([0-5]\d))?(?![\d/])\s*${MERIDIEM}?\s*(${HOUR_WORD})?${DAYPART}`,
  'g',
);

/** A start and an end time, 'HH:mm'. */
export interface TimeRange {
  start: string;
  end: string;
}

function toHour(hour: number, meridiem: string | undefined, daypart: string | undefined): number | undefined {
  const pm = meridiem?.startsWith('p') || daypart === 'tarde' || daypart === 'noche' || daypart === 'afternoon' || daypart === 'evening';
  const am = meridiem?.startsWith('a') || daypart === 'manana' || daypart === 'morning';
  if (hour > 23) return undefined;
  if (pm && hour < 12) return hour + 12;
  if (am && hour === 12) return 0;
  if (!am && !pm && hour >= 1 && hour <= 6) return hour + 12;
  return hour;
}

/**
 * The time ranges of the folded text ("de 10 a 12", "10:00–12:00 h", "entre 4 y 6 de la tarde") —
 * only those that plainly say time — and the text with them blanked.
 */
export function timeRanges(folded: string): { found: Found<TimeRange>[]; rest: string } {
  const found: Found<TimeRange>[] = [];
  let rest = folded;
  for (const match of folded.matchAll(TIME_RANGE)) {
    const [whole, lead, h1, m1, mer1, word1, h2, m2, mer2, word2, daypart] = match;
    const separator = whole.replace(/\d|:/g, ' ');
    const saysTime = lead !== undefined || m1 !== undefined || m2 !== undefined || mer1 || mer2 || word1 || word2 || daypart;
    if (!saysTime) continue;
    if (/\by\b|\band\b/.test(separator) && lead !== 'entre' && lead !== 'between') continue;
    if (lead === undefined && /\ba\s+las?\b/.test(separator)) continue;
    if (lead === 'de' && /^\s*de\s+(\w+)/.test(folded.slice(match.index + whole.length)) && MONTHS.has(/^\s*de\s+(\w+)/.exec(folded.slice(match.index + whole.length))![1]!)) continue;
    const endHour = toHour(Number(h2), mer2, daypart);
    let startHour = toHour(Number(h1), mer1 ?? (mer2 && Number(h1) <= Number(h2) ? mer2 : undefined), daypart);
    if (startHour === undefined || endHour === undefined) continue;
    let end = endHour;
    if (end < startHour && end + 12 - startHour <= 8 && end < 12 && !mer2) end += 12;
    if (startHour >= 12 && end < startHour && !mer1 && startHour - 12 < end) startHour -= 12;
    const value = { start: clock(startHour, Number(m1 ?? 0)), end: clock(end, Number(m2 ?? 0)) };
    if (end > 23 || value.end <= value.start) continue;
    found.push({ value, index: match.index, end: match.index + whole.length, aboutTest: aboutTest(folded, match.index) });
    rest = blank(rest, match.index, match.index + whole.length);
  }
  return { found, rest };
}

/** The single times of the folded text ("a las 10", "16:30 h"; not durations), and the text with them blanked. */
export function singleTimes(folded: string): { found: Found<string>[]; rest: string } {
  const found: Found<string>[] = [];
  let rest = folded;
  for (const match of folded.matchAll(SINGLE_TIME)) {
    const [whole, lead, h, m, mer, word, daypart] = match;
    const hour = Number(h);
    const before = folded.slice(Math.max(0, match.index - 24), match.index);
    const duration = /\b(durante|por|dura|duracion de|for|lasting)\s*$/.test(before) || /^\s*(de duracion|long)/.test(folded.slice(match.index + whole.length));
    const plainHourWord = lead === undefined && m === undefined && !mer && !daypart && word !== undefined;
    const saysTime = lead !== undefined || m !== undefined || mer || daypart || (plainHourWord && hour >= 7 && hour <= 22);
    if (!saysTime || duration) continue;
    const value = toHour(hour, mer, daypart);
    if (value === undefined) continue;
    found.push({ value: clock(value, Number(m ?? 0)), index: match.index, end: match.index + whole.length, aboutTest: aboutTest(folded, match.index) });
    rest = blank(rest, match.index, match.index + whole.length);
  }
  return { found, rest };
}
