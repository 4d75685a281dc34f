import { afterEach, describe, expect, it } from '@jest/globals';
import { TestAdapter, type Activity } from 'botbuilder';
import { TeamsReferences } from '../../bot/teams-references.js';
import { botOnDesk } from '../support/test-adapter-bot.js';
import { eventually, openServiceDesk, people, testConfig } from '../support/service-desk-fixture.js';
import { TEST_TENANT_ID } from '../support/teams-activity.js';

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

/** A Teams connector whose roster answers after `delayMs` (what TeamsInfo.getMember calls). */
function slowRoster(delayMs: number, member: { id: string; aadObjectId: string; email: string }) {
  return {
    conversations: {
      getConversationMember: async () => {
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        return { ...member, userPrincipalName: member.email };
      },
    },
  };
}

const rosaObjectId = '7a1b2c3d-0000-4000-8000-00000000a0sa'.replace('a0sa', 'a05a');

describe('a requester whose e-mail the Teams roster gives only after the turn stopped waiting', () => {
  it('still has the 1:1 chat filed under that e-mail, where notices about their requests look', async () => {
    const config = testConfig();
    fixture = await openServiceDesk(import.meta.url, { config });
    const bot = botOnDesk(fixture, config);
    const adapter = new TestAdapter(async (context) => bot.run(context));
    adapter.use(async (context, next) => {
      context.turnState.set(context.adapter.ConnectorClientKey, slowRoster(2500, { id: 'teams-rosa', aadObjectId: rosaObjectId, email: people.requester.email }));
      await next();
    });
    await adapter
      .send({
        type: 'message',
        channelId: 'msteams',
        text: 'ayuda',
        from: { id: 'teams-rosa', aadObjectId: rosaObjectId, name: people.requester.name },
        conversation: { id: 'a:personal-rosa', conversationType: 'personal', tenantId: TEST_TENANT_ID },
        channelData: { tenant: { id: TEST_TENANT_ID } },
        serviceUrl: 'https://smba.trafficmanager.net/amer/',
        locale: 'es-MX',
      } as Partial<Activity>)
      .startTest();

    const references = new TeamsReferences(fixture.database.connection);
    const filed = await eventually(() => references.chatOf({ email: people.requester.email }), 10_000);
    expect(filed.reference.conversation?.id).toBe('a:personal-rosa');
  });
});
