import { describe, expect, it } from '@jest/globals';
import { BusinessCalendar, defaultBusinessCalendarSettings } from '../../../services/calendar/business-calendar.js';
import { expandOccurrences, recurrenceOf, rruleValue } from '../../../services/forms/recurrence.js';
import { validateServiceForm } from '../../../services/forms/validate-form.js';
import { MEXICO_CITY, videoconferenceData } from './form-fixtures.js';

const everyDay = () => true;
const dates = (occurrences: ReturnType<typeof expandOccurrences>) => (occurrences ?? []).map((occurrence) => occurrence.date);
const series = (fields: Record<string, unknown>) => ({ date: '2027-03-01', startTime: '10:00', endTime: '12:00', ...fields });

describe('a weekly recurrence expands to its occurrences', () => {
  it('repeats on the given weekdays for n occurrences, the event date first', () => {
    const occurrences = expandOccurrences(series({ repeatWeekdays: ['MO', 'WE'], repeatCount: 6 }), MEXICO_CITY, everyDay);
    expect(dates(occurrences)).toEqual(['2027-03-01', '2027-03-03', '2027-03-08', '2027-03-10', '2027-03-15', '2027-03-17']);
  });

  it('repeats every n weeks until a date, that date included', () => {
    const occurrences = expandOccurrences(series({ repeatWeekdays: 'MO', repeatInterval: 2, repeatUntil: '2027-04-12' }), MEXICO_CITY, everyDay);
    expect(dates(occurrences)).toEqual(['2027-03-01', '2027-03-15', '2027-03-29', '2027-04-12']);
  });

  it('lists the exception dates, marked, and counts them as RFC 5545 does', () => {
    const occurrences = expandOccurrences(series({ repeatWeekdays: ['MO'], repeatCount: 3, repeatExceptions: '2027-03-08' }), MEXICO_CITY, everyDay)!;
    expect(occurrences.map(({ date, excepted }) => [date, excepted])).toEqual([
      ['2027-03-01', false],
      ['2027-03-08', true],
      ['2027-03-15', false],
    ]);
  });

  it('keeps the local hour across the March and October clock changes of Europe/Madrid', () => {
    const march = expandOccurrences({ date: '2027-03-22', startTime: '10:00', endTime: '11:30', repeatWeekdays: ['MO'], repeatCount: 2 }, 'Europe/Madrid', everyDay)!;
    expect(march.map((occurrence) => occurrence.start.toISOString())).toEqual(['2027-03-22T09:00:00.000Z', '2027-03-29T08:00:00.000Z']);
    expect(march[1]!.end.toISOString()).toBe('2027-03-29T09:30:00.000Z');
    const october = expandOccurrences({ date: '2027-10-25', startTime: '10:00', endTime: '11:00', repeatWeekdays: ['MO'], repeatCount: 2 }, 'Europe/Madrid', everyDay)!;
    expect(october.map((occurrence) => occurrence.start.toISOString())).toEqual(['2027-10-25T08:00:00.000Z', '2027-11-01T09:00:00.000Z']);
  });

  it('reads America/Mexico_City with its own history: daylight saving in 2021, none since 2023', () => {
    const in2021 = expandOccurrences({ date: '2021-03-29', startTime: '10:00', endTime: '12:00', repeatWeekdays: ['MO'], repeatCount: 2 }, MEXICO_CITY, everyDay)!;
    expect(in2021.map((occurrence) => occurrence.start.toISOString())).toEqual(['2021-03-29T16:00:00.000Z', '2021-04-05T15:00:00.000Z']);
    const in2027 = expandOccurrences({ date: '2027-03-29', startTime: '10:00', endTime: '12:00', repeatWeekdays: ['MO'], repeatCount: 2 }, MEXICO_CITY, everyDay)!;
    expect(in2027.map((occurrence) => occurrence.start.toISOString())).toEqual(['2027-03-29T16:00:00.000Z', '2027-04-05T16:00:00.000Z']);
  });

  it('lists an occurrence on a statutory rest day, marked as a closure, instead of dropping it', () => {
    const calendar = new BusinessCalendar(defaultBusinessCalendarSettings);
    // 1 February 2027 is the first Monday of February: Constitution Day, a statutory rest day in Mexico.
    const occurrences = expandOccurrences(series({ date: '2027-01-25', repeatWeekdays: ['MO'], repeatCount: 3 }), MEXICO_CITY, (date) => calendar.isWorkingDay(date))!;
    expect(occurrences.map(({ date, closure }) => [date, closure])).toEqual([
      ['2027-01-25', false],
      ['2027-02-01', true],
      ['2027-02-08', false],
    ]);
  });

  it('writes the rule as RFC 5545 RRULE text, an UNTIL as the end of its local day in UTC', () => {
    const byCount = recurrenceOf({ repeatWeekdays: ['WE', 'MO'], repeatInterval: 2, repeatCount: 10 })!;
    expect(rruleValue(byCount, MEXICO_CITY)).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;WKST=MO;COUNT=10');
    const byDate = recurrenceOf({ repeatWeekdays: ['TU'], repeatUntil: '2027-06-29' })!;
    expect(rruleValue(byDate, MEXICO_CITY)).toBe('FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;WKST=MO;UNTIL=20270630T055959Z');
  });
});

