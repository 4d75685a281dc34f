import type { ChoiceSource, FieldKind, FieldSpecs } from './field-spec.js';
import { serviceForms, type ServiceType } from './service-forms.js';

/** One field of a form as a card generator or a printed record sees it. */
export interface FieldDescriptor {
  /** The field's key in its object (`protocol`). */
  readonly name: string;
  /** Its catalogue path, the key of its label (`remoteSites[].protocol`). */
  readonly path: string;
  readonly kind: FieldKind;
  /** Whether the complete form requires it. */
  readonly required: boolean;
  readonly choices?: readonly string[];
  readonly choiceSource?: ChoiceSource;
  readonly multiple?: boolean;
  readonly multiline?: boolean;
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Filled from other fields when left out. */
  readonly derived?: boolean;
  /** The fields of each item of a list. */
  readonly items?: readonly FieldDescriptor[];
}

/** Descriptors of `fields`, in display order, their paths under `prefix` (a list's `name[]`). */
export function describeFields(fields: FieldSpecs, prefix = ''): FieldDescriptor[] {
  return Object.entries(fields).map(([name, spec]) => {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    const { kind, required, choices, choiceSource, multiple, multiline, maxLength, min, max, minItems, maxItems, derived, item } = spec;
    const descriptor = { name, path, kind, required, choices, choiceSource, multiple, multiline, maxLength, min, max, minItems, maxItems, derived };
    const items = item === undefined ? undefined : describeFields(item, `${path}[]`);
    return withoutUndefined({ ...descriptor, items });
  });
}

/** The field catalogue of a service's form, derived from its schema's field definitions. */
export function fieldCatalogue(service: ServiceType): readonly FieldDescriptor[] {
  return describeFields(serviceForms[service].fields);
}

/** Every descriptor of a catalogue, list items included, depth first. */
export function flattenCatalogue(catalogue: readonly FieldDescriptor[]): FieldDescriptor[] {
  return catalogue.flatMap((field) => [field, ...flattenCatalogue(field.items ?? [])]);
}

function withoutUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
