import { isClockTime } from './field-formats.js';
import {
  dateValue,
  emailValue,
  integerValue,
  phoneValue,
  siglasValue,
  textValue,
  timeValue,
} from './field-values.js';
import { optionalField, requiredField, type FieldSpecs, type FormRule } from './field-spec.js';
import { localMoment } from './event-times.js';
import type { MessageParams } from './form-messages.js';
import { recurrenceFields, recurrenceRule } from './recurrence-fields.js';

/** Longest free text of a description or of the observations. */
export const LONG_TEXT_LENGTH = 2000;

/**
 * The fields common to the three service forms (SPEC §3), in display order: who asks
 * (dependencia, siglas, requester), what (program, purpose, participants), when (date, start and
 * end `HH:mm` in the business time zone, and an optional weekly recurrence), and free observations.
 */
export const commonFields = {
  dependenciaName: requiredField({ kind: 'text', maxLength: 200 }, textValue(200)),
  siglas: requiredField({ kind: 'text', maxLength: 12 }, siglasValue()),
  requesterName: requiredField({ kind: 'text', maxLength: 200 }, textValue(200)),
  requesterEmail: requiredField({ kind: 'email', maxLength: 254 }, emailValue()),
  requesterPhone: requiredField({ kind: 'phone', maxLength: 40 }, phoneValue()),
  programName: requiredField({ kind: 'text', maxLength: 200 }, textValue(200)),
  date: requiredField({ kind: 'date' }, dateValue()),
  startTime: requiredField({ kind: 'time' }, timeValue()),
  endTime: requiredField({ kind: 'time' }, timeValue()),
  ...recurrenceFields,
  purpose: requiredField({ kind: 'text', multiline: true, maxLength: LONG_TEXT_LENGTH }, textValue(LONG_TEXT_LENGTH)),
  expectedParticipants: requiredField({ kind: 'number', min: 1, max: 100_000 }, integerValue(1, 100_000)),
  observations: optionalField({ kind: 'text', multiline: true, maxLength: LONG_TEXT_LENGTH }, textValue(LONG_TEXT_LENGTH)),
} satisfies FieldSpecs;

/**
 * A service form's fields: the common ones, then the service's own, then the observations
 * (always last, as on the printed record).
 */
export function withCommonFields<S extends FieldSpecs>(serviceFields: S) {
  const { observations, ...eventFields } = commonFields;
  return { ...eventFields, ...serviceFields, observations };
}

/**
 * Start and end times are read in the business time zone on the event's date: each must exist
 * on that day (not skipped by a clock change) and the end must come after the start. Without a
 * date (a draft), the two clock times are compared.
 */
export const eventTimesRule: FormRule = (form, { timeZone, report }) => {
  const { date, startTime, endTime } = form;
  const start = localMoment(date, startTime, timeZone);
  const end = localMoment(date, endTime, timeZone);
  if (start.kind === 'nonexistent') report(['startTime'], 'time.nonexistent', nonexistentTime(date, startTime, timeZone));
  if (end.kind === 'nonexistent') report(['endTime'], 'time.nonexistent', nonexistentTime(date, endTime, timeZone));
  const endNotAfterStart =
    start.kind === 'instant' && end.kind === 'instant'
      ? end.at <= start.at
      : date === undefined && isClockTime(startTime) && isClockTime(endTime) && endTime <= startTime;
  if (endNotAfterStart) report(['endTime'], 'endTime.notAfterStart', { start: String(startTime) });
};

/** The parameters of the `time.nonexistent` message. */
export function nonexistentTime(date: unknown, time: unknown, timeZone: string): MessageParams {
  return { date: String(date), time: String(time), zone: timeZone };
}

/** The cross-field rules every service form has. */
export const commonRules: readonly FormRule[] = [eventTimesRule, recurrenceRule];