describe('the form checks its recurrence and names the field', () => {
  const validate = (fields: Record<string, unknown>, locale: 'es' | 'en' = 'es') =>
    validateServiceForm('VC', { ...videoconferenceData(), date: '2027-03-01', connectionTestDate: '2027-02-26', ...fields }, { mode: 'complete', timeZone: MEXICO_CITY, locale });
  const messages = (result: ReturnType<typeof validate>) => (result.ok ? [] : result.errors.map((error) => `${error.path}: ${error.message}`));

  it('accepts a bounded weekly series and keeps its fields', () => {
    const result = validate({ repeatWeekdays: 'MO,WE', repeatInterval: '1', repeatCount: '32', repeatExceptions: '2027-03-03, 2027-03-08' });
    expect(messages(result)).toEqual([]);
    expect(result.ok && result.value).toMatchObject({ repeatWeekdays: ['MO', 'WE'], repeatInterval: 1, repeatCount: 32, repeatExceptions: ['2027-03-03', '2027-03-08'] });
  });

  it('asks for the end of a series, and for only one end', () => {
    expect(messages(validate({ repeatWeekdays: ['MO'] }))).toEqual(['repeatUntil: Se repite hasta (fecha): indica hasta qué fecha se repite o cuántas veces.']);
    expect(messages(validate({ repeatWeekdays: ['MO'], repeatUntil: '2027-04-01', repeatCount: 4 }, 'en'))).toEqual([
      'repeatCount: Number of occurrences: give the last date or the number of occurrences, not both.',
    ]);
  });

  it('refuses details without weekdays, a first date off the weekdays, too many occurrences and a stray exception', () => {
    expect(messages(validate({ repeatCount: 4 }))).toEqual(['repeatWeekdays: Se repite los días: elige los días de la semana en que se repite el evento.']);
    expect(messages(validate({ repeatWeekdays: ['TU'], repeatCount: 4 }))[0]).toMatch(/^repeatWeekdays: .*2027-03-01/);
    expect(messages(validate({ repeatWeekdays: ['MO', 'TU', 'WE', 'TH', 'FR'], repeatUntil: '2027-12-31' }))).toEqual([
      'repeatUntil: Se repite hasta (fecha): la serie tendría más de 52 repeticiones; acórtala.',
    ]);
    expect(messages(validate({ repeatWeekdays: ['MO'], repeatUntil: '2028-06-01' }))[0]).toMatch(/^repeatUntil: .*no después del 2028-03-01/);
    expect(messages(validate({ repeatWeekdays: ['MO'], repeatCount: 3, repeatExceptions: '2027-03-02' }, 'en'))).toEqual([
      'repeatExceptions: Dates without the event (YYYY-MM-DD, separated by commas): 2027-03-02 is not a date of the series.',
    ]);
    expect(messages(validate({ repeatWeekdays: ['XX'], repeatCount: 60 }))).toHaveLength(2);
  });
});
