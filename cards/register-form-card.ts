import { registrationLimits } from '../services/requests/registration-limits.js';
import { serviceTypes } from '../services/requests/request-types.js';
import { serviceName, t, type CardMessageKey, type Locale } from './messages.js';
import { escapeMarkdown } from './plain-text.js';
import { renderTemplate, type AdaptiveCard } from './render-card.js';
import template from './register-form-card.json' with { type: 'json' };

/** The inputs of the Help Desk's registration form (their ids on the card). */
export const registerFields = ['requesterName', 'requesterEmail', 'dependenciaName', 'siglas', 'service', 'description', 'assigneeId'] as const;
export type RegisterField = (typeof registerFields)[number];

/** The registration form as shown: what was typed, the problems found, the ASVs to assign. */
export interface RegisterFormCardView {
  locale: Locale;
  /** Values to show (pre-filled, e.g. the description from a message, or kept after an error). */
  values: Partial<Record<RegisterField, string>>;
  /** A message under each field that failed, in the user's language. */
  errors: Partial<Record<RegisterField, string>>;
  asvChoices: Array<{ id: string; name: string }>;
  /** A line at the top (e.g. why the form came back); plain text, shown as written. */
  note?: string;
  /**
   * The requester's own form in the 1:1 chat (self-service): their name and e-mail from Teams are
   * shown, not asked (the e-mail is asked only when Teams did not give it), no ASV is chosen, and
   * the form is sent with `Action.Execute` (verb `self-register`).
   */
  self?: { name: string; email: string | undefined } | undefined;
}

/** The verb the registration form submits with (in `data.verb`). */
export const REGISTER_VERB = 'register';

/**
 * The Help Desk's "Registrar solicitud" form, shown in the message extension's dialog (task
 * module). Each error is shown under its field and every value is kept.
 *
 * The one card with `Action.Submit` instead of `Action.Execute`: a task module's card is not a
 * message, so Universal Actions do not apply there; its submit reaches the bot as
 * `composeExtension/submitAction` with `data` = `{ verb: 'register', ...inputs }`. The service
 * may be left empty (to be determined by the ASV; folio `SOL-…`).
 */
export function renderRegisterFormCard(view: RegisterFormCardView): AdaptiveCard {
  const { locale, values, errors } = view;
  const field = (name: RegisterField, extra: { placeholder?: CardMessageKey; required?: CardMessageKey } = {}) => ({
    label: t(locale, `register.${name}`),
    value: values[name] ?? '',
    error: errors[name] ?? '',
    placeholder: extra.placeholder ? t(locale, extra.placeholder) : '',
    required: extra.required ? t(locale, extra.required) : '',
  });
  const self = view.self;
  return renderTemplate(template, {
    lang: locale,
    self: Boolean(self),
    askEmail: !self || !self.email,
    you: self ? [{ title: t(locale, 'selfRegister.you'), value: escapeMarkdown(self.email ? `${self.name} (${self.email})` : self.name) }] : [],
    limits: registrationLimits,
    note: escapeMarkdown(view.note ?? ''),
    title: t(locale, self ? 'selfRegister.title' : 'register.title'),
    intro: t(locale, self ? 'selfRegister.intro' : 'register.intro'),
    hasErrors: registerFields.some((name) => (errors[name] ?? '') !== ''),
    errorsSummary: t(locale, 'register.errorsSummary'),
    fields: {
      requesterName: field('requesterName', { required: 'register.requesterName.error' }),
      requesterEmail: field('requesterEmail', { required: 'register.requesterEmail.error', placeholder: 'register.requesterEmail.placeholder' }),
      dependenciaName: field('dependenciaName', { required: 'register.dependenciaName.error' }),
      siglas: field('siglas', { required: 'register.siglas.error', placeholder: 'register.siglas.placeholder' }),
      service: { ...field('service'), placeholder: t(locale, 'service.none') },
      description: field('description', { required: 'register.description.error' }),
      assigneeId: field('assigneeId', { required: 'register.assigneeId.error' }),
    },
    serviceChoices: serviceTypes.map((service) => ({ title: `${serviceName(locale, service)} (${service})`, value: service })),
    asvChoices: view.asvChoices.map((asv) => ({ title: asv.name, value: asv.id })),
    submitTitle: t(locale, self ? 'action.send' : 'action.register'),
  });
}
