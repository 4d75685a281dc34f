import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { ActivityHandlerBase, ActivityTypes, CardFactory, TeamsInfo, TurnContext, type Activity, type InvokeResponse } from 'botbuilder';
import { t } from '../cards/messages.js';
import type { Actor } from '../services/requests/request-types.js';
import { CardActions } from './handlers/card-actions.js';
import { requesterOf, type BotServices, type CardReply, type MessageReply, type Turn } from './handlers/handler-context.js';
import { MessageExtension, type ExtensionResponse } from './handlers/message-extension.js';
import { TextCommands } from './handlers/text-commands.js';
import { commandText, isGroup, localeOf, personOf, tenantOf } from './turn-people.js';

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
const rosterWaitMs = 1000;
/** How many users' roster look-ups (in flight, or recently without an answer) are remembered. */
const rosterMemory = 10_000;
/**
 * How long an invoke may take before the user is told to try again (Teams gives about 15 s, then
 * retries): with the database down, the driver would otherwise wait for it far longer.
 */
const invokeBudgetMs = 8000;

/**
 * The bot: one routing table from invoke names and activity types to small handlers that call
 * the services and return cards. Invokes are routed first and answered from the handler's
 * value; state changes happen in the services, slow work in their jobs. Only Teams activities
 * of the configured tenant(s) are taken; people are known by their Entra object id.
 */
export class ServiceDeskBot extends ActivityHandlerBase {
  private readonly invokes: ReadonlyMap<string, InvokeHandler>;
  private readonly commands: TextCommands;
  /** Roster look-ups in flight, by object id: concurrent turns of one user share one. */
  private readonly rosterLookups: LRUCache<string, Promise<string | undefined>>;
  /** Users the roster gave no e-mail for, by object id, until they may be asked about again. */
  private readonly rosterMisses: LRUCache<string, true>;
  private readonly tenants: ReadonlySet<string>;

  private readonly invokeBudgetMs: number;

  /**
   * `options.rosterMemory`: how many users' roster answers are remembered at most (every map keyed
   * by an outside id is bounded); `options.invokeBudgetMs`: how long an invoke may take before the
   * user is told to try again.
   */
  constructor(
    private readonly services: BotServices,
    options: { rosterMemory?: number; invokeBudgetMs?: number } = {},
  ) {
    super();
    this.invokeBudgetMs = options.invokeBudgetMs ?? invokeBudgetMs;
    this.rosterLookups = new LRUCache({ max: options.rosterMemory ?? rosterMemory });
    this.rosterMisses = new LRUCache({ max: options.rosterMemory ?? rosterMemory, ttl: rosterRetryMs });
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
    this.tenants = new Set(services.config.teams.tenantIds);
  }

  protected override async onTurnActivity(context: TurnContext): Promise<void> {
    if (!this.fromTeamsOfOurTenant(context)) return this.refuse(context);
    if (context.activity.type === ActivityTypes.Invoke) return this.onInvoke(context);
    switch (context.activity.type) {
      case ActivityTypes.Message: {
        const turn = await this.turnOf(context);
        await this.rememberPersonal(turn);
        return this.send(context, await this.onMessage(turn));
      }
      case ActivityTypes.InstallationUpdate:
      case ActivityTypes.ConversationUpdate:
        return this.onMembership(context);
      default:
        return;
    }
  }

  /**
   * The app added to or removed from a 1:1 chat or a team (`installationUpdate`, or a
   * `conversationUpdate` naming the bot among the members added or removed). A removal forgets
   * what the bot kept there — the person's chat, the ASV channel — and nothing of it is saved
   * again by the other event of the same removal; an addition keeps the person's chat, or, added
   * to a team by an ASV, makes that team's channel the ASV channel and says so there.
   */
  private async onMembership(context: TurnContext): Promise<void> {
    const { activity } = context;
    const botId = activity.recipient?.id;
    const names = (members: unknown) => (Array.isArray(members) ? members : []).some((member) => typeof member?.id === 'string' && member.id === botId);
    const removed =
      activity.type === ActivityTypes.InstallationUpdate
        ? activity.action === 'remove' || activity.action === 'remove-upgrade'
        : Boolean(botId) && names(activity.membersRemoved);
    const added = activity.type === ActivityTypes.InstallationUpdate ? !removed : Boolean(botId) && names(activity.membersAdded);
    const team = teamOf(activity);
    if (team) {
      if (removed) return this.services.references.forgetAsvChannel(team.teamId);
      if (added) return this.captureAsvChannel(context, team);
      return;
    }
    if (removed) return this.forgetPersonal(context);
    if (isGroup(context)) return;
    return this.rememberPersonal(await this.turnOf(context), { force: true });
  }

