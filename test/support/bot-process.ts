/**
 * The product as one process, composed as `bot/main.ts` does (service desk, jobs, sweep, bot, HTTP
 * server) but from its arguments, for the standing tests that kill it, restart it or run two:
 *
 *     node dist/test/support/bot-process.js <mongodb uri> <database> <port>
 *
 * The configuration is the tests' ({@link testConfig}) with the variables of the JSON object in
 * `BOT_PROCESS_CONFIG` over it (short waits, the fake connector's address, channels…). It listens
 * on 127.0.0.1:<port> and prints `ready` once it takes activities. SIGTERM stops it in order;
 * the tests mostly kill it with SIGKILL. It exits when its stdin closes (the test process ended).
 */
import { composeBot } from '../../bot/compose-bot.js';
import { createLogger } from '../../services/logging/logger.js';
import { openDatabase } from '../../services/store/database.js';
import { testConfig } from './service-desk-fixture.js';

const [uri, databaseName, portText] = process.argv.slice(2);
if (!uri || !databaseName || !portText) throw new Error('usage: bot-process <uri> <database> <port>');
const overrides = JSON.parse(process.env.BOT_PROCESS_CONFIG ?? '{}') as Record<string, string>;
const config = testConfig({ PORT: portText, ...overrides });
const logger = createLogger(config.logLevel);

const connection = await openDatabase(uri, databaseName);
const { desk, server } = await composeBot({ config, connection, logger });
await desk.start();
await new Promise<void>((resolve, reject) => {
  server.server.once('error', reject);
  server.listen(config.bot.port, '127.0.0.1', () => resolve());
});
process.stdout.write('ready\n');

// The test process holds stdin open and never writes: its end (however it ends) ends this process.
process.stdin.on('data', () => {});
process.stdin.once('end', () => process.exit(0));
process.stdin.once('error', () => process.exit(0));

process.once('SIGTERM', () => {
  void (async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.server.closeAllConnections();
    });
    await desk.stop();
    await connection.close();
    process.exit(0);
  })();
});
