import { ActivityHandlerBase, ActivityTypes, CardFactory, TeamsInfo, TurnContext, type InvokeResponse } from 'botbuilder';
import { t } from '../cards/messages.js';
import type { Actor } from '../services/requests/request-types.js';
import { CardActions } from './handlers/card-actions.js';
import { requesterKeys, type BotServices, type CardReply, type MessageReply, type Turn } from './handlers/handler-context.js';
import { MessageExtension, type ExtensionResponse } from './handlers/message-extension.js';
import { TextCommands } from './handlers/text-commands.js';
import { commandText, idsOf, localeOf, personOf } from './turn-people.js';

type InvokeHandler = (turn: Turn, value: unknown) => Promise<InvokeResponse>;

const cardResponse = (reply: CardReply): InvokeResponse => ({
  status: 200,
  body:
    'card' in reply
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: reply.card }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply.message },
});
const extensionResponse = (body: ExtensionResponse): InvokeResponse => ({ status: 200, body });

/**
 * The bot: one routing table from invoke names and activity types to small handlers that call
 * the services and return cards. Invokes are routed first and answered from the handler's
 * value; state changes happen in the services, slow work in their jobs.
 */
export class ServiceDeskBot extends ActivityHandlerBase {
  private readonly invokes: Record<string, InvokeHandler>;
  private readonly commands: TextCommands;

  constructor(private readonly services: BotServices) {
    super();
    const cards = new CardActions(services);
    const extension = new MessageExtension(services);
    this.invokes = {
      'adaptiveCard/action': async (turn, value) => {
        const action = (value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
        return cardResponse(await cards.handle(turn, String(action?.verb ?? ''), action?.data ?? {}));
      },
      'composeExtension/fetchTask': async (turn, value) => extensionResponse(await extension.fetchTask(turn, value)),
      'composeExtension/submitAction': async (turn, value) => extensionResponse(await extension.submitAction(turn, value)),
      'composeExtension/query': async (turn, value) => extensionResponse(await extension.query(turn, value)),
    };
    this.commands = new TextCommands(services);
  }

  protected override async onTurnActivity(context: TurnContext): Promise<void> {
    const turn = await this.turnOf(context);
    switch (context.activity.type) {
      case ActivityTypes.Invoke:
        return this.onInvoke(turn);
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

  private async onInvoke(turn: Turn): Promise<void> {
    const handler = this.invokes[turn.context.activity.name ?? ''];
    const response: InvokeResponse = handler ? await handler(turn, turn.context.activity.value) : { status: 501 };
    await turn.context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
  }

  private async onMessage(turn: Turn): Promise<MessageReply> {
    const text = commandText(turn.context);
    if (!text) return {};
    const answer = await this.commands.handle(turn, text);
    if (answer.cards?.length || this.isGroup(turn.context)) return answer;
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

  /** Asks the Teams roster once for a user's e-mail (bounded in time) and remembers it. */
  private async emailFromRoster(context: TurnContext, teamsUserId: string): Promise<string | undefined> {
    const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000).unref());
    const lookup = TeamsInfo.getMember(context, teamsUserId).then(
      (member) => (member.email ?? member.userPrincipalName)?.toLowerCase(),
      (error: unknown) => {
        this.services.logger.debug('the Teams roster did not give the e-mail', error);
        return undefined;
      },
    );
    const email = await Promise.race([lookup, timeout]);
    if (email) await this.services.references.rememberEmail(teamsUserId, email);
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
