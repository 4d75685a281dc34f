import { renderRegisterFormCard, type RegisterField } from '../../cards/register-form-card.js';
import { rejectionText, t } from '../../cards/messages.js';
import { isRecord } from '../../services/forms/form-input.js';
import { isGroup } from '../turn-people.js';
import { requestCardFor } from '../request-card-views.js';
import type { BotServices, CardReply, Turn } from './handler-context.js';
import { readRegistrationForm } from './registration-form.js';

/**
 * Self-service: a requester opens a request from the 1:1 chat (`nueva solicitud`, or the help
 * card's button). The form asks what Help Desk would type, except who they are — Teams says that
 * (the e-mail is asked only when Teams did not give it) — and who handles it: the configured rule
 * picks the ASV. Only in the 1:1 chat, and only for a person Teams identifies.
 */
export class SelfService {
  constructor(private readonly services: BotServices) {}

  /** The empty form, or why it is not offered here. */
  form(turn: Turn): CardReply {
    const refusal = this.refusal(turn);
    if (refusal) return refusal;
    return { card: this.formCard(turn, {}, {}) };
  }

  /** Registers what the form sent, or gives the form back with each problem under its field and every value kept. */
  async submit(turn: Turn, raw: unknown): Promise<CardReply> {
    const refusal = this.refusal(turn);
    if (refusal) return refusal;
    const data = isRecord(raw) ? raw : {};
    const read = readRegistrationForm(data, { mode: 'self', locale: turn.locale, emailKnown: Boolean(turn.actor.email) });
    const typed = data as Partial<Record<RegisterField, string>>;
    if (!read.ok) return { card: this.formCard(turn, typed, read.errors) };
    const { values } = read;
    const requester = { id: turn.actor.id, name: turn.actor.name, email: (turn.actor.email ?? values.requesterEmail)?.toLowerCase(), locale: turn.locale };
    const commandId = `self-register:${turn.actor.id}:${turn.context.activity.id ?? ''}`;
    const result = await this.services.desk.requests.selfRegister(
      { requester, dependencia: { name: values.dependenciaName, siglas: values.siglas }, description: values.description, service: values.service ?? null },
      turn.actor,
      commandId,
    );
    if (result.outcome === 'rejected') return { card: this.formCard(turn, typed, {}, rejectionText(turn.locale, result.rejection)) };
    if (result.outcome !== 'applied' && result.outcome !== 'duplicate') return { message: t(turn.locale, 'reply.actionFailed') };
    const note = t(turn.locale, 'reply.selfRegistered', { folio: result.request.folio, assignee: result.request.assignee.name });
    return { card: await requestCardFor(this.services, result.request, turn.actor, turn.locale, note) };
  }

  private refusal(turn: Turn): CardReply | undefined {
    if (isGroup(turn.context)) return { message: t(turn.locale, 'reply.personalOnly') };
    if (!turn.actor.id) return { message: t(turn.locale, 'reply.notAuthorised', { action: t(turn.locale, 'selfRegister.title').toLowerCase() }) };
    return undefined;
  }

  private formCard(turn: Turn, values: Partial<Record<RegisterField, string>>, errors: Partial<Record<RegisterField, string>>, note?: string) {
    return renderRegisterFormCard({
      locale: turn.locale,
      values,
      errors,
      asvChoices: [],
      self: { name: turn.actor.name, email: turn.actor.email },
      ...(note ? { note } : {}),
    });
  }
}
