import type { Resource } from '../services/agenda/agenda-types.js';
import { fieldCatalogue, type FieldDescriptor } from '../services/forms/field-catalogue.js';
import { choiceLabel, fieldHint, fieldLabel, formTitle } from '../services/forms/form-labels.js';
import type { FieldError } from '../services/forms/validate-form.js';
import type { ServiceRequest, ServiceType } from '../services/requests/request-types.js';
import { t, type Locale } from './messages.js';
import { escapeMarkdown } from './plain-text.js';
import { renderTemplate, type AdaptiveCard } from './render-card.js';
import template from './service-form-card.json' with { type: 'json' };

/** The service form as the ASV fills it in. */
export interface ServiceFormCardView {
  request: ServiceRequest;
  service: ServiceType;
  locale: Locale;
  /** The business time zone (the form's date and times are read in it). */
  timeZone: string;
  /** The form's values: the nested form object (lists as arrays), or the card's flat input values. */
  values: Record<string, unknown>;
  /** Problems with what was given; each is shown under its input (as written: a message may quote a typed value) and in the summary. */
  errors: FieldError[];
  /** What the complete form still needs (listed at the top; a draft may be saved without it). */
  missing?: FieldError[];
  /** The catalogue: the rooms and equipment offered by the room and equipment inputs. */
  resources: Resource[];
  /** A short note at the top (draft saved, values kept from before…); plain text, shown as written. */
  note?: string | undefined;
  /** Input ids whose values were guessed from the request's text: their labels say "(sugerido: confirme)". */
  suggested?: readonly string[] | undefined;
}

/** Rows offered for each list field (remote sites, external participants, presenters). */
export const LIST_ROWS = 4;
/** Most rows a list field shows: one empty row after the ones already filled, up to this. */
export const MAX_LIST_ROWS = 6;

type Choice = { title: string; value: string };

type Entry =
  | { kind: 'section'; label: string; hint: string; error: string }
  | { kind: 'row'; label: string; error: string }
  | {
      kind: 'text';
      id: string;
      label: string;
      value: string;
      style: string;
      isMultiline: true | '';
      maxLength: number | '';
      placeholder: string;
      error: string;
    }
  | { kind: 'date' | 'time'; id: string; label: string; value: string; error: string }
  | { kind: 'number'; id: string; label: string; value: number | ''; min: number | ''; max: number | ''; error: string }
  | { kind: 'toggle'; id: string; label: string; value: 'true' | 'false'; error: string }
  | {
      kind: 'choice';
      id: string;
      label: string;
      value: string;
      style: 'compact' | 'expanded';
      isMultiSelect: boolean;
      placeholder: string;
      choices: Choice[];
      error: string;
    };

const textStyles: Partial<Record<FieldDescriptor['kind'], string>> = { email: 'email', phone: 'tel', url: 'url' };

/** The input id of a list item's field: `remoteSites.0.protocol`. */
export function listInputId(list: string, index: number, field: string): string {
  return `${list}.${index}.${field}`;
}

/**
 * The ids of every input the service form card has with no list filled: one per field path of
 * the catalogue, each list field expanded to {@link LIST_ROWS} rows (`remoteSites.0.institution` …
 * `remoteSites.3.protocol`).
 */
