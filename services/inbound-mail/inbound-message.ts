import EmailReplyParser from 'email-reply-parser';
import { compile } from 'html-to-text';

/**
 * A message read from the service mailbox, reduced to what answers by e-mail need. Everything in
 * it came from outside: addresses are checked and lower-cased, texts bounded and cleaned of
 * control characters; nothing here is trusted beyond that.
 */
export interface InboundMessage {
  /** The once-only key: `mail:<Message-ID>`, or the source's own id when there is none. */
  key: string;
  source: 'graph' | 'imap';
  /** The sender's address (From), lower-case; undefined when missing, several or not an address. Never the display name. */
  from: string | undefined;
  /** The subject, on one line, bounded. */
  subject: string;
  /** In-Reply-To, References and the subject: where a reply token may be. */
  tokenTexts: string[];
  /** The answer: the body without quoted history and signature, bounded; empty when there is none. */
  answer: string;
  /** The body was larger than {@link maxBodyCharacters}: not read. */
  tooLarge: boolean;
  /** The names of its attachments (inline images left out), cleaned and bounded. */
  attachments: string[];
  /** An auto-reply, bounce or list mail (RFC 3834 Auto-Submitted, Precedence, multipart/report…): never an answer. */
  automatic: boolean;
}

/** Bodies longer than this (characters, as text or HTML) are not read: such a reply is shown to the ASV to read in the mailbox. */
export const maxBodyCharacters = 200_000;
/**
 * The part of a body's text that is searched for the answer: an answer is at the top, and
 * email-reply-parser's time grows with its input (about a second for 200 000 hostile characters).
 */
const maxParsedCharacters = 40_000;
/** The longest answer kept from a body (the reply command cuts again to its own limit). */
const maxAnswerCharacters = 20_000;
const maxSubjectCharacters = 500;
const maxHeaderCharacters = 4_000;
const maxAttachmentNames = 20;
const maxAttachmentNameCharacters = 120;

/** C0/C1 controls but tab and line feed, and the bidirectional overrides and isolates. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const htmlToText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
  limits: { maxDepth: 64, ellipsis: '…', maxInputLength: maxBodyCharacters },
});

/**
 * The answer in a reply's body: the plain-text part (or the HTML part as text; its first
 * {@link maxParsedCharacters} characters), with the quoted history and the signature taken off by
 * email-reply-parser (GitHub's EmailReplyParser, ported),
 * control characters dropped, no-break spaces made spaces, at most one blank line in a row, bounded.
 */
export function answerOf(body: { text?: string | undefined; html?: string | undefined }): { answer: string; tooLarge: boolean } {
  const text = body.text?.trim() ? body.text : undefined;
  const raw = text ?? body.html ?? '';
  if (raw.length > maxBodyCharacters) return { answer: '', tooLarge: true };
  const plain = text ?? (body.html ? htmlToText(body.html) : '');
  const head = plain.length > maxParsedCharacters ? plain.slice(0, maxParsedCharacters) : plain;
  const visible = new EmailReplyParser().read(wrapLongLines(head.replace(/\r\n?/g, '\n'))).getVisibleText();
  const answer = visible
    .replace(CONTROL, '')
    .replace(/\u00A0/g, ' ')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { answer: answer.length > maxAnswerCharacters ? answer.slice(0, maxAnswerCharacters) : answer, tooLarge: false };
}

/** The longest line of a message (RFC 5322 §2.1.1). */
const maxLineLength = 998;

/**
 * `text` with every line longer than {@link maxLineLength} broken (at its last space before the
 * limit, else at the limit). email-reply-parser's patterns take time quadratic in a line's length
 * (a 200 000-character line of `On On On …` takes seconds without RE2); broken lines keep the
 * whole body to about a tenth of a second.
 */
function wrapLongLines(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= maxLineLength) return line;
      const pieces: string[] = [];
      let rest = line;
      while (rest.length > maxLineLength) {
        const space = rest.lastIndexOf(' ', maxLineLength);
        const cut = space > maxLineLength / 2 ? space : maxLineLength;
        pieces.push(rest.slice(0, cut));
        rest = rest.slice(cut).replace(/^ /, '');
      }
      return [...pieces, rest].join('\n');
    })
    .join('\n');
}

/** A header or subject on one line, without control characters, bounded. */
export function oneLine(value: string | undefined | null, max = maxHeaderCharacters): string {
  return (value ?? '').replace(/[\r\n]+/g, ' ').replace(CONTROL, '').replace(/\s+/g, ' ').trim().slice(0, max);
}

/** The subject, on one line and bounded. */
export function subjectOf(value: string | undefined | null): string {
  return oneLine(value, maxSubjectCharacters);
}

/** An e-mail address as the product compares it (trimmed, lower-case), or undefined when it is not one. */
export function mailAddress(value: string | undefined | null): string | undefined {
  const address = (value ?? '').trim().toLowerCase();
  return address.length <= 254 && /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+$/.test(address) ? address : undefined;
}

/** The attachments' names as shown to the ASV: one line each, bounded, at most {@link maxAttachmentNames}. */
export function attachmentNames(names: ReadonlyArray<string | undefined | null>): string[] {
  const cleaned = names.map((name) => oneLine(name, maxAttachmentNameCharacters)).filter(Boolean);
  return cleaned.length > maxAttachmentNames ? [...cleaned.slice(0, maxAttachmentNames), `(+${cleaned.length - maxAttachmentNames})`] : cleaned;
}

/** The Message-ID without its angle brackets, or undefined when there is none usable. */
export function messageIdOf(value: string | undefined | null): string | undefined {
  const id = oneLine(value, 300).replace(/^<|>$/g, '');
  return id && !/\s/.test(id) ? id : undefined;
}

/**
 * Whether headers mark a message as automatic (an out-of-office answer, a bounce, a list): an
 * `Auto-Submitted` other than `no` (RFC 3834), `X-Autoreply`/`X-Autorespond`, a `Precedence` of
 * bulk, junk, list or auto_reply, a delivery report, or a sender that is a mailer daemon.
 */
export function isAutomatic(header: (name: string) => string | undefined, from: string | undefined): boolean {
  const autoSubmitted = header('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  if (header('x-autoreply') !== undefined || header('x-autorespond') !== undefined) return true;
  if (/^(bulk|junk|list|auto_reply)$/i.test(header('precedence')?.trim() ?? '')) return true;
  if (/multipart\/report/i.test(header('content-type') ?? '')) return true;
  return Boolean(from && /^(mailer-daemon|postmaster)@/i.test(from));
}

/** Reads the service mailbox: each new message once per round, in order. */
export interface InboxReader {
  /** Where it reads, for logs (never a secret). */
  readonly description: string;
  /**
   * Hands every message that arrived since the last round to `handle`, in order, and then moves
   * its place in the mailbox on (kept in the database, shared by every instance). A message whose
   * `handle` throws stops the round; the next round reads it again.
   */
  read(handle: (message: InboundMessage) => Promise<void>): Promise<number>;
}
