import type * as z from 'zod';
import { isKnownTimeZone } from './event-times.js';
import type { FormMode } from './field-spec.js';
import { choiceLabel, cataloguePath, labelAtPath } from './form-labels.js';
import { formatMessage, isMessageKey, type MessageKey } from './form-messages.js';
import { isRecord } from './form-input.js';
import { DEFAULT_LOCALE, type Locale } from './locale.js';
import type { NetconferenceDraft, NetconferenceForm } from './netconference-form.js';
import { isServiceType, serviceForms, type ServiceType } from './service-forms.js';
import type { TeleconferenceDraft, TeleconferenceForm } from './teleconference-form.js';
import type { VideoconferenceDraft, VideoconferenceForm } from './videoconference-form.js';

export type { FormMode } from './field-spec.js';
export type { Locale } from './locale.js';
export type { ServiceType } from './service-forms.js';

interface FormsByService {
  VC: { complete: VideoconferenceForm; draft: VideoconferenceDraft };
  TC: { complete: TeleconferenceForm; draft: TeleconferenceDraft };
  NC: { complete: NetconferenceForm; draft: NetconferenceDraft };
}

/** A parsed service form; by default any service in either mode. */
export type ServiceForm<S extends ServiceType = ServiceType, M extends FormMode = FormMode> = FormsByService[S][M];

/** One problem with a form, in the user's language. */
export interface FieldError {
  /** Where the value is, dot-separated, list items by index (`remoteSites.0.dialAddress`). */
  path: string;
  /** The field's localised label (`Sitio remoto 1 › Dirección de marcación`). */
  field: string;
  /** A localised sentence naming the field and saying what to do. */
  message: string;
}

/** How to validate: draft or complete, the user's language, the business time zone. */
export interface ValidateFormOptions<M extends FormMode = FormMode> {
  mode: M;
  /** The language of the messages; Spanish when not given. */
  locale?: Locale;
  /** The IANA time zone the date and times are read in (`America/Mexico_City`). */
  timeZone: string;
  /** The agenda's rooms and equipment: a room or equipment field must name one of them (unchecked when absent). */
  catalogue?: { rooms: readonly string[]; equipment: readonly string[] } | undefined;
}

/** The outcome: the parsed form, or every problem plus the data exactly as it was given. */
export type FormValidation<T> =
  | { ok: true; value: T }
  | { ok: false; errors: FieldError[]; value: Record<string, unknown> };

const schemaCache = new Map<string, z.ZodType<unknown>>();

function schemaFor(service: ServiceType, mode: FormMode, timeZone: string): z.ZodType<unknown> {
  const cacheKey = `${service}|${mode}|${timeZone}`;
  let schema = schemaCache.get(cacheKey);
  if (schema === undefined) {
    schema = serviceForms[service].schema({ mode, timeZone });
    schemaCache.set(cacheKey, schema);
  }
  return schema;
}

/**
 * Validates a service form (FOR 7.5 DRT 09, 33 or 31). A `draft` may leave any field out, but
 * what it gives must be valid; a `complete` form must have every required field. On success the
 * value is the normalised form (trimmed, siglas in capitals, numbers and yes/no parsed). On
 * failure each problem is reported once per field, in the user's language, naming the field,
 * and `value` is the data as given — the same object, untouched — so nothing typed is lost.
 *
 * @throws Error when the service or the time zone is unknown (a programming or configuration error).
 */
export function validateServiceForm<S extends ServiceType, M extends FormMode>(
  service: S,
  data: unknown,
  options: ValidateFormOptions<M>,
): FormValidation<ServiceForm<S, M>> {
  if (!isServiceType(service)) throw new Error(`validateServiceForm: unknown service type "${String(service)}"`);
  if (!isKnownTimeZone(options.timeZone)) throw new Error(`validateServiceForm: unknown time zone "${options.timeZone}"`);
  const locale = options.locale ?? DEFAULT_LOCALE;
  const result = schemaFor(service, options.mode, options.timeZone).safeParse(data);
  const unknownResources = options.catalogue ? unknownResourceErrors(service, result.success ? result.data : data, options.catalogue, locale) : [];
  if (result.success && !unknownResources.length) return { ok: true, value: result.data as ServiceForm<S, M> };
  const errors = result.success ? [] : localiseIssues(service, result.error.issues, locale);
  return {
    ok: false,
    errors: [...errors, ...unknownResources.filter((error) => !errors.some((known) => known.path === error.path))],
    value: isRecord(data) ? data : {},
  };
}

/** A room or equipment field naming something that is not in the agenda's catalogue, as field errors. */
function unknownResourceErrors(service: ServiceType, form: unknown, catalogue: NonNullable<ValidateFormOptions['catalogue']>, locale: Locale): FieldError[] {
  if (!isRecord(form)) return [];
  const known = { rooms: new Set(catalogue.rooms), equipment: new Set(catalogue.equipment) };
  const errors: FieldError[] = [];
  for (const [name, spec] of Object.entries(serviceForms[service].fields)) {
    if (!spec.choiceSource || !Object.hasOwn(form, name)) continue;
    const value = form[name];
    const ids = Array.isArray(value) ? value : [value];
    const unknown = ids.find((id) => typeof id === 'string' && !known[spec.choiceSource!].has(id));
    if (typeof unknown !== 'string') continue;
    const field = labelAtPath(service, [name], locale);
    errors.push({ path: name, field, message: formatMessage(locale, 'resource.unknown', { field, value: unknown.slice(0, 80) }) });
  }
  return errors;
}

/** Zod issues as localised field errors in the form's field order, the first issue of each path only. */
export function localiseIssues(service: ServiceType, issues: readonly z.core.$ZodIssue[], locale: Locale): FieldError[] {
  const fieldOrder = Object.keys(serviceForms[service].fields);
  const position = (issue: z.core.$ZodIssue) => (issue.path.length === 0 ? -1 : fieldOrder.indexOf(String(issue.path[0])));
  const errors = new Map<string, FieldError>();
  for (const issue of [...issues].sort((a, b) => position(a) - position(b))) {
    const path = issue.path.map(String).join('.');
    if (!errors.has(path)) errors.set(path, localiseIssue(service, issue, locale));
  }
  return [...errors.values()];
}

function localiseIssue(service: ServiceType, issue: z.core.$ZodIssue, locale: Locale): FieldError {
  const path = issue.path.map(String).join('.');
  const field = labelAtPath(service, issue.path, locale);
  const key: MessageKey = isMessageKey(issue.message) ? issue.message : 'invalid';
  const params: Record<string, string | number> = { field };
  if (issue.code === 'too_small') params.min = Number(issue.minimum);
  if (issue.code === 'too_big') params.max = Number(issue.maximum);
  if (issue.code === 'invalid_value') {
    const choicePath = cataloguePath(issue.path);
    params.choices = issue.values.map((value) => choiceLabel(service, choicePath, String(value), locale)).join(', ');
  }
  if (issue.code === 'custom' && issue.params) Object.assign(params, issue.params);
  return { path, field, message: formatMessage(locale, key, params) };
}
