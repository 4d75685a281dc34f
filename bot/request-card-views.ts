import { t, type Locale } from '../cards/messages.js';
import { escapeMarkdown } from '../cards/plain-text.js';
import { namesResources, renderRequestCard, type RequestCardView } from '../cards/request-card.js';
import type { AdaptiveCard } from '../cards/render-card.js';
import type { AppConfig } from '../services/config/app-config.js';
import { availableActions } from '../services/requests/available-actions.js';
import type { Actor, Person, ServiceRequest } from '../services/requests/request-types.js';
import type { Resource } from '../services/agenda/agenda-types.js';
import type { ServiceDesk } from '../services/service-desk.js';
import { undeliveredReasonOf, unreachedReasons, type UnreachedReason } from '../services/notifications/teams-reach.js';

/** What building a request card needs from the rest of the product. */
export interface RequestCardSources {
  desk: ServiceDesk;
  config: AppConfig;
}

/** The ASV people a request can be (re)assigned to, as configured. */
export function asvChoices(config: AppConfig): Array<{ id: string; name: string }> {
  return config.roles.ASV.map((id) => ({ id, name: id }));
}

/** The configured ASVs by name (as their requests and acts give it; the id while none does), to choose from on cards. */
export async function namedAsvChoices(desk: ServiceDesk, config: AppConfig): Promise<Array<{ id: string; name: string }>> {
  const choices = asvChoices(config);
  const names = await desk.requests.namesOf(choices.map((choice) => choice.id));
  return choices.map((choice) => ({ id: choice.id, name: names.get(choice.id) ?? choice.id }));
}

/** The ASV a choice of {@link asvChoices} names, as a person (the id is their e-mail when it looks like one). */
export function asvNamed(id: string): Person {
  return { id, name: id, email: id.includes('@') ? id : undefined };
}

/**
 * The configured ASV whose id a card's assignee input gives, as a person; anything else (a
 * stranger, an e-mail no role lists, not a text at all) as what it claims to be, which the
 * status machine then refuses as an assignee.
 */
export function asvChoiceOf(config: AppConfig, id: unknown): Person | undefined {
  if (typeof id !== 'string' || !id.trim()) return undefined;
  const chosen = asvChoices(config).find((choice) => choice.id === id.trim().toLowerCase());
  return chosen ? asvNamed(chosen.id) : { id: id.trim().slice(0, 254), name: id.trim().slice(0, 254) };
}

/**
 * A configured member as Teams names users in a card's `refresh.userIds`: an MRI (`29:…`,
 * `8:orgid:…`) as it is, an Entra object id as `8:orgid:<object id>`; anything else (an e-mail
 * address, which Teams would never match) is left out.
 */
export function teamsUserIdOf(member: string): string | undefined {
  const id = member.trim();
  if (/^(29|8):[^\s@]{1,200}$/.test(id)) return id;
  return /^[\w-]{1,64}$/.test(id) ? `8:orgid:${id.toLowerCase()}` : undefined;
}

/**
 * The users whose Teams client refreshes a request card by itself (Teams takes at most 60): the
 * ASVs, DAU and Help Desk — everyone a card may offer an action to — by the object ids configured
 * and those Graph resolved from configured e-mails, each once.
 */
export function refreshUserIds(desk: ServiceDesk): string[] {
  const ids = [...desk.roles.idsOf('ASV'), ...desk.roles.idsOf('DAU'), ...desk.roles.idsOf('HD')].map(teamsUserIdOf).filter((id): id is string => Boolean(id));
  return [...new Set(ids)].slice(0, 60);
}

/**
 * The request card as `viewer` should see it: the actions the status machine allows them now
 * (none for a reader), the full booking, failed notices, refreshed automatically for the staff.
 * `viewer` null is the shared channel version everyone sees first: only what anyone may do
 * (nothing), each role's actions coming from the refresh.
 */
