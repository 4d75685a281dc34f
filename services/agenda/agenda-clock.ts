import { DateTime } from 'luxon';
import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { AgendaClock } from './availability.js';

/** The agenda's clock in the business time zone, over the business calendar's working days. */
export function agendaClock(timeZone: string, calendar: Pick<BusinessCalendar, 'isWorkingDay'>): AgendaClock {
  return {
    dateOf: (at) => DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!,
    instantOf: (isoDate, minutes) =>
      DateTime.fromISO(isoDate, { zone: timeZone }).startOf('day').plus({ minutes }).toJSDate(),
    weekdayOf: (isoDate) => DateTime.fromISO(isoDate, { zone: timeZone }).weekday,
    nextDate: (isoDate) => DateTime.fromISO(isoDate, { zone: timeZone }).plus({ days: 1 }).toISODate()!,
    isWorkingDay: (isoDate) => calendar.isWorkingDay(isoDate),
  };
}
