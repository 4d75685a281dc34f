import type * as z from 'zod';
import { commonRules, nonexistentTime, withCommonFields } from './common-fields.js';
import { isDiallableWith, VIDEO_PROTOCOLS, diallingAddressKind, type VideoProtocol } from './dialling-address.js';
import { localMoment } from './event-times.js';
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
import {
  booleanValue,
  choiceValue,
  dateValue,
  emailValue,
  integerValue,
  phoneValue,
  resourceIdValue,
  resourceIdsValue,
  textValue,
  timeValue,
} from './field-values.js';

/** Quality-record code of the videoconference form. */
export const VIDEOCONFERENCE_FORM_CODE = 'FOR 7.5 DRT 09';

/** How the sites are connected. */
export const VIDEOCONFERENCE_MODES = ['point-to-point', 'multipoint'] as const;

/** Slowest and fastest call rate accepted, in kbps. */
export const BANDWIDTH_KBPS = { min: 64, max: 100_000 } as const;

const protocols = [...VIDEO_PROTOCOLS] as [VideoProtocol, ...VideoProtocol[]];

/**
 * A remote site's dialling address must suit its protocol (see `dialling-address.ts`); while
 * the protocol is not chosen, any known kind is accepted. The complete form needs a contact
 * e-mail or phone.
 */
export const remoteSiteRule: FormRule = (site, { mode, report }) => {
  const { dialAddress, protocol, contactEmail, contactPhone } = site;
  if (typeof dialAddress === 'string') {
    if (protocol === 'H.323' || protocol === 'SIP') {
      const key = protocol === 'SIP' ? 'diallingAddress.sip' : 'diallingAddress.h323';
      if (!isDiallableWith(protocol, dialAddress)) report(['dialAddress'], key);
    } else if (diallingAddressKind(dialAddress) === undefined) {
      report(['dialAddress'], 'diallingAddress.any');
    }
  }
  if (mode === 'complete' && contactEmail === undefined && contactPhone === undefined) {
    report(['contactEmail'], 'contact.emailOrPhone');
  }
};

/** The fields of one remote site. */
export const remoteSiteFields = {
  institution: requiredField({ kind: 'text', maxLength: 200 }, textValue(200)),
  contactName: requiredField({ kind: 'text', maxLength: 200 }, textValue(200)),
  contactEmail: optionalField({ kind: 'email', maxLength: 254 }, emailValue()),
  contactPhone: optionalField({ kind: 'phone', maxLength: 40 }, phoneValue()),
  dialAddress: requiredField({ kind: 'text', maxLength: 255 }, textValue(255)),
  protocol: requiredField({ kind: 'choice', choices: VIDEO_PROTOCOLS }, choiceValue(protocols)),
} satisfies FieldSpecs;

/** The fields of FOR 7.5 DRT 09 (videoconference), common fields included, in display order. */
export const videoconferenceFields = withCommonFields({
  localRoom: requiredField({ kind: 'choice', choiceSource: 'rooms' }, resourceIdValue()),
  mode: requiredField({ kind: 'choice', choices: VIDEOCONFERENCE_MODES }, choiceValue(VIDEOCONFERENCE_MODES)),
  needsBridge: optionalField({ kind: 'boolean', derived: true }, booleanValue()),
  remoteSites: listField(remoteSiteFields, { required: true, minItems: 1, maxItems: 12, itemRules: [remoteSiteRule] }),
  bandwidthKbps: requiredField({ kind: 'number', ...BANDWIDTH_KBPS }, integerValue(BANDWIDTH_KBPS.min, BANDWIDTH_KBPS.max)),
  connectionTestDate: requiredField({ kind: 'date' }, dateValue()),
  connectionTestTime: requiredField({ kind: 'time' }, timeValue()),
  recording: requiredField({ kind: 'boolean' }, booleanValue()),
  streaming: requiredField({ kind: 'boolean' }, booleanValue()),
  extraEquipment: optionalField({ kind: 'choice', choiceSource: 'equipment', multiple: true, maxItems: 20 }, resourceIdsValue(20)),
});

/**
 * Multipoint needs the bridge (MCU): `needsBridge: false` with multipoint is rejected.
 * Point-to-point has exactly one remote site; multipoint, complete, at least two.
 */
export const topologyRule: FormRule = (form, { mode, report }) => {
  const sites = Array.isArray(form.remoteSites) ? form.remoteSites.length : undefined;
  if (form.mode === 'multipoint' && form.needsBridge === false) report(['needsBridge'], 'needsBridge.multipoint');
  if (sites === undefined) return;
  if (form.mode === 'point-to-point' && sites > 1) report(['remoteSites'], 'remoteSites.pointToPoint');
  if (form.mode === 'multipoint' && mode === 'complete' && sites < 2) report(['remoteSites'], 'remoteSites.multipoint');
};

/** The connection test, read in the business time zone, must exist and come before the event starts. */
export const connectionTestRule: FormRule = (form, { timeZone, report }) => {
  const { connectionTestDate, connectionTestTime, date, startTime } = form;
  const test = localMoment(connectionTestDate, connectionTestTime, timeZone);
  if (test.kind === 'nonexistent') {
    report(['connectionTestTime'], 'time.nonexistent', nonexistentTime(connectionTestDate, connectionTestTime, timeZone));
  }
  const eventStart = localMoment(date, startTime, timeZone);
  if (test.kind !== 'instant' || eventStart.kind !== 'instant' || test.at < eventStart.at) return;
  const field = connectionTestDate === date ? 'connectionTestTime' : 'connectionTestDate';
  report([field], 'connectionTest.notBeforeEvent', { start: `${String(date)} ${String(startTime)}` });
};

/** The cross-field rules of the videoconference form. */
export const videoconferenceRules: readonly FormRule[] = [...commonRules, topologyRule, connectionTestRule];

type VideoconferenceFields = typeof videoconferenceFields;

/** A complete videoconference form; `needsBridge` is always set (derived from the mode when not given). */
export type VideoconferenceForm = Omit<CompleteForm<VideoconferenceFields>, 'needsBridge'> & { needsBridge: boolean };

/** A videoconference form saved incomplete. */
export type VideoconferenceDraft = DraftForm<VideoconferenceFields>;

/** When `needsBridge` is not given, multipoint needs the bridge and point-to-point does not. */
export function deriveNeedsBridge<T extends { mode?: string; needsBridge?: boolean }>(form: T): T {
  if (form.needsBridge !== undefined || form.mode === undefined) return form;
  return { ...form, needsBridge: form.mode === 'multipoint' };
}

/** The schema of FOR 7.5 DRT 09 in `mode`, times read in `timeZone`. */
export function videoconferenceFormSchema(options: FormSchemaOptions<'complete'>): z.ZodType<VideoconferenceForm>;
export function videoconferenceFormSchema(options: FormSchemaOptions<'draft'>): z.ZodType<VideoconferenceDraft>;
export function videoconferenceFormSchema(options: FormSchemaOptions): z.ZodType<VideoconferenceForm | VideoconferenceDraft>;
export function videoconferenceFormSchema(options: FormSchemaOptions): z.ZodType<VideoconferenceForm | VideoconferenceDraft> {
  return formSchema(videoconferenceFields, videoconferenceRules, options).transform(deriveNeedsBridge) as z.ZodType<
    VideoconferenceForm | VideoconferenceDraft
  >;
}
