import { fieldCatalogue, type FieldDescriptor } from './field-catalogue.js';
import { isRecord } from './form-input.js';
import type { ServiceType } from './service-forms.js';

/** The longest text kept of a field that declares no maximum (dates, times, numbers, choices). */
const defaultMaxLength = 200;

/**
 * A copy of a form's values cut to what its schema allows to be stored: each text to its field's
 * maximum length, each list to its maximum number of items, unknown fields dropped. For values
 * kept although they could not be saved (the form dialog's state): what was typed stays, within
 * the bounds any stored text has.
 */
export function boundFormValues(service: ServiceType, values: Record<string, unknown>): Record<string, unknown> {
  return boundRecord(fieldCatalogue(service), values);
}

function boundRecord(fields: readonly FieldDescriptor[], values: Record<string, unknown>): Record<string, unknown> {
  const bounded: Record<string, unknown> = {};
  for (const field of fields) {
    if (!Object.hasOwn(values, field.name)) continue;
    const value = boundValue(field, values[field.name]);
    if (value !== undefined) bounded[field.name] = value;
  }
  return bounded;
}

function boundValue(field: FieldDescriptor, value: unknown): unknown {
  const maxLength = field.maxLength ?? defaultMaxLength;
  if (typeof value === 'string') return value.slice(0, maxLength);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (!Array.isArray(value)) return undefined;
  const items = value.slice(0, field.maxItems ?? 20);
  return field.items
    ? items.filter(isRecord).map((item) => boundRecord(field.items!, item))
    : items.filter((item) => typeof item === 'string').map((item) => (item as string).slice(0, maxLength));
}
