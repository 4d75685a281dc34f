import { compile, type FormatCallback } from 'html-to-text';

/**
 * A Teams message's HTML body as plain text, for pre-filling a form from the message (the
 * message extension's "…" menu).
 *
 * The HTML is read by htmlparser2 (through html-to-text), in time linear in its length — never
 * by regular expressions over the markup, which are quadratic on unclosed `<`. The input is
 * bounded before it is parsed and the text after.
 */

/** The most characters of a message's HTML that are read; the rest is ignored. */
export const MAX_MESSAGE_HTML_LENGTH = 20_000;

/** Nesting deeper than this is not read (a message is not a document; this keeps the walk shallow). */
const MAX_DEPTH = 64;

/** A mention in a message action's payload (`messagePayload.mentions`), as Teams sends it. */
export interface PayloadMention {
  /** The mention's number: the `id` of its `<at id="…">` in the body. */
  id?: number | string | undefined;
  mentioned?: { application?: { id?: string | undefined } | undefined } | undefined;
}

/** How to read a message. */
export interface MessageTextOptions {
  /** The longest text to return (the form field's limit); longer text is cut, ending in `…`. */
  maxLength: number;
  /** The ids of the `<at id="…">` mentions to leave out (the bot's own: see {@link mentionIdsOf}). */
  dropMentionIds?: ReadonlySet<string>;
}

interface ConversionMetadata {
  dropMentionIds: ReadonlySet<string>;
}

const mention: FormatCallback = (elem, walk, builder) => {
  const attributes = (elem.attribs ?? {}) as Record<string, string | undefined>;
  const id = attributes.id ?? attributes.itemid;
  const { dropMentionIds } = (builder as unknown as { metadata?: ConversionMetadata }).metadata ?? { dropMentionIds: new Set<string>() };
  if (id !== undefined && dropMentionIds.has(id)) return;
  walk(elem.children, builder);
};

const imageText: FormatCallback = (elem, _walk, builder) => {
  const alt = (elem.attribs as Record<string, string | undefined> | undefined)?.alt;
  if (alt) builder.addInline(alt, { noWordTransform: true });
};

const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

const toText = compile({
  wordwrap: false,
  formatters: { mention, imageText },
  selectors: [
    { selector: 'at', format: 'mention' },
    { selector: 'span[itemtype="http://schema.skype.com/Mention"]', format: 'mention' },
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'imageText' },
    ...headings,
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
  limits: { maxDepth: MAX_DEPTH, ellipsis: '…', maxInputLength: MAX_MESSAGE_HTML_LENGTH },
}) as unknown as (html: string, metadata: ConversionMetadata) => string;

/**
 * The text of a message's HTML body: entities decoded (`&amp;` → `&`), tags dropped, link
 * targets and image sources left out (an image shows its alternative text, as Teams' emoji do),
 * the mentions in `dropMentionIds` left out and the others kept as the name, paragraphs and
 * list items on lines of their own (a blank line between paragraphs, at most one), no spaces at
 * the ends of lines. Only the first {@link MAX_MESSAGE_HTML_LENGTH} characters of `html` are
 * read, and the text is at most `maxLength` characters long.
 */
export function messageText(html: string, options: MessageTextOptions): string {
  const bounded = html.length > MAX_MESSAGE_HTML_LENGTH ? html.slice(0, MAX_MESSAGE_HTML_LENGTH) : html;
  const text = toText(bounded, { dropMentionIds: options.dropMentionIds ?? new Set() });
  return cut(tidy(text), options.maxLength);
}

/**
 * A plain-text message body (`contentType: 'text'`) made like {@link messageText}'s result:
 * bounded, lines tidied, at most `maxLength` characters.
 */
export function plainMessageText(text: string, maxLength: number): string {
  return cut(tidy(text.length > MAX_MESSAGE_HTML_LENGTH ? text.slice(0, MAX_MESSAGE_HTML_LENGTH) : text), maxLength);
}

/**
 * The ids of the mentions that name one of `appIds` — the bot's own mention — among a message
 * action's `mentions`, as the `<at id="…">` values of the body.
 */
export function mentionIdsOf(mentions: readonly PayloadMention[], appIds: ReadonlySet<string>): Set<string> {
  const ids = new Set<string>();
  for (const item of mentions) {
    const appId = item.mentioned?.application?.id;
    if (item.id !== undefined && appId !== undefined && appIds.has(appId)) ids.add(String(item.id));
  }
  return ids;
}

/** Lines trimmed (no-break spaces as spaces), at most one blank line in a row, none at the ends; linear in the text. */
function tidy(text: string): string {
  const lines: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '' || (lines.length > 0 && lines.at(-1) !== '')) lines.push(trimmed);
  }
  while (lines.at(-1) === '') lines.pop();
  return lines.join('\n');
}

function cut(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = Math.max(0, maxLength - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}
