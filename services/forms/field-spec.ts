import * as z from 'zod';
import type { MessageParams } from './form-messages.js';
import { isRecord, multiLineText, normaliseFormInput, singleLineText } from './form-input.js';
import { issueKeys } from './field-values.js';
import type { MessageKey } from './messages.es.js';

/** Whether a form is being saved while data is gathered (`draft`) or must be whole (`complete`). */
export type FormMode = 'draft' | 'complete';

/** How a field is entered and shown; a card generator picks its input from this. */
export type FieldKind = 'text' | 'email' | 'phone' | 'url' | 'date' | 'time' | 'number' | 'boolean' | 'choice' | 'list';

/** Where a choice field's options come from when they are not fixed: the agenda's resources. */
export type ChoiceSource = 'rooms' | 'equipment';

/** What a card generator needs to know about a field besides its schema. */
export interface FieldTraits {
  readonly kind: FieldKind;
  /** Fixed options of a `choice` field. */
  readonly choices?: readonly string[];
  /** Options of a `choice` field taken from the agenda's resources. */
  readonly choiceSource?: ChoiceSource;
  /** A `choice` field that takes several options. */
  readonly multiple?: boolean;
  /**
   * A `text` field written over several lines: it keeps its line breaks ({@link multiLineText}).
   * Every other field's text is one line ({@link singleLineText}).
   */
  readonly multiline?: boolean;
  readonly maxLength?: number;
  /** Bounds of a `number` field. */
  readonly min?: number;
  readonly max?: number;
  /** Fewest items of a `list` field in the complete form. */
  readonly minItems?: number;
  /** Most items of a `list` field (or of a multiple choice), in a draft as in the complete form. */
  readonly maxItems?: number;
  /** The fields of each item of a `list` field. */
  readonly item?: FieldSpecs;
  /** Filled from other fields when not given (e.g. the bridge from the mode). */
  readonly derived?: boolean;
}

/**
 * One field of a service form: its traits, whether the complete form requires it, and the
 * schemas of a present value in the complete and the draft form (they differ only for lists,
 * whose items are partial in a draft).
 */
export interface FieldSpec<C extends z.ZodType = z.ZodType, D extends z.ZodType = z.ZodType, R extends boolean = boolean>
  extends FieldTraits {
  readonly required: R;
  readonly complete: C;
  readonly draft: D;
}

/** The fields of a form (or of a list item), in display order. */
export type FieldSpecs = Readonly<Record<string, FieldSpec>>;

/** The zod shape of the complete form: required fields required, the rest optional. */
export type CompleteShape<S extends FieldSpecs> = {
  -readonly [K in keyof S]: S[K]['required'] extends true ? S[K]['complete'] : z.ZodOptional<S[K]['complete']>;
};

/** The zod shape of a draft: every field optional. */
export type DraftShape<S extends FieldSpecs> = { -readonly [K in keyof S]: z.ZodOptional<S[K]['draft']> };

/** The parsed complete form of `S`. */
export type CompleteForm<S extends FieldSpecs> = z.output<z.ZodObject<CompleteShape<S>>>;

/** The parsed draft of `S`. */
export type DraftForm<S extends FieldSpecs> = z.output<z.ZodObject<DraftShape<S>>>;

/** How to build a form schema: draft or complete, and the business time zone its times are read in. */
export interface FormSchemaOptions<M extends FormMode = FormMode> {
  readonly mode: M;
  readonly timeZone: string;
}

/** What a cross-field rule knows and how it reports a problem. */
export interface RuleContext {
  readonly mode: FormMode;
  readonly timeZone: string;
  /** Reports a problem at `path` (relative to the object the rule checks). */
  report(path: readonly (string | number)[], key: MessageKey, params?: MessageParams): void;
}

/**
 * A rule across fields. It sees the object as parsed so far — fields that failed their own
 * check keep their raw value — so it must check each value it reads before relying on it.
 */
export type FormRule = (form: Readonly<Record<string, unknown>>, context: RuleContext) => void;

/** A field's value schema preceded by the field's line rule; what is not text is passed on unchanged. */
export type LinedValue<T extends z.ZodType> = z.ZodPreprocess<T>;

/**
 * `value` preceded by the line rule of a field with `traits`: text of a `multiline` field keeps
 * its line breaks and loses the other control characters ({@link multiLineText}); text of any
 * other field becomes one line ({@link singleLineText}). The one place that rule is chosen.
 */
export function withLineRule<T extends z.ZodType>(traits: Pick<FieldTraits, 'multiline'>, value: T): LinedValue<T> {
  const rule = traits.multiline === true ? multiLineText : singleLineText;
  return z.preprocess((input: unknown) => (typeof input === 'string' ? rule(input) : input), value);
}

