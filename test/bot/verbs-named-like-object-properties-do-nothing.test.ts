import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { requestModels } from '../../services/store/request-documents.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

/**
 * Bug: card verbs were looked up on a plain object, so `constructor` found `Object` and the card's
 * data became the command: a "complete" form no schema checked, an invented booking, Terminada
 * with no booking document, and a request card that could no longer be rendered.
 */
describe('a card verb named like an object property', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  let requestId: string;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(registered.outcome);
    requestId = registered.request.id;
    await fixture.desk.requests.execute(requestId, { type: 'take' }, fixture.actor(people.asv), commandId('take'));
  });
  afterAll(async () => fixture.close());

  const forged = (type: string) => ({
    type,
    form: { service: 'VC', complete: true, data: { programName: 'x' } },
    booking: { bookingId: 'bk-forged', title: 'x' },
  });

  it.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf', '__defineGetter__'])(
    '%s is an unknown action: nothing is stored, the answer says so',
    async (verb) => {
      const bot = botOnDesk(fixture, config);
      for (const type of ['save-form', 'record-booking', 'finish']) {
        const answer = await clickCard(bot, people.asv, verb, { requestId, version: 2, ...forged(type) });
        expect(answer).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'Esa acción no existe en esta tarjeta.' });
      }
      const stored = await fixture.desk.requests.get(requestId);
      expect(stored).toMatchObject({ status: 'En Proceso', version: 2, form: null, booking: null });
      expect(await requestModels(fixture.database.connection).events.countDocuments({ requestId })).toBe(2);
    },
  );

  it('a command the service does not take from outside (save-form, record-booking, register) is refused by the service itself', async () => {
    for (const type of ['save-form', 'record-booking', 'register']) {
      const result = await fixture.desk.requests.execute(requestId, forged(type) as never, fixture.actor(people.asv), commandId(type));
      expect(result).toMatchObject({ outcome: 'rejected', rejection: { code: 'invalid-input', field: 'type' } });
    }
    expect(await fixture.desk.requests.get(requestId)).toMatchObject({ version: 2, form: null, booking: null });
  });

  it('extra fields on a real verb are dropped, and every text is bounded by its schema', async () => {
    const bot = botOnDesk(fixture, config);
    const tooLong = await clickCard(bot, people.asv, 'hold', { requestId, version: 2, reason: 'x'.repeat(2001) });
    expect(JSON.stringify(tooLong.value)).toContain('como máximo 2000 caracteres');
    const held = await clickCard(bot, people.asv, 'hold', { requestId, version: 2, reason: 'Sala ocupada', form: { complete: true }, status: 'Terminada' });
    expect(held.type).toBe('application/vnd.microsoft.card.adaptive');
    const stored = await fixture.desk.requests.get(requestId);
    expect(stored).toMatchObject({ status: 'Espera', version: 3, form: null });
    expect(stored?.history.at(-1)).toMatchObject({ kind: 'hold', note: 'Sala ocupada' });
  });
});
