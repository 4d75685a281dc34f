import * as z from 'zod';
import { DateTime } from 'luxon';
import { optionalField, type FormRule } from './field-spec.js';
import { choiceValue, dateValue, integerValue, issueKeys } from './field-values.js';
import { listFromText } from './form-input.js';
import { isIsoDate } from './field-formats.js';
import { recurrenceLimits, recurrenceOf, ruleDates, weekdayOf, WEEKDAYS } from './recurrence.js';

/** Longest text of the exception dates: every occurrence written `YYYY-MM-DD, `. */
const exceptionsMaxLength = recurrenceLimits.maxOccurrences * 12;

/**
 * The optional recurrence of a service form (SPEC §10), right after the event's times: weekly on
 * the given weekdays, every n weeks, until a date or for n occurrences, with exception dates. A
 * form without weekdays is a single event.
 */
export const recurrenceFields = {
  repeatWeekdays: optionalField(
    { kind: 'choice', choices: WEEKDAYS, multiple: true, maxItems: WEEKDAYS.length },
    z.preprocess(listFromText, z.array(choiceValue(WEEKDAYS), issueKeys('list.invalid')).max(WEEKDAYS.length, { error: 'list.max' })),
  ),
  repeatInterval: optionalField(
    { kind: 'number', min: 1, max: recurrenceLimits.maxIntervalWeeks },
    integerValue(1, recurrenceLimits.maxIntervalWeeks),
  ),
  repeatUntil: optionalField({ kind: 'date' }, dateValue()),
  repeatCount: optionalField({ kind: 'number', min: 1, max: recurrenceLimits.maxOccurrences }, integerValue(1, recurrenceLimits.maxOccurrences)),
  repeatExceptions: optionalField(
    { kind: 'text', maxLength: exceptionsMaxLength },
    z.preprocess(
      (value: unknown) => (Array.isArray(value) ? value.join(', ') : value),
      z
        .string(issueKeys('text.invalid'))
        .max(exceptionsMaxLength, { error: 'text.tooLong' })
        .transform((text) => listFromText(text) as string[])
        .pipe(
          z
            .array(z.string().refine(isIsoDate, { error: 'date.format' }), issueKeys('list.invalid'))
            .max(recurrenceLimits.maxOccurrences, { error: 'list.max' }),
        ),
    ),
  ),
};

const repeatDetails = ['repeatInterval', 'repeatUntil', 'repeatCount', 'repeatExceptions'] as const;

/**
 * A recurrence is whole and bounded: its details need weekdays; the complete form ends it by a
 * date or a number of occurrences (one of the two); the event's date is its first occurrence (on
 * one of its weekdays); the last date comes after the first and within a year; at most
 * {@link recurrenceLimits.maxOccurrences} occurrences; each exception is one of its dates.
 */
export const recurrenceRule: FormRule = (form, { mode, report }) => {
  const weekdaysGiven = Array.isArray(form.repeatWeekdays) && form.repeatWeekdays.length > 0;
  if (!weekdaysGiven) {
    if (repeatDetails.some((name) => form[name] !== undefined)) report(['repeatWeekdays'], 'recurrence.weekdaysRequired');
    return;
  }
  const { date, repeatUntil, repeatCount } = form;
  if (repeatUntil !== undefined && repeatCount !== undefined) report(['repeatCount'], 'recurrence.untilOrCount');
  else if (repeatUntil === undefined && repeatCount === undefined && mode === 'complete') report(['repeatUntil'], 'recurrence.endRequired');
  if (!isIsoDate(date)) return;
  const recurrence = recurrenceOf(form);
  if (!recurrence) return;
  if (!recurrence.weekdays.includes(weekdayOf(date))) report(['repeatWeekdays'], 'recurrence.dateNotOnWeekday', { date });
  if (isIsoDate(repeatUntil)) {
    const latest = DateTime.fromISO(date, { zone: 'utc' }).plus({ days: recurrenceLimits.maxSpanDays }).toISODate()!;
    if (repeatUntil <= date || repeatUntil > latest) report(['repeatUntil'], 'recurrence.untilRange', { date, latest });
  }
  const dates = ruleDates(recurrence, date);
  if (dates.length > recurrenceLimits.maxOccurrences) report(['repeatUntil'], 'recurrence.tooMany', { max: recurrenceLimits.maxOccurrences });
  const outside = recurrence.exceptions.find((exception) => !dates.includes(exception));
  if (outside !== undefined) report(['repeatExceptions'], 'recurrence.exceptionNotInSeries', { date: outside });
};
