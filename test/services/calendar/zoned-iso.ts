import { DateTime } from 'luxon';

/** An instant as local ISO text with its offset in `zone` (milliseconds only when not zero). */
export function isoIn(zone: string, instant: Date): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true }) ?? 'invalid';
}

/** An instant as ISO text with its offset in Mexico City. */
export function isoInMexicoCity(instant: Date): string {
  return isoIn('America/Mexico_City', instant);
}
