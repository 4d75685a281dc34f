import { createHash } from 'node:crypto';
import { z } from 'zod';
import { renderAvailabilityCard } from '../../cards/availability-card.js';
import { rejectionText, t } from '../../cards/messages.js';
import { renderNoticeCard } from '../../cards/notice-card.js';
import { formatDateTime, formatRange, type AdaptiveCard } from '../../cards/render-card.js';
import { renderServiceFormCard } from '../../cards/service-form-card.js';
import type { FormVerb, FormView } from '../../dialogs/form-turn.js';
import { ServiceFormDialogs } from '../../dialogs/service-form-dialogs.js';
import type { Command, ServiceRequest } from '../../services/requests/request-types.js';
import { serviceTypes } from '../../services/requests/request-types.js';
import type { CommandResult } from '../../services/requests/request-service.js';
import { actionRefusal, maySee } from '../../services/requests/available-actions.js';
import { asvNamed, requestCardFor } from '../request-card-views.js';
import type { BotServices, CardReply, Turn } from './handler-context.js';

/** The data every card action carries. */
const actionData = z.object({ requestId: z.string().min(1), version: z.coerce.number().int().nonnegative().optional() }).passthrough();
type ActionData = z.infer<typeof actionData>;

const optionSchema = z.object({
  start: z.coerce.date(),
  end: z.coerce.date(),
  roomId: z.string().nullable(),
  equipmentIds: z.array(z.string()),
  staffIds: z.array(z.string()),
});

type BuiltCommand = Exclude<Command, { type: 'register' }> | { missing: string };

/** Reads input `field` with `schema` and builds the command from it, or names the field when it is missing or malformed. */
const fromInput =
  <T>(field: string, schema: z.ZodType<T>, build: (value: T) => BuiltCommand) =>
  (data: Record<string, unknown>): BuiltCommand => {
    const parsed = schema.safeParse(data[field]);
    return parsed.success ? build(parsed.data) : { missing: field };
  };
const requiredText = z.string().trim().min(1);
const optionalText = z.string().trim().optional();

/** Turns a verb's inputs into a status-machine command, or names the missing field. */
const commandBuilders: Partial<Record<string, (data: Record<string, unknown>) => BuiltCommand>> = {
  take: () => ({ type: 'take' }),
  resume: () => ({ type: 'resume' }),
  cancel: () => ({ type: 'cancel' }),
  hold: fromInput('reason', optionalText, (reason) => ({ type: 'hold', reason })),
  finish: fromInput('note', optionalText, (note) => ({ type: 'finish', note })),
  'request-info': fromInput('message', requiredText, (message) => ({ type: 'request-info', message })),
  reject: fromInput('reasons', requiredText, (reasons) => ({ type: 'reject', reasons })),
  reply: fromInput('text', requiredText, (text) => ({ type: 'reply', text })),
  'set-service': fromInput('service', z.enum(serviceTypes), (service) => ({ type: 'set-service', service })),
  reassign: fromInput('assigneeId', requiredText, (id) => ({ type: 'reassign', assignee: asvNamed(id) })),
};

/**
 * The card actions (Universal Actions `Action.Execute`), verb by verb. Each returns the card
 * that replaces the clicked one. A click on a stale card (its version is not the request's)
 * answers with the current card and a note and changes nothing; the command id is derived from
 * the verb, request, version and person, so a repeated invoke is harmless.
 */
export class CardActions {
  private readonly forms: ServiceFormDialogs;

  constructor(private readonly services: BotServices) {
    this.forms = new ServiceFormDialogs(services.botState, {
      save: (turn, request, values) =>
        services.desk.requests.saveForm(request.id, request.service!, values, turn.actor, turn.commandId, { locale: turn.locale, expectedVersion: turn.cardVersion }),
      formCard: async (turn, request, view) => this.formCardOf(turn.locale, request, view),
      requestCard: (turn, request, note) => requestCardFor(services, request, turn.actor, turn.locale, note),
    });
  }

  async handle(turn: Turn, verb: string, raw: unknown): Promise<CardReply> {
    const parsed = actionData.safeParse(raw);
    if (!parsed.success) return { message: t(turn.locale, 'reply.notFound', { folio: '' }) };
    const data = parsed.data;
    const request = await this.services.desk.requests.get(data.requestId);
    if (!request || !maySee(request, turn.actor)) return { message: t(turn.locale, 'reply.notFound', { folio: data.requestId }) };
    if (verb === 'refresh') return this.card(turn, request);
    if (verb === 'open-form' || verb === 'check-availability') {
      const refusal = actionRefusal(request, turn.actor, verb);
      if (refusal) return this.card(turn, request, rejectionText(turn.locale, refusal));
    }
    if (verb === 'open-form' || verb === 'save-form') return this.form(turn, verb, request, data);
    if (verb === 'check-availability') return this.availability(turn, request);
    if (verb === 'book') return this.book(turn, request, data);
    const build = commandBuilders[verb];
    if (!build) return { message: t(turn.locale, 'reply.unknownCommand', { text: verb }) };
    const command = build(data);
    if ('missing' in command) return this.card(turn, request, t(turn.locale, 'reply.fieldRequired', { field: command.missing }));
    // An answer does not clash with a reminder or a form saved meanwhile: the status rule alone decides it.
    const expectedVersion = verb === 'reply' ? undefined : data.version;
    const result = await this.services.desk.requests.execute(request.id, command, turn.actor, this.commandId(turn, verb, data), expectedVersion, request);
    if (verb === 'reply' && (result.outcome === 'applied' || result.outcome === 'duplicate')) {
      return { card: renderNoticeCard({ locale: turn.locale, title: result.request.folio, text: t(turn.locale, 'reply.replyReceived'), facts: [] }) };
    }
    return this.afterCommand(turn, request, result);
  }

