import { z } from 'zod';
import { ActivityHandlerBase, ActivityTypes, CardFactory, TeamsInfo, TurnContext, type InvokeResponse } from 'botbuilder';
import { t } from '../cards/messages.js';
import type { Actor } from '../services/requests/request-types.js';
import { CardActions } from './handlers/card-actions.js';
import { requesterKeys, type BotServices, type CardReply, type MessageReply, type Turn } from './handlers/handler-context.js';
import { MessageExtension, type ExtensionResponse } from './handlers/message-extension.js';
import { TextCommands } from './handlers/text-commands.js';
import { commandText, idsOf, localeOf, personOf } from './turn-people.js';

type InvokeHandler = (turn: Turn, value: unknown) => Promise<InvokeResponse>;

/** An `adaptiveCard/action` invoke's value: the verb (a short name) and the card's data. */
const cardAction = z.object({ action: z.object({ verb: z.string().max(64), data: z.unknown().optional() }) });

const cardResponse = (reply: CardReply): InvokeResponse => ({
  status: 200,
  body:
    'card' in reply
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: reply.card }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply.message },
});
const extensionResponse = (body: ExtensionResponse): InvokeResponse => ({ status: 200, body });
/** A short message in the form the invoke `name` expects, for when its handler failed. */
const failedResponse = (name: string, text: string): InvokeResponse => {
  if (name === 'adaptiveCard/action') return cardResponse({ message: text });
  if (name === 'composeExtension/query') return extensionResponse({ composeExtension: { type: 'message', text } });
  return extensionResponse({ task: { type: 'message', value: text } });
};

/** How long the Teams roster is not asked again for a user it gave no e-mail for. */
const rosterRetryMs = 10 * 60 * 1000;
/** How long a turn waits for the Teams roster. */
const rosterWaitMs = 2000;

/**
 * The bot: one routing table from invoke names and activity types to small handlers that call
 * the services and return cards. Invokes are routed first and answered from the handler's
 * value; state changes happen in the services, slow work in their jobs.
 */
export class ServiceDeskBot extends ActivityHandlerBase {
  private readonly invokes: ReadonlyMap<string, InvokeHandler>;
  private readonly commands: TextCommands;
  /** Roster look-ups in flight, by Teams user id: concurrent turns of one user share one. */
  private readonly rosterLookups = new Map<string, Promise<string | undefined>>();
  /** When the roster may be asked again for a user it gave no e-mail for, by Teams user id. */
  private readonly rosterMisses = new Map<string, number>();

  constructor(private readonly services: BotServices) {
    super();
    const cards = new CardActions(services);
    const extension = new MessageExtension(services);
    this.invokes = new Map<string, InvokeHandler>([
      [
        'adaptiveCard/action',
        async (turn, value) => {
          const action = cardAction.safeParse(value);
          return cardResponse(action.success ? await cards.handle(turn, action.data.action.verb, action.data.action.data) : { message: t(turn.locale, 'reply.unknownAction') });
        },
      ],
      ['composeExtension/fetchTask', async (turn, value) => extensionResponse(await extension.fetchTask(turn, value))],
      ['composeExtension/submitAction', async (turn, value) => extensionResponse(await extension.submitAction(turn, value))],
      ['composeExtension/query', async (turn, value) => extensionResponse(await extension.query(turn, value))],
    ]);
    this.commands = new TextCommands(services);
  }

  protected override async onTurnActivity(context: TurnContext): Promise<void> {
    if (context.activity.type === ActivityTypes.Invoke) return this.onInvoke(context);
    const turn = await this.turnOf(context);
    switch (context.activity.type) {
      case ActivityTypes.Message:
        await this.rememberPersonal(turn);
        return this.send(context, await this.onMessage(turn));
      case ActivityTypes.InstallationUpdate:
      case ActivityTypes.ConversationUpdate:
        await this.rememberPersonal(turn);
        return;
      default:
        return;
    }
  }

  /**
   * Answers an invoke from its handler. A handler that fails (e.g. the database refusing a write)
   * is logged and answered with a short message in the user's language, not left unanswered
   * (which the adapter would turn into HTTP 501).
   */
  private async onInvoke(context: TurnContext): Promise<void> {
    const name = context.activity.name ?? '';
    const handler = this.invokes.get(name);
    let response: InvokeResponse;
    try {
      response = handler ? await handler(await this.turnOf(context), context.activity.value) : { status: 501 };
    } catch (error) {
      this.services.logger.error(`invoke ${name} failed`, error);
      response = failedResponse(name, t(localeOf(context.activity), 'reply.actionFailed'));
    }
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
  }

