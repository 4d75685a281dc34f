import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { BotTeamsNotifier } from '../../bot/teams-notifier.js';
import type { TeamsReferences } from '../../bot/teams-references.js';
import type { ServiceDesk } from '../../services/service-desk.js';
import { sampleRequest } from '../cards/card-fixtures.js';
import { botOnDesk, invoke } from '../support/test-adapter-bot.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';

/**
 * Teams renders Markdown in a chat message's text and in a search result's preview: what a
 * requester typed must show as typed there too, not as the bot's bold, a link or a mention.
 */

const HOSTILE = '[click](https://evil.example) **urgent** _x_ <at>Boss</at>';
const HOSTILE_SHOWN = String.raw`\[click\](https://evil.example) \*\*urgent\*\* \_x\_ \<at\>Boss\</at\>`;

/** A connector that records the messages the notifier sends. */
function recordingConnector() {
  const sent: Array<{ reference: Partial<ConversationReference>; activity: unknown }> = [];
  const adapter = {
    async continueConversationAsync(_appId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) {
      const context = {
        async sendActivity(activity: unknown) {
          sent.push({ reference, activity });
          return { id: `m${sent.length}` };
        },
      };
      await logic(context as unknown as TurnContext);
    },
  };
  return { adapter: adapter as unknown as CloudAdapter, sent };
}

describe("the requester's answer in the request's thread", () => {
  it('names the requester in bold and shows their name and answer literally', async () => {
    const connector = recordingConnector();
    const references = {
      thread: async () => ({ channelConversationId: '19:asv@thread.tacv2', cardActivityId: 'card-1', serviceUrl: 'https://smba.example' }),
    } as unknown as TeamsReferences;
    const notifier = new BotTeamsNotifier({ adapter: connector.adapter, references, desk: {} as ServiceDesk, config: testConfig() });
    const request = sampleRequest({ requester: { id: 'ana@x.example', name: `Ana ${HOSTILE}`, email: 'ana@x.example' } });

    await notifier.postThreadReply(request, `# big\n- item\n${HOSTILE}`, 'requester-reply');

    expect(connector.sent).toHaveLength(1);
    expect(connector.sent[0]!.activity).toBe(`**Ana ${HOSTILE_SHOWN}:** \\# big\n\\- item\n${HOSTILE_SHOWN}`);
  });
});

describe('Buscar solicitudes (message extension) previews', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    const result = await fixture.desk.requests.register(registration({ description: `Necesito ${HOSTILE}` }), fixture.actor(people.hd), commandId());
    if (result.outcome !== 'applied') throw new Error(result.outcome);
  });
  afterAll(async () => fixture.close());

  it("show the request's description literally", async () => {
    const body = await invoke(botOnDesk(fixture, config), people.hd, 'composeExtension/query', { commandId: 'searchRequests', parameters: [{ name: 'initialRun', value: 'true' }] });
    const previews = (body.composeExtension.attachments as Array<{ preview: { content: { title: string; text: string } } }>).map((item) => item.preview.content);
    expect(previews).toHaveLength(1);
    expect(previews[0]!.text).toBe(`FI — Necesito ${HOSTILE_SHOWN}`);
  });
});
