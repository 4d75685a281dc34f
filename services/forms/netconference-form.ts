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
import { booleanValue, choiceValue, emailValue, integerValue, linkValue, textValue } from './field-values.js';

/** Quality-record code of the netconference form. */
export const NETCONFERENCE_FORM_CODE = 'FOR 7.5 DRT 31';

/** The meeting platforms; `Other` asks for the platform's name. */
export const NETCONFERENCE_PLATFORMS = ['Teams', 'Zoom', 'Webex', 'Other'] as const;

/** Most participants one netconference may expect online. */
export const MAX_ONLINE_PARTICIPANTS = 100_000;

/** The fields of one presenter. */
export const presenterFields = {
  name: requiredField({ kind: 'text', maxLength: 200 }, textValue(200)),
  email: requiredField({ kind: 'email', maxLength: 254 }, emailValue()),
} satisfies FieldSpecs;

/**
 * The fields of FOR 7.5 DRT 31 (netconference), common fields included, in display order.
 * The meeting link is optional in both variants: the ASV fills it when booking.
 */
export const netconferenceFields = withCommonFields({
  platform: requiredField({ kind: 'choice', choices: NETCONFERENCE_PLATFORMS }, choiceValue(NETCONFERENCE_PLATFORMS)),
  platformName: optionalField({ kind: 'text', maxLength: 100 }, textValue(100)),
  onlineParticipants: requiredField({ kind: 'number', min: 1, max: MAX_ONLINE_PARTICIPANTS }, integerValue(1, MAX_ONLINE_PARTICIPANTS)),
  presenters: listField(presenterFields, { required: true, minItems: 1, maxItems: 20 }),
  registrationRequired: requiredField({ kind: 'boolean' }, booleanValue()),
  recording: requiredField({ kind: 'boolean' }, booleanValue()),
  liveStreaming: requiredField({ kind: 'boolean' }, booleanValue()),
  hostAccount: requiredField({ kind: 'text', maxLength: 200 }, textValue(200)),
  meetingLink: optionalField({ kind: 'url', maxLength: 2000 }, linkValue()),
});

/** The platform's name goes with `Other` only; the complete form requires it there. */
export const platformNameRule: FormRule = (form, { mode, report }) => {
  if (form.platform === 'Other' && form.platformName === undefined && mode === 'complete') {
    report(['platformName'], 'platformName.requiredForOther');
  }
  if (form.platform !== undefined && form.platform !== 'Other' && form.platformName !== undefined) {
    report(['platformName'], 'platformName.onlyForOther');
  }
};

/** The cross-field rules of the netconference form. */
export const netconferenceRules: readonly FormRule[] = [...commonRules, platformNameRule];

/** A complete netconference form. */
export type NetconferenceForm = CompleteForm<typeof netconferenceFields>;

/** A netconference form saved incomplete. */
export type NetconferenceDraft = DraftForm<typeof netconferenceFields>;

/** The schema of FOR 7.5 DRT 31 in `mode`, times read in `timeZone`. */
export function netconferenceFormSchema(options: FormSchemaOptions<'complete'>): z.ZodType<NetconferenceForm>;
export function netconferenceFormSchema(options: FormSchemaOptions<'draft'>): z.ZodType<NetconferenceDraft>;
export function netconferenceFormSchema(options: FormSchemaOptions): z.ZodType<NetconferenceForm | NetconferenceDraft>;
export function netconferenceFormSchema(options: FormSchemaOptions): z.ZodType<NetconferenceForm | NetconferenceDraft> {
  return formSchema(netconferenceFields, netconferenceRules, options);
}