  private async afterCommand(turn: Turn, request: ServiceRequest, result: CommandResult): Promise<CardReply> {
    switch (result.outcome) {
      case 'applied':
      case 'duplicate':
        return this.card(turn, result.request);
      case 'changed-meanwhile':
        return this.card(turn, result.request, t(turn.locale, 'reply.changedMeanwhile'));
      case 'rejected':
        return this.card(turn, result.request ?? request, rejectionText(turn.locale, result.rejection));
      case 'not-found':
        return { message: t(turn.locale, 'reply.notFound', { folio: request.folio }) };
    }
  }

  private async form(turn: Turn, verb: FormVerb, request: ServiceRequest, data: ActionData): Promise<CardReply> {
    const service = request.service;
    if (!service) return this.card(turn, request, t(turn.locale, 'reply.fieldRequired', { field: 'service' }));
    return this.forms.run(turn.context, {
      verb,
      request: { ...request, service },
      data,
      cardVersion: data.version,
      actor: turn.actor,
      locale: turn.locale,
      commandId: this.commandId(turn, verb, data),
    });
  }

  private async availability(turn: Turn, request: ServiceRequest): Promise<CardReply> {
    const query = this.services.desk.agenda.queryFromForm(request);
    if (!query.ok) return this.form(turn, 'open-form', request, { requestId: request.id, version: request.version });
    const resources = await this.services.desk.agenda.resources();
    const answer = await this.services.desk.agenda.availability(query.query, resources);
    return { card: renderAvailabilityCard({ request, locale: turn.locale, timeZone: this.services.config.calendar.timeZone, answer, resources }) };
  }

  private async book(turn: Turn, request: ServiceRequest, data: ActionData): Promise<CardReply> {
    const option = optionSchema.safeParse(data.option);
    if (!option.success) return this.availability(turn, request);
    const staffId = typeof data.staffId === 'string' && data.staffId ? data.staffId : undefined;
    const chosen = { ...option.data, staffIds: staffId ? [staffId] : option.data.staffIds };
    const notes = typeof data.notes === 'string' ? data.notes : '';
    const optionKey = createHash('sha1').update(JSON.stringify(chosen)).digest('hex').slice(0, 12);
    const booked = await this.services.desk.agenda.book(request.id, chosen, turn.actor, this.commandId(turn, `book:${optionKey}`, data), notes);
    if (booked.ok) {
      const when = formatRange(booked.booking.start, booked.booking.end, turn.locale, this.services.config.calendar.timeZone);
      return this.card(turn, booked.request, t(turn.locale, 'reply.bookingDone', { title: booked.booking.title, when }));
    }
    const failure = booked.failure;
    if (failure.code === 'refused') return this.card(turn, request, rejectionText(turn.locale, failure.rejection));
    const note =
      failure.code === 'conflict' && failure.blocker.by
        ? t(turn.locale, 'reply.bookingFailed', {
            resource: failure.blocker.resourceName,
            holder: failure.blocker.by.label ?? '',
            from: formatDateTime(failure.blocker.by.start, turn.locale, this.services.config.calendar.timeZone),
            to: formatDateTime(failure.blocker.by.end, turn.locale, this.services.config.calendar.timeZone),
          })
        : t(turn.locale, 'reply.bookingFailedUnknown');
    return this.card(turn, (await this.services.desk.requests.get(request.id)) ?? request, note);
  }

  private async formCardOf(locale: Turn['locale'], request: ServiceRequest, view: FormView): Promise<AdaptiveCard> {
    const resources = await this.services.desk.agenda.resources();
    return renderServiceFormCard({ request, service: request.service!, locale, timeZone: this.services.config.calendar.timeZone, resources, ...view });
  }

  private async card(turn: Turn, request: ServiceRequest, note?: string): Promise<CardReply> {
    return { card: await requestCardFor(this.services, request, turn.actor, turn.locale, note) };
  }

  private commandId(turn: Turn, verb: string, data: ActionData): string {
    return `card:${verb}:${data.requestId}:v${data.version ?? 'x'}:${turn.actor.id}`;
  }
}