  private async onMessage(turn: Turn): Promise<MessageReply> {
    const text = commandText(turn.context);
    if (!text) return {};
    const answer = await this.commands.handle(turn, text);
    if (answer.understood || this.isGroup(turn.context)) return answer;
    return (await this.replyToOpenWait(turn, text)) ?? answer;
  }

  /** In the 1:1 chat, free text from a requester with exactly one open wait answers it. */
  private async replyToOpenWait(turn: Turn, text: string): Promise<MessageReply | undefined> {
    const waiting = await this.services.desk.requests.search({ requesterId: requesterKeys(turn), status: 'Pendiente por el usuario', pageSize: 2 });
    if (waiting.total !== 1) return undefined;
    const request = waiting.items[0]!;
    const result = await this.services.desk.requests.execute(request.id, { type: 'reply', text }, turn.actor, `reply:${turn.context.activity.id ?? text}`, request.version);
    return result.outcome === 'applied' || result.outcome === 'duplicate' ? { text: t(turn.locale, 'reply.replyReceived') } : undefined;
  }

  private async send(context: TurnContext, reply: MessageReply): Promise<void> {
    if (reply.text) await context.sendActivity(reply.text);
    for (const card of reply.cards ?? []) await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  }

  private async rememberPersonal(turn: Turn): Promise<void> {
    if (this.isGroup(turn.context)) return;
    await this.services.references.rememberPerson([...idsOf(turn.context.activity), turn.actor.email], TurnContext.getConversationReference(turn.context.activity));
  }

  /**
   * Asks the Teams roster for a user's e-mail and remembers it. The turn waits at most
   * {@link rosterWaitMs}; concurrent turns of the user share one look-up, and a user the roster
   * gave no e-mail for is not asked about again for {@link rosterRetryMs}.
   */
  private async emailFromRoster(context: TurnContext, teamsUserId: string): Promise<string | undefined> {
    if ((this.rosterMisses.get(teamsUserId) ?? 0) > Date.now()) return undefined;
    let lookup = this.rosterLookups.get(teamsUserId);
    if (!lookup) {
      lookup = this.askRoster(context, teamsUserId).finally(() => this.rosterLookups.delete(teamsUserId));
      this.rosterLookups.set(teamsUserId, lookup);
    }
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), rosterWaitMs).unref());
    return Promise.race([lookup, timeout]);
  }

  /**
   * One roster look-up: the e-mail, remembered — with the 1:1 chat under it, also when the turn
   * stopped waiting for it; or none, noted as a miss. Never throws.
   */
  private async askRoster(context: TurnContext, teamsUserId: string): Promise<string | undefined> {
    const personalChat = this.isGroup(context) ? undefined : TurnContext.getConversationReference(context.activity);
    let email: string | undefined;
    try {
      const member = await TeamsInfo.getMember(context, teamsUserId);
      email = (member.email ?? member.userPrincipalName)?.toLowerCase();
    } catch (error) {
      this.services.logger.debug('the Teams roster did not give the e-mail', error);
    }
    if (!email) {
      this.rosterMisses.set(teamsUserId, Date.now() + rosterRetryMs);
      return undefined;
    }
    this.rosterMisses.delete(teamsUserId);
    const filed = [this.services.references.rememberEmail(teamsUserId, email)];
    if (personalChat) filed.push(this.services.references.rememberPerson([email], personalChat));
    await Promise.all(filed).catch((error: unknown) =>
      this.services.logger.warn('the e-mail from the Teams roster could not be remembered', error),
    );
    return email;
  }

  private isGroup(context: TurnContext): boolean {
    return context.activity.conversation?.isGroup === true || ['channel', 'groupChat'].includes(context.activity.conversation?.conversationType ?? '');
  }

  /** Who acts: the person (with their e-mail from the Teams roster when it answers) and their roles. */
  private async turnOf(context: TurnContext): Promise<Turn> {
    const person = personOf(context.activity);
    const teamsUserId = context.activity.from?.id;
    if (context.activity.channelId === 'msteams' && teamsUserId && context.activity.type !== ActivityTypes.ConversationUpdate) {
      person.email = (await this.services.references.emailOf(teamsUserId)) ?? (await this.emailFromRoster(context, teamsUserId));
    }
    const actor: Actor = this.services.desk.roles.actorFor(person, idsOf(context.activity));
    return { context, actor, locale: localeOf(context.activity) };
  }
}
