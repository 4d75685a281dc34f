import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { botOnDesk, invoke } from '../support/test-adapter-bot.js';
import { openServiceDesk, people, testConfig } from '../support/service-desk-fixture.js';

describe('the message extension', () => {
  const config = testConfig();
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url, { config });
  });
  afterAll(async () => fixture.close());

  /** Bug: the search refusal names the action with the Spanish word "buscar" in every language. */
  it('refuses a requester’s search in English words for an English locale', async () => {
    const bot = botOnDesk(fixture, config);
    const body = await invoke(bot, people.requester, 'composeExtension/query', { commandId: 'searchRequests', parameters: [{ name: 'query', value: 'x' }] }, 'en-US');
    expect(body.composeExtension.type).toBe('message');
    expect(body.composeExtension.text).not.toContain('buscar');
  });

  /**
   * Bug: the registration form's zod schema has no maximum lengths (the service form's have 200),
   * so a pasted huge name is registered and its request card (shown here, posted to the ASV channel,
   * listed in searches) is over the Teams 28 KB limit instead of the field coming back with its error.
   */
  it('does not register a requester name far over any limit into a card Teams cannot show', async () => {
    const bot = botOnDesk(fixture, config);
    const body = await invoke(bot, people.hd, 'composeExtension/submitAction', {
      commandId: 'registerRequest',
      data: {
        verb: 'register',
        requesterName: 'R'.repeat(30_000),
        requesterEmail: 'rosa@uni.example',
        dependenciaName: 'Facultad de Ingeniería',
        siglas: 'FI',
        service: 'VC',
        description: 'Videoconferencia',
        assigneeId: 'asv-1',
      },
    });
    expect((await fixture.desk.requests.search({ pageSize: 5 })).total).toBe(0);
    expect(body.task?.type).toBe('continue');
    expect(JSON.stringify(body)).toMatch(/nombre|name/i);
  });
});
