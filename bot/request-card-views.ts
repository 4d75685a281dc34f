import type { Locale } from '../cards/messages.js';
import { renderRequestCard, type RequestCardView } from '../cards/request-card.js';
import type { AdaptiveCard } from '../cards/render-card.js';
import type { AppConfig } from '../services/config/app-config.js';
import { availableActions } from '../services/requests/available-actions.js';
import type { Actor, Person, ServiceRequest } from '../services/requests/request-types.js';
import type { Resource } from '../services/agenda/agenda-types.js';
import type { ServiceDesk } from '../services/service-desk.js';

/** What building a request card needs from the rest of the product. */
export interface RequestCardSources {
  desk: ServiceDesk;
  config: AppConfig;
}

/** The ASV people a request can be (re)assigned to, as configured. */
export function asvChoices(config: AppConfig): Array<{ id: string; name: string }> {
  return config.roles.ASV.map((id) => ({ id, name: id }));
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
 * The request card as `viewer` should see it: the actions the status machine allows them now
 * (none for a reader), the full booking, failed notices, refreshed automatically for the ASVs.
 * `viewer` null is the shared channel version, with the ASV actions.
 */
export async function requestCardFor(
  sources: RequestCardSources,
  request: ServiceRequest,
  viewer: Actor | null,
  locale: Locale,
  note?: string,
): Promise<AdaptiveCard> {
  return cardWithCatalogue(sources, request, viewer, locale, request.booking ? sources.desk.agenda.resources() : Promise.resolve([]), note);
}

/** The cards of a list of requests (a search page) as `viewer` should see them, the resource catalogue read once. */
export async function requestCardsFor(sources: RequestCardSources, requests: ServiceRequest[], viewer: Actor | null, locale: Locale): Promise<AdaptiveCard[]> {
  const catalogue = requests.some((request) => request.booking) ? sources.desk.agenda.resources() : Promise.resolve([]);
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
  const asActor: Actor = viewer ?? { id: '', name: '', roles: ['ASV'] };
  const actions = availableActions(request, asActor);
  const [booking, resources, failedNotices] = await Promise.all([
    request.booking ? desk.agenda.booking(request.booking.bookingId) : Promise.resolve(null),
    request.booking ? catalogue : Promise.resolve([]),
    desk.dispatcher.failedNoticeCount(request.id),
  ]);
  const view: RequestCardView = {
    request,
    locale,
    timeZone: config.calendar.timeZone,
    actions,
    viewer: actions.length ? 'actor' : 'readonly',
    refreshUserIds: [...config.roles.ASV, ...config.roles.DAU].slice(0, 60),
    asvChoices: asvChoices(config),
    booking,
    resources,
    failedNotices,
    ...(note ? { note } : {}),
  };
  return renderRequestCard(view);
}
