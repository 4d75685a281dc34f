import type { Mention } from 'botbuilder';
import { escapeMarkdown } from '../cards/plain-text.js';

/** How long a mentioned name may be in a message. */
const longestName = 120;

/**
 * A Teams @mention of `name` (the user `teamsUserId`: a `29:…` id or `8:orgid:<object id>`): the
 * `<at>…</at>` text to put in the message and the mention entity naming the same text. The name
 * is data: on one line, bounded, and escaped like any person's text in a message (no Markdown,
 * HTML or nested `<at>`); the entity carries it as written.
 */
export function teamsMention(name: string, teamsUserId: string): { text: string; entity: Mention } {
  const shown = name.replace(/\s+/g, ' ').trim().slice(0, longestName);
  const text = `<at>${escapeMarkdown(shown)}</at>`;
  return { text, entity: { type: 'mention', text, mentioned: { id: teamsUserId, name: shown } } };
}