export function serviceFormInputIds(service: ServiceType): string[] {
  return fieldCatalogue(service).flatMap((field) =>
    field.kind === 'list'
      ? Array.from({ length: LIST_ROWS }, (_, index) => (field.items ?? []).map((item) => listInputId(field.name, index, item.name))).flat()
      : [field.path],
  );
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function splitChoices(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(String).filter((item) => item.trim() !== '');
  if (typeof value !== 'string') return value;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function submitted(field: FieldDescriptor, raw: unknown): unknown {
  if (isBlank(raw)) return undefined;
  if (field.kind === 'choice' && field.multiple) {
    const items = splitChoices(raw);
    return isBlank(items) ? undefined : items;
  }
  if (field.kind === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/**
 * The card's flat input values (the invoke's `action.data`) as the nested form object of
 * `service`: list rows rebuilt from `<list>.<index>.<field>` (in index order, empty rows dropped),
 * multi-selects `"a,b"` split into lists, toggles `"true"`/`"false"` made booleans, empty inputs
 * left out. Anything that is not a form input (`requestId`, `version`, `verb`…) is ignored;
 * nothing else is changed — validation normalises and checks.
 */
export function inputIdsToValues(service: ServiceType, data: Record<string, unknown>): Record<string, unknown> {
  const form: Record<string, unknown> = {};
  for (const field of fieldCatalogue(service)) {
    if (field.kind !== 'list') {
      const value = submitted(field, data[field.path]);
      if (value !== undefined) form[field.name] = value;
      continue;
    }
    const items = field.items ?? [];
    const rows = new Map<number, Record<string, unknown>>();
    const pattern = new RegExp(`^${field.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.([^.]+)$`);
    for (const [key, raw] of Object.entries(data)) {
      const match = pattern.exec(key);
      if (!match) continue;
      const item = items.find((candidate) => candidate.name === match[2]);
      const value = item ? submitted(item, raw) : undefined;
      if (item === undefined || value === undefined) continue;
      const index = Number(match[1]);
      rows.set(index, { ...rows.get(index), [item.name]: value });
    }
    const list = [...rows.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
    if (list.length > 0) form[field.name] = list;
  }
  return form;
}

/** The value at an input id, from the nested form (`remoteSites[0].protocol`) or a flat input value. */
function valueAt(values: Record<string, unknown>, id: string): unknown {
  if (Object.hasOwn(values, id)) return values[id];
  let current: unknown = values;
  for (const segment of id.split('.')) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (typeof current === 'object' && current !== null) current = (current as Record<string, unknown>)[segment];
    else return undefined;
  }
  return current;
}

/** How many rows of a list field hold data (nested list or flat `<list>.<index>.<field>` values). */
function filledRows(values: Record<string, unknown>, list: string): number {
  const nested = values[list];
  let count = Array.isArray(nested) ? nested.length : 0;
  const prefix = `${list}.`;
  for (const key of Object.keys(values)) {
    if (!key.startsWith(prefix)) continue;
    const index = Number(key.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(index) && !isBlank(values[key])) count = Math.max(count, index + 1);
  }
  return count;
}

function displayText(value: unknown): string {
  if (isBlank(value)) return '';
  if (Array.isArray(value)) return value.map(String).join(',');
  return typeof value === 'object' ? '' : String(value);
}

function numberValue(value: unknown): number | '' {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return '';
}

function resourceChoices(view: ServiceFormCardView, kind: 'room' | 'equipment', current: string[]): Choice[] {
  const offered = view.resources
    .filter((resource) => resource.kind === kind && resource.active && resource.services.includes(view.service))
    .sort((a, b) => a.name.localeCompare(b.name, view.locale))
    .map((resource) => ({
      title: resource.capacity !== undefined ? `${resource.name} (${resource.capacity})` : resource.name,
      value: resource.id,
    }));
  const known = new Set(offered.map((choice) => choice.value));
  const kept = current.filter((id) => !known.has(id)).map((id) => ({ title: view.resources.find((resource) => resource.id === id)?.name ?? id, value: id }));
  return [...offered, ...kept];
}

function inputEntry(view: ServiceFormCardView, field: FieldDescriptor, id: string, label: string, error: string): Entry {
  const raw = valueAt(view.values, id);
  const { locale, service } = view;
  const required = field.required && !field.derived ? `${label} *` : label;
  const shown = view.suggested?.includes(id) ? `${required} ${t(locale, 'form.suggestedMark')}` : required;
  switch (field.kind) {
    case 'date':
    case 'time':
      return { kind: field.kind, id, label: shown, value: displayText(raw), error };
    case 'number':
      return { kind: 'number', id, label: shown, value: numberValue(raw), min: field.min ?? '', max: field.max ?? '', error };
    case 'boolean':
      if (field.derived) {
        return {
          kind: 'choice',
          id,
          label: shown,
          value: raw === true || raw === 'true' ? 'true' : raw === false || raw === 'false' ? 'false' : '',
          style: 'compact',
          isMultiSelect: false,
          placeholder: t(locale, 'form.bridgeAuto'),
          choices: [
            { title: t(locale, 'form.yes'), value: 'true' },
            { title: t(locale, 'form.no'), value: 'false' },
          ],
          error,
        };
      }
      return { kind: 'toggle', id, label: shown, value: raw === true || raw === 'true' ? 'true' : 'false', error };
    case 'choice': {
      const current = displayText(raw);
      const currentIds = current === '' ? [] : current.split(',').map((item) => item.trim());
      const choices = field.choiceSource
        ? resourceChoices(view, field.choiceSource === 'rooms' ? 'room' : 'equipment', currentIds)
        : (field.choices ?? []).map((value) => ({ title: choiceLabel(service, field.path, value, locale), value }));
      return {
        kind: 'choice',
        id,
        label: shown,
        value: currentIds.join(','),
        style: 'compact',
        isMultiSelect: field.multiple === true,
        placeholder: t(locale, 'form.choose'),
        choices,
        error,
      };
    }
    default:
      return {
        kind: 'text',
        id,
        label: shown,
        value: displayText(raw),
        style: textStyles[field.kind] ?? '',
        isMultiline: field.multiline === true ? true : '',
        maxLength: field.maxLength ?? '',
        placeholder: '',
        error,
      };
  }
}

function entries(view: ServiceFormCardView, errorAt: Map<string, string>): Entry[] {
  const { service, locale } = view;
  const list: Entry[] = [];
  for (const field of fieldCatalogue(service)) {
    const label = fieldLabel(service, field.path, locale);
    if (field.kind !== 'list') {
      list.push(inputEntry(view, field, field.path, label, errorAt.get(field.path) ?? ''));
      continue;
    }
    const hint = [fieldHint(service, field.path, locale), t(locale, 'form.listHint')].filter(Boolean).join(' ');
    list.push({ kind: 'section', label: field.required ? `${label} *` : label, hint, error: errorAt.get(field.path) ?? '' });
    const rows = Math.min(MAX_LIST_ROWS, Math.max(LIST_ROWS, filledRows(view.values, field.name) + 1));
    const itemLabel = fieldLabel(service, `${field.path}[]`, locale);
    for (let index = 0; index < rows; index += 1) {
      const rowPath = `${field.name}.${index}`;
      list.push({ kind: 'row', label: t(locale, 'form.row', { item: itemLabel, number: index + 1 }), error: errorAt.get(rowPath) ?? '' });
      for (const item of field.items ?? []) {
        const id = listInputId(field.name, index, item.name);
        list.push(inputEntry(view, item, id, fieldLabel(service, item.path, locale), errorAt.get(id) ?? ''));
      }
    }
  }
  return list;
}

/**
 * The service form (FOR 7.5 DRT 09, 33 or 31) as a card, generated from the service's field
 * catalogue: one input per field path (text, e-mail, phone, link, date, time, number, toggle,
 * choices — rooms and equipment from the catalogue of resources), list fields as numbered rows
 * with inputs `<list>.<index>.<field>`; values pre-filled so nothing typed is lost (the ones
 * guessed from the request's text labelled for the ASV to confirm), each error
 * message under its input and the fields in error named at the top, and a `save-form` button (data: `requestId`,
 * `version`, `service`).
 */
export function renderServiceFormCard(view: ServiceFormCardView): AdaptiveCard {
  const { request, service, locale } = view;
  const errorAt = new Map<string, string>();
  for (const error of view.errors) if (!errorAt.has(error.path)) errorAt.set(error.path, escapeMarkdown(error.message));
  const actionData = { requestId: request.id, version: request.version };
  return renderTemplate(template, {
    lang: locale,
    title: t(locale, 'form.title', { form: formTitle(service, locale), folio: request.folio }),
    subtitle: escapeMarkdown(`${request.dependencia.name} (${request.dependencia.siglas}) · ${request.requester.name}`),
    note: escapeMarkdown(view.note ?? ''),
    errorSummary: [...new Set(view.errors.map((error) => error.field))],
    missingSummary: [...new Set((view.missing ?? []).map((error) => error.field))],
    entries: entries(view, errorAt),
    labels: {
      errorsTitle: t(locale, 'form.errorsTitle'),
      missingTitle: t(locale, 'form.missingTitle'),
      requiredLegend: t(locale, 'form.requiredLegend'),
      save: t(locale, 'action.save'),
      back: t(locale, 'action.back'),
    },
    saveData: { ...actionData, service },
    backData: actionData,
  });
}
