import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requestCardFor } from '../../bot/request-card-views.js';
import { inputById } from '../cards/card-assertions.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, invoke } from '../support/test-adapter-bot.js';

/**
 * Bug (issue 10 §4): ASVs configured by id were offered by id in the re-assign choices of the
 * request card and in the registration form's assignee choices ("asv-2"). Now each is named as
 * their requests and acts name them (their id only while nothing does).
 */
describe('the ASVs offered to (re)assign a request', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  let requestId: string;

  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    for (const asv of [people.asv, people.asv2]) {
      const registered = await fixture.desk.requests.register(registration({ assignee: asv }), fixture.actor(people.hd), commandId('register'));
      if (registered.outcome !== 'applied') throw new Error(registered.outcome);
      requestId = registered.request.id;
    }
  });
  afterAll(async () => fixture.close());

  it('are named on the request card', async () => {
    const card = await requestCardFor({ desk: fixture.desk, config }, (await fixture.desk.requests.get(requestId))!, fixture.actor(people.asv2), 'es');
    expect(JSON.stringify(card)).toContain('{"title":"Arturo Sánchez","value":"asv-1"}');
    expect(JSON.stringify(card)).not.toContain('"title":"asv-1"');
  });

  it('are named in the registration form', async () => {
    const body = await invoke(botOnDesk(fixture, config), people.hd, 'composeExtension/fetchTask', { commandId: 'registerRequest', commandContext: 'compose' });
    expect(inputById(body.task.value.card.content, 'assigneeId')).toMatchObject({
      choices: [
        { title: 'Arturo Sánchez', value: 'asv-1' },
        { title: 'Beatriz Valdés', value: 'asv-2' },
      ],
    });
  });
});
