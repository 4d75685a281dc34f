import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

/** Bug: hold/finish parse their optional text with zod `.parse`, so a non-string throws and the click gets "the action failed". */
describe('a hold or finish click with a malformed optional text', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  it('is answered with the card and a note naming the field, not "the action could not be completed"', async () => {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const requestId = registered.request.id;
    await fixture.desk.requests.execute(requestId, { type: 'take' }, fixture.actor(people.asv), commandId('take'));
    const bot = botOnDesk(fixture, config);

    const hold = await clickCard(bot, people.asv, 'hold', { requestId, version: 2, reason: { text: 'sala' } });
    expect(hold.value).not.toBe('No se pudo completar la acción; inténtelo de nuevo en un momento.');
    expect(hold.type).toBe('application/vnd.microsoft.card.adaptive');

    const finish = await clickCard(bot, people.asv, 'finish', { requestId, version: 2, note: 42 }, 'en-US');
    expect(finish.value).not.toBe('The action could not be completed; please try again in a moment.');
    expect(finish.type).toBe('application/vnd.microsoft.card.adaptive');
  });
});
