import { createHash } from 'node:crypto';
import { z } from 'zod';
import { renderAvailabilityCard } from '../../cards/availability-card.js';
import { rejectionText, t } from '../../cards/messages.js';
import { renderNoticeCard } from '../../cards/notice-card.js';
import { formatCivilDate, formatDateTime, formatRange, type AdaptiveCard } from '../../cards/render-card.js';
import { renderRequestInfoCard } from '../../cards/request-info-card.js';
import { renderSeriesAvailabilityCard } from '../../cards/series-availability-card.js';
import { renderServiceFormCard } from '../../cards/service-form-card.js';
import type { FormVerb, FormView } from '../../dialogs/form-turn.js';
import { ServiceFormDialogs } from '../../dialogs/service-form-dialogs.js';
import type { Blocker } from '../../services/agenda/availability.js';
import { prefillFromRequestText } from '../../services/forms/text-prefill.js';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import type { CommandResult } from '../../services/requests/request-service.js';
import type { ExecutableCommand } from '../../services/requests/command-input.js';
import { actionRefusal, maySee, type RequestAction } from '../../services/requests/available-actions.js';
import { asvChoiceOf, requestCardFor } from '../request-card-views.js';
import type { BotServices, CardReply, Turn } from './handler-context.js';
import { DocumentCommands } from './document-commands.js';
import { SelfService } from './self-service.js';
import { AfterEventActions } from './after-event-actions.js';

/** The data every card action carries. */
const actionData = z.object({ requestId: z.string().min(1).max(64), version: z.coerce.number().int().nonnegative().optional() }).passthrough();
type ActionData = z.infer<typeof actionData>;

/** An occurrence's date in a series, as a card sends it. */
const occurrenceDate = z.iso.date();

const optionSchema = z.object({
  start: z.coerce.date(),
  end: z.coerce.date(),
  roomId: z.string().max(200).nullable(),
  equipmentIds: z.array(z.string().max(200)).max(50),
  staffIds: z.array(z.string().max(200)).max(50),
});

/** What a verb does with the request it names (already read, and visible to the clicker). */
type VerbHandler = (turn: Turn, request: ServiceRequest, data: ActionData) => Promise<CardReply>;

/**
 * The card verbs that issue a status-machine command, each with the command it proposes from the
 * card's inputs. The proposal is untrusted: the request service parses it with the command's own
 * schema (unknown fields dropped, every input bounded) before the status machine sees it.
 */
type CommandProposal = (data: ActionData, asv: (id: unknown) => unknown) => unknown;
const commandVerbs: ReadonlyMap<string, CommandProposal> = new Map<string, CommandProposal>([
  ['take', () => ({ type: 'take' })],
  ['resume', () => ({ type: 'resume' })],
  ['cancel', () => ({ type: 'cancel' })],
  ['hold', (data) => ({ type: 'hold', reason: data.reason })],
  ['finish', (data) => ({ type: 'finish', note: data.note })],
  ['request-info', (data) => ({ type: 'request-info', message: data.message })],
  ['reject', (data) => ({ type: 'reject', reasons: data.reasons })],
  ['set-service', (data) => ({ type: 'set-service', service: data.service })],
  ['reassign', (data, asv) => ({ type: 'reassign', assignee: asv(data.assigneeId) })],
  ['release-booking', () => ({ type: 'release-booking' })],
  ['cancel-occurrence', (data) => ({ type: 'cancel-occurrence', date: data.occurrenceDate ?? data.date })],
]);

/** The verbs that only show or fill something, with the card action whose refusal guards them. */
const guardedVerbs: ReadonlyMap<string, RequestAction> = new Map([
  ['open-form', 'open-form'],
  ['save-form', 'open-form'],
  ['check-availability', 'check-availability'],
  ['book', 'check-availability'],
  ['book-free-occurrences', 'check-availability'],
  ['book-occurrence', 'check-availability'],
  ['open-delivery', 'record-delivery'],
]);

/**
 * The card actions (Universal Actions `Action.Execute`), verb by verb. Each returns the card
 * that replaces the clicked one. A click on a stale card (its version is not the request's)
 * answers with the current card and a note and changes nothing; the command id is derived from
 * the verb, request, version and person (and an answer's text), so a repeated invoke is harmless.
 */
export class CardActions {
  private readonly forms: ServiceFormDialogs;

  private readonly verbs: ReadonlyMap<string, VerbHandler>;
  /** The verbs that concern no request yet: the requester's own registration form (self-service). */
  private readonly requestlessVerbs: ReadonlyMap<string, (turn: Turn, raw: unknown) => Promise<CardReply>>;

