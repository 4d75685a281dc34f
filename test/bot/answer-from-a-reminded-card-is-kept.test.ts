import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { systemActor } from '../../services/requests/role-directory.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

/**
 * Bug: the requester's "reply" click is sent with the version of the info-request card; any later change
 * that does not touch the wait (the reminder, an ASV saving the form) makes it "changed meanwhile":
 * the reply is not recorded and the typed text is replaced by the request card — lost.
 */
describe('a requester answering from the first info-request card after the reminder', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  it('has the answer recorded', async () => {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const requestId = registered.request.id;
    await fixture.desk.requests.execute(requestId, { type: 'take' }, fixture.actor(people.asv), commandId('take'));
    const asked = await fixture.desk.requests.execute(requestId, { type: 'request-info', message: '¿Cuántos participantes?' }, fixture.actor(people.asv), commandId('info'));
    if (asked.outcome !== 'applied') throw new Error(asked.outcome);
    const cardVersion = asked.request.version;
    const reminded = await fixture.desk.requests.execute(requestId, { type: 'remind', waitId: asked.request.wait!.waitId }, systemActor, commandId('remind'));
    expect(reminded.outcome).toBe('applied');

    const bot = botOnDesk(fixture, config);
    const answer = await clickCard(bot, people.requester, 'reply', { requestId, version: cardVersion, text: 'Seremos 40 personas' });
    const request = await fixture.desk.requests.get(requestId);
    expect(request?.status).toBe('En Proceso');
    expect(request?.history.at(-1)?.note).toBe('Seremos 40 personas');
    expect(JSON.stringify(answer.value)).toContain('recibimos su respuesta');
  });
});
