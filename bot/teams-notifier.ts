import { CardFactory, type Activity, type CloudAdapter, type ConversationParameters, type ConversationReference, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { renderAssigneeNoticeCard } from '../cards/assignee-notice-card.js';
import { t, type Locale } from '../cards/messages.js';
import { renderNoticeCard } from '../cards/notice-card.js';
import { escapeMarkdown } from '../cards/plain-text.js';
import { formatRange, type AdaptiveCard } from '../cards/render-card.js';
import { renderRequestInfoCard } from '../cards/request-info-card.js';
import { renderRatingCard } from '../cards/rating-card.js';
import type { DeliveryReceipt } from '../services/effects/effect-dispatcher.js';
import type { TeamsDirectory } from '../services/graph/graph-teams-directory.js';
import type { Logger } from '../services/logging/logger.js';
import type { NoticeAudience, TeamsNotifier } from '../services/notifications/notification-ports.js';
import { noticeText } from '../services/notifications/notice-texts.js';
import { undeliveredReceipt, type UnreachedReason } from '../services/notifications/teams-reach.js';
import type { AssigneeNotice, Person, ServiceRequest } from '../services/requests/request-types.js';
import { channelCardLink } from './channel-card-link.js';
import { requestCardFor, teamsUndeliveredText, teamsUserIdOf, type RequestCardSources } from './request-card-views.js';
import { teamsMention } from './teams-mention.js';
import type { RequestThread, TeamsReferences } from './teams-references.js';

/** Where the notifier writes and as whom. */
export interface TeamsNotifierOptions extends RequestCardSources {
  adapter: CloudAdapter;
  references: TeamsReferences;
  /**
   * The tenant's directory and app installations (Microsoft Graph), to reach a person who never
   * opened the bot: absent without Graph, and then such a person is reached by e-mail only.
   */
  directory?: TeamsDirectory | undefined;
  logger?: Logger | undefined;
}

/** Who DAU's follow-up card is drawn for: DAU's actions on the request. */
const dauViewer = { id: '', name: 'DAU', roles: ['DAU'] } as const satisfies Parameters<typeof requestCardFor>[2];

const skipped = (reference: string): DeliveryReceipt => ({ channel: 'teams', skipped: true, reference });

/** How a Bot Connector failure is taken: tried again later, the conversation is gone, or Teams will never take it. */
export type ConnectorFailureKind = 'transient' | 'gone' | 'rejected';

/** The part of a Bot Connector error (botframework-connector's RestError) the notifier reads, checked. */
const connectorError = z.object({ statusCode: z.number().int().min(100).max(599).optional(), code: z.string().max(120).optional() }).passthrough();

/**
 * Classifies a failed Bot Connector call: throttled (429), precondition failed (412, Teams' answer
 * to updates racing each other), a server error (5xx), unauthorised (401: the bot's token, which
 * a retry may get) or no answer at all are `transient` and retried; 403 (the bot is not in the
 * conversation: uninstalled, blocked) and 404 (no such conversation or activity) are `gone`; any
 * other 4xx is `rejected`: Teams will never take that activity.
 */
export function classifyConnectorError(error: unknown): { kind: ConnectorFailureKind; status?: number | undefined; code?: string | undefined } {
  const parsed = connectorError.safeParse(error);
  const status = parsed.success ? parsed.data.statusCode : undefined;
  const code = parsed.success && parsed.data.code && /^[\w.-]+$/.test(parsed.data.code) ? parsed.data.code : undefined;
  if (status === undefined || status === 429 || status === 412 || status === 401 || status >= 500) return { kind: 'transient', status, code };
  if (status === 403 || status === 404) return { kind: 'gone', status, code };
  return { kind: 'rejected', status, code };
}

/** A conversation id the connector gave: bounded, printable, no whitespace. */
const conversationIdShape = z.string().min(1).max(512).regex(/^[^\s\u0000-\u001f\u007f]+$/);
/** An Entra object id as people are keyed (`turn-people.ts`). */
const objectIdShape = /^[\w-]{1,64}$/;
const isEmail = (value: string | undefined): value is string => Boolean(value && /^[^@\s]+@[^@\s]+$/.test(value) && value.length <= 254);

/** How a person can be looked up: their object id when their id is one, and their e-mail (given, or their id when it is one); lower case. */
function lookupKeysOf(person: Person): { objectId?: string | undefined; email?: string | undefined } {
  const id = person.id?.trim().toLowerCase() ?? '';
  const email = (person.email ?? (id.includes('@') ? id : undefined))?.trim().toLowerCase();
  return { objectId: id && !id.includes('@') && objectIdShape.test(id) ? id : undefined, email: isEmail(email) ? email : undefined };
}

/** A person's 1:1 chat as the notifier uses it. */
interface Chat {
  reference: Partial<ConversationReference>;
  locale?: 'es' | 'en' | undefined;
}

/** Where a person stands for a proactive message: their chat, or why there is none (permanent for this notice). */
type Reach = { reached: true; objectId: string | undefined; chat: Chat } | { reached: false; reason: UnreachedReason; detail: string };

/** Where the notifier posts in a channel: the conversation and the service URL and tenant it belongs to. */
interface ChannelTarget {
  conversationId: string;
  serviceUrl: string;
  tenantId: string | undefined;
}

/**
 * The Teams side of the durable effects: the request's card in the ASV channel (posted once,
 * then updated in place), replies in its thread (a re-assignment's new ASV @mentioned), 1:1
 * notices to the requester and to the ASV, and the DAU's follow-up card. Each method is one
 * proactive turn; a failure Teams may get over throws so the effect is retried, and a permanent
 * one (the conversation gone, the activity refused) is recorded as skipped with its reason.
 *
 * A person without a 1:1 chat is reached through Microsoft Graph: their e-mail resolved to their
 * Entra object id, the app installed for them (409: already there), the chat opened with the Bot
 * Framework's create-conversation (their object id and the tenant; else the installation's chat
 * as Graph gives it), remembered, a short bilingual welcome after a fresh install, then the
 * notice. Every step is idempotent, so a retried notice repeats none of them to the person.
 */
export class BotTeamsNotifier implements TeamsNotifier {
  constructor(private readonly options: TeamsNotifierOptions) {}

  async postRequestCard(request: ServiceRequest): Promise<DeliveryReceipt> {
    const posted = await this.options.references.thread(request.id);
    if (posted) return this.updateCardIn(posted, request);
    const channel = await this.asvChannel();
    if (!channel) return skipped('no ASV channel: add the app to the ASV team, or set TEAMS_ASV_CHANNEL_ID');
    const card = await requestCardFor(this.options, request, null, 'es');
    let activityId = '';
    const refused = await this.channelCall(`the card of ${request.folio}`, () =>
      this.continueIn(this.channelReference(channel), async (context) => {
        activityId = (await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] }))?.id ?? '';
      }),
    );
    if (refused) return refused;
    if (!activityId) throw new Error(`Teams did not return the id of the card of ${request.folio}`);
    await this.options.references.rememberThread(request.id, {
      channelConversationId: channel.conversationId,
      cardActivityId: activityId,
      serviceUrl: channel.serviceUrl,
    });
    return { channel: 'teams', reference: `channel card ${activityId}` };
  }

  async updateRequestCard(request: ServiceRequest): Promise<DeliveryReceipt> {
    const thread = await this.options.references.thread(request.id);
    if (!thread) {
      if (!(await this.asvChannel())) return skipped('no ASV channel');
      throw new Error(`the card of ${request.folio} is not posted yet; the update will be retried`);
    }
    const updated = await this.updateCardIn(thread, request);
    if (thread.dauCard) await this.updateDauCard(thread.dauCard, request);
    return updated;
  }

  /** DAU's follow-up card as the request now stands (after DAU cancels: Cancelada, no Cancelar). */
  private async updateDauCard(dauCard: NonNullable<RequestThread['dauCard']>, request: ServiceRequest): Promise<void> {
    const latest = (await this.options.desk.requests.get(request.id)) ?? request;
    const note = latest.status === 'No Procede' ? noticeText('dau.not-viable', latest, 'es', this.noticeSettings()).body : undefined;
    const card = await requestCardFor(this.options, latest, dauViewer, 'es', note);
    const target: ChannelTarget = { conversationId: dauCard.conversationId, serviceUrl: dauCard.serviceUrl || this.options.config.teams.serviceUrl, tenantId: this.tenantId() };
    await this.channelCall(`the DAU card of ${latest.folio}`, () =>
      this.continueIn(this.channelReference(target), async (context) => {
        await context.updateActivity({ id: dauCard.activityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
      }),
    );
  }

  private async updateCardIn(thread: RequestThread, request: ServiceRequest): Promise<DeliveryReceipt> {
    // Updates of two changes may cross on the way to Teams: after each, the latest version is sent
    // again if it is newer than the one just shown, so the card never stays on an older state.
    let shown = request;
    for (;;) {
      const card = await requestCardFor(this.options, shown, null, 'es');
      const refused = await this.channelCall(`the card of ${request.folio}`, () =>
        this.continueIn(this.channelReference(this.threadTarget(thread)), async (context) => {
          await context.updateActivity({ id: thread.cardActivityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
        }),
      );
      if (refused) return refused;
      const latest = await this.options.desk.requests.get(request.id);
      if (!latest || latest.version <= shown.version) break;
      shown = latest;
    }
    return { channel: 'teams', reference: `updated ${thread.cardActivityId} to v${shown.version}` };
  }

  async postThreadReply(request: ServiceRequest, text: string, topic: string, mention?: Person): Promise<DeliveryReceipt> {
    const thread = await this.options.references.thread(request.id);
    if (!thread) return skipped('the request has no card in the ASV channel');
    const message = await this.threadMessage(request, text, topic, mention);
    let id = '';
    const target = this.threadTarget(thread);
    const refused = await this.channelCall(`a reply in the thread of ${request.folio}`, () =>
      this.continueIn(this.channelReference({ ...target, conversationId: `${thread.channelConversationId};messageid=${thread.cardActivityId}` }), async (context) => {
        id = (await context.sendActivity(message))?.id ?? '';
      }),
    );
    return refused ?? { channel: 'teams', reference: `thread reply ${id}` };
  }

  /**
   * A notice in the person's 1:1 chat, in the language last seen from them (Spanish until then).
   * Without a chat the bot reaches them through Graph first (see the class); a chat Teams refuses
   * (403 after an uninstall, 404) is forgotten and reached again once. Permanent failures end as
   * an undelivered receipt with the reason (the notice's e-mail carries the whole message);
   * anything Teams or Graph may get over throws, so the notice stays pending and is retried.
   */
  async notifyPerson(person: Person, request: ServiceRequest, audience: NoticeAudience): Promise<DeliveryReceipt> {
    for (let round = 1; ; round += 1) {
      const reach = await this.reach(person);
      if (!reach.reached) return undeliveredReceipt(reach.reason, reach.detail);
      const welcome = reach.objectId ? await this.welcome(reach.objectId, reach.chat, audience.kind === 'assignee' ? 'welcome.asv' : 'welcome.person') : undefined;
      const locale = reach.chat.locale ?? person.locale ?? 'es';
      const card =
        audience.kind === 'requester' && (audience.notice === 'info-request' || audience.notice === 'reminder')
          ? renderRequestInfoCard({ request, locale, timeZone: this.options.config.calendar.timeZone, reminder: audience.notice === 'reminder' })
          : audience.kind === 'requester' && (audience.notice === 'rating-request' || audience.notice === 'rating-reminder') && request.booking
            ? this.ratingCard(request, locale, audience.notice === 'rating-reminder')
            : audience.kind === 'assignee'
              ? await this.assigneeCard(request, audience.notice, locale)
              : await this.noticeCard(request, audience, locale);
      try {
        let id = '';
        await this.continueIn(reach.chat.reference, async (context) => {
          id = (await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] }))?.id ?? '';
        });
        return { channel: 'teams', reference: [welcome ? `welcome 1:1 ${welcome}` : '', `1:1 ${id}`].filter(Boolean).join(', ') };
      } catch (error) {
        const failure = classifyConnectorError(error);
        if (failure.kind === 'transient') throw error;
        const detail = `Teams answered ${failure.status ?? ''}${failure.code ? ` ${failure.code}` : ''}`.trim();
        if (failure.kind === 'rejected') return undeliveredReceipt('chat-refused', detail);
        // The chat is gone (uninstalled, blocked): forget it, so that no later notice tries it again,
        // and reach the person afresh once (install, new chat).
        if (reach.objectId) await this.options.references.forgetChat(reach.objectId);
        this.options.logger?.info(`the 1:1 chat of ${reach.objectId ?? 'a requester'} was refused (${detail}); reaching them again`);
        if (round >= 2 || !reach.objectId || !this.options.directory) return undeliveredReceipt('chat-refused', detail);
      }
    }
  }

  /**
   * Makes sure a person can be written to in Teams before anything is due (when their request is
   * registered): the same steps as a notice, without the notice. Never throws: what cannot be done
   * now is done again when the first notice is due.
   */
  async prepareChat(person: Person): Promise<DeliveryReceipt> {
    try {
      const reach = await this.reach(person);
      if (!reach.reached) return skipped(`${reach.reason}: ${reach.detail}`);
      const welcome = reach.objectId ? await this.welcome(reach.objectId, reach.chat, 'welcome.person') : undefined;
      return { channel: 'teams', reference: welcome ? `welcome 1:1 ${welcome}` : `chat ${String(reach.chat.reference.conversation?.id ?? '').slice(0, 80)}` };
    } catch (error) {
      this.options.logger?.debug('the requester could not be reached in Teams yet; the first notice will try again', error);
      return skipped(`not reached yet (${(error as Error).message?.slice(0, 200) ?? 'failed'}); the first notice tries again`);
    }
  }

  /** The directory e-mail the bot knows for a person known by object id (from their Teams roster or Graph). */
  async directoryEmailOf(person: Person): Promise<string | undefined> {
    const { objectId } = lookupKeysOf(person);
    return objectId ? this.options.references.emailOf(objectId) : undefined;
  }

  /** The language last seen from a person (any of their turns), or undefined until the bot has seen them. */
  async localeOf(person: Person): Promise<Locale | undefined> {
    return this.options.references.localeOf(person);
  }

  async notifyDau(request: ServiceRequest): Promise<DeliveryReceipt> {
    const configured = this.options.config.teams.dauChannelId;
    const channel = configured ? this.configuredChannel(configured) : await this.asvChannel();
    if (!channel) return skipped('no DAU or ASV channel');
    const card = await requestCardFor(this.options, request, dauViewer, 'es', noticeText('dau.not-viable', request, 'es', this.noticeSettings()).body);
    let id = '';
    const refused = await this.channelCall(`the DAU card of ${request.folio}`, () =>
      this.continueIn(this.channelReference(channel), async (context) => {
        id = (await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] }))?.id ?? '';
      }),
    );
    if (refused) return refused;
    if (id) await this.options.references.rememberDauCard(request.id, { conversationId: channel.conversationId, activityId: id, serviceUrl: channel.serviceUrl });
    return { channel: 'teams', reference: `DAU card ${id}` };
  }

  /**
   * The person's 1:1 chat, opened if need be: by their object id (or the e-mail the bot paired with
   * one), else through Graph — the e-mail resolved to the object id, the app installed for them, the
   * chat created. Throws when Graph or Teams may answer later.
   */
  private async reach(person: Person): Promise<Reach> {
    const { references, directory } = this.options;
    const { objectId: knownId, email } = lookupKeysOf(person);
    const chat = await references.chatOf({ id: knownId, email });
    if (chat) return { reached: true, objectId: knownId ?? (email ? await references.objectIdOf(email) : undefined), chat };
    if (!directory) return { reached: false, reason: 'no-graph', detail: 'Microsoft Graph is not configured' };
    let objectId = knownId ?? (email ? await references.objectIdOf(email) : undefined);
    if (!objectId && email) {
      objectId = await directory.objectIdOf(email);
      if (objectId) await references.rememberDirectoryEmail(objectId, email);
    }
    if (!objectId) return { reached: false, reason: 'not-in-directory', detail: email ? 'no single directory user has this address' : 'no e-mail address' };
    const installed = await directory.install(objectId);
    if (installed.outcome === 'no-app-id') return { reached: false, reason: 'no-app-id', detail: installed.detail };
    if (installed.outcome === 'refused') return { reached: false, reason: 'install-refused', detail: installed.detail };
    if (installed.outcome === 'not-found') return { reached: false, reason: 'not-found', detail: installed.detail };
    if (installed.outcome === 'installed') await references.markInstalledByBot(objectId);
    const conversationId = await this.openChat(objectId);
    const locale = (await references.localeOf({ id: objectId })) ?? person.locale ?? 'es';
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: this.options.config.teams.serviceUrl,
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', tenantId: this.tenantId(), name: '' },
      bot: this.botAccount(),
    };
    await references.rememberChat(objectId, reference, locale, { force: true });
    return { reached: true, objectId, chat: { reference, locale } };
  }

  /**
   * Opens the 1:1 chat with the person whose Entra object id is `objectId` (the app installed for
   * them): the Bot Framework's create-conversation with their object id and the tenant. When Teams
   * does not take that (403/404: the installation may not have reached Teams yet), the chat of the
   * installation as Graph gives it; when there is none yet, throws so the notice is retried.
   */
  private async openChat(objectId: string): Promise<string> {
    const tenantId = this.tenantId();
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: this.botAccount(),
      members: [{ id: objectId, name: '' }],
      ...(tenantId ? { tenantId } : {}),
      channelData: tenantId ? { tenant: { id: tenantId } } : {},
    };
    let created: unknown;
    try {
      await this.options.adapter.createConversationAsync(
        this.options.config.bot.appId ?? '',
        'msteams',
        this.options.config.teams.serviceUrl,
        // The connector factory takes the cloud's own audience when none is given.
        undefined as unknown as string,
        parameters,
        async (context) => {
          created = context.activity.conversation?.id;
        },
      );
    } catch (error) {
      const failure = classifyConnectorError(error);
      if (failure.kind === 'transient') throw error;
      const fromGraph = await this.options.directory?.installationChatId(objectId);
      const parsed = conversationIdShape.safeParse(fromGraph);
      if (parsed.success) return parsed.data;
      throw new Error(`Teams does not open a chat with ${objectId} yet (${failure.status ?? ''} ${failure.code ?? ''}); the notice will be retried`, { cause: error });
    }
    const parsed = conversationIdShape.safeParse(created);
    if (!parsed.success) throw new Error(`Teams answered create-conversation for ${objectId} without a usable conversation id`);
    return parsed.data;
  }

  /**
   * The short bilingual welcome of a person the bot installed the app for, before anything else it
   * sends them (`welcome.asv` for an ASV whose first message is an assignment): once per person
   * (claimed first; given back when it could not be sent). Returns the id of the message sent, if it was sent now.
   */
  private async welcome(objectId: string, chat: Chat, text: 'welcome.person' | 'welcome.asv'): Promise<string | undefined> {
    if (!(await this.options.references.claimWelcome(objectId))) return undefined;
    try {
      let id = '';
      await this.continueIn(chat.reference, async (context) => {
        id = (await context.sendActivity(`${t('es', text)}\n\n${t('en', text)}`))?.id ?? '';
      });
      return id;
    } catch (error) {
      await this.options.references.releaseWelcome(objectId).catch(() => undefined);
      throw error;
    }
  }

  /** The satisfaction survey in the requester's chat: the rating card with the period's close. */
  private ratingCard(request: ServiceRequest, locale: Locale, reminder: boolean): AdaptiveCard {
    const { desk, config } = this.options;
    return renderRatingCard({ request, locale, timeZone: config.calendar.timeZone, closesAt: desk.ratingWindow(request.booking!.end).closesAt, now: desk.now(), reminder });
  }

  /** The ASV's notice, with a link to the request's card in the ASV channel once it is posted. */
  private async assigneeCard(request: ServiceRequest, notice: AssigneeNotice, locale: Locale): Promise<AdaptiveCard> {
    const thread = await this.options.references.thread(request.id);
    const cardLink = thread ? channelCardLink(thread, this.tenantId()) : undefined;
    return renderAssigneeNoticeCard({ request, notice, locale, waitBusinessHours: this.options.config.wait.businessHours, cardLink });
  }

  private async noticeCard(request: ServiceRequest, audience: NoticeAudience, locale: Locale): Promise<AdaptiveCard> {
    const notice = `${audience.kind}.${audience.notice}` as Parameters<typeof noticeText>[0];
    const place = (notice === 'requester.completed' || notice === 'requester.rescheduled') && request.booking ? await this.options.desk.agenda.placeOf(request.booking.bookingId) : undefined;
    const text = noticeText(notice, request, locale, this.noticeSettings(), place);
    const feed = await this.bookingLink(request, locale);
    return renderNoticeCard({ locale, title: text.subject, text: text.body, facts: [{ title: 'Folio', value: request.folio }], ...(feed ? { link: feed } : {}) });
  }

  /**
   * The link to the request's own booking as iCalendar (one event, behind the booking's own
   * token), when the bot has a public address and the request a live booking. Never the
   * department feed: its secret stays with staff.
   */
  private async bookingLink(request: ServiceRequest, locale: Locale): Promise<{ title: string; url: string } | undefined> {
    const base = this.options.config.bot.publicBaseUrl;
    const booking = base && request.booking ? await this.options.desk.agenda.booking(request.booking.bookingId) : null;
    if (!base || !booking?.shareToken) return undefined;
    const query = new URLSearchParams({ id: booking.id, token: booking.shareToken });
    return { title: t(locale, 'notice.calendarLink'), url: `${base}/calendario/reserva.ics?${query.toString()}` };
  }

  /**
   * The thread reply: its text, and a re-assignment's new ASV @mentioned when Teams can name them
   * (else their name as written).
   */
  private async threadMessage(request: ServiceRequest, text: string, topic: string, mention: Person | undefined): Promise<string | Partial<Activity>> {
    const teamsUserId = topic === 'reassigned' && mention ? await this.teamsUserIdOf(mention) : undefined;
    if (!mention || !teamsUserId) return this.threadText(request, text, topic);
    const at = teamsMention(mention.name || text, teamsUserId);
    return { type: 'message', text: `${t('es', 'history.reassign')}: ${at.text}`, entities: [at.entity] };
  }

  /**
   * The id Teams knows a person by, to mention them: the `29:…` id of their own 1:1 chat with the
   * bot, else their Entra object id as `8:orgid:<object id>` (found by the e-mail the bot paired
   * with one); undefined when the bot knows neither.
   */
  private async teamsUserIdOf(person: Person): Promise<string | undefined> {
    const id = person.id?.trim() ?? '';
    if (/^(29|8):/.test(id)) return teamsUserIdOf(id);
    const keys = lookupKeysOf(person);
    const objectId = keys.objectId ?? (keys.email ? await this.options.references.objectIdOf(keys.email) : undefined);
    if (!objectId) return undefined;
    const own = (await this.options.references.chatOf({ id: objectId }))?.reference.user?.id;
    return own && /^29:[^\s]{1,200}$/.test(own) ? own : teamsUserIdOf(objectId);
  }

  /** The thread reply as chat Markdown: the bot's own bold and words, people's text (names, answers, notices) shown as written. */
  private threadText(request: ServiceRequest, text: string, topic: string): string {
    if (topic === 'requester-reply') return `**${escapeMarkdown(request.requester.name)}:** ${escapeMarkdown(text)}`;
    if (topic === 'timed-out') return escapeMarkdown(noticeText('assignee.timed-out', request, 'es', this.noticeSettings()).body);
    if (topic === 'reassigned') return `${t('es', 'history.reassign')}: ${escapeMarkdown(text)}`;
    if (topic === 'rescheduled' && request.booking) {
      const when = formatRange(request.booking.start, request.booking.end, 'es', this.options.config.calendar.timeZone);
      return `${t('es', 'thread.rescheduled')}: ${escapeMarkdown(text)}, ${when}. ${t('es', 'thread.requesterTold')}`;
    }
    if (topic === 'hold' || topic === 'not-viable') {
      const kind = topic === 'hold' ? 'hold' : 'reject';
      const by = request.history.findLast((entry) => entry.kind === kind)?.actor.name;
      const what = `${by ? `**${escapeMarkdown(by)}:** ` : ''}${t('es', `history.${kind}`)}`;
      return text ? `${what}: ${escapeMarkdown(text)}` : `${what}.`;
    }
    if (topic === 'teams-undelivered') return teamsUndeliveredText(request, text, 'es');
    return escapeMarkdown(text);
  }

  private noticeSettings() {
    return { waitBusinessHours: this.options.config.wait.businessHours, timeZone: this.options.config.calendar.timeZone };
  }

  /** The ASV channel: TEAMS_ASV_CHANNEL_ID when set, else the channel learned when an ASV added the app to their team. */
  private async asvChannel(): Promise<ChannelTarget | undefined> {
    const configured = this.options.config.teams.asvChannelId;
    if (configured) return this.configuredChannel(configured);
    const learned = await this.options.references.asvChannel();
    return learned ? { conversationId: learned.channelId, serviceUrl: learned.serviceUrl, tenantId: learned.tenantId } : undefined;
  }

  private configuredChannel(conversationId: string): ChannelTarget {
    return { conversationId, serviceUrl: this.options.config.teams.serviceUrl, tenantId: this.options.config.teams.tenantId };
  }

  private threadTarget(thread: RequestThread): ChannelTarget {
    return { conversationId: thread.channelConversationId, serviceUrl: thread.serviceUrl || this.options.config.teams.serviceUrl, tenantId: this.tenantId() };
  }

  /** The tenant proactive messages go to: the configured home tenant, else Graph's. */
  private tenantId(): string | undefined {
    return this.options.config.teams.tenantId ?? this.options.config.graph?.tenantId;
  }

  private botAccount() {
    const appId = this.options.config.bot.appId;
    return { id: appId ? `28:${appId}` : 'bot', name: 'bot' };
  }

  private channelReference(target: ChannelTarget): Partial<ConversationReference> {
    return {
      channelId: 'msteams',
      serviceUrl: target.serviceUrl,
      conversation: { id: target.conversationId, isGroup: true, conversationType: 'channel', tenantId: target.tenantId ?? this.tenantId(), name: '' },
      bot: this.botAccount(),
    };
  }

  /**
   * Runs a channel post or update: a failure Teams may get over is thrown (retried); one it never
   * will (403/404: the bot is no longer in the team, the card was deleted; another 4xx) is the
   * skipped receipt returned, so it is not retried for nothing.
   */
  private async channelCall(what: string, call: () => Promise<void>): Promise<DeliveryReceipt | undefined> {
    try {
      await call();
      return undefined;
    } catch (error) {
      const failure = classifyConnectorError(error);
      if (failure.kind === 'transient') throw error;
      this.options.logger?.warn(`Teams refused ${what} (${failure.status ?? ''} ${failure.code ?? ''})`);
      return skipped(`Teams refused ${what}: ${failure.status ?? ''}${failure.code ? ` ${failure.code}` : ''}`);
    }
  }

  /**
   * Runs `logic` in a proactive turn of the conversation `reference` names. A failure inside it
   * (the connector refusing a send) is thrown to the caller: the adapter would otherwise hand it to
   * its `onTurnError`, which logs it, and the notice would be recorded as delivered.
   */
  private async continueIn(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: { error: unknown } | undefined;
    await this.options.adapter.continueConversationAsync(this.options.config.bot.appId ?? '', reference, async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }
}