/** A field the complete form requires; its text follows the field's line rule ({@link withLineRule}). */
export function requiredField<T extends z.ZodType>(traits: FieldTraits, value: T): FieldSpec<LinedValue<T>, LinedValue<T>, true> {
  const lined = withLineRule(traits, value);
  return { ...traits, required: true, complete: lined, draft: lined };
}

/** A field the complete form may leave out; its text follows the field's line rule ({@link withLineRule}). */
export function optionalField<T extends z.ZodType>(traits: FieldTraits, value: T): FieldSpec<LinedValue<T>, LinedValue<T>, false> {
  const lined = withLineRule(traits, value);
  return { ...traits, required: false, complete: lined, draft: lined };
}

/** Options of a list field. */
export interface ListFieldOptions<R extends boolean> {
  readonly required: R;
  /** Fewest items in the complete form (a draft may have fewer). */
  readonly minItems: number;
  /** Most items, in a draft as in the complete form. */
  readonly maxItems: number;
  /** Rules across the fields of each item. */
  readonly itemRules?: readonly FormRule[];
}

/** A list of records, each with the fields `item`; items of a draft may be partial. */
export function listField<S extends FieldSpecs, const R extends boolean>(item: S, options: ListFieldOptions<R>) {
  const rules = options.itemRules ?? [];
  const completeItem = withRules(z.object(completeShape(item), issueKey('object.invalid')), rules, 'complete', '');
  const draftItem = withRules(z.object(draftShape(item), issueKey('object.invalid')), rules, 'draft', '');
  const spec: FieldSpec<
    z.ZodArray<z.ZodObject<CompleteShape<S>>>,
    z.ZodArray<z.ZodObject<DraftShape<S>>>,
    R
  > = {
    kind: 'list',
    item,
    minItems: options.minItems,
    maxItems: options.maxItems,
    required: options.required,
    complete: z
      .array(completeItem, issueKeys('list.invalid'))
      .min(options.minItems, { error: 'list.min' })
      .max(options.maxItems, { error: 'list.max' }),
    draft: z.array(draftItem, issueKeys('list.invalid')).max(options.maxItems, { error: 'list.max' }),
  };
  return spec;
}

/** The complete zod shape of `fields`. */
export function completeShape<S extends FieldSpecs>(fields: S): CompleteShape<S> {
  const entries = Object.entries(fields).map(([name, spec]) => [name, spec.required ? spec.complete : spec.complete.optional()]);
  return Object.fromEntries(entries) as CompleteShape<S>;
}

/** The draft zod shape of `fields`. */
export function draftShape<S extends FieldSpecs>(fields: S): DraftShape<S> {
  return Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, spec.draft.optional()])) as DraftShape<S>;
}

/**
 * The schema of a whole form in `mode`: input normalised (trimmed, blanks removed), each field
 * checked, then the cross-field `rules`, which run even when some field failed so that every
 * problem is reported at once.
 */
export function formSchema<S extends FieldSpecs>(
  fields: S,
  rules: readonly FormRule[],
  options: FormSchemaOptions<'complete'>,
): z.ZodType<CompleteForm<S>>;
export function formSchema<S extends FieldSpecs>(
  fields: S,
  rules: readonly FormRule[],
  options: FormSchemaOptions<'draft'>,
): z.ZodType<DraftForm<S>>;
export function formSchema<S extends FieldSpecs>(
  fields: S,
  rules: readonly FormRule[],
  options: FormSchemaOptions,
): z.ZodType<CompleteForm<S> | DraftForm<S>>;
export function formSchema<S extends FieldSpecs>(
  fields: S,
  rules: readonly FormRule[],
  options: FormSchemaOptions,
): z.ZodType<CompleteForm<S> | DraftForm<S>> {
  const shape = options.mode === 'complete' ? completeShape(fields) : draftShape(fields);
  const object = withRules(z.object(shape, issueKey('form.invalid')), rules, options.mode, options.timeZone);
  return z.preprocess(normaliseFormInput, object) as unknown as z.ZodType<CompleteForm<S> | DraftForm<S>>;
}

function issueKey(key: MessageKey) {
  return { error: (): MessageKey => key };
}

function withRules<T extends z.ZodObject>(object: T, rules: readonly FormRule[], mode: FormMode, timeZone: string): T {
  if (rules.length === 0) return object;
  return object.superRefine(
    (value, ctx) => {
      const context: RuleContext = {
        mode,
        timeZone,
        report: (path, key, params) => ctx.addIssue({ code: 'custom', message: key, path: [...path], input: value, params: { ...params } }),
      };
      for (const rule of rules) rule(value as Record<string, unknown>, context);
    },
    { when: (payload) => isRecord(payload.value) },
  );
}
