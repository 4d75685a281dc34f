import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk, people, registration, testConfig } from '../support/service-desk-fixture.js';
import { botOnDesk, clickCard } from '../support/test-adapter-bot.js';

/** Bug: any card verb (refresh, or any refused one) answers with the full card of any request id to anybody. */
describe('a card click on a request the clicker may not see', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  it('does not show a requester (or a stranger) someone else’s request', async () => {
    const secret = 'Reunión confidencial del consejo técnico';
    const other = await fixture.desk.requests.register(
      registration({ requester: { id: 'other-9', name: 'Otra Persona', email: 'otra@uni.example' }, description: secret }),
      fixture.actor(people.hd),
      commandId('register'),
    );
    if (other.outcome !== 'applied') throw new Error(other.outcome);
    const bot = botOnDesk(fixture, config);

    const leaks: string[] = [];
    for (const person of [people.requester, people.stranger]) {
      for (const verb of ['refresh', 'take', 'hold', 'open-form', 'reply']) {
        const answer = await clickCard(bot, person, verb, { requestId: other.request.id, version: other.request.version, text: 'x' });
        const shown = JSON.stringify(answer.value);
        // Nor its internal id ("I could not find request "6b14…"", issue 10 §4).
        if (shown.includes(secret) || shown.includes('otra@uni.example') || shown.includes(other.request.id)) leaks.push(`${person.id}:${verb}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
