import { DEFAULT_LOCALE, type Locale } from '../services/forms/locale.js';
import type { RequestStatus, ServiceType } from '../services/requests/request-types.js';
import type { Rejection } from '../services/requests/request-workflow.js';
import { cardMessagesEn } from './messages.en.js';
import { cardMessagesEs, type CardMessageKey } from './messages.es.js';

export type { Locale } from '../services/forms/locale.js';
export type { CardMessageKey } from './messages.es.js';

/** Values for a message's `{placeholders}`. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** The message catalogue of each language (same keys in both). */
export const cardMessages: Readonly<Record<Locale, Readonly<Record<CardMessageKey, string>>>> = {
  es: cardMessagesEs,
  en: cardMessagesEn,
};

/** The user's language from their Teams locale: `en`, `en-US`, `en-GB`… → English; anything else → Spanish. */
export function localeFrom(teamsLocale: string | undefined): Locale {
  const tag = teamsLocale?.trim().toLowerCase() ?? '';
  return tag === 'en' || tag.startsWith('en-') || tag.startsWith('en_') ? 'en' : DEFAULT_LOCALE;
}

/** The message `key` in `locale`, its `{placeholders}` filled from `params` (unknown ones kept as written). */
export function t(locale: Locale, key: CardMessageKey, params?: MessageParams): string {
  const text = (cardMessages[locale] ?? cardMessages[DEFAULT_LOCALE])[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** True when `key` is a message of the catalogues (for keys built from data, e.g. a command type). */
export function isCardMessageKey(key: string): key is CardMessageKey {
  return Object.hasOwn(cardMessagesEs, key);
}

/** The procedure's name of a status (the same in both languages). */
export function statusName(locale: Locale, status: RequestStatus): string {
  return t(locale, `status.${status}`);
}

/** The service's name; "to be determined" while the service is not set. */
export function serviceName(locale: Locale, service: ServiceType | null | undefined): string {
  return service ? t(locale, `service.${service}`) : t(locale, 'service.none');
}

/** The infinitive phrase naming an action or a card verb ("tomar la solicitud"); the word itself when unknown. */
export function actionPhrase(locale: Locale, action: string): string {
  const key = `actionPhrase.${action}`;
  return isCardMessageKey(key) ? t(locale, key) : action;
}

/**
 * A command input's name in words ("los motivos"). An input the catalogue does not name is never
 * shown by its internal name: it is called "a value of the action".
 */
export function inputFieldName(locale: Locale, field: string): string {
  const key = `inputField.${field}`;
  return isCardMessageKey(key) ? t(locale, key) : t(locale, 'inputField.unknown');
}

/** A status-machine rejection in words, for the bot's text reply. */
export function rejectionText(locale: Locale, rejection: Rejection, timeZone: string = defaultRejectionTimeZone): string {
  switch (rejection.code) {
    case 'not-allowed-from-status':
      return t(locale, 'rejection.not-allowed-from-status', {
        action: actionPhrase(locale, rejection.command),
        status: rejection.status ? statusName(locale, rejection.status) : '—',
      });
    case 'not-authorised':
      return t(locale, 'rejection.not-authorised', { action: actionPhrase(locale, rejection.command) });
    case 'missing-input':
      return t(locale, 'rejection.missing-input', { field: inputFieldName(locale, rejection.field) });
    case 'invalid-input':
      return rejection.problem === 'too-long'
        ? t(locale, 'rejection.too-long', { field: inputFieldName(locale, rejection.field), max: rejection.max ?? '' })
        : t(locale, 'rejection.invalid-input', { field: inputFieldName(locale, rejection.field) });
    case 'assignee-not-asv':
      return t(locale, 'rejection.assignee-not-asv', { assignee: rejection.assignee });
    case 'finish-preconditions':
      return t(locale, 'rejection.finish-preconditions', {
        missing: listInWords(
          locale,
          rejection.missing.map((item) => t(locale, `finishMissing.${item}`)),
        ),
      });
    case 'stale-wait':
      return t(locale, 'rejection.stale-wait');
    case 'no-change':
      return t(locale, 'rejection.no-change');
    case 'event-not-ended':
      return t(locale, 'rejection.event-not-ended', { at: instantInWords(locale, rejection.endsAt, timeZone) });
    case 'already-rated':
      return t(locale, 'rejection.already-rated', { rating: rejection.rating });
    case 'rating-closed':
      return t(locale, 'rejection.rating-closed', { at: instantInWords(locale, rejection.closedAt, timeZone) });
    case 'stale-event':
      return t(locale, 'rejection.stale-event');
  }
}

/** The zone a rejection's instants are shown in when the caller does not give the business zone. */
const defaultRejectionTimeZone = 'America/Mexico_City';

/** An instant in a rejection, in the business time zone. */
function instantInWords(locale: Locale, at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'es' ? 'es-MX' : 'en-US', { timeZone, dateStyle: 'long', timeStyle: 'short' }).format(at);
}

/** Items in words: "a", "a y b", "a, b y c" ("a, b and c"). */
function listInWords(locale: Locale, items: readonly string[]): string {
  const and = locale === 'es' ? ' y ' : ' and ';
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')}${and}${items.at(-1)}`;
}

/** The text commands, as message keys: `t(locale, key)` is the command word, `${key}.usage` how to write it. */
export const commandKeys = [
  'command.help',
  'command.newRequest',
  'command.myRequests',
  'command.status',
  'command.agendaToday',
  'command.agendaTomorrow',
  'command.agendaWeek',
  'command.agendaResource',
] as const satisfies readonly CardMessageKey[];
