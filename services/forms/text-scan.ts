// The text as the guess readers see it, and what they share: folding, blanking what was read, agreement.

/** The longest text read for guesses; the rest is ignored (a registration's description holds at most 4 000 characters). */
export const GUESS_TEXT_LIMIT = 4000;

/**
 * The text as read: at most {@link GUESS_TEXT_LIMIT} characters, NFC, control characters and
 * zero-width marks made spaces, and every run of white space one space (one line break when it
 * holds one) — so that no reader's optional spaces can be tried against a long run of them.
 */
export function cleanText(text: string): string {
  return text
    .slice(0, GUESS_TEXT_LIMIT)
    .normalize('NFC')
    .replace(/[\n\r\u2028\u2029]/g, '\n')
    .replace(/[\p{Cc}\p{Cf}]/gu, (char) => (char === '\n' ? char : ' '))
    .replace(/\s+/g, (run) => (run.includes('\n') ? '\n' : ' '));
}

/** Lower case without accents, character for character (same length and positions as `text`). */
export function foldText(text: string): string {
  let folded = '';
  for (const char of text) {
    const base = char.normalize('NFD').charAt(0).toLowerCase();
    folded += base.length === char.length ? base : char.length === 1 ? char.toLowerCase().charAt(0) : char;
  }
  return folded;
}

/** A filler of `length` characters that no reader takes for a word or a number, nor bridges, and with no run of spaces. */
export function filler(length: number): string {
  return length < 3 ? ' '.repeat(length) : ` ${'|'.repeat(length - 2)} `;
}

/** `text` with `[start, end)` replaced by a {@link filler}, so later readers do not see it again. */
export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + filler(end - start) + text.slice(end);
}

/** `value` as two digits. */
export const pad = (value: number) => String(value).padStart(2, '0');

/** 'HH:mm' of an hour and a minute. */
export const clock = (hour: number, minute: number) => `${pad(hour)}:${pad(minute)}`;

/** A value a reader found, where it was in the text, and whether it is said of the connection test. */
export interface Found<T> {
  value: T;
  index: number;
  end: number;
  /** Said of the connection test ("prueba de conexión el lunes a las 10"), not of the event. */
  aboutTest: boolean;
}

const TEST_CUE = /(prueba|pruebas|test|ensayo|enlace previo)\b[^.;\n]{0,40}$/;

/** Whether what stands at `index` of the folded text is said of the connection test ("prueba … el lunes a las 10"). */
export function aboutTest(folded: string, index: number): boolean {
  return TEST_CUE.test(folded.slice(Math.max(0, index - 50), index));
}

/** One value when all `found` (not about the test) agree, none when they disagree or there is none. */
export function single<T>(found: readonly Found<T>[], key: (value: T) => string): T | undefined {
  const event = found.filter((item) => !item.aboutTest);
  const keys = new Set(event.map((item) => key(item.value)));
  return keys.size === 1 ? event[0]!.value : undefined;
}
