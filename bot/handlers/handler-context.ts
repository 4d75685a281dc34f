import type { Storage, TurnContext } from 'botbuilder';
import type { Locale } from '../../cards/messages.js';
import type { AdaptiveCard } from '../../cards/render-card.js';
import type { AppConfig } from '../../services/config/app-config.js';
import type { Logger } from '../../services/logging/logger.js';
import type { DocumentDesk } from '../../services/records/document-desk.js';
import type { Actor } from '../../services/requests/request-types.js';
import type { ServiceDesk } from '../../services/service-desk.js';
import type { TeamsReferences } from '../teams-references.js';

/** Everything a handler may use: the services, the configuration, the Teams references, bot state. */
export interface BotServices {
  desk: ServiceDesk;
  config: AppConfig;
  references: TeamsReferences;
  logger: Logger;
  /** Bot state (the form dialogs), shared by every instance of the bot. */
  botState: Storage;
  /** The present moment, for what is relative to today (the agenda's days); the system clock when absent. */
  now?: (() => Date) | undefined;
  /** Reports and records (signed links to spreadsheets and expedientes); their commands say they are not available when absent. */
  documents?: DocumentDesk | undefined;
}

/** One turn as handlers see it: who acts, in which language, and the raw turn. */
export interface Turn {
  context: TurnContext;
  actor: Actor;
  locale: Locale;
}

/** What a card action answers: a card that replaces the clicked one, or a short message. */
export type CardReply = { card: AdaptiveCard } | { message: string };

/** What a text command answers: text and/or cards. */
export interface MessageReply {
  text?: string;
  cards?: AdaptiveCard[];
}

/** How a person's own requests are found: by their object id, or by the directory e-mail Help Desk registered them with. */
export function requesterOf(turn: Turn): { id?: string | undefined; email?: string | undefined } {
  return { id: turn.actor.id || undefined, email: turn.actor.email };
}
