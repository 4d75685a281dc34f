import { t, type CardMessageKey, type Locale, type MessageParams } from './messages.js';

/**
 * People's text in places Teams reads as Markdown.
 *
 * Teams renders a Markdown subset in an Adaptive Card's TextBlock text and FactSet values and in
 * a chat message's text: bold, italics, links `[x](y)`, lists and headings at the start of a line,
 * mentions `<at>`; the Adaptive Cards host also expands `{{DATE(…)}}` and `{{TIME(…)}}`. Whatever a
 * person typed (a requester's name or description, the ASV's message, a note, a form value, a
 * name from the configuration or the resource catalogue) goes through {@link escapeMarkdown} on
 * its way into such a place, so that it shows exactly as typed and never as the bot's own
 * formatting or a disguised link.
 *
 * The rule in the render functions: text a card looks up in its own message catalogue (`t`) is
 * bound as it is; everything else bound to a TextBlock or a fact value is escaped — fact values
 * always ({@link plainFacts}), a catalogue message's placeholders through {@link tPlain}, and a
 * view's free texts (`note`, `title`, `text`) because they are plain text by contract. Input
 * values, choice titles, labels, URLs and action data are not Markdown and are never escaped.
 */

/** Characters that are Markdown (or a mention, or a host's `{{…}}` function) anywhere in a line. */
const INLINE_MARKUP = /[\\`*_~[\]{}<>]|&(?=#?[a-z0-9]+;)/gi;
/** A heading `#`, a bullet `-`/`+`, a setext underline `=`/`-` at the start of a line. */
const LINE_MARKER = /^([ \t]*)([#+=-])/gm;
/** A numbered item `1.` / `1)` at the start of a line. */
const NUMBERED_ITEM = /^([ \t]*\d{1,9})([.)])/gm;

/**
 * `text` as Markdown that shows it literally: every Markdown character is backslash-escaped
 * (CommonMark escapes, which Teams honours) — emphasis, code, strike-through, links, mentions and
 * HTML (`<`, `>`), an HTML entity's `&`, a backslash itself, `{`/`}` (so `${…}` and `{{DATE(…)}}`
 * stay text) — and a heading, bullet or numbered-item marker at the start of a line. Other
 * characters, line breaks included, are kept.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(INLINE_MARKUP, '\\$&').replace(LINE_MARKER, '$1\\$2').replace(NUMBERED_ITEM, '$1\\$2');
}

/** One fact of a FactSet: the product's own title and a value shown as written. */
export interface Fact {
  title: string;
  value: string;
}

/**
 * The facts of a FactSet from `[title, value]` pairs: pairs without a value (`undefined`, `null`,
 * blank) are left out, and every value is shown as written ({@link escapeMarkdown}) — a fact
 * value is Markdown in Teams and usually holds a person's text. Titles are the catalogue's labels.
 */
export function plainFacts(entries: ReadonlyArray<readonly [title: string, value: unknown]>): Fact[] {
  return entries
    .filter(([, value]) => value !== undefined && value !== null && String(value).trim() !== '')
    .map(([title, value]) => ({ title, value: escapeMarkdown(String(value)) }));
}

/**
 * The catalogue message `key` with its placeholders filled with people's text shown as written:
 * the catalogue's own words unchanged, each parameter escaped ({@link escapeMarkdown}).
 */
export function tPlain(locale: Locale, key: CardMessageKey, params: MessageParams): string {
  const escaped = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? escapeMarkdown(value) : value]));
  return t(locale, key, escaped);
}
