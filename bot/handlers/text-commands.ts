import { DateTime } from 'luxon';
import { renderAgendaCard } from '../../cards/agenda-card.js';
import { renderHelpCard } from '../../cards/help-card.js';
import { t } from '../../cards/messages.js';
import { renderRequestListCard } from '../../cards/request-list-card.js';
import { maySee } from '../../services/requests/available-actions.js';
import { requestCardFor } from '../request-card-views.js';
import { tPlain } from '../../cards/plain-text.js';
import { isGroup } from '../turn-people.js';
import { requesterOf, type BotServices, type MessageReply, type Turn } from './handler-context.js';

type CommandHandler = (turn: Turn, argument: string) => Promise<MessageReply>;

const staff = (turn: Turn) => turn.actor.roles.length > 0;

/**
 * The text commands of the chat (Spanish words; English aliases): ayuda, mis solicitudes,
 * estado <folio>, agenda hoy|semana|<recurso>. A requester only ever sees their own requests.
 */
export class TextCommands {
  /** The commands, in order; `personal` ones show a person's own requests and answer only in the 1:1 chat. */
  private readonly table: Array<{ pattern: RegExp; run: CommandHandler; personal?: boolean }>;

  constructor(private readonly services: BotServices) {
    this.table = [
      { pattern: /^(ayuda|help|\?)$/i, run: (turn) => this.help(turn) },
      { pattern: /^(mis solicitudes|my requests)$/i, run: (turn) => this.myRequests(turn), personal: true },
      { pattern: /^(estado|status)\s+(.+)$/i, run: (turn, folio) => this.status(turn, folio), personal: true },
      { pattern: /^(estado|status)$/i, run: async (turn) => ({ text: t(turn.locale, 'command.status.description') }) },
      { pattern: /^agenda\s+(hoy|today)$/i, run: (turn) => this.agenda(turn, 'day') },
      { pattern: /^agenda\s+(semana|week)$/i, run: (turn) => this.agenda(turn, 'week') },
      { pattern: /^agenda\s+(.+)$/i, run: (turn, resource) => this.agenda(turn, 'week', resource) },
    ];
  }

  /** Answers a command, or says it was not understood (pointing at "ayuda"); `understood` tells which. */
  async handle(turn: Turn, text: string): Promise<MessageReply & { understood: boolean }> {
    for (const { pattern, run, personal } of this.table) {
      const match = pattern.exec(text);
      if (!match) continue;
      if (personal && isGroup(turn.context)) return { text: t(turn.locale, 'reply.personalOnly'), understood: true };
      return { ...(await run(turn, (match[2] ?? match[1] ?? '').trim())), understood: true };
    }
    return { text: tPlain(turn.locale, 'reply.unknownCommand', { text: text.slice(0, 200) }), understood: false };
  }

  private async help(turn: Turn): Promise<MessageReply> {
    return { cards: [renderHelpCard({ locale: turn.locale, roles: [...turn.actor.roles] })] };
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

  private async agenda(turn: Turn, span: 'day' | 'week', resourceName?: string): Promise<MessageReply> {
    if (!staff(turn)) return { text: t(turn.locale, 'reply.notAuthorised', { action: t(turn.locale, 'command.agendaAction') }) };
    const zone = this.services.config.calendar.timeZone;
    const now = DateTime.now().setZone(zone);
    const from = span === 'day' ? now.startOf('day') : now.startOf('week');
    const to = span === 'day' ? from.plus({ days: 1 }) : from.plus({ weeks: 1 });
    const resources = await this.services.desk.agenda.resources();
    const wanted = resourceName?.toLowerCase();
    const resource = wanted ? resources.find((item) => item.id === wanted || item.name.toLowerCase().includes(wanted)) : undefined;
    if (wanted && !resource) return { text: tPlain(turn.locale, 'reply.notFound', { folio: (resourceName ?? '').slice(0, 40) }) };
    const bookings = await this.services.desk.agenda.bookingsBetween(from.toJSDate(), to.toJSDate(), resource?.id);
    const title = resource ? `${t(turn.locale, 'command.agendaResource')} — ${resource.name}` : t(turn.locale, span === 'day' ? 'command.agendaToday' : 'command.agendaWeek');
    return { cards: [renderAgendaCard({ locale: turn.locale, timeZone: zone, title, bookings, resources })] };
  }
}
