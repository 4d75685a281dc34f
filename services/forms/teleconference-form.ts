import type * as z from 'zod';
import { commonRules, withCommonFields } from './common-fields.js';
import {
  formSchema,
  listField,
  optionalField,
  requiredField,
  type CompleteForm,
  type DraftForm,
  type FieldSpecs,
  type FormSchemaOptions,
  type FormRule,
} from './field-spec.js';
import { booleanValue, choiceValue, integerValue, phoneValue, resourceIdValue, textValue } from './field-values.js';

/** Quality-record code of the teleconference form. */
export const TELECONFERENCE_FORM_CODE = 'FOR 7.5 DRT 33';

/** Through the audio bridge, or a direct call. */
export const TELECONFERENCE_MODES = ['bridge', 'direct'] as const;

/** Most telephone lines one teleconference may ask for. */
export const MAX_LINES = 100;

/** The fields of one external participant. */
export const externalParticipantFields = {
  name: requiredField({ kind: 'text', maxLength: 200 }, textValue(200)),
  phone: requiredField({ kind: 'phone', maxLength: 40 }, phoneValue()),
} satisfies FieldSpecs;

/** The fields of FOR 7.5 DRT 33 (teleconference), common fields included, in display order. */
export const teleconferenceFields = withCommonFields({
  mode: requiredField({ kind: 'choice', choices: TELECONFERENCE_MODES }, choiceValue(TELECONFERENCE_MODES)),
  lines: requiredField({ kind: 'number', min: 1, max: MAX_LINES }, integerValue(1, MAX_LINES)),
  externalParticipants: listField(externalParticipantFields, { required: false, minItems: 0, maxItems: 30 }),
  moderator: requiredField({ kind: 'text', maxLength: 200 }, textValue(200)),
  recording: requiredField({ kind: 'boolean' }, booleanValue()),
  room: optionalField({ kind: 'choice', choiceSource: 'rooms' }, resourceIdValue()),
});

/** A direct call dials someone: the complete form lists at least one external participant. */
export const directCallRule: FormRule = (form, { mode, report }) => {
  if (mode !== 'complete' || form.mode !== 'direct') return;
  const participants = Array.isArray(form.externalParticipants) ? form.externalParticipants.length : 0;
  if (participants === 0) report(['externalParticipants'], 'externalParticipants.direct');
};

/** The cross-field rules of the teleconference form. */
export const teleconferenceRules: readonly FormRule[] = [...commonRules, directCallRule];

/** A complete teleconference form. */
export type TeleconferenceForm = CompleteForm<typeof teleconferenceFields>;

/** A teleconference form saved incomplete. */
export type TeleconferenceDraft = DraftForm<typeof teleconferenceFields>;

/** The schema of FOR 7.5 DRT 33 in `mode`, times read in `timeZone`. */
export function teleconferenceFormSchema(options: FormSchemaOptions<'complete'>): z.ZodType<TeleconferenceForm>;
export function teleconferenceFormSchema(options: FormSchemaOptions<'draft'>): z.ZodType<TeleconferenceDraft>;
export function teleconferenceFormSchema(options: FormSchemaOptions): z.ZodType<TeleconferenceForm | TeleconferenceDraft>;
export function teleconferenceFormSchema(options: FormSchemaOptions): z.ZodType<TeleconferenceForm | TeleconferenceDraft> {
  return formSchema(teleconferenceFields, teleconferenceRules, options);
}
