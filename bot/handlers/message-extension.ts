import { CardFactory } from 'botbuilder';
import { z } from 'zod';
import { t } from '../../cards/messages.js';
import { escapeMarkdown } from '../../cards/plain-text.js';
import { renderRegisterFormCard, type RegisterField } from '../../cards/register-form-card.js';
import { isRecord } from '../../services/forms/form-input.js';
import { registrationLimits } from '../../services/requests/registration-limits.js';
import { workflowRules } from '../../services/requests/request-workflow.js';
import { asvChoiceOf, asvChoices, namedAsvChoices, requestCardFor, requestCardsFor } from '../request-card-views.js';
import type { BotServices, Turn } from './handler-context.js';
import { readRegistrationForm } from './registration-form.js';
import { mentionIdsOf, messageText, plainMessageText } from './message-text.js';

/** The invoke answers of the message extension, as Teams expects them. */
export type ExtensionResponse = Record<string, unknown>;

const messagePayload = z
  .object({
    body: z.object({ contentType: z.string().optional(), content: z.string().optional() }).partial().optional(),
    from: z.object({ user: z.object({ id: z.string().optional(), displayName: z.string().optional(), aadObjectId: z.string().optional() }).partial().optional() }).partial().optional(),
    mentions: z
      .array(
        z
          .object({
            id: z.union([z.number(), z.string()]).optional(),
            mentioned: z.object({ application: z.object({ id: z.string().optional() }).partial().optional() }).partial().optional(),
          })
          .partial(),
      )
      .optional()
      .catch(undefined),
  })
  .partial();

/**
 * Help Desk's message extension: the action command "Registrar solicitud" (a dialog with the
 * registration form, pre-filled from a message when opened from its "…" menu) and the search
 * command "Buscar solicitudes". Only HD and ASV may use it.
 */
export class MessageExtension {
  constructor(private readonly services: BotServices) {}

  /** Opens the registration form. */
  async fetchTask(turn: Turn, value: unknown): Promise<ExtensionResponse> {
    if (!this.mayRegister(turn)) return this.refusal(turn);
    const payload = messagePayload.safeParse((value as { messagePayload?: unknown } | undefined)?.messagePayload ?? {});
    const message = payload.success ? payload.data : {};
    const values: Partial<Record<RegisterField, string>> = {};
    if (message.body?.content) values.description = this.descriptionFrom(turn, message);
    if (message.from?.user?.displayName) values.requesterName = message.from.user.displayName;
    const senderEmail = await this.senderEmail(message);
    if (senderEmail) values.requesterEmail = senderEmail;
    return this.formDialog(turn, values, {});
  }

