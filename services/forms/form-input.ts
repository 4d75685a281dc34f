/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What can break a single line or hide in it: whitespace (tabs, line breaks, no-break spaces…),
 * the C0 and C1 control characters, the Unicode line and paragraph separators (U+2028, U+2029)
 * and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
 * reorder how the rest of a line is displayed.
 */
const SINGLE_LINE_BREAKS = /[\s\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]+/gu;
/** Line breaks of any convention: CR LF, a lone CR, NEL (U+0085), U+2028, U+2029. */
const LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;
/** Controls a multi-line text drops: C0 and C1 except LF (tabs are made spaces first), the bidirectional controls. */
const MULTI_LINE_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A single-line text as stored: every run of whitespace, line breaks, control characters, line
 * or paragraph separators and bidirectional controls becomes one space, and the ends are
 * trimmed (`Ana\r\nBcc: x` → `Ana Bcc: x`).
 */
export function singleLineText(text: string): string {
  return text.replace(SINGLE_LINE_BREAKS, ' ').trim();
}

/**
 * A multi-line text as stored: line breaks made `\n` (CR LF, CR, NEL, U+2028/2029), tabs made
 * spaces, the other control characters and the bidirectional controls removed, the ends trimmed.
 */
export function multiLineText(text: string): string {
  return text.replace(LINE_BREAKS, '\n').replace(/\t/g, ' ').replace(MULTI_LINE_CONTROLS, '').trim();
}

/**
 * A normalised copy of submitted form data: strings trimmed, blank strings (nothing but
 * whitespace and control characters) and `null` removed (an empty card input means "not given"),
 * recursively. The input is never modified. Each field then applies its own line rule
 * ({@link singleLineText} or {@link multiLineText}, from its `multiline` trait).
 */
export function normaliseFormInput(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return singleLineText(trimmed) === '' ? undefined : trimmed;
  }
  if (Array.isArray(value)) {
    return value.map(normaliseFormInput).filter((item) => item !== undefined);
  }
  if (isRecord(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const normalised = normaliseFormInput(item);
      if (normalised !== undefined) copy[key] = normalised;
    }
    return copy;
  }
  return value;
}

/** A whole number written as text (as Adaptive Card inputs send it) becomes a number. */
export function integerFromText(value: unknown): unknown {
  return typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}

/** `"true"` / `"false"` (an Adaptive Card toggle's values) become booleans. */
export function booleanFromText(value: unknown): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** A comma-separated text (an Adaptive Card multi-select's value) becomes a list of items. */
export function listFromText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
