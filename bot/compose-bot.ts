import type { Server } from 'restify';
import type { Connection } from 'mongoose';
import type { CalendarDirectory } from '../services/agenda/agenda-types.js';
import type { AppConfig } from '../services/config/app-config.js';
import type { Logger } from '../services/logging/logger.js';
import type { MailTransport } from '../services/notifications/notification-ports.js';
import type { TeamsDirectory } from '../services/graph/graph-teams-directory.js';
import { DocumentDesk } from '../services/records/document-desk.js';
import { createServiceDesk, type ServiceDesk } from '../services/service-desk.js';
import { databaseAnswers } from '../services/store/database.js';
import { createBotAdapter } from './bot-adapter.js';
import { createBotServer } from './bot-server.js';
import { ServiceDeskBot } from './service-desk-bot.js';
import { MongoStorage } from './storage/mongo-storage.js';
import { BotTeamsNotifier } from './teams-notifier.js';
import { TeamsReferences } from './teams-references.js';

/** The collaborators built from outside: configuration, database, and the Microsoft 365 edge. */
export interface BotParts {
  config: AppConfig;
  connection: Connection;
  logger: Logger;
  mail?: MailTransport | undefined;
  directory?: CalendarDirectory | undefined;
  /** Microsoft Graph's directory and app installations, to reach requesters who never opened the bot. */
  teamsDirectory?: TeamsDirectory | undefined;
}

/** The composed product: the service desk, the bot and its HTTP server (not yet listening). */
export interface ComposedBot {
  desk: ServiceDesk;
  bot: ServiceDeskBot;
  server: Server;
}

/**
 * Builds the service desk with the Teams notifier, the Bot Framework adapter, the bot and the
 * restify server, each given its dependencies. Used by the wiring file and by the tests.
 */
export async function composeBot(parts: BotParts): Promise<ComposedBot> {
  const { config, connection, logger } = parts;
  const adapter = createBotAdapter(config.bot, logger);
  const references = new TeamsReferences(connection);
  await references.ensureIndexes();
  const desk = await createServiceDesk({
    config,
    connection,
    logger,
    mail: parts.mail,
    directory: parts.directory,
    teams: (services) => new BotTeamsNotifier({ adapter, references, desk: services, config, directory: parts.teamsDirectory, logger }),
  });
  // Reports and records (services/reports, services/records): figures, spreadsheets and expedientes behind signed links.
  const documents = await DocumentDesk.create({
    db: connection.db!,
    config,
    requests: desk.requests,
    roles: desk.roles,
    calendar: desk.calendar,
    agenda: desk.agenda,
    emailOf: (personId) => references.emailOf(personId),
    logger,
  });
  const bot = new ServiceDeskBot({ desk, config, references, logger, botState: new MongoStorage(connection), documents });
  const server = createBotServer({
    adapter,
    bot,
    logger,
    ready: () => databaseAnswers(connection),
    calendarFeed: (token, resourceId) => desk.agenda.calendarFeed(token, resourceId),
    bookingFeed: (bookingId, token) => desk.agenda.bookingFeed(bookingId, token),
    documents: (query) => documents.serve(query),
  });
  return { desk, bot, server };
}
