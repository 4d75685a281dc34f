import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { visibleText } from '../cards/card-assertions.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

/**
 * Bug: the reply's command id was verb + request + card version + person, so a second, different
 * answer typed into the same (old) information card was a "duplicate": the requester was told
 * "we received your answer" and the text was dropped — not in the history, not in the thread.
 */
describe('answers typed into an information card', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  async function waitingRequest() {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    const requestId = registered.request.id;
    await fixture.desk.requests.execute(requestId, { type: 'take' }, fixture.actor(people.asv), commandId('take'));
    const asked = await fixture.desk.requests.execute(requestId, { type: 'request-info', message: '¿Cuántos participantes?' }, fixture.actor(people.asv), commandId('info'));
    if (asked.outcome !== 'applied') throw new Error(asked.outcome);
    return asked.request;
  }

  /** The thread replies the stored changes of a request ask for, oldest first. */
  async function threadTexts(requestId: string): Promise<string[]> {
    const events = await fixture.database.connection.collection('request_events').find({ requestId }).sort({ seq: 1 }).toArray();
    return events.flatMap((event) => (event.effects as Array<{ type: string; text?: string }>).filter((effect) => effect.type === 'post-thread-reply').map((effect) => effect.text ?? ''));
  }

  it('records a second, different answer on the same card: in the history and in the thread, the status unchanged', async () => {
    const waiting = await waitingRequest();
    const bot = botOnDesk(fixture, config);
    const card = { requestId: waiting.id, version: waiting.version };

    const first = await clickCard(bot, people.requester, 'reply', { ...card, text: 'Seremos 40 personas' });
    expect(visibleText(first.value)).toContain('recibimos su respuesta');
    const second = await clickCard(bot, people.requester, 'reply', { ...card, text: 'Y dos sedes remotas más' });
    expect(visibleText(second.value)).toContain('recibimos su respuesta');

    const request = await fixture.desk.requests.get(waiting.id);
    expect(request?.status).toBe('En Proceso');
    expect(request?.history.slice(-2).map((entry) => [entry.kind, entry.from, entry.to, entry.note, entry.actor.role])).toEqual([
      ['reply', 'Pendiente por el usuario', 'En Proceso', 'Seremos 40 personas', 'REQUESTER'],
      ['add-information', 'En Proceso', 'En Proceso', 'Y dos sedes remotas más', 'REQUESTER'],
    ]);
    expect(await threadTexts(waiting.id)).toEqual(['Seremos 40 personas', 'Y dos sedes remotas más']);

    // The very same answer sent again (a retried click) is the same command: recorded once.
    await clickCard(bot, people.requester, 'reply', { ...card, text: 'Y dos sedes remotas más' });
    expect((await fixture.desk.requests.get(waiting.id))?.history).toHaveLength(request!.history.length);
  });

  it('records an answer that arrives while the request is on hold, without resuming it', async () => {
    const waiting = await waitingRequest();
    const bot = botOnDesk(fixture, config);
    await clickCard(bot, people.requester, 'reply', { requestId: waiting.id, version: waiting.version, text: 'Seremos 40 personas' });
    const answered = await fixture.desk.requests.get(waiting.id);
    await fixture.desk.requests.execute(waiting.id, { type: 'hold', reason: 'Sala en mantenimiento' }, fixture.actor(people.asv), commandId('hold'));

    await clickCard(bot, people.requester, 'reply', { requestId: waiting.id, version: waiting.version, text: 'Olvidé decir: habrá traducción' });
    const request = await fixture.desk.requests.get(waiting.id);
    expect(request?.status).toBe('Espera');
    expect(request?.history.at(-1)).toMatchObject({ kind: 'add-information', from: 'Espera', to: 'Espera', note: 'Olvidé decir: habrá traducción' });
    expect(request!.version).toBe(answered!.version + 2);
  });

  it('refuses an answer once the request has ended, with the status machine’s reason', async () => {
    const waiting = await waitingRequest();
    const bot = botOnDesk(fixture, config);
    await clickCard(bot, people.requester, 'reply', { requestId: waiting.id, version: waiting.version, text: 'Seremos 40 personas' });
    await fixture.desk.requests.execute(waiting.id, { type: 'reject', reasons: 'La sala no admite ese aforo' }, fixture.actor(people.asv), commandId('reject'));
    const ended = await fixture.desk.requests.get(waiting.id);

    const late = await clickCard(bot, people.requester, 'reply', { requestId: waiting.id, version: waiting.version, text: 'Podemos ser menos' }, 'en-US');
    expect(visibleText(late.value)).toContain('You cannot add information to this request while the request is "No Procede".');
    expect(visibleText(late.value)).not.toContain('we received your answer');
    expect((await fixture.desk.requests.get(waiting.id))?.version).toBe(ended!.version);
  });
});
