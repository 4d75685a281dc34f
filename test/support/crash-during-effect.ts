/**
 * A process that registers a request and dies (SIGKILL) while one of its effects is being run —
 * inside the mail transport's send of the ASV's notice, after the dispatcher has claimed the
 * attempt and before it could record the outcome. Used by the standing reproduction
 * `test/standing/effect-in-flight-at-crash.test.ts`: `node crash-during-effect.js <uri> <database> <commandId>`.
 */
import { openDatabase } from '../../services/store/database.js';
import { createLogger } from '../../services/logging/logger.js';
import { createServiceDesk } from '../../services/service-desk.js';
import { registration, testConfig, people } from './service-desk-fixture.js';

const [uri, databaseName, commandId] = process.argv.slice(2);
if (!uri || !databaseName || !commandId) throw new Error('usage: crash-during-effect <uri> <database> <commandId>');

const connection = await openDatabase(uri, databaseName);
const desk = await createServiceDesk({
  config: testConfig(),
  connection,
  logger: createLogger('silent'),
  mail: {
    name: 'dies-while-sending',
    send: async () => {
      process.stdout.write('sending\n');
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => {});
      return { channel: 'email' };
    },
  },
});
await desk.requests.register(registration(), desk.roles.actorFor(people.hd), commandId);
