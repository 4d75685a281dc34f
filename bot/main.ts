/**
 * The wiring file: the only module that reads the environment. It parses the configuration,
 * resolves the database (MONGODB_URI, else a local mongod, else FerretDB with data kept in
 * `.local/data`), builds the service desk and starts its jobs. Ctrl-C stops everything.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError, loadConfig } from '../services/config/app-config.js';
import { startStoreServer } from '../services/local-store/store-server.js';
import { createLogger } from '../services/logging/logger.js';
import { createServiceDesk } from '../services/service-desk.js';
import { openDatabase, redactUri } from '../services/store/database.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const envFile = join(projectRoot, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);

  const store = await startStoreServer({
    configuredUri: config.database.uri,
    dataDir: join(projectRoot, '.local', 'data'),
    projectRoot,
    searchPath: process.env.PATH,
  });
  logger.info(`database: ${store.kind} at ${redactUri(store.uri)}, database "${config.database.name}"`);
  const connection = await openDatabase(store.uri, config.database.name);
  const desk = await createServiceDesk({ config, connection, logger });
  await desk.start();
  logger.info('service desk running: requests, business calendar, timeouts and notifications (Ctrl-C stops it)');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    await desk.stop();
    await connection.close();
    await store.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigurationError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
