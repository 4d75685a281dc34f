import { DateTime } from 'luxon';
import { renderAgendaCard } from '../../cards/agenda-card.js';
import { renderHelpCard } from '../../cards/help-card.js';
import { t } from '../../cards/messages.js';
import { renderRequestListCard } from '../../cards/request-list-card.js';
import { findResources, searchWords } from '../../services/agenda/resource-search.js';
import { maySee } from '../../services/requests/available-actions.js';
import { requestCardFor } from '../request-card-views.js';
import { tPlain } from '../../cards/plain-text.js';
import { isGroup } from '../turn-people.js';
import { requesterOf, type BotServices, type MessageReply, type Turn } from './handler-context.js';
import { DocumentCommands } from './document-commands.js';
import { SelfService } from './self-service.js';

type CommandHandler = (turn: Turn, argument: string) => Promise<MessageReply>;

const staff = (turn: Turn) => turn.actor.roles.length > 0;

/** The stretches of the agenda the chat shows: today, tomorrow, and the next 7 days (of everything, or of one resource). */
export type AgendaSpan = 'today' | 'tomorrow' | 'week';

/** The words after "agenda" that name a stretch (accent-free, lower-case), in Spanish and English. */
const agendaSpans: ReadonlyMap<string, AgendaSpan> = new Map([
  ['hoy', 'today'],
  ['today', 'today'],
  ['manana', 'tomorrow'],
  ['tomorrow', 'tomorrow'],
  ['semana', 'week'],
  ['esta semana', 'week'],
  ['week', 'week'],
  ['this week', 'week'],
  ['', 'week'],
]);

/**
 * The interval of an agenda stretch in `timeZone`, from the start of today (`now`'s date there):
 * today, tomorrow, or the next 7 days — so on a weekend "agenda semana" shows the days to come,
 * not the week that is ending.
 */
export function agendaInterval(span: AgendaSpan, now: Date, timeZone: string): { from: Date; to: Date } {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const from = span === 'tomorrow' ? today.plus({ days: 1 }) : today;
  const to = span === 'week' ? today.plus({ days: 7 }) : from.plus({ days: 1 });
  return { from: from.toJSDate(), to: to.toJSDate() };
}

/** A greeting alone ("hola", "¡Buenos días!", "hello"), once accents, case and punctuation are set aside. */
const greeting = /^(?:(?:hola|holi|buenos dias|buen dia|buenas tardes|buenas noches|buenas|saludos|que tal|hi|hello|hey|good morning|good afternoon|good evening)\s*)+$/;

/**
 * The text commands of the chat (Spanish words; English aliases): ayuda, mis solicitudes,
 * estado <folio>, agenda hoy|semana|<recurso>. A requester only ever sees their own requests.
 */
export class TextCommands {
  /** The commands, in order; `personal` ones show a person's own requests and answer only in the 1:1 chat. */
  private readonly table: Array<{ pattern: RegExp; run: CommandHandler; personal?: boolean; plain?: boolean }>;

  private readonly selfService: SelfService;

  constructor(private readonly services: BotServices) {
    this.selfService = new SelfService(services);
    const documents = new DocumentCommands(services);
    this.table = [
      { pattern: /^(ayuda|help|\?)$/i, run: (turn) => this.help(turn) },
      { pattern: greeting, plain: true, run: (turn) => this.greet(turn) },
      { pattern: /^(nueva solicitud|new request|solicitar|registrar)$/i, run: async (turn) => this.newRequest(turn), personal: true },
      { pattern: /^(mis solicitudes|my requests)$/i, run: (turn) => this.myRequests(turn), personal: true },
      { pattern: /^(estado|status)\s+(.+)$/i, run: (turn, folio) => this.status(turn, folio), personal: true },
      { pattern: /^(estado|status)$/i, run: async (turn) => ({ text: t(turn.locale, 'command.status.description') }) },
      { pattern: /^agenda(?:\s+(.*))?$/i, run: (turn, argument) => this.agenda(turn, argument) },
      // Reports and records hand out links signed for the person asking: in their own chat only.
      { pattern: /^(?:reporte|report)(\s+.*|)$/i, run: (turn, period) => documents.report(turn, period), personal: true },
      { pattern: /^(?:expediente|record)(\s+.*|)$/i, run: (turn, folio) => documents.record(turn, folio), personal: true },
    ];
  }

