import * as ACData from 'adaptivecards-templating';
import { t, type Locale } from './messages.js';

/** The Adaptive Cards version every card of the product declares (Teams supports 1.5). */
export const CARD_VERSION = '1.5';

/** One element, input, column, fact or action of a card, as plain JSON. */
export type CardElement = Record<string, unknown>;

/** A Universal Action: what the bot receives as an `adaptiveCard/action` invoke. */
export interface ExecuteAction {
  type: 'Action.Execute';
  verb: string;
  title?: string;
  data: Record<string, unknown>;
}

/** A rendered card: plain JSON, ready to be an attachment's `content`. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: typeof CARD_VERSION;
  $schema?: string;
  lang?: string;
  body: CardElement[];
  actions?: CardElement[];
  refresh?: { action: ExecuteAction; userIds?: string[] };
  [property: string]: unknown;
}

const compiled = new WeakMap<object, ACData.Template>();

/**
 * Expands a card template (`${}` bindings, `$data` repetition, `$when` conditions) with `data` as
 * `$root`, then tidies the result: properties whose `$when` was false (the library leaves them
 * `null`) are removed, an input's properties bound to `''` are left out (an empty value, no
 * placeholder, no bound: templates bind optional input properties that way), and containers,
 * column sets, fact sets and action sets left empty are dropped. The data of actions is left exactly as bound (an option's `roomId: null` stays).
 * The card always declares version 1.5 and is returned as plain JSON (no shared references).
 */
export function renderTemplate<T>(template: object, data: T): AdaptiveCard {
  let prepared = compiled.get(template);
  if (prepared === undefined) {
    prepared = new ACData.Template(template);
    compiled.set(template, prepared);
  }
  const expanded: unknown = prepared.expand({ $root: data });
  const card = tidy(expanded);
  if (!isObject(card) || card.type !== 'AdaptiveCard') throw new Error('renderTemplate: the template did not expand to an AdaptiveCard');
  const body = Array.isArray(card.body) ? card.body : [];
  const result: AdaptiveCard = { ...card, type: 'AdaptiveCard', version: CARD_VERSION, body };
  if (Array.isArray(result.actions) && result.actions.length === 0) delete result.actions;
  return JSON.parse(JSON.stringify(result)) as AdaptiveCard;
}

const contentOf: Readonly<Record<string, string>> = {
  Container: 'items',
  ColumnSet: 'columns',
  FactSet: 'facts',
  ActionSet: 'actions',
  ImageSet: 'images',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmptyGroup(value: unknown): boolean {
  if (!isObject(value) || typeof value.type !== 'string') return false;
  const content = contentOf[value.type];
  if (content === undefined) return false;
  const items = value[content];
  return !Array.isArray(items) || items.length === 0;
}

function tidy(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(tidy).filter((item) => item !== null && item !== undefined && !isEmptyGroup(item));
  }
  if (!isObject(value)) return value;
  const isAction = typeof value.type === 'string' && value.type.startsWith('Action.');
  const isInput = typeof value.type === 'string' && value.type.startsWith('Input.');
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    if (isInput && item === '') continue;
    if (isAction && key === 'data') {
      copy[key] = item;
      continue;
    }
    const tidied = tidy(item);
    if (tidied === null || tidied === undefined || isEmptyGroup(tidied)) continue;
    copy[key] = tidied;
  }
  return copy;
}

const intlLocale: Readonly<Record<Locale, string>> = { es: 'es-MX', en: 'en-US' };

type FormatStyle = 'dateTime' | 'date' | 'longDate' | 'time' | 'dayKey';

const styles: Readonly<Record<FormatStyle, Intl.DateTimeFormatOptions>> = {
  dateTime: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  date: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  longDate: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  dayKey: { year: 'numeric', month: '2-digit', day: '2-digit' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(style: FormatStyle, locale: Locale, timeZone: string): Intl.DateTimeFormat {
  const tag = style === 'dayKey' ? 'en-CA' : intlLocale[locale];
  const key = `${style}|${tag}|${timeZone}`;
  let format = formatters.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(tag, { ...styles[style], timeZone });
    formatters.set(key, format);
  }
  return format;
}

/** An instant as a date and 24-hour time in the business time zone: `lun, 4 de may de 2026, 10:00`. */
export function formatDateTime(at: Date, locale: Locale, timeZone: string): string {
  return formatter('dateTime', locale, timeZone).format(at);
}

/**
 * A deadline as people say it: an instant at midnight in the business time zone is the end of the
 * day before (`final del martes, 8 de diciembre de 2026`), not `mié, 9 de dic de 2026, 00:00`;
 * any other instant is its date and 24-hour time.
 */
export function formatDeadline(at: Date, locale: Locale, timeZone: string): string {
  if (formatter('time', locale, timeZone).format(at) !== '00:00') return formatDateTime(at, locale, timeZone);
  return t(locale, 'deadline.endOfDay', { day: formatLongDate(new Date(at.getTime() - 60_000), locale, timeZone) });
}

/** The date of an instant in the business time zone: `lun, 4 de may de 2026`. */
export function formatDate(at: Date, locale: Locale, timeZone: string): string {
  return formatter('date', locale, timeZone).format(at);
}

/** The date of an instant in words, for headings: `lunes, 4 de mayo de 2026`. */
export function formatLongDate(at: Date, locale: Locale, timeZone: string): string {
  return formatter('longDate', locale, timeZone).format(at);
}

/** An interval in the business time zone, the date said once when both ends share it: `lun, 4 de may de 2026, 10:00–12:00`. */
export function formatRange(start: Date, end: Date, locale: Locale, timeZone: string): string {
  return formatter('dateTime', locale, timeZone).formatRange(start, end);
}

/** The times of an interval only: `10:00–12:00`. */
export function formatTimeRange(start: Date, end: Date, locale: Locale, timeZone: string): string {
  return formatter('time', locale, timeZone).formatRange(start, end);
}

/** The civil date `YYYY-MM-DD` of an instant in the business time zone (for grouping by day). */
export function dayKeyOf(at: Date, timeZone: string): string {
  return formatter('dayKey', 'es', timeZone).format(at);
}

/** A form's civil date `YYYY-MM-DD` in words (`lun, 4 de may de 2026`); the text itself when it is not such a date. */
export function formatCivilDate(isoDate: string, locale: Locale): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const at = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  return Number.isNaN(at.getTime()) ? isoDate : formatter('date', locale, 'UTC').format(at);
}

/** `text` cut to `max` characters with an ellipsis, so a long description cannot swell a card. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}