  /**
   * The app added to a team by an ASV: unless TEAMS_ASV_CHANNEL_ID names the channel, that team's
   * channel (its General channel, or the one Teams names), tenant and service URL become where
   * request cards are posted, and the channel is told so (once per team and channel). Added by
   * anyone else, the team is not taken as the ASV team.
   */
  private async captureAsvChannel(context: TurnContext, team: { teamId: string; channelId: string }): Promise<void> {
    if (this.services.config.teams.asvChannelId) return;
    const turn = await this.turnOf(context);
    const serviceUrl = serviceUrlShape.safeParse(context.activity.serviceUrl);
    const tenantId = tenantOf(context.activity) ?? this.services.config.teams.tenantId;
    if (!turn.actor.roles.includes('ASV') || !serviceUrl.success || !tenantId) {
      this.services.logger.info('the app was added to a team by someone who is not an ASV: it is not taken as the ASV team');
      return;
    }
    const stored = await this.services.references.rememberAsvChannel({ ...team, tenantId, serviceUrl: serviceUrl.data, addedBy: turn.actor.id });
    this.services.logger.info(`ASV channel ${stored === 'new' ? 'set to' : 'still'} ${team.channelId} (team ${team.teamId})`);
    if (stored === 'new') await context.sendActivity(`${t('es', 'welcome.asvChannel')}\n\n${t('en', 'welcome.asvChannel')}`);
  }

  /**
   * Whether the activity comes from Teams and, when tenants are configured, from one of them.
   * Anything else (Direct Line, Web Chat, another tenant) is never taken as a person of the desk.
   */
  private fromTeamsOfOurTenant(context: TurnContext): boolean {
    if (context.activity.channelId !== 'msteams') return false;
    if (!this.tenants.size) return true;
    const tenant = tenantOf(context.activity);
    return tenant !== undefined && this.tenants.has(tenant);
  }

  /** Refuses an activity from elsewhere: an invoke gets 403 and nothing else happens. */
  private async refuse(context: TurnContext): Promise<void> {
    this.services.logger.debug(`activity refused: channel ${String(context.activity.channelId).slice(0, 40)}, not Teams of the configured tenant`);
    if (context.activity.type === ActivityTypes.Invoke) await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
  }

  /**
   * Answers an invoke from its handler. A handler that fails (e.g. the database refusing a write)
   * or takes longer than {@link invokeBudgetMs} is answered with a short "try again" in the user's
   * language, not left unanswered (which the adapter would turn into HTTP 501) or waited for
   * beyond Teams' patience; a click repeated later is idempotent.
   */
  private async onInvoke(context: TurnContext): Promise<void> {
    const name = context.activity.name ?? '';
    const handler = this.invokes.get(name);
    // Read once, up front: the turn's context must not be touched after the turn (a late timer).
    const failure = failedResponse(name, t(localeOf(context.activity), 'reply.actionFailed'));
    let response: InvokeResponse;
    if (!handler) response = { status: 501 };
    else {
      let timer: NodeJS.Timeout | undefined;
      const budget = new Promise<InvokeResponse>((resolve) => {
        timer = setTimeout(() => resolve(failure), this.invokeBudgetMs);
      });
      const handled = this.turnOf(context)
        .then((turn) => handler(turn, context.activity.value))
        .catch((error: unknown) => {
          this.services.logger.error(`invoke ${name} failed`, error);
          return failure;
        });
      try {
        response = await Promise.race([handled, budget]);
      } finally {
        clearTimeout(timer);
      }
    }
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
  }

  private async onMessage(turn: Turn): Promise<MessageReply> {
    const text = commandText(turn.context);
    if (!text) return {};
    const answer = await this.commands.handle(turn, text);
    if (answer.understood || isGroup(turn.context)) return answer;
    return (await this.replyToOpenWait(turn, text)) ?? answer;
  }

  /** In the 1:1 chat, free text from a requester with exactly one open wait answers it. */
  private async replyToOpenWait(turn: Turn, text: string): Promise<MessageReply | undefined> {
    const waiting = await this.services.desk.requests.search({ requester: requesterOf(turn), status: 'Pendiente por el usuario', pageSize: 2 });
    if (waiting.total !== 1) return undefined;
    const request = waiting.items[0]!;
    const result = await this.services.desk.requests.execute(request.id, { type: 'reply', text }, turn.actor, `reply:${turn.context.activity.id ?? text}`, request.version);
    return result.outcome === 'applied' || result.outcome === 'duplicate' ? { text: t(turn.locale, 'reply.replyReceived') } : undefined;
  }

  private async send(context: TurnContext, reply: MessageReply): Promise<void> {
    if (reply.text) await context.sendActivity(reply.text);
    for (const card of reply.cards ?? []) await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  }

