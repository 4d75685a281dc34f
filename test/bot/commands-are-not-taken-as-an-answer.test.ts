import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { botOnDesk, say } from '../support/test-adapter-bot.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';

/**
 * Bug: in the 1:1 chat any command answered with text only (estado <folio> not found, agenda refused…)
 * is then taken as the requester's answer to their open wait: the request moves on with "estado …" as the reply.
 */
describe('a command typed by a requester who has an open wait', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  it('is answered as a command and is not recorded as the reply', async () => {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const requestId = registered.request.id;
    await fixture.desk.requests.execute(requestId, { type: 'take' }, fixture.actor(people.asv), commandId('take'));
    await fixture.desk.requests.execute(requestId, { type: 'request-info', message: '¿Cuántos participantes?' }, fixture.actor(people.asv), commandId('info'));
    const bot = botOnDesk(fixture, config);

    for (const text of ['estado VC-1999-9999', 'agenda hoy']) {
      const replies = await say(bot, people.requester, text);
      expect(replies.join('\n')).not.toContain('recibimos su respuesta');
      const request = await fixture.desk.requests.get(requestId);
      expect({ text, status: request?.status }).toEqual({ text, status: 'Pendiente por el usuario' });
    }
  });
});
