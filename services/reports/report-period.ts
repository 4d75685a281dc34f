import { DateTime } from 'luxon';
import type { Locale } from '../forms/locale.js';

/** How a report's period was asked for. */
export type PeriodKind = 'month' | 'quarter' | 'year' | 'range';

/**
 * A report's period: whole local days of the business time zone, `firstDay` to `lastDay` both
 * included, and the instants `[from, to)` they cover (midnight to midnight in that zone).
 */
export interface ReportPeriod {
  kind: PeriodKind;
  /** `YYYY-MM-DD`, the first day of the period. */
  firstDay: string;
  /** `YYYY-MM-DD`, the last day of the period (included). */
  lastDay: string;
  from: Date;
  to: Date;
}

/** Why a period could not be read. */
export type PeriodProblem = 'unknown' | 'invalid-date' | 'order' | 'too-long';

export type PeriodParse = { ok: true; period: ReportPeriod } | { ok: false; problem: PeriodProblem };

/** The longest period a report covers: five years of days. */
export const MAX_PERIOD_DAYS = 5 * 366;
/** The earliest day a period may start on. */
const EARLIEST_YEAR = 2000;

const monthNames: ReadonlyMap<string, number> = new Map(
  [
    ['enero', 'january', 'ene', 'jan'],
    ['febrero', 'february', 'feb'],
    ['marzo', 'march', 'mar'],
    ['abril', 'april', 'abr', 'apr'],
    ['mayo', 'may'],
    ['junio', 'june', 'jun'],
    ['julio', 'july', 'jul'],
    ['agosto', 'august', 'ago', 'aug'],
    ['septiembre', 'setiembre', 'september', 'sep', 'sept'],
    ['octubre', 'october', 'oct'],
    ['noviembre', 'november', 'nov'],
    ['diciembre', 'december', 'dic', 'dec'],
  ].flatMap((names, index) => names.map((name) => [name, index + 1] as const)),
);

const kindWords: ReadonlyMap<string, Exclude<PeriodKind, 'range'>> = new Map([
  ['mes', 'month'],
  ['month', 'month'],
  ['trimestre', 'quarter'],
  ['quarter', 'quarter'],
  ['ano', 'year'],
  ['anio', 'year'],
  ['year', 'year'],
]);

const previousWords = new Set(['anterior', 'pasado', 'previo', 'last', 'previous']);
const rangeWords = new Set(['a', 'al', 'hasta', 'to', 'until', '-', '–', '..', 'y', 'and']);

/** Lower case, accents off, `año` → `ano`, words split on spaces and commas. */
function wordsOf(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/(\d)\.\.(\d)/g, '$1 .. $2')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** A date written `YYYY-MM-DD` or `D/M/YYYY` (the Mexican order), or undefined. */
function dayOf(word: string, zone: string): DateTime | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(word);
  const local = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(word);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : local ? [local[3], local[2], local[1]] : [];
  if (year === undefined) return undefined;
  const date = DateTime.fromObject({ year: Number(year), month: Number(month), day: Number(day) }, { zone });
  return date.isValid ? date : undefined;
}

function yearOf(word: string | undefined): number | undefined {
  return word !== undefined && /^\d{4}$/.test(word) ? Number(word) : undefined;
}

/** The period `[first, last]` (local days), checked: in order, not before 2000, not longer than five years. */
function periodOf(kind: PeriodKind, first: DateTime, last: DateTime): PeriodParse {
  if (!first.isValid || !last.isValid || first.year < EARLIEST_YEAR || last.year > 9999) return { ok: false, problem: 'invalid-date' };
  if (last < first) return { ok: false, problem: 'order' };
  const start = first.startOf('day');
  const end = last.startOf('day').plus({ days: 1 });
  if (end.diff(start, 'days').days > MAX_PERIOD_DAYS) return { ok: false, problem: 'too-long' };
  return {
    ok: true,
    period: { kind, firstDay: start.toISODate()!, lastDay: last.toISODate()!, from: start.toJSDate(), to: end.toJSDate() },
  };
}

function monthPeriod(words: string[], today: DateTime): PeriodParse {
  const [first, second] = words;
  let month: DateTime | undefined;
  if (first === undefined) month = today.startOf('month');
  else if (previousWords.has(first) && second === undefined) month = today.startOf('month').minus({ months: 1 });
  else {
    const isoMonth = /^(\d{4})-(\d{1,2})$/.exec(first);
    const slashMonth = /^(\d{1,2})\/(\d{4})$/.exec(first);
    const named = monthNames.get(first);
    if (isoMonth && second === undefined) month = DateTime.fromObject({ year: Number(isoMonth[1]), month: Number(isoMonth[2]) }, { zone: today.zone });
    else if (slashMonth && second === undefined) month = DateTime.fromObject({ year: Number(slashMonth[2]), month: Number(slashMonth[1]) }, { zone: today.zone });
    else if (named !== undefined && (second === undefined || yearOf(second) !== undefined) && words.length <= 2) {
      month = DateTime.fromObject({ year: yearOf(second) ?? today.year, month: named }, { zone: today.zone });
    }
  }
  if (!month) return { ok: false, problem: 'unknown' };
  if (!month.isValid) return { ok: false, problem: 'invalid-date' };
  return periodOf('month', month, month.endOf('month'));
}

