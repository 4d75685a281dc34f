// Dates read from a request's text: day and month, weekdays, relative words (chrono-node as a last resort).
import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { MONTH_WORD, MONTHS, WEEKDAY_WORD, WEEKDAYS } from './text-calendar-words.js';
import type { GuessContext } from './text-guesses.js';
import { aboutTest, blank, type Found } from './text-scan.js';

/** The dates a text names ('YYYY-MM-DD'), and whether it names several days at once. */
export interface DateReading {
  found: Found<string>[];
  /** The text names several days in one breath ("el 8 o el 9", "lunes 14 y martes 15"): no date is guessed. */
  ambiguous: boolean;
}

function isoDate(date: DateTime): string {
  return date.toFormat('yyyy-MM-dd');
}

/** The first day from `today` on (within `days`) that is day `day` of its month and falls on `weekday`; undefined when none does. */
function dayOnWeekday(today: DateTime, day: number, weekday: number, month?: number, year?: number): DateTime | undefined {
  for (let offset = 0; offset <= 400; offset += 1) {
    const candidate = today.plus({ days: offset });
    if (candidate.day !== day || (month !== undefined && candidate.month !== month) || (year !== undefined && candidate.year !== year)) continue;
    return candidate.weekday === weekday ? candidate : undefined;
  }
  return undefined;
}

const SEVERAL_DAYS = new RegExp(
  String.raw`\b\d{1,2}\s+(?:de\s+)?(?:${MONTH_WORD})\b\.?\s*(?:,|\by\b|\bo\b|\bu\b|\bor\b|\band\b)\s*(?:el\s+|the\s+)?\d{1,2}\b(?![:.]\d|\s*(?:hrs?|horas|h\b|am|pm|a\.m|p\.m))|` +
  String.raw`(?<!\b(?:sala|aula|salon|room|ext|extension|no|num)\.?\s{1,3})\b\d{1,2}\s*(?:,|\by\b|\bo\b|\bu\b|\bor\b|\band\b|\bal\b|-|–)\s*(?:el\s+|del\s+)?(?:(?:${WEEKDAY_WORD})\s+)?\d{1,2}\s*(?:de\s+)?(?:${MONTH_WORD})\b|\b(?:${WEEKDAY_WORD})\s+(?:\d{1,2}\s+)?(?:,|y|o|u|or|and|al|-)\s+(?:el\s+)?(?:${WEEKDAY_WORD})\b`,
);
const WEEKDAY_AND_DAY = new RegExp(
  String.raw`\b(${WEEKDAY_WORD}),?\s+(?:el\s+|the\s+)?(\d{1,2})(?:st|nd|rd|th)?(?![\d:/])(?:\s*(?:de\s+|of\s+)?(${MONTH_WORD})\b\.?)?(?:,?\s*(?:de(?:l)?\s+)?(\d{4}))?` +
    String.raw`|\b(${WEEKDAY_WORD}),?\s+(${MONTH_WORD})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d:/])(?:,?\s*(\d{4}))?`,
  'g',
);

/**
 * The dates of the folded text: day and month, weekday with its day, relative words counted from
 * `context.writtenAt` in its zone, chrono-node for the rest; a weekday that does not agree with its date is dropped.
 */