  constructor(private readonly services: BotServices) {
    const selfService = new SelfService(services);
    const documents = new DocumentCommands(services);
    const afterEvent = new AfterEventActions(services);
    this.requestlessVerbs = new Map<string, (turn: Turn, raw: unknown) => Promise<CardReply>>([
      ['open-self-registration', async (turn) => selfService.form(turn)],
      ['self-register', (turn, raw) => selfService.submit(turn, raw)],
      ['report-download', (turn, raw) => documents.reportDownload(turn, raw)],
    ]);
    this.verbs = new Map<string, VerbHandler>([
      ['refresh', (turn, request, data) => (data.view === 'info' ? this.infoCard(turn, request, data.reminder === true) : this.card(turn, request))],
      ['open-form', (turn, request, data) => this.form(turn, 'open-form', request, data)],
      ['save-form', (turn, request, data) => this.form(turn, 'save-form', request, data)],
      ['check-availability', (turn, request, data) => this.availability(turn, request, data)],
      ['book', (turn, request, data) => this.book(turn, request, data)],
      ['book-free-occurrences', (turn, request, data) => this.bookOccurrences(turn, request, data, 'free')],
      ['book-occurrence', (turn, request, data) => this.bookOccurrences(turn, request, data, 'one')],
      ['reply', (turn, request, data) => this.answer(turn, request, data)],
      ['record', (turn, request) => documents.recordFromCard(turn, request)],
      ['open-delivery', async (turn, request) => afterEvent.openDelivery(turn, request)],
      ['record-delivery', (turn, request, data) => afterEvent.recordDelivery(turn, request, data, this.commandId(turn, 'record-delivery', data))],
      ['rate', (turn, request, data) => afterEvent.rate(turn, request, data, this.commandId(turn, 'rate', { requestId: data.requestId }))],
      ...[...commandVerbs].map(([verb, propose]): [string, VerbHandler] => [verb, this.command(verb, propose)]),
    ]);
    this.forms = new ServiceFormDialogs(services.botState, {
      save: (turn, request, values) =>
        services.desk.requests.saveForm(request.id, request.service!, values, turn.actor, turn.commandId, { locale: turn.locale, expectedVersion: turn.cardVersion }),
      formCard: async (turn, request, view) => this.formCardOf(turn.locale, request, view),
      prefill: async (_turn, request, values) => this.prefillFromText(request, values),
      requestCard: (turn, request, note) => requestCardFor(services, request, turn.actor, turn.locale, note),
    });
  }

  /**
   * Answers a click on `verb` (a wire name, looked up in one table) with `raw` as its data. A verb
   * not in the table, a request the clicker may not see, or data that is not a card's get a short
   * message; an action the status machine would refuse them gets the card and the reason.
   */
  async handle(turn: Turn, verb: string, raw: unknown): Promise<CardReply> {
    const requestless = this.requestlessVerbs.get(verb);
    if (requestless) return requestless(turn, raw);
    const handler = this.verbs.get(verb);
    if (!handler) return { message: t(turn.locale, 'reply.unknownAction') };
    const parsed = actionData.safeParse(raw);
    if (!parsed.success) return { message: t(turn.locale, 'reply.requestNotFound') };
    const request = await this.services.desk.requests.get(parsed.data.requestId);
    if (!request || !maySee(request, turn.actor)) return { message: t(turn.locale, 'reply.requestNotFound') };
    const guard = guardedVerbs.get(verb);
    const refusal = guard ? actionRefusal(request, turn.actor, guard, this.services.desk.now()) : null;
    if (refusal) return this.card(turn, request, rejectionText(turn.locale, refusal, this.services.config.calendar.timeZone));
    return handler(turn, request, parsed.data);
  }

  private command(verb: string, propose: CommandProposal): VerbHandler {
    return async (turn, request, data) => {
      const command = propose(data, (id) => asvChoiceOf(this.services.config, id));
      const result = await this.services.desk.requests.execute(request.id, command as ExecutableCommand, turn.actor, this.commandId(turn, verb, data), data.version, request);
      return this.afterCommand(turn, request, result);
    };
  }

  /**
   * An answer typed into an information card (`reply`, input `text`). The request service decides
   * what it is — the reply that closes the wait, or information added to a request that no longer
   * waits — so it does not clash with a reminder or a form saved meanwhile. Its command id holds
   * the text's hash: a second, different answer on the same card is a new answer, and only the
   * same answer sent again is the same command.
   */
  private async answer(turn: Turn, request: ServiceRequest, data: ActionData): Promise<CardReply> {
    const text = typeof data.text === 'string' ? data.text : '';
    const textKey = createHash('sha1').update(text.trim()).digest('hex').slice(0, 16);
    const result = await this.services.desk.requests.answer(request.id, text, turn.actor, `${this.commandId(turn, 'reply', data)}:${textKey}`, request);
    if (result.outcome === 'applied' || result.outcome === 'duplicate') {
      return { card: renderNoticeCard({ locale: turn.locale, title: result.request.folio, text: t(turn.locale, 'reply.replyReceived'), facts: [] }) };
    }
    return this.afterCommand(turn, request, result);
  }

