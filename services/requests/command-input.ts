import { z } from 'zod';
import { deliveryOutcomes, incidentKinds, serviceTypes, type CommandType } from './request-types.js';

/** The longest text each command input takes: one source for the server and the cards' `maxLength`. */
export const commandTextLimits = {
  message: 2000,
  reason: 2000,
  reasons: 2000,
  note: 2000,
  text: 4000,
  incident: 500,
  comment: 1000,
} as const;

/** Most incidents one delivery record lists. */
export const maxIncidents = 10;

/** The longest id, name or e-mail a command carries (a person, a wait). */
const idLength = 254;

const requiredText = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((text) => text || undefined);
const person = z.object({
  id: requiredText(idLength),
  name: requiredText(idLength),
  email: z.string().trim().max(idLength).optional(),
  locale: z.enum(['es', 'en']).optional(),
});
const waitId = requiredText(40);
const instant = z.coerce.date().refine((date) => !Number.isNaN(date.getTime()));
const incident = z.object({ kind: z.enum(incidentKinds), text: requiredText(commandTextLimits.incident) });

/**
 * The commands a person or the system may issue through {@link RequestService.execute}: every
 * command but `register`, `save-form` and `record-booking`, which only their own services build
 * (after validating a whole registration, a service form or a booking). Unknown fields are
 * dropped, every text is trimmed and bounded.
 */
export const executableCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('take') }),
  z.object({ type: z.literal('request-info'), message: requiredText(commandTextLimits.message) }),
  z.object({ type: z.literal('reply'), text: requiredText(commandTextLimits.text) }),
  z.object({ type: z.literal('add-information'), text: requiredText(commandTextLimits.text) }),
  z.object({ type: z.literal('wait-timeout'), waitId }),
  z.object({ type: z.literal('remind'), waitId }),
  z.object({ type: z.literal('hold'), reason: optionalText(commandTextLimits.reason) }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('finish'), note: optionalText(commandTextLimits.note) }),
  z.object({ type: z.literal('reject'), reasons: requiredText(commandTextLimits.reasons) }),
  z.object({ type: z.literal('cancel'), note: optionalText(commandTextLimits.note) }),
  z.object({ type: z.literal('reassign'), assignee: person, note: optionalText(commandTextLimits.note) }),
  z.object({ type: z.literal('set-service'), service: z.enum(serviceTypes) }),
  z.object({ type: z.literal('release-booking'), note: optionalText(commandTextLimits.note) }),
  z.object({ type: z.literal('cancel-occurrence'), date: z.iso.date(), note: optionalText(commandTextLimits.note) }),
  z.object({
    type: z.literal('record-delivery'),
    outcome: z.enum(deliveryOutcomes),
    actualStart: instant.optional(),
    actualEnd: instant.optional(),
    incidents: z.array(incident).max(maxIncidents).optional(),
  }),
  z.object({ type: z.literal('rate'), rating: z.coerce.number().int().min(1).max(5), comment: optionalText(commandTextLimits.comment) }),
  z.object({ type: z.literal('ask-rating'), bookingId: requiredText(idLength) }),
  z.object({ type: z.literal('remind-rating'), bookingId: requiredText(idLength) }),
]);

/** A command {@link RequestService.execute} takes (before parsing: optional fields may be left out). */
export type ExecutableCommand = z.input<typeof executableCommandSchema>;
export type ExecutableCommandType = ExecutableCommand['type'];

/** The command types {@link executableCommandSchema} accepts. */
export const executableCommandTypes: ReadonlySet<string> = new Set(executableCommandSchema.options.map((option) => option.shape.type.value));

/** Why an input could not become a command: the field, and whether it was missing, too long or not valid. */
export interface CommandInputProblem {
  command: CommandType | null;
  field: string;
  problem: 'missing' | 'too-long' | 'invalid';
  max?: number | undefined;
}

/** Parses untrusted input into an executable command, or names the field that is missing, too long or invalid. */
export function parseExecutableCommand(input: unknown): { ok: true; command: z.output<typeof executableCommandSchema> } | { ok: false; problem: CommandInputProblem } {
  const parsed = executableCommandSchema.safeParse(input);
  if (parsed.success) return { ok: true, command: parsed.data };
  const issue = parsed.error.issues[0]!;
  const type = (input as { type?: unknown } | null)?.type;
  const command = typeof type === 'string' && executableCommandTypes.has(type) ? (type as CommandType) : null;
  const field = issue.path.length ? String(issue.path[0]) : 'type';
  if (issue.code === 'too_big') return { ok: false, problem: { command, field, problem: 'too-long', max: Number(issue.maximum) } };
  const missing = issue.code === 'too_small' || (issue.code === 'invalid_type' && issue.input === undefined);
  return { ok: false, problem: { command, field, problem: missing ? 'missing' : 'invalid' } };
}

