import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase } from '../../services/store/database.js';
import { testServerUri } from '../support/test-database.js';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

describe('a card click whose handler fails', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => {
    await fixture.desk.stop().catch(() => undefined);
    const again = await openDatabase(testServerUri(), fixture.database.name);
    await again.dropDatabase();
    await again.close();
  });

  it('is answered (HTTP 200) with a short message in the clicker’s language, not left unanswered', async () => {
    const registered = await fixture.desk.requests.register(registration(), fixture.actor(people.hd), commandId('register'));
    if (registered.outcome !== 'applied') throw new Error(`registration failed: ${registered.outcome}`);
    const requestId = registered.request.id;
    const bot = botOnDesk(fixture, config);

    const taken = await clickCard(bot, people.asv, 'take', { requestId, version: 1 });
    expect(taken.type).toBe('application/vnd.microsoft.card.adaptive');

    await fixture.database.connection.close();
    const spanish = await clickCard(bot, people.asv2, 'hold', { requestId, version: 2, reason: 'sala' });
    expect(spanish).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'No se pudo completar la acción; inténtelo de nuevo en un momento.' });
    const english = await clickCard(bot, people.asv2, 'hold', { requestId, version: 2, reason: 'room' }, 'en-US');
    expect(english.value).toBe('The action could not be completed; please try again in a moment.');
  });
});
