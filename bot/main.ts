/**
 * The wiring file: the only module that reads the environment. It parses the configuration,
 * resolves the database (MONGODB_URI, else a local mongod, else FerretDB with data kept in
 * `.local/data`), builds the service desk, the Bot Framework adapter, the bot and the HTTP
 * server, and starts the jobs. Locally (no Bot Framework credentials, not production) it also
 * starts Microsoft's Agents Playground with a demo configuration. Ctrl-C stops everything.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError, loadConfig } from '../services/config/app-config.js';
import { startStoreServer } from '../services/local-store/store-server.js';
import { createLogger, type Logger } from '../services/logging/logger.js';
import { GraphCalendarDirectory } from '../services/graph/graph-calendar-directory.js';
import { createGraphClient } from '../services/graph/graph-client.js';
import { GraphMailTransport } from '../services/graph/graph-mail-transport.js';
import type { MailTransport } from '../services/notifications/notification-ports.js';
import { SmtpMailTransport } from '../services/notifications/smtp-mail-transport.js';
import type { ServiceDesk } from '../services/service-desk.js';
import { openDatabase, redactUri } from '../services/store/database.js';
import { TeamsAppInstaller } from '../services/graph/teams-app-installer.js';
import { composeBot } from './compose-bot.js';
import { demoEnvironment, startLocalPlayground, type LocalPlayground } from './local-playground.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const envFile = join(projectRoot, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const local = process.env.NODE_ENV !== 'production' && !process.env.MICROSOFT_APP_ID && process.env.PLAYGROUND !== 'off';
  const config = loadConfig(local ? { ...demoEnvironment, ...process.env } : process.env);
  const logger = createLogger(config.logLevel);

  const store = await startStoreServer({
    configuredUri: config.database.uri,
    dataDir: join(projectRoot, '.local', 'data'),
    projectRoot,
    searchPath: process.env.PATH,
  });
  logger.info(`database: ${store.kind} at ${redactUri(store.uri)}, database "${config.database.name}"`);
  const connection = await openDatabase(store.uri, config.database.name);

  const graph = config.graph ? createGraphClient(config.graph) : undefined;
  const smtp = config.smtp ? new SmtpMailTransport(config.smtp) : undefined;
  const mail: MailTransport | undefined =
    graph && config.graph?.mailFrom ? new GraphMailTransport(graph, config.graph.mailFrom) : smtp;
  const directory =
    graph && config.graph?.calendarMailbox
      ? new GraphCalendarDirectory(graph, { organizerMailbox: config.graph.calendarMailbox, timeZone: config.calendar.timeZone })
      : undefined;
  logger.info(`mail: ${mail?.name ?? 'outbox (no Graph mailbox or SMTP configured)'}; calendars: ${directory ? 'Microsoft 365 + embedded agenda' : 'embedded agenda'}`);

  const installer = graph && config.graph?.teamsAppCatalogId ? new TeamsAppInstaller(graph) : undefined;
  const { desk, server } = await composeBot({
    config,
    connection,
    logger,
    mail,
    directory,
    installForPerson: installer ? (person) => installer.installForUser(person.id, config.graph!.teamsAppCatalogId!) : undefined,
  });
  await loadCatalogue(desk, config.agenda.catalogueFile, logger);
  await desk.start();
  await new Promise<void>((resolveListen) => server.listen(config.bot.port, config.bot.host, () => resolveListen()));
  const endpoint = `http://${config.bot.host}:${config.bot.port}/api/messages`;
  logger.info(`bot listening at ${endpoint}`);
  let playground: LocalPlayground | undefined;
  if (local) {
    playground = await startLocalPlayground({ projectRoot, botEndpoint: endpoint, logger });
    process.stdout.write(`\nAgents Playground (Teams emulator): open ${playground.url} in a browser.\n\n`);
  }
  logger.info('service desk running: requests, business calendar, timeouts and notifications (Ctrl-C stops it)');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    await playground?.stop();
    server.close();
    await desk.stop();
    smtp?.close();
    await connection.close();
    await store.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * Loads the resource catalogue file when one is configured (refusing to start on a bad entry);
 * with none configured and an empty catalogue, loads the seed catalogue so the agenda can be tried.
 */
async function loadCatalogue(desk: ServiceDesk, file: string | undefined, logger: Logger): Promise<void> {
  if (!file && (await desk.agenda.resources()).length) return;
  const path = file ? resolve(file) : join(projectRoot, 'services', 'agenda', 'seed-catalogue.json');
  const loaded = await desk.agenda.loadCatalogue(JSON.parse(readFileSync(path, 'utf8')));
  if (!loaded.ok) throw new ConfigurationError(loaded.errors.map((error) => `AGENDA_CATALOGUE_FILE ${path}: ${error}`));
  logger.info(`catalogue: ${loaded.resources.length} resources from ${path}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigurationError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