  /** Validates and registers; errors come back in the same dialog with everything kept. */
  async submitAction(turn: Turn, value: unknown): Promise<ExtensionResponse> {
    if (!this.mayRegister(turn)) return this.refusal(turn);
    const submitted = (value as { data?: unknown } | undefined)?.data;
    const data = (isRecord(submitted) ? submitted : {}) as Record<string, unknown>;
    const read = readRegistrationForm(data, { mode: 'help-desk', locale: turn.locale, assignable: asvChoices(this.services.config).map((choice) => choice.id) });
    if (!read.ok) return this.formDialog(turn, data as Partial<Record<RegisterField, string>>, read.errors);
    const form = { ...read.values, requesterName: read.values.requesterName!, requesterEmail: read.values.requesterEmail!, assigneeId: read.values.assigneeId! };
    const email = form.requesterEmail.toLowerCase();
    const requester = { id: (await this.services.references.objectIdOf(email)) ?? '', name: form.requesterName, email };
    const assignee = asvChoiceOf(this.services.config, form.assigneeId) ?? { id: form.assigneeId, name: form.assigneeId };
    const commandId = `register:${turn.context.activity.id ?? ''}:${turn.actor.id}:${form.requesterEmail}:${form.description.slice(0, 40)}`;
    const result = await this.services.desk.requests.register(
      { requester, dependencia: { name: form.dependenciaName, siglas: form.siglas }, description: form.description, service: form.service ?? null, assignee },
      turn.actor,
      commandId,
    );
    if (result.outcome === 'rejected' && result.rejection.code === 'assignee-not-asv') {
      return this.formDialog(turn, data as Partial<Record<RegisterField, string>>, { assigneeId: t(turn.locale, 'register.assigneeId.error') });
    }
    if (result.outcome !== 'applied' && result.outcome !== 'duplicate') {
      return this.formDialog(turn, data as Partial<Record<RegisterField, string>>, {}, t(turn.locale, 'reply.notAuthorised', { action: t(turn.locale, 'register.title') }));
    }
    const card = await requestCardFor(this.services, result.request, turn.actor, turn.locale, t(turn.locale, 'reply.registered', { folio: result.request.folio, assignee: assignee.name }));
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [CardFactory.adaptiveCard(card)] } };
  }

  /** Finds requests by folio, name, siglas or status; the initial run lists the most recent. */
  async query(turn: Turn, value: unknown): Promise<ExtensionResponse> {
    if (!this.allowed(turn)) return { composeExtension: { type: 'message', text: t(turn.locale, 'reply.notAuthorised', { action: t(turn.locale, 'command.searchAction') }) } };
    const query = z
      .object({
        parameters: z.array(z.object({ name: z.string(), value: z.unknown() })).optional(),
        queryOptions: z.object({ skip: z.number().int().nonnegative().optional(), count: z.number().int().positive().optional() }).optional(),
      })
      .safeParse(value ?? {});
    const parameters = query.success ? (query.data.parameters ?? []) : [];
    const text = String(parameters.find((parameter) => parameter.name !== 'initialRun')?.value ?? '').trim().slice(0, 200);
    const count = Math.min(query.success ? (query.data.queryOptions?.count ?? 10) : 10, 25);
    const skip = query.success ? (query.data.queryOptions?.skip ?? 0) : 0;
    const page = await this.services.desk.requests.search({ text: text || undefined, pageSize: count, offset: skip });
    const cards = await requestCardsFor(this.services, page.items, null, turn.locale);
    const attachments = page.items.map((request, index) => ({
      ...CardFactory.adaptiveCard(cards[index]!),
      preview: CardFactory.thumbnailCard(`${request.folio} · ${request.status}`, escapeMarkdown(`${request.dependencia.siglas} — ${request.description.slice(0, 80)}`)),
    }));
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments } };
  }

  /** The message's text for the description: its HTML read as text without the mention of this bot, at most the description's length. */
  /** The e-mail of the message's sender (their Entra object id in the payload), as the bot knows it from Teams or the directory. */
  private async senderEmail(message: z.infer<typeof messagePayload>): Promise<string | undefined> {
    const objectId = (message.from?.user?.aadObjectId ?? message.from?.user?.id ?? '').trim().toLowerCase();
    if (!/^[\w-]{1,64}$/.test(objectId)) return undefined;
    const email = await this.services.references.emailOf(objectId);
    return email && email.length <= registrationLimits.requesterEmail ? email : undefined;
  }

  private descriptionFrom(turn: Turn, message: z.infer<typeof messagePayload>): string {
    const content = message.body?.content ?? '';
    const maxLength = registrationLimits.description;
    if (message.body?.contentType?.toLowerCase() === 'text') return plainMessageText(content, maxLength);
    const recipient = turn.context.activity.recipient?.id;
    const botIds = new Set([this.services.config.bot.appId, recipient, recipient?.replace(/^28:/, '')].filter((id): id is string => Boolean(id)));
    return messageText(content, { maxLength, dropMentionIds: mentionIdsOf(message.mentions ?? [], botIds) });
  }

  /** Whether the clicker holds a configured role the status machine lets register (Help Desk). */
  private mayRegister(turn: Turn): boolean {
    return turn.actor.roles.some((role) => workflowRules.register.roles.includes(role));
  }

  private allowed(turn: Turn): boolean {
    return turn.actor.roles.includes('HD') || turn.actor.roles.includes('ASV');
  }

  private refusal(turn: Turn): ExtensionResponse {
    return { task: { type: 'message', value: t(turn.locale, 'reply.notAuthorised', { action: t(turn.locale, 'register.title') }) } };
  }

  private async formDialog(turn: Turn, values: Partial<Record<RegisterField, string>>, errors: Partial<Record<RegisterField, string>>, note?: string): Promise<ExtensionResponse> {
    const card = renderRegisterFormCard({ locale: turn.locale, values, errors, asvChoices: await namedAsvChoices(this.services.desk, this.services.config), ...(note ? { note } : {}) });
    return { task: { type: 'continue', value: { title: t(turn.locale, 'register.title'), height: 'large', width: 'medium', card: CardFactory.adaptiveCard(card) } } };
  }
}
