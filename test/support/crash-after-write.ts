/**
 * A process that registers a request and dies (SIGKILL) right after the change is stored, before
 * any effect is dispatched. Used by the crash test: `node crash-after-write.js <uri> <database>`.
 */
import { openDatabase } from '../../services/store/database.js';
import { createLogger } from '../../services/logging/logger.js';
import { createServiceDesk } from '../../services/service-desk.js';
import { registration, testConfig, people } from './service-desk-fixture.js';

const [uri, databaseName, commandId] = process.argv.slice(2);
if (!uri || !databaseName || !commandId) throw new Error('usage: crash-after-write <uri> <database> <commandId>');

const connection = await openDatabase(uri, databaseName);
const config = testConfig();
const desk = await createServiceDesk({
  config,
  connection,
  logger: createLogger('silent'),
  afterWrite: () => {
    process.stdout.write('written\n');
    process.kill(process.pid, 'SIGKILL');
  },
});
await desk.requests.register(registration(), desk.roles.actorFor(people.hd), commandId);