  /**
   * Keeps the 1:1 chat of a person (by object id) for proactive messages, with their language (an
   * event that carries none, such as an install, keeps the one last seen). `force` writes even when
   * this process wrote the same chat recently (an install: another instance may have forgotten it).
   */
  private async rememberPersonal(turn: Turn, options: { force?: boolean } = {}): Promise<void> {
    if (isGroup(turn.context) || !turn.actor.id) return;
    const locale = hasLocale(turn.context.activity) ? turn.locale : ((await this.services.references.localeOf({ id: turn.actor.id })) ?? turn.locale);
    await this.services.references.rememberChat(turn.actor.id, TurnContext.getConversationReference(turn.context.activity), locale, options);
  }

  private async forgetPersonal(context: TurnContext): Promise<void> {
    const { id } = personOf(context.activity);
    if (!isGroup(context) && id) await this.services.references.forgetChat(id);
  }

  /**
   * Asks the Teams roster for a user's e-mail and remembers it. The turn waits at most
   * {@link rosterWaitMs}; concurrent turns of the user share one look-up, and a user the roster
   * gave no e-mail for is not asked about again for {@link rosterRetryMs}.
   */
  private async emailFromRoster(context: TurnContext, objectId: string): Promise<string | undefined> {
    if (this.rosterMisses.has(objectId)) return undefined;
    let lookup = this.rosterLookups.get(objectId);
    if (!lookup) {
      lookup = this.askRoster(context, objectId).finally(() => this.rosterLookups.delete(objectId));
      this.rosterLookups.set(objectId, lookup);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), rosterWaitMs);
    });
    const email = await Promise.race([lookup, timeout]);
    clearTimeout(timer);
    return email;
  }

  /**
   * One roster look-up: the e-mail of the member whose object id is the sender's (the roster is
   * the bot's own tenant's, the only one it takes activities from), remembered; or none, noted as
   * a miss. Never throws.
   */
  private async askRoster(context: TurnContext, objectId: string): Promise<string | undefined> {
    let email: string | undefined;
    try {
      const member = await TeamsInfo.getMember(context, context.activity.from.id);
      const sameObject = member.aadObjectId?.trim().toLowerCase() === objectId;
      const address = (member.email ?? member.userPrincipalName)?.trim().toLowerCase();
      if (sameObject && address && /^[^@\s]+@[^@\s]+$/.test(address) && address.length <= 254) email = address;
    } catch (error) {
      this.services.logger.debug('the Teams roster did not give the e-mail', error);
    }
    if (!email) {
      this.rosterMisses.set(objectId, true);
      return undefined;
    }
    await this.services.references
      .rememberEmail(objectId, email)
      .catch((error: unknown) => this.services.logger.warn('the e-mail from the Teams roster could not be remembered', error));
    return email;
  }

  /** Who acts: the person (object id; their e-mail from the roster when it answers) and the roles their object id holds. */
  private async turnOf(context: TurnContext): Promise<Turn> {
    const person = personOf(context.activity);
    if (person.id && context.activity.type !== ActivityTypes.ConversationUpdate && context.activity.type !== ActivityTypes.InstallationUpdate) {
      person.email = (await this.services.references.emailOf(person.id)) ?? (await this.emailFromRoster(context, person.id));
    }
    const actor: Actor = this.services.desk.roles.actorFor(person);
    const locale = localeOf(context.activity);
    if (person.id && hasLocale(context.activity)) {
      // The language last seen from them, for what the bot sends them later (kept in memory: one write when it changes).
      await this.services.references.rememberLocale(person.id, locale).catch((error: unknown) => this.services.logger.debug('the language of a person could not be remembered', error));
    }
    return { context, actor, locale };
  }
}

/** A service URL an activity gives: http(s), bounded. */
const serviceUrlShape = z.string().max(512).regex(/^https?:\/\/[^\s]+$/);
/** A Teams team or channel id: bounded, printable, no whitespace. */
const teamsIdShape = z.string().min(1).max(256).regex(/^[^\s\u0000-\u001f\u007f]+$/);
const teamData = z.object({ team: z.object({ id: teamsIdShape }).passthrough(), channel: z.object({ id: teamsIdShape }).passthrough().optional() }).passthrough();

/** The team (and its channel) of a team-scope activity; undefined in a 1:1 or group chat. */
function teamOf(activity: Partial<Activity>): { teamId: string; channelId: string } | undefined {
  const data = teamData.safeParse(activity.channelData);
  if (!data.success) return undefined;
  const channelId = (data.data.channel?.id ?? data.data.team.id).split(';')[0]!;
  return channelId ? { teamId: data.data.team.id, channelId } : undefined;
}

/** Whether an activity says which language its sender uses (an install event usually does not). */
function hasLocale(activity: Partial<Activity>): boolean {
  if (typeof activity.locale === 'string' && activity.locale.trim()) return true;
  const entities = Array.isArray(activity.entities) ? activity.entities : [];
  return entities.some((entity) => typeof entity === 'object' && entity !== null && entity.type === 'clientInfo' && typeof (entity as { locale?: unknown }).locale === 'string');
}
