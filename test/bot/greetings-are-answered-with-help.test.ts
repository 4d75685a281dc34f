import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, say } from '../support/test-adapter-bot.js';

/** Bug: "hola" got "No entendí «hola»"; a greeting is answered with a greeting and the help card. */
describe('a greeting in the chat', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  it.each(['hola', 'Hola', '¡Hola!', 'buenos días', 'Buenos dias', 'BUENAS TARDES', 'Hola, buenas noches', 'holá'])('"%s" gets a greeting and the help', async (text) => {
    const [greeting, help, ...rest] = await say(botOnDesk(fixture, config), people.requester, text);
    expect(greeting).toMatch(/^¡Hola! Soy el bot/);
    expect(help).toContain('"type":"AdaptiveCard"');
    expect(help).toContain('ayuda');
    expect(rest).toEqual([]);
  });

  it.each(['hi', 'Hello!', 'good morning'])('"%s" is greeted in English', async (text) => {
    const [greeting, help] = await say(botOnDesk(fixture, config), people.requester, text, 'en-US');
    expect(greeting).toMatch(/^Hello! I am the videoconference service desk bot/);
    expect(help).toContain('my requests');
  });

  it('is not taken as the answer the requester owes, and an answer that starts with a greeting still is', async () => {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const requestId = registered.request.id;
    await fixture.desk.requests.execute(requestId, { type: 'take' }, fixture.actor(people.asv), commandId('take'));
    await fixture.desk.requests.execute(requestId, { type: 'request-info', message: '¿Cuántos participantes?' }, fixture.actor(people.asv), commandId('info'));
    const bot = botOnDesk(fixture, config);

    await say(bot, people.requester, '¡Buenas!');
    expect((await fixture.desk.requests.get(requestId))?.status).toBe('Pendiente por el usuario');
    await say(bot, people.requester, 'Hola, seremos 40 personas');
    expect((await fixture.desk.requests.get(requestId))).toMatchObject({ status: 'En Proceso', history: expect.arrayContaining([expect.objectContaining({ kind: 'reply', note: 'Hola, seremos 40 personas' })]) });
  });
});
