import { civilDayOf, isoDateOf, nthWeekdayOfMonth } from './civil-dates.js';

/** One statutory rest day ("día de descanso obligatorio"). */
export interface StatutoryRestDay {
  /** The date, `YYYY-MM-DD`. */
  date: string;
  /** Its name in Spanish, as commonly known. */
  name: string;
}

const MONDAY = 1;
const FIRST_OCTOBER_TRANSMISSION = 2024;
const FIRST_DECEMBER_TRANSMISSION = 1934;

/**
 * Mexico's statutory rest days of a year under the Ley Federal del Trabajo, art. 74:
 * 1 January; first Monday of February (for 5 February); third Monday of March (for 21 March);
 * 1 May; 16 September; 1 October every six years when the federal executive changes
 * (2024, 2030, …; before the reform published in the DOF on 2024-09-30 it was 1 December,
 * …, 2012, 2018, and that date is returned for those years); third Monday of November
 * (for 20 November); 25 December.
 *
 * Not included: election days ("el que determinen las leyes federales y locales electorales"),
 * which cannot be known in advance — add them to the business calendar's closures.
 * The Monday rules (in force since 2006) are applied to every year.
 *
 * Computed here rather than taken from `date-holidays`: that library (3.x) still places the
 * transmission of the federal executive on 1 December, which is wrong from 2024 on.
 */
export function mexicoStatutoryRestDays(year: number): StatutoryRestDay[] {
  const days: Array<[number, string]> = [
    [civilDayOf(year, 1, 1), 'Año Nuevo'],
    [nthWeekdayOfMonth(year, 2, MONDAY, 1), 'Día de la Constitución'],
    [nthWeekdayOfMonth(year, 3, MONDAY, 3), 'Natalicio de Benito Juárez'],
    [civilDayOf(year, 5, 1), 'Día del Trabajo'],
    [civilDayOf(year, 9, 16), 'Día de la Independencia'],
  ];
  const transmission = transmissionOfExecutive(year);
  if (transmission !== undefined) days.push([transmission, 'Transmisión del Poder Ejecutivo Federal']);
  days.push(
    [nthWeekdayOfMonth(year, 11, MONDAY, 3), 'Día de la Revolución'],
    [civilDayOf(year, 12, 25), 'Navidad'],
  );
  return days
    .sort(([a], [b]) => a - b)
    .map(([civilDay, name]) => ({ date: isoDateOf(civilDay), name }));
}

function transmissionOfExecutive(year: number): number | undefined {
  if (year >= FIRST_OCTOBER_TRANSMISSION) {
    return (year - FIRST_OCTOBER_TRANSMISSION) % 6 === 0 ? civilDayOf(year, 10, 1) : undefined;
  }
  return year >= FIRST_DECEMBER_TRANSMISSION && (year - FIRST_DECEMBER_TRANSMISSION) % 6 === 0
    ? civilDayOf(year, 12, 1)
    : undefined;
}