function quarterPeriod(words: string[], today: DateTime): PeriodParse {
  const [first, second] = words;
  const current = today.startOf('quarter');
  let quarter: DateTime | undefined;
  if (first === undefined) quarter = current;
  else if (previousWords.has(first) && second === undefined) quarter = current.minus({ months: 3 });
  else {
    const joined = /^(\d{4})-?[qt]([1-4])$/.exec(first);
    const alone = /^[qt]?([1-4])$/.exec(first);
    if (joined && second === undefined) quarter = DateTime.fromObject({ year: Number(joined[1]), month: (Number(joined[2]) - 1) * 3 + 1 }, { zone: today.zone });
    else if (alone && (second === undefined || yearOf(second) !== undefined) && words.length <= 2) {
      quarter = DateTime.fromObject({ year: yearOf(second) ?? today.year, month: (Number(alone[1]) - 1) * 3 + 1 }, { zone: today.zone });
    }
  }
  if (!quarter) return { ok: false, problem: 'unknown' };
  return periodOf('quarter', quarter, quarter.endOf('quarter'));
}

function yearPeriod(words: string[], today: DateTime): PeriodParse {
  const [first, second] = words;
  if (second !== undefined) return { ok: false, problem: 'unknown' };
  const year = first === undefined ? today.year : previousWords.has(first) ? today.year - 1 : yearOf(first);
  if (year === undefined) return { ok: false, problem: 'unknown' };
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: today.zone });
  return periodOf('year', start, start.endOf('year'));
}

/**
 * The period of a `reporte` command (Spanish or English words, accents and case aside), read in
 * the business time zone `timeZone` with `now` as today:
 *
 * - nothing: this month; `mes` / `month` [`anterior` | `2026-03` | `3/2026` | `marzo [2026]`];
 * - `trimestre` / `quarter` [`anterior` | `2026-T1` | `2026-Q1` | `T1 [2026]` | `1 [2026]`];
 * - `año` / `year` [`anterior` | `2026`];
 * - two dates (`2026-03-01 2026-03-31`, `1/3/2026 al 31/3/2026`, `2026-03-01..2026-03-31`), both
 *   included; or one date, that day.
 */
export function parsePeriod(argument: string, now: Date, timeZone: string): PeriodParse {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const words = wordsOf(argument);
  if (words.length === 0) return monthPeriod([], today);
  const kind = kindWords.get(words[0]!);
  if (kind === 'month') return monthPeriod(words.slice(1), today);
  if (kind === 'quarter') return quarterPeriod(words.slice(1), today);
  if (kind === 'year') return yearPeriod(words.slice(1), today);
  const dateWords = words.filter((word) => !rangeWords.has(word) && word !== 'del' && word !== 'de' && word !== 'from');
  if (dateWords.length === 0 || dateWords.length > 2 || words.length > 5) return { ok: false, problem: 'unknown' };
  const days = dateWords.map((word) => dayOf(word, timeZone));
  if (days.some((day) => day === undefined)) {
    return dateWords.every((word) => /^[\d/-]+$/.test(word)) ? { ok: false, problem: 'invalid-date' } : { ok: false, problem: 'unknown' };
  }
  return periodOf('range', days[0]!, days[1] ?? days[0]!);
}

/** Every local day of a period, `YYYY-MM-DD`, in order. */
export function daysOf(period: Pick<ReportPeriod, 'firstDay' | 'lastDay'>): string[] {
  const days: string[] = [];
  for (let day = DateTime.fromISO(period.firstDay, { zone: 'UTC' }); day.toISODate()! <= period.lastDay; day = day.plus({ days: 1 })) {
    days.push(day.toISODate()!);
  }
  return days;
}

/** The local day (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function localDayOf(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;
}

/** The instants `[start, end)` of a local day in `timeZone`. */
export function instantsOfDay(day: string, timeZone: string): { start: Date; end: Date } {
  const start = DateTime.fromISO(day, { zone: timeZone }).startOf('day');
  return { start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() };
}

const intlTag: Readonly<Record<Locale, string>> = { es: 'es-MX', en: 'en-US' };

/** The period in words: `marzo de 2026`, `1.er trimestre de 2026` / `Q1 2026`, `2026`, `1 – 31 mar 2026`. */
export function periodLabel(period: ReportPeriod, locale: Locale): string {
  const first = DateTime.fromISO(period.firstDay).setLocale(intlTag[locale]);
  switch (period.kind) {
    case 'month':
      return first.toLocaleString({ month: 'long', year: 'numeric' });
    case 'quarter':
      return locale === 'es' ? `${first.quarter}.º trimestre de ${first.year}` : `Q${first.quarter} ${first.year}`;
    case 'year':
      return String(first.year);
    case 'range': {
      const last = DateTime.fromISO(period.lastDay);
      const format = new Intl.DateTimeFormat(intlTag[locale], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
      const at = (day: DateTime) => new Date(Date.UTC(day.year, day.month - 1, day.day, 12));
      return period.firstDay === period.lastDay ? format.format(at(first)) : format.formatRange(at(first), at(last));
    }
  }
}
