import { afterEach, describe, expect, it } from '@jest/globals';
import type { CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { requestCardFor } from '../../bot/request-card-views.js';
import { BotTeamsNotifier } from '../../bot/teams-notifier.js';
import { TeamsReferences } from '../../bot/teams-references.js';
import type { TeamsNotifier } from '../../services/notifications/notification-ports.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';

/**
 * A stand-in for the Bot Framework connector (not the database): it keeps the channel's messages
 * and can hold one card update in flight, as a slow Teams call would.
 */
function slowConnector() {
  const messages = new Map<string, unknown>();
  let nextId = 0;
  let holdNext = false;
  let release: () => void = () => {};
  let entered: () => void = () => {};
  const heldEntered = new Promise<void>((resolve) => (entered = resolve));
  const adapter = {
    async continueConversationAsync(_appId: string, _reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) {
      const context = {
        async sendActivity(activity: { attachments?: Array<{ content: unknown }> }) {
          nextId += 1;
          messages.set(`m${nextId}`, activity.attachments?.[0]?.content);
          return { id: `m${nextId}` };
        },
        async updateActivity(activity: { id: string; attachments: Array<{ content: unknown }> }) {
          const content = activity.attachments[0]!.content;
          if (holdNext) {
            holdNext = false;
            entered();
            await new Promise<void>((resolve) => (release = resolve));
          }
          messages.set(activity.id, content);
        },
      };
      await logic(context as unknown as TurnContext);
    },
  };
  return {
    adapter: adapter as unknown as CloudAdapter,
    messages,
    holdNextUpdate: () => (holdNext = true),
    heldEntered,
    release: () => release(),
  };
}

type Fixture = Awaited<ReturnType<typeof openServiceDesk>>;
let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('the request card in the ASV channel', () => {
  it('ends showing the newest state when an older update lands after a newer one', async () => {
    const config = testConfig({ TEAMS_ASV_CHANNEL_ID: '19:asv@thread.tacv2' });
    const connector = slowConnector();
    let notifier: BotTeamsNotifier | undefined;
    const lazy: TeamsNotifier = {
      postRequestCard: (request) => notifier!.postRequestCard(request),
      updateRequestCard: (request) => notifier!.updateRequestCard(request),
      postThreadReply: (request, text, topic) => notifier!.postThreadReply(request, text, topic),
      notifyPerson: (person, request, audience) => notifier!.notifyPerson(person, request, audience),
      notifyDau: (request) => notifier!.notifyDau(request),
    };
    // Effects are dispatched by hand here, in the interleaving two dispatches (or two instances) can take.
    fixture = await openServiceDesk(import.meta.url, { label: 'card-order', config, dispatchImmediately: false, teams: lazy });
    const { desk, actor } = fixture;
    const references = new TeamsReferences(fixture.database.connection);
    notifier = new BotTeamsNotifier({ adapter: connector.adapter, references, desk, config });

    const registered = await desk.requests.register(registration(), actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const id = registered.request.id;
    await desk.dispatcher.dispatchEvent(registered.eventId);
    const cardId = (await references.thread(id))!.cardActivityId;

    // ASV takes the request; the card update for "En Proceso" is slow to reach Teams.
    const taken = await desk.requests.execute(id, { type: 'take' }, actor(people.asv), commandId('take'));
    if (taken.outcome !== 'applied') throw new Error(taken.outcome);
    connector.holdNextUpdate();
    const slowDispatch = desk.dispatcher.dispatchEvent(taken.eventId);
    await connector.heldEntered;

    // Meanwhile the ASV puts it on hold; that change's card update goes through at once.
    const held = await desk.requests.execute(id, { type: 'hold', reason: 'Esperando a la sala remota' }, actor(people.asv), commandId('hold'));
    if (held.outcome !== 'applied') throw new Error(held.outcome);
    await desk.dispatcher.dispatchEvent(held.eventId);
    const newest = await requestCardFor({ desk, config }, (await desk.requests.get(id))!, null, 'es');
    expect(connector.messages.get(cardId)).toEqual(newest); // right so far

    connector.release();
    await slowDispatch;

    const current = (await desk.requests.get(id))!;
    expect(current.status).toBe('Espera');
    const expected = await requestCardFor({ desk, config }, current, null, 'es');
    // Today the card is left showing "En Proceso" (v2) for good: nothing updates it again.
    expect(connector.messages.get(cardId)).toEqual(expected);
  });
});