export function readDates(folded: string, context: GuessContext): DateReading {
  const today = DateTime.fromJSDate(context.writtenAt, { zone: context.timeZone }).startOf('day');
  const found: Found<string>[] = [];
  let rest = folded;
  if (SEVERAL_DAYS.test(folded)) return { found, ambiguous: true };
  for (const match of folded.matchAll(/\bpasado\s+manana\b|\bday after tomorrow\b/g)) {
    found.push({ value: isoDate(today.plus({ days: 2 })), index: match.index, end: match.index + match[0].length, aboutTest: aboutTest(folded, match.index) });
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  for (const match of folded.matchAll(new RegExp(String.raw`\b(proxim[oa]|next|este|esta|this|coming)\s+(${WEEKDAY_WORD})\b(?!,?\s+(?:el\s+|the\s+)?\d)`, 'g'))) {
    const weekday = WEEKDAYS.get(match[2]!)!;
    const nearest = today.plus({ days: (weekday - today.weekday + 7) % 7 });
    const coming = nearest.hasSame(today, 'day') && /^(proxim|next|coming)/.test(match[1]!) ? nearest.plus({ days: 7 }) : nearest;
    if (/^(proxim|next)/.test(match[1]!) && coming.hasSame(today, 'week') && !coming.hasSame(today, 'day')) return { found: [], ambiguous: true };
    found.push({ value: isoDate(coming), index: match.index, end: match.index + match[0].length, aboutTest: aboutTest(folded, match.index) });
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  for (const match of rest.matchAll(WEEKDAY_AND_DAY)) {
    const weekday = WEEKDAYS.get(match[1] ?? match[5]!)!;
    const day = Number(match[2] ?? match[7]);
    const monthWord = match[3] ?? match[6];
    const year = match[4] ?? match[8];
    const date = dayOnWeekday(today, day, weekday, monthWord ? MONTHS.get(monthWord) : undefined, year ? Number(year) : undefined);
    if (!date) return { found: [], ambiguous: true };
    found.push({ value: isoDate(date), index: match.index, end: match.index + match[0].length, aboutTest: aboutTest(folded, match.index) });
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  for (const match of rest.matchAll(new RegExp(String.raw`\b(?:el\s+)?dia\s+(\d{1,2})\b(?!\s*(?:de\s+)?(?:${MONTH_WORD})\b)`, 'g'))) {
    const day = Number(match[1]);
    const date = [0, 1].map((months) => today.plus({ months }).set({ day })).find((candidate) => candidate.isValid && candidate.day === day && candidate >= today);
    if (date) found.push({ value: isoDate(date), index: match.index, end: match.index + match[0].length, aboutTest: aboutTest(folded, match.index) });
    rest = blank(rest, match.index, match.index + match[0].length);
  }
  found.push(...chronoDates(rest, today));
  return { found, ambiguous: false };
}

const DATE_WORDS = new RegExp(String.raw`\b(?:${MONTH_WORD}|${WEEKDAY_WORD}|hoy|manana|today|tomorrow|tonight)\b|\d{1,4}[/-]\d{1,2}`);

/** Dates chrono reads (Spanish, then British English for day-first numbers) in what other readers left. */
function chronoDates(rest: string, today: DateTime): Found<string>[] {
  const reference = new Date(today.year, today.month - 1, today.day, 12, 0);
  const results = [...chrono.es.parse(rest, reference, { forwardDate: true }), ...chrono.en.GB.parse(rest, reference, { forwardDate: true })];
  const found: Found<string>[] = [];
  for (const result of results) {
    const start = result.start;
    const dayCertain = start.isCertain('day') && start.isCertain('month');
    if (!DATE_WORDS.test(result.text) || (!dayCertain && !start.isCertain('weekday'))) continue;
    if (!dayCertain && /\b(todos los|todas las|cada|los|every)\s*$/.test(rest.slice(Math.max(0, result.index - 14), result.index))) continue;
    const yearWritten = start.isCertain('year') && /\b20\d{2}\b/.test(result.text);
    let date = DateTime.fromObject({ year: yearWritten ? start.get('year')! : today.year, month: start.get('month') ?? 1, day: start.get('day') ?? 1 }, { zone: today.zone });
    if (!date.isValid) continue;
    if (!dayCertain && date.hasSame(today, 'day')) date = date.plus({ days: 7 });
    if (!yearWritten && date < today) date = date.plus({ years: 1 });
    if (date < today || date > today.plus({ days: yearWritten ? 540 : 200 })) continue;
    if (found.some((item) => item.index < result.index + result.text.length && result.index < item.end && item.value === isoDate(date))) continue;
    found.push({ value: isoDate(date), index: result.index, end: result.index + result.text.length, aboutTest: aboutTest(rest, result.index) });
  }
  return found;
}
