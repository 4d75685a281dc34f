import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestAdapter, type Activity } from 'botbuilder';
import { openServiceDesk, testConfig } from '../support/service-desk-fixture.js';
import { fromTeams } from '../support/test-adapter-bot.js';
import { ServiceDeskBot } from '../../bot/service-desk-bot.js';
import { MongoStorage } from '../../bot/storage/mongo-storage.js';
import { TeamsReferences } from '../../bot/teams-references.js';
import { createLogger } from '../../services/logging/logger.js';

/**
 * Bug (found by the fuzz suite): an invoke whose language could not be read made the handler's
 * catch throw too, so the 8 s invoke budget timer was never cleared; it then fired on the ended
 * turn ("Cannot perform 'get' on a proxy that has been revoked") and ended the process.
 */
describe('an invoke whose activity the turn reads oddly', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  it.each([{ locale: 5 }, { entities: [null] }, { entities: [{ type: 'clientInfo', locale: 5 }] }])('is answered, and no timer outlives the turn (%j)', async (odd) => {
    const bot = new ServiceDeskBot(
      { desk: fixture.desk, config, references: new TeamsReferences(fixture.database.connection), logger: createLogger('silent'), botState: new MongoStorage(fixture.database.connection) },
      { invokeBudgetMs: 100 },
    );
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const adapter = new TestAdapter(async (context) => bot.run(context));
      const { locale: _locale, ...teams } = { ...fromTeams({ id: 'asv-1', name: 'ASV' }), locale: undefined };
      await adapter
        .send({ type: 'invoke', name: 'adaptiveCard/action', ...teams, ...odd, value: { action: { verb: 'refresh', data: { requestId: 'none' } } } } as unknown as Partial<Activity>)
        .assertReply((activity) => expect(activity.type).toBe('invokeResponse'));
      // Past the budget: a timer left behind would fire now, on the ended turn.
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});
