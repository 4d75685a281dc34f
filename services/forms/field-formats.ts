import { DateTime } from 'luxon';

/** Siglas of a dependencia once normalised: 2–12 capital letters (Ñ included) or digits. */
export const SIGLAS_PATTERN = /^[A-ZÑ0-9]{2,12}$/;

/** Siglas as typed, normalised: trimmed and in capitals. */
export function normaliseSiglas(siglas: string): string {
  return siglas.trim().toLocaleUpperCase('es-MX');
}

/** True for a calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    DateTime.fromISO(value, { zone: 'utc' }).isValid
  );
}

/** True for a 24-hour clock time written `HH:mm`. */
export function isClockTime(value: unknown): value is string {
  return typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

const PHONE_PATTERN = /^(\+?[\d(][\d ().-]*[\d)])(?:\s*(?:ext\.?|extensi[oó]n|extension|x|#)\s*\d{1,6})?$/i;

/**
 * True for a phone number or an extension: digits with optional `+`, spaces, dots, dashes and
 * parentheses (4 to 15 digits), optionally followed by an extension (`ext. 123`, `x123`, `#123`).
 */
export function isPhoneOrExtension(value: string): boolean {
  const match = PHONE_PATTERN.exec(value.trim());
  if (!match?.[1]) return false;
  const digits = match[1].replace(/\D/g, '').length;
  return digits >= 4 && digits <= 15;
}

/** True for an absolute `https:` or `http:` link to a named host. */
export function isWebLink(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
}
