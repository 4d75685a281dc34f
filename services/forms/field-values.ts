import * as z from 'zod';
import { isIsoDate, isClockTime, isPhoneOrExtension, isWebLink, normaliseSiglas, SIGLAS_PATTERN } from './field-formats.js';
import { booleanFromText, integerFromText, listFromText } from './form-input.js';
import type { MessageKey } from './messages.es.js';

/**
 * Zod schemas for one present field value. Every issue's message is a {@link MessageKey};
 * the validator turns it into a localised sentence naming the field. Input reaches them
 * already trimmed, with blank values removed (see `normaliseFormInput`).
 */

type IssueLike = { readonly code?: string; readonly input?: unknown };

/** An error map: a missing value is `required`, a wrong type `typeKey`, anything else `formatKey`. */
export function issueKeys(typeKey: MessageKey, formatKey: MessageKey = typeKey) {
  return {
    error: (issue: IssueLike): MessageKey => {
      if (issue.input === undefined) return 'required';
      return issue.code === 'invalid_type' ? typeKey : formatKey;
    },
  };
}

/** Free text of at most `maxLength` characters. */
export function textValue(maxLength = 200) {
  return z.string(issueKeys('text.invalid')).max(maxLength, { error: 'text.tooLong' });
}

/** Siglas: trimmed, put in capitals, then 2–12 capital letters or digits. */
export function siglasValue() {
  return z
    .string(issueKeys('text.invalid'))
    .overwrite(normaliseSiglas)
    .regex(SIGLAS_PATTERN, { error: 'siglas.format' });
}

/** An e-mail address. */
export function emailValue() {
  return z.email(issueKeys('text.invalid', 'email.format')).max(254, { error: 'email.format' });
}

/** A phone number or an extension. */
export function phoneValue() {
  return z.string(issueKeys('text.invalid')).refine(isPhoneOrExtension, { error: 'phone.format' });
}

/** An `https:` or `http:` link. */
export function linkValue() {
  return z.string(issueKeys('text.invalid')).max(2000, { error: 'url.format' }).refine(isWebLink, { error: 'url.format' });
}

/** A calendar date `YYYY-MM-DD`. */
export function dateValue() {
  return z.string(issueKeys('date.format')).refine(isIsoDate, { error: 'date.format' });
}

/** A 24-hour time `HH:mm`. */
export function timeValue() {
  return z.string(issueKeys('time.format')).refine(isClockTime, { error: 'time.format' });
}

/** A whole number from `min` up to `max`; digits written as text are accepted. */
export function integerValue(min: number, max: number) {
  return z.preprocess(
    integerFromText,
    z
      .number(issueKeys('integer.format'))
      .int({ error: 'integer.format' })
      .min(min, { error: 'number.min' })
      .max(max, { error: 'number.max' }),
  );
}

/** Yes or no; `"true"` and `"false"` are accepted. */
export function booleanValue() {
  return z.preprocess(booleanFromText, z.boolean(issueKeys('boolean.format')));
}

/** One of a fixed set of choices. */
export function choiceValue<const T extends readonly [string, ...string[]]>(choices: T) {
  return z.enum(choices, issueKeys('choice.invalid'));
}

/** The id (or name) of an agenda resource: a room or a piece of equipment. */
export function resourceIdValue() {
  return textValue(200);
}

/** Several resource ids, as a list or as a comma-separated text (a multi-select's value). */
export function resourceIdsValue(maxItems = 20) {
  return z.preprocess(listFromText, z.array(resourceIdValue(), issueKeys('list.invalid')).max(maxItems, { error: 'list.max' }));
}
