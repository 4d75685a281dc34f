import { CardFactory, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import { t, type Locale } from '../cards/messages.js';
import { renderNoticeCard } from '../cards/notice-card.js';
import { escapeMarkdown } from '../cards/plain-text.js';
import type { AdaptiveCard } from '../cards/render-card.js';
import { renderRequestInfoCard } from '../cards/request-info-card.js';
import type { DeliveryReceipt } from '../services/effects/effect-dispatcher.js';
import type { NoticeAudience, TeamsNotifier } from '../services/notifications/notification-ports.js';
import { noticeText } from '../services/notifications/notice-texts.js';
import type { Person, ServiceRequest } from '../services/requests/request-types.js';
import { requestCardFor, type RequestCardSources } from './request-card-views.js';
import type { RequestThread, TeamsReferences } from './teams-references.js';

/** Where the notifier writes and as whom. */
export interface TeamsNotifierOptions extends RequestCardSources {
  adapter: CloudAdapter;
  references: TeamsReferences;
  /** Installs the app for a person through Graph, so a later 1:1 message can reach them. */
  installForPerson?: ((person: Person) => Promise<unknown>) | undefined;
}

const skipped = (reference: string): DeliveryReceipt => ({ channel: 'teams', skipped: true, reference });

/**
 * The Teams side of the durable effects: the request's card in the ASV channel (posted once,
 * then updated in place), replies in its thread, 1:1 notices to the requester, and the DAU's
 * follow-up card. Each method is one proactive turn; a failure throws so the effect is retried.
 */
export class BotTeamsNotifier implements TeamsNotifier {
  constructor(private readonly options: TeamsNotifierOptions) {}

  async postRequestCard(request: ServiceRequest): Promise<DeliveryReceipt> {
    const channelId = this.options.config.teams.asvChannelId;
    if (!channelId) return skipped('no ASV channel configured (TEAMS_ASV_CHANNEL_ID)');
    const posted = await this.options.references.thread(request.id);
    if (posted) return this.updateCardIn(posted, request);
    const card = await requestCardFor(this.options, request, null, 'es');
    let activityId = '';
    await this.continueIn(this.channelReference(channelId), async (context) => {
      activityId = (await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] }))?.id ?? '';
    });
    if (!activityId) throw new Error(`Teams did not return the id of the card of ${request.folio}`);
    await this.options.references.rememberThread(request.id, {
      channelConversationId: channelId,
      cardActivityId: activityId,
      serviceUrl: this.options.config.teams.serviceUrl,
    });
    return { channel: 'teams', reference: `channel card ${activityId}` };
  }

  async updateRequestCard(request: ServiceRequest): Promise<DeliveryReceipt> {
    const thread = await this.options.references.thread(request.id);
    if (!thread) {
      if (!this.options.config.teams.asvChannelId) return skipped('no ASV channel configured');
      throw new Error(`the card of ${request.folio} is not posted yet; the update will be retried`);
    }
    return this.updateCardIn(thread, request);
  }

  private async updateCardIn(thread: RequestThread, request: ServiceRequest): Promise<DeliveryReceipt> {
    // Updates of two changes may cross on the way to Teams: after each, the latest version is sent
    // again if it is newer than the one just shown, so the card never stays on an older state.
    let shown = request;
    for (;;) {
      const card = await requestCardFor(this.options, shown, null, 'es');
      await this.continueIn(this.channelReference(thread.channelConversationId), async (context) => {
        await context.updateActivity({ id: thread.cardActivityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
      });
      const latest = await this.options.desk.requests.get(request.id);
      if (!latest || latest.version <= shown.version) break;
      shown = latest;
    }
    return { channel: 'teams', reference: `updated ${thread.cardActivityId} to v${shown.version}` };
  }

  async postThreadReply(request: ServiceRequest, text: string, topic: string): Promise<DeliveryReceipt> {
    const thread = await this.options.references.thread(request.id);
    if (!thread) return skipped('the request has no card in the ASV channel');
    const message = this.threadText(request, text, topic);
    let id = '';
    await this.continueIn(this.channelReference(`${thread.channelConversationId};messageid=${thread.cardActivityId}`), async (context) => {
      id = (await context.sendActivity(message))?.id ?? '';
    });
    return { channel: 'teams', reference: `thread reply ${id}` };
  }

  async notifyPerson(person: Person, request: ServiceRequest, audience: NoticeAudience): Promise<DeliveryReceipt> {
    const chat = await this.options.references.chatOf(person);
    if (!chat) {
      if (this.options.installForPerson) {
        await this.options.installForPerson(person).catch(() => undefined);
      }
      return skipped(t('es', 'reply.teamsNoticeFailed', { name: person.name }));
    }
    const locale = chat.locale ?? person.locale ?? 'es';
    const card =
      audience.kind === 'requester' && (audience.notice === 'info-request' || audience.notice === 'reminder')
        ? renderRequestInfoCard({ request, locale, timeZone: this.options.config.calendar.timeZone })
        : await this.noticeCard(request, audience, locale);
    let id = '';
    await this.continueIn(chat.reference, async (context) => {
      id = (await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] }))?.id ?? '';
    });
    return { channel: 'teams', reference: `1:1 ${id}` };
  }

  async notifyDau(request: ServiceRequest): Promise<DeliveryReceipt> {
    const channelId = this.options.config.teams.dauChannelId ?? this.options.config.teams.asvChannelId;
    if (!channelId) return skipped('no DAU or ASV channel configured');
    const card = await requestCardFor(this.options, request, { id: '', name: 'DAU', roles: ['DAU'] }, 'es', noticeText('dau.not-viable', request, 'es', this.noticeSettings()).body);
    let id = '';
    await this.continueIn(this.channelReference(channelId), async (context) => {
      id = (await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] }))?.id ?? '';
    });
    return { channel: 'teams', reference: `DAU card ${id}` };
  }

  private async noticeCard(request: ServiceRequest, audience: NoticeAudience, locale: Locale): Promise<AdaptiveCard> {
    const text = noticeText(`${audience.kind}.${audience.notice}` as Parameters<typeof noticeText>[0], request, locale, this.noticeSettings());
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

  /** The thread reply as chat Markdown: the bot's own bold and words, people's text (names, answers, notices) shown as written. */
  private threadText(request: ServiceRequest, text: string, topic: string): string {
    if (topic === 'requester-reply') return `**${escapeMarkdown(request.requester.name)}:** ${escapeMarkdown(text)}`;
    if (topic === 'timed-out') return escapeMarkdown(noticeText('assignee.timed-out', request, 'es', this.noticeSettings()).body);
    if (topic === 'reassigned') return `${t('es', 'history.reassign')}: ${escapeMarkdown(text)}`;
    return escapeMarkdown(text);
  }

  private noticeSettings() {
    return { waitBusinessHours: this.options.config.wait.businessHours, timeZone: this.options.config.calendar.timeZone };
  }

  private channelReference(conversationId: string): Partial<ConversationReference> {
    return {
      channelId: 'msteams',
      serviceUrl: this.options.config.teams.serviceUrl,
      conversation: { id: conversationId, isGroup: true, conversationType: 'channel', tenantId: this.options.config.teams.tenantId, name: '' },
      bot: { id: this.options.config.bot.appId ?? 'bot', name: 'bot' },
    };
  }

  private async continueIn(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.options.adapter.continueConversationAsync(this.options.config.bot.appId ?? '', reference, logic);
  }
}
