import type { Locale } from './locale.js';
import { messagesEn } from './messages.en.js';
import { messagesEs, type MessageKey } from './messages.es.js';

export type { MessageKey } from './messages.es.js';

/** Values for a message's `{placeholders}`. */
export type MessageParams = Readonly<Record<string, string | number>>;

/** The message catalogue of each language. */
export const messageCatalogues: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  es: messagesEs,
  en: messagesEn,
};

/** True when `key` names a message of the catalogues. */
export function isMessageKey(key: unknown): key is MessageKey {
  return typeof key === 'string' && Object.hasOwn(messagesEs, key);
}

/** The message `key` in `locale`, its `{placeholders}` filled from `params` (unknown ones kept). */
export function formatMessage(locale: Locale, key: MessageKey, params: MessageParams): string {
  return messageCatalogues[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