  /** Answers a command, or says it was not understood (pointing at "ayuda"); `understood` tells which. */
  async handle(turn: Turn, text: string): Promise<MessageReply & { understood: boolean }> {
    const plainText = searchWords(text).join(' ');
    for (const { pattern, run, personal, plain } of this.table) {
      const match = pattern.exec(plain ? plainText : text);
      if (!match) continue;
      if (personal && isGroup(turn.context)) return { text: t(turn.locale, 'reply.personalOnly'), understood: true };
      return { ...(await run(turn, (match[2] ?? match[1] ?? '').trim())), understood: true };
    }
    return { text: tPlain(turn.locale, 'reply.unknownCommand', { text: text.slice(0, 200) }), understood: false };
  }

  private async help(turn: Turn): Promise<MessageReply> {
    return { cards: [renderHelpCard({ locale: turn.locale, roles: [...turn.actor.roles] })] };
  }

  /** A greeting is answered in kind, with what the bot can do. */
  private async greet(turn: Turn): Promise<MessageReply> {
    return { text: t(turn.locale, 'reply.greeting'), ...(await this.help(turn)) };
  }

  private newRequest(turn: Turn): MessageReply {
    const form = this.selfService.form(turn);
    return 'card' in form ? { cards: [form.card] } : { text: form.message };
  }

  private async myRequests(turn: Turn): Promise<MessageReply> {
    const page = await this.services.desk.requests.search({ requester: requesterOf(turn), pageSize: 10 });
    return {
      cards: [
        renderRequestListCard({
          locale: turn.locale,
          timeZone: this.services.config.calendar.timeZone,
          title: t(turn.locale, 'command.myRequests'),
          requests: page.items,
          page: page.page,
          pageSize: page.pageSize,
          total: page.total,
        }),
      ],
    };
  }

  private async status(turn: Turn, folio: string): Promise<MessageReply> {
    const request = await this.services.desk.requests.getByFolio(folio);
    if (!request || !maySee(request, turn.actor)) return { text: tPlain(turn.locale, 'reply.notFound', { folio: folio.slice(0, 40) }) };
    return { cards: [await requestCardFor(this.services, request, turn.actor, turn.locale)] };
  }

  /**
   * `agenda hoy|mañana|semana|<recurso>` (and `today`, `tomorrow`, `week`): today's or tomorrow's
   * events, the next 7 days', or the next 7 days of one resource, named by id or name (see
   * {@link findResources}); several resources matching are listed, none is said so.
   */
  private async agenda(turn: Turn, argument: string): Promise<MessageReply> {
    const { locale } = turn;
    if (!staff(turn)) return { text: t(locale, 'reply.notAuthorised', { action: t(locale, 'command.agendaAction') }) };
    const zone = this.services.config.calendar.timeZone;
    const resources = await this.services.desk.agenda.resources();
    const span = agendaSpans.get(searchWords(argument).join(' '));
    const matches = span ? [] : findResources(resources, argument);
    const asked = argument.slice(0, 60);
    if (!span && matches.length === 0) return { text: tPlain(locale, 'reply.resourceNotFound', { name: asked }) };
    if (!span && matches.length > 1) {
      const listed = matches.slice(0, 10).map((resource) => `${resource.name} (${resource.id})`).join(', ');
      return { text: tPlain(locale, 'reply.resourceAmbiguous', { name: asked, matches: listed }) };
    }
    const resource = matches[0];
    const { from, to } = agendaInterval(span ?? 'week', this.services.now?.() ?? new Date(), zone);
    const bookings = await this.services.desk.agenda.bookingsBetween(from, to, resource?.id);
    const title = resource ? t(locale, 'agenda.title.resource', { resource: resource.name }) : t(locale, `agenda.title.${span ?? 'week'}`);
    return { cards: [renderAgendaCard({ locale, timeZone: zone, title, bookings, resources })] };
  }
}
