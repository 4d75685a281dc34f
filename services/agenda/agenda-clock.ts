import { DateTime } from 'luxon';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { AgendaClock } from './availability.js';

/** Remembers up to `limit` answers of `compute` (the alternative search asks the same ones thousands of times). */
function remembered<K, V>(compute: (key: K) => V, limit = 20_000): (key: K) => V {
  const answers = new Map<K, V>();
  return (key) => {
    const known = answers.get(key);
    if (known !== undefined) return known;
    if (answers.size >= limit) answers.clear();
    const answer = compute(key);
    answers.set(key, answer);
    return answer;
  };
}

/** The agenda's clock in the business time zone, over the business calendar's working days. */
export function agendaClock(timeZone: string, calendar: Pick<BusinessCalendar, 'isWorkingDay'>): AgendaClock {
  const dateOfMs = remembered((ms: number) => DateTime.fromMillis(ms, { zone: timeZone }).toISODate()!);
  const instantOf = remembered((key: string) => {
    const [isoDate, minutes] = key.split('|');
    return DateTime.fromISO(isoDate!, { zone: timeZone }).startOf('day').plus({ minutes: Number(minutes) }).toJSDate();
  });
  const weekdayOf = remembered((isoDate: string) => DateTime.fromISO(isoDate, { zone: timeZone }).weekday);
  const nextDate = remembered((isoDate: string) => DateTime.fromISO(isoDate, { zone: timeZone }).plus({ days: 1 }).toISODate()!);
  return {
    dateOf: (at) => dateOfMs(at.getTime()),
    instantOf: (isoDate, minutes) => new Date(instantOf(`${isoDate}|${minutes}`).getTime()),
    weekdayOf,
    nextDate,
    isWorkingDay: (isoDate) => calendar.isWorkingDay(isoDate),
  };
}
