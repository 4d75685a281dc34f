import type { Server } from 'restify';
import type { Connection } from 'mongoose';
import type { CalendarDirectory } from '../services/agenda/agenda-types.js';
import type { AppConfig } from '../services/config/app-config.js';
import type { Logger } from '../services/logging/logger.js';
import type { MailTransport } from '../services/notifications/notification-ports.js';
import type { Person } from '../services/requests/request-types.js';
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
  installForPerson?: ((person: Person) => Promise<unknown>) | undefined;
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
    teams: (services) => new BotTeamsNotifier({ adapter, references, desk: services, config, installForPerson: parts.installForPerson }),
  });
  const bot = new ServiceDeskBot({ desk, config, references, logger, botState: new MongoStorage(connection) });
  const server = createBotServer({
    adapter,
    bot,
    logger,
    ready: () => databaseAnswers(connection),
    calendarFeed: (token, resourceId) => desk.agenda.calendarFeed(token, resourceId),
    bookingFeed: (bookingId, token) => desk.agenda.bookingFeed(bookingId, token),
  });
  return { desk, bot, server };
}
