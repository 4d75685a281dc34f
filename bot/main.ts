/**
 * The wiring file: the only module that reads the environment. It parses the configuration,
 * resolves the database (MONGODB_URI, else a local mongod, else SecantusDB with data kept in
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
import { GraphTeamsDirectory } from '../services/graph/graph-teams-directory.js';
import { GraphPeople } from '../services/graph/graph-people.js';
import { composeBot } from './compose-bot.js';
import { demoEnvironment, startLocalPlayground } from './local-playground.js';

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
  const running = new StartedParts();
  running.add(() => store.stop());
  try {
    logger.info(`database: ${store.kind} at ${redactUri(store.uri)}, database "${config.database.name}"`);
    const connection = await openDatabase(store.uri, config.database.name);
    running.add(() => connection.close());

    const graph = config.graph ? createGraphClient(config.graph) : undefined;
    // Answers by e-mail: information requests ask for replies at the inbound mailbox (Reply-To).
    const replyTo = config.inbound?.address;
    const smtp = config.smtp ? new SmtpMailTransport({ ...config.smtp, replyTo }) : undefined;
    if (smtp) running.add(() => smtp.close());
    const mail: MailTransport | undefined =
      graph && config.graph?.mailFrom ? new GraphMailTransport(graph, config.graph.mailFrom, { replyTo }) : smtp;
    const directory =
      graph && config.graph?.calendarMailbox
        ? new GraphCalendarDirectory(graph, { organizerMailbox: config.graph.calendarMailbox, timeZone: config.calendar.timeZone })
        : undefined;
    logger.info(`mail: ${mail?.name ?? 'outbox (no Graph mailbox or SMTP configured)'}; calendars: ${directory ? 'Microsoft 365 + embedded agenda' : 'embedded agenda'}`);

    const directoryPeople = graph ? new GraphPeople(graph) : undefined;
    const teamsDirectory = graph ? new GraphTeamsDirectory(graph, config.graph?.teamsAppCatalogId) : undefined;
    if (graph && !config.graph?.teamsAppCatalogId) {
      logger.warn('TEAMS_APP_CATALOG_ID is not set: requesters who never opened the bot are reached by e-mail only (the app cannot be installed for them)');
    }
    const { desk, server } = await composeBot({
      config,
      connection,
      logger,
      mail,
      directory,
      teamsDirectory,
    });
    logger.info(`answers by e-mail: ${desk.inboundMail ? `read from ${desk.inboundMail.description} every ${config.inbound!.pollEveryMs / 1000} s` : 'off (no INBOUND_MAILBOX or IMAP_URL): information requests are answered in Teams'}`);
    await loadCatalogue(desk, config.agenda.catalogueFile, logger);
    const unresolved = await desk.roles.resolveEmails(async (email) => directoryPeople?.objectIdOf(email));
    for (const email of unresolved) {
      logger.warn(`role member ${email}: an e-mail address grants a role only once Microsoft Graph resolves it to an Entra object id${directoryPeople ? ' (no single directory user has it)' : ' (Graph is not configured)'}; it is still used as an address for notices`);
    }
    running.add(() => desk.stop());
    await desk.start();
    await listen(server, config.bot.port, config.bot.host);
    running.add(() => server.close());
    const endpoint = `http://${config.bot.host}:${config.bot.port}/api/messages`;
    logger.info(`bot listening at ${endpoint}`);
    if (local) {
      const playground = await startLocalPlayground({ projectRoot, botEndpoint: endpoint, logger });
      running.add(() => playground.stop());
      process.stdout.write(`\nAgents Playground (Teams emulator): open ${playground.url} in a browser.\n\n`);
    }
    logger.info('service desk running: requests, business calendar, timeouts and notifications (Ctrl-C stops it)');
  } catch (error) {
    await running.stop();
    throw error;
  }

  const stop = async (signal: string) => {
    logger.info(`${signal}: stopping`);
    await running.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** What has been started so far, stopped in reverse order (once), on Ctrl-C or when start-up fails midway. */
class StartedParts {
  private readonly stoppers: Array<() => unknown> = [];

  add(stopper: () => unknown): void {
    this.stoppers.push(stopper);
  }

  async stop(): Promise<void> {
    for (const stopper of this.stoppers.splice(0).reverse()) {
      try {
        await stopper();
      } catch {
        // Stopping goes on with the other parts.
      }
    }
  }
}

/** Starts listening; a port already in use (or not allowed) is a configuration error naming PORT. */
function listen(server: { listen(port: number, host: string, ready: () => void): unknown; once(event: 'error', handler: (error: NodeJS.ErrnoException) => void): unknown }, port: number, host: string): Promise<void> {
  return new Promise((resolveListen, rejectListen) => {
    server.once('error', (error) =>
      rejectListen(
        ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'].includes(error.code ?? '')
          ? new ConfigurationError([`PORT ${port} (BOT_HOST ${host}): ${error.code === 'EADDRINUSE' ? 'already in use by another program' : error.code === 'EACCES' ? 'not allowed for this user' : 'not an address of this machine'} (${error.code})`])
          : error,
      ),
    );
    server.listen(port, host, () => resolveListen());
  });
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
