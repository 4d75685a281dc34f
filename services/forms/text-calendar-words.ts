// Month and weekday words (Spanish and English, folded) the date and time readers know.

/** Month names (Spanish and English) to their number. */
export const MONTHS: ReadonlyMap<string, number> = new Map([
  ...(['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'] as const).map(
    (name, index): [string, number] => [name, index + 1],
  ),
  ...(['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const).map(
    (name, index): [string, number] => [name, index + 1],
  ),
  ...(['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'] as const).map((name, index): [string, number] => [name, index + 1]),
  ...(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const).map((name, index): [string, number] => [name, index + 1]),
  ['sept', 9],
  ['set', 9],
  ['setiembre', 9],
]);

/** A regular-expression alternation of the month names, longest first. */
export const MONTH_WORD = [...MONTHS.keys()].sort((a, b) => b.length - a.length).join('|');

/** Weekday names (Spanish and English, folded) to their ISO number (1 = Monday). */
export const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ...(['lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo'] as const).map((name, index): [string, number] => [name, index + 1]),
  ...(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const).map((name, index): [string, number] => [name, index + 1]),
]);

/** A regular-expression alternation of the weekday names. */
export const WEEKDAY_WORD = [...WEEKDAYS.keys()].join('|');