  /** The requester's information card as it stands now (its refresh): the reply form only while the request still waits. */
  private async infoCard(turn: Turn, request: ServiceRequest, reminder: boolean): Promise<CardReply> {
    return { card: renderRequestInfoCard({ request, locale: turn.locale, timeZone: this.services.config.calendar.timeZone, reminder }) };
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
    if (!service) return this.card(turn, request, rejectionText(turn.locale, { code: 'missing-input', command: 'save-form', field: 'service' }));
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

  private async availability(turn: Turn, request: ServiceRequest, data?: ActionData): Promise<CardReply> {
    const query = this.services.desk.agenda.queryFromForm(request);
    if (!query.ok) return this.form(turn, 'open-form', request, { requestId: request.id, version: request.version });
    if (this.services.desk.agenda.seriesQuery(request).ok) {
      const moving = occurrenceDate.safeParse(data?.occurrenceDate);
      return this.seriesCard(turn, request, undefined, moving.success ? moving.data : undefined);
    }
    const [resources, booked] = await Promise.all([this.services.desk.agenda.resources(), this.services.desk.agenda.bookingAsked(request, query.query)]);
    const answer = await this.services.desk.agenda.availability(query.query, resources);
    return { card: renderAvailabilityCard({ request, locale: turn.locale, timeZone: this.services.config.calendar.timeZone, answer, resources, booked }) };
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
    if (failure.code === 'not-offered') return this.card(turn, request, t(turn.locale, 'reply.slotNotOffered'));
    const note = failure.code === 'conflict' && failure.blocker.by ? this.conflictNote(turn, failure.blocker) : t(turn.locale, 'reply.bookingFailedUnknown');
    return this.card(turn, (await this.services.desk.requests.get(request.id)) ?? request, note);
  }

  /**
   * Books occurrences of a recurring event: every free one (`book-free-occurrences`) or one
   * occurrence's slot or alternative (`book-occurrence`: `date` and `option`); answers with the
   * series' availability and what was booked or why not.
   */
  private async bookOccurrences(turn: Turn, request: ServiceRequest, data: ActionData, which: 'free' | 'one'): Promise<CardReply> {
    let picks: 'free' | Array<{ date: string; option: z.infer<typeof optionSchema> }> = 'free';
    if (which === 'one') {
      const pick = z.object({ date: occurrenceDate, option: optionSchema }).safeParse(data);
      if (!pick.success) return this.availability(turn, request, data);
      picks = [pick.data];
    }
    const notes = typeof data.notes === 'string' ? data.notes : '';
    const key = which === 'free' ? 'book-free' : `book-occurrence:${createHash('sha1').update(JSON.stringify(picks)).digest('hex').slice(0, 12)}`;
    const result = await this.services.desk.agenda.bookOccurrences(request.id, picks, turn.actor, this.commandId(turn, key, data), notes);
    if (!result.ok && result.failure.code === 'refused') return this.card(turn, request, rejectionText(turn.locale, result.failure.rejection));
    const failedDates = (result.failed ?? []).map(({ date, failure }) => `${formatCivilDate(date, turn.locale)}${failure.code === 'conflict' && failure.blocker.by ? ` (${this.conflictNote(turn, failure.blocker)})` : ''}`);
    const note = [
      result.ok ? t(turn.locale, 'reply.occurrencesBooked', { count: result.booked.length }) : '',
      failedDates.length ? t(turn.locale, 'reply.occurrencesFailed', { dates: failedDates.join('; ') }) : '',
      !result.ok && !failedDates.length ? t(turn.locale, 'reply.bookingFailedUnknown') : '',
    ].filter(Boolean).join(' ');
    const current = result.ok ? result.request : ((await this.services.desk.requests.get(request.id)) ?? request);
    return this.seriesCard(turn, current, note);
  }

  private async seriesCard(turn: Turn, request: ServiceRequest, note?: string, movingDate?: string): Promise<CardReply> {
    const agenda = this.services.desk.agenda;
    const resources = await agenda.resources();
    const [series, moving] = await Promise.all([agenda.seriesAvailability(request, resources), movingDate ? agenda.occurrenceToMove(request, movingDate, resources) : null]);
    if (!series) return this.card(turn, request, note);
    const shown = note ?? (movingDate && !moving ? t(turn.locale, 'reply.occurrenceNotBooked') : undefined);
    return { card: renderSeriesAvailabilityCard({ request, locale: turn.locale, timeZone: this.services.config.calendar.timeZone, series, resources, moving: moving ?? undefined, note: shown }) };
  }

  /** Why a booking lost its slot: what holds the resource — the event's own time, and the held time when set-up and tear-down widen it. */
  private conflictNote(turn: Turn, blocker: Blocker): string {
    const by = blocker.by!;
    const zone = this.services.config.calendar.timeZone;
    const event = by.event ?? { start: by.start, end: by.end };
    const params = {
      resource: blocker.resourceName,
      holder: by.label ?? '',
      from: formatDateTime(event.start, turn.locale, zone),
      to: formatDateTime(event.end, turn.locale, zone),
    };
    const widened = event.start.getTime() !== by.start.getTime() || event.end.getTime() !== by.end.getTime();
    return widened
      ? t(turn.locale, 'reply.bookingFailedBuffered', { ...params, held: formatRange(by.start, by.end, turn.locale, zone) })
      : t(turn.locale, 'reply.bookingFailed', params);
  }

  private async prefillFromText(request: ServiceRequest, values: Record<string, unknown>) {
    const resources = await this.services.desk.agenda.resources();
    return prefillFromRequestText({ ...request, service: request.service! }, values, { resources, timeZone: this.services.config.calendar.timeZone });
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
