import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestAdapter, type Activity } from 'botbuilder';
import { MongoStorage } from '../../bot/storage/mongo-storage.js';
import { ServiceDeskBot } from '../../bot/service-desk-bot.js';
import { TeamsReferences } from '../../bot/teams-references.js';
import { createLogger } from '../../services/logging/logger.js';
import { openServiceDesk, testConfig } from '../support/service-desk-fixture.js';
import { fromTeams } from '../support/test-adapter-bot.js';

/**
 * Bug: the bot remembered every sender the Teams roster gave no e-mail for in a map that was never
 * pruned (one entry per distinct id, for ever): anyone could grow it without limit.
 */
describe('what the bot remembers per sender', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  it('is bounded: with room for 3, the first of 5 senders the roster did not know is forgotten and asked about again', async () => {
    const bot = new ServiceDeskBot(
      { desk: fixture.desk, config, references: new TeamsReferences(fixture.database.connection), logger: createLogger('silent'), botState: new MongoStorage(fixture.database.connection) },
      { rosterMemory: 3 },
    );
    const asked: string[] = [];
    const adapter = new TestAdapter(async (context) => bot.run(context));
    adapter.use(async (context, next) => {
      context.turnState.set(context.adapter.ConnectorClientKey, {
        conversations: {
          getConversationMember: async (_conversation: string, member: string) => {
            asked.push(member);
            throw new Error('not in the roster');
          },
        },
      });
      await next();
    });
    const say = (person: string) => adapter.send({ type: 'message', text: 'ayuda', locale: 'es-MX', ...fromTeams({ id: person, name: person }) } as Partial<Activity>).startTest();
    for (const person of ['u1', 'u2', 'u3', 'u1', 'u4', 'u5', 'u1']) await say(person);
    expect(asked).toEqual(['29:u1', '29:u2', '29:u3', '29:u4', '29:u5', '29:u1']);
  });
});
