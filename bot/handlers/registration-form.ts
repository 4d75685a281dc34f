import { z } from 'zod';
import { t, type Locale } from '../../cards/messages.js';
import type { RegisterField } from '../../cards/register-form-card.js';
import { commonFields } from '../../services/forms/common-fields.js';
import { requiredField } from '../../services/forms/field-spec.js';
import { textValue } from '../../services/forms/field-values.js';
import { normaliseFormInput } from '../../services/forms/form-input.js';
import { registrationLimits } from '../../services/requests/registration-limits.js';
import { serviceTypes, type ServiceType } from '../../services/requests/request-types.js';

const registerLimits = registrationLimits;

/** Who fills the form in: Help Desk for someone (everything typed), or the requester for themselves (identity from Teams, no assignee). */
export type RegistrationMode = 'help-desk' | 'self';

const description = requiredField({ kind: 'text', multiline: true, maxLength: registerLimits.description }, textValue(registerLimits.description)).complete;

/** The fields of the form in each mode; input is trimmed and blank values removed first ({@link normaliseFormInput}). */
function schemaFor(mode: RegistrationMode, assignable: readonly string[], emailKnown: boolean) {
  const dependencia = {
    dependenciaName: commonFields.dependenciaName.complete,
    siglas: commonFields.siglas.complete,
    service: z.enum(serviceTypes).optional(),
    description,
  };
  if (mode === 'self') {
    return z.object({ ...dependencia, requesterEmail: emailKnown ? z.unknown().optional().transform(() => undefined) : commonFields.requesterEmail.complete });
  }
  return z.object({
    requesterName: commonFields.requesterName.complete,
    requesterEmail: commonFields.requesterEmail.complete,
    ...dependencia,
    // One of the ASVs the form offered: the status machine still decides, this only names the field at once.
    assigneeId: requiredField({ kind: 'text', maxLength: registerLimits.assigneeId }, textValue(registerLimits.assigneeId)).complete.refine((id) => assignable.includes(id.toLowerCase())),
  });
}

/** A registration as the form gives it. */
export interface RegistrationFormValues {
  requesterName?: string | undefined;
  requesterEmail?: string | undefined;
  dependenciaName: string;
  siglas: string;
  service?: ServiceType | undefined;
  description: string;
  assigneeId?: string | undefined;
}

/**
 * Reads the registration form (Help Desk's dialog, or the requester's own in the 1:1 chat): every
 * problem at once, each under its field in the user's language — a missing value asked for, a
 * malformed one said to be malformed, a long one given its maximum.
 */
export function readRegistrationForm(
  data: Record<string, unknown>,
  options: { mode: RegistrationMode; locale: Locale; assignable?: readonly string[]; emailKnown?: boolean },
): { ok: true; values: RegistrationFormValues } | { ok: false; errors: Partial<Record<RegisterField, string>> } {
  const input = normaliseFormInput(data) as Record<string, unknown>;
  const parsed = schemaFor(options.mode, options.assignable ?? [], options.emailKnown ?? false).safeParse(input);
  if (parsed.success) return { ok: true, values: parsed.data as RegistrationFormValues };
  const errors: Partial<Record<RegisterField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]) as RegisterField;
    if (errors[field]) continue;
    const label = t(options.locale, `register.${field}` as Parameters<typeof t>[1]);
    const missing = input[field] === undefined;
    errors[field] =
      issue.code === 'too_big' && Object.hasOwn(registerLimits, field)
        ? t(options.locale, 'register.tooLong', { field: label, max: registerLimits[field as keyof typeof registerLimits] })
        : !missing && field === 'requesterEmail'
          ? t(options.locale, 'register.requesterEmail.invalid')
          : t(options.locale, `register.${field}.error` as Parameters<typeof t>[1]);
  }
  return { ok: false, errors };
}