export async function requestCardFor(
  sources: RequestCardSources,
  request: ServiceRequest,
  viewer: Actor | null,
  locale: Locale,
  note?: string,
): Promise<AdaptiveCard> {
  return cardWithCatalogue(sources, request, viewer, locale, namesResources(request) ? sources.desk.agenda.resources() : Promise.resolve([]), note);
}

/** The cards of a list of requests (a search page) as `viewer` should see them, the resource catalogue read once. */
export async function requestCardsFor(sources: RequestCardSources, requests: ServiceRequest[], viewer: Actor | null, locale: Locale): Promise<AdaptiveCard[]> {
  const catalogue = requests.some(namesResources) ? sources.desk.agenda.resources() : Promise.resolve([]);
  return Promise.all(requests.map((request) => cardWithCatalogue(sources, request, viewer, locale, catalogue)));
}

async function cardWithCatalogue(
  sources: RequestCardSources,
  request: ServiceRequest,
  viewer: Actor | null,
  locale: Locale,
  catalogue: Promise<Resource[]>,
  note?: string,
): Promise<AdaptiveCard> {
  const { desk, config } = sources;
  const asActor: Actor = viewer ?? { id: '', name: '', roles: [] };
  const actions = availableActions(request, asActor, desk.now());
  const [booking, occurrences, resources, failedNotices, teamsUndelivered, asvs] = await Promise.all([
    request.booking ? desk.agenda.booking(request.booking.bookingId) : Promise.resolve(null),
    request.booking?.occurrences?.length ? desk.agenda.liveOccurrencesOf(request.id) : Promise.resolve(undefined),
    namesResources(request) ? catalogue : Promise.resolve([]),
    desk.dispatcher.failedNoticeCount(request.id),
    requesterNotReachedInTeams(desk, request, locale),
    actions.includes('reassign') ? namedAsvChoices(desk, config) : Promise.resolve(asvChoices(config)),
  ]);
  const view: RequestCardView = {
    request,
    locale,
    timeZone: config.calendar.timeZone,
    actions,
    viewer: actions.length ? 'actor' : 'readonly',
    refreshUserIds: refreshUserIds(desk),
    asvChoices: asvs,
    booking,
    ...(occurrences ? { occurrences } : {}),
    resources,
    failedNotices,
    ...(teamsUndelivered ? { teamsUndelivered } : {}),
    ...(note ? { note } : {}),
  };
  return renderRequestCard(view);
}

/**
 * The line saying that the latest Teams notice to the requester did not reach them and how they
 * were reached instead, when it did not (read from the request's recorded deliveries).
 */
async function requesterNotReachedInTeams(desk: ServiceDesk, request: ServiceRequest, locale: Locale): Promise<string | undefined> {
  if (!request.history.some((entry) => entry.seq > 1)) return undefined;
  const deliveries = await desk.dispatcher.deliveriesOf(request.id);
  const latest = deliveries.filter((delivery) => delivery.step === 'teams' && delivery.status === 'skipped' && delivery.effect?.type === 'notify-requester').at(-1);
  const reason = latest ? undeliveredReasonOf(latest) : undefined;
  return reason ? teamsUndeliveredText(request, reason, locale) : undefined;
}

/**
 * The line the request card and its thread show when a Teams notice did not reach the requester:
 * why, and the address the e-mail went to (shown as written). `reason` is a code of
 * {@link unreachedReasons}; anything else is read as Teams refusing the chat.
 */
export function teamsUndeliveredText(request: ServiceRequest, reason: string, locale: Locale): string {
  const code: UnreachedReason = (unreachedReasons as readonly string[]).includes(reason) ? (reason as UnreachedReason) : 'chat-refused';
  const why = t(locale, `teamsReach.${code}`);
  const candidate = request.requester.email ?? request.requester.id;
  return /^[^@\s]+@[^@\s]+$/.test(candidate) && candidate.length <= 254
    ? t(locale, 'request.teamsUndelivered', { reason: why, address: escapeMarkdown(candidate) })
    : t(locale, 'request.teamsUndeliveredNoMail', { reason: why });
}
