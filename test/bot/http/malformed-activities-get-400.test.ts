import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { composeBot, type ComposedBot } from '../../../bot/compose-bot.js';
import { createLogger } from '../../../services/logging/logger.js';
import { listenOnLoopback, postActivity, send } from '../../support/http-request.js';
import { testConfig } from '../../support/service-desk-fixture.js';
import { chatInstalled, teamsActivity, TEST_TENANT_ID } from '../../support/teams-activity.js';
import { openTestDatabase } from '../../support/test-database.js';

describe('POST /api/messages with a body that is not an activity', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let composed: ComposedBot;
  let endpoint: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    database = await openTestDatabase(import.meta.url);
    composed = await composeBot({ config: testConfig({ TEAMS_TENANT_ID: TEST_TENANT_ID }), connection: database.connection, logger: createLogger('silent') });
    const listening = await listenOnLoopback(composed.server);
    endpoint = `${listening.baseUrl}/api/messages`;
    close = listening.close;
  });
  afterAll(async () => {
    await close();
    await composed.desk.stop();
    await database.drop();
  });

  const { type: _type, ...withoutType } = teamsActivity();
  const { serviceUrl: _serviceUrl, ...withoutServiceUrl } = teamsActivity();
  const { channelId: _channelId, ...withoutChannel } = teamsActivity();
  const cases: Record<string, unknown> = {
    'no type': withoutType,
    'a numeric type': teamsActivity({ type: 42 }),
    'an empty type': teamsActivity({ type: '' }),
    'a message without serviceUrl': withoutServiceUrl,
    'a file: serviceUrl': teamsActivity({ serviceUrl: 'file:///etc/passwd' }),
    'a javascript: serviceUrl': teamsActivity({ serviceUrl: 'javascript:alert(1)' }),
    'no channelId': withoutChannel,
    'no conversation id': teamsActivity({ conversation: { conversationType: 'personal', tenantId: TEST_TENANT_ID } }),
    'a numeric sender id': teamsActivity({ from: { id: 7, aadObjectId: 'x' } }),
    'an array': [teamsActivity()],
    'null': null,
    // Fields the turn reads, of a type Teams never sends (the fuzz suite's finds: a numeric locale
    // left the invoke budget timer to fire on the ended turn and ended the process).
    'an invoke with a numeric locale': teamsActivity({ type: 'invoke', name: 'adaptiveCard/action', locale: 5, value: { action: { verb: 'refresh', data: { requestId: 'x' } } } }),
    'a numeric text': teamsActivity({ text: 0 }),
    'null entities': teamsActivity({ entities: null }),
    'a mention without whom it mentions': teamsActivity({ entities: [{ type: 'mention', text: '<at>x</at>', mentioned: null }] }),
    'an entity that is not an object': teamsActivity({ entities: [null] }),
    'a numeric object id': teamsActivity({ from: { id: '29:x', aadObjectId: 12345 } }),
    'a numeric recipient name': teamsActivity({ recipient: { id: '28:bot', name: 7 } }),
    'a tenant that is not text': teamsActivity({ channelData: { tenant: { id: ['t'] } } }),
  };

  it.each(Object.keys(cases))('answers %s with 400 and a short generic message, at once', async (name) => {
    const answer = await postActivity(endpoint, cases[name]);
    expect(answer.status).toBe(400);
    expect(answer.body.length).toBeLessThan(40);
    expect(answer.body).not.toMatch(/validateAndFixActivity|serviceUrl|zod|Error/);
    expect(answer.ms).toBeLessThan(1000);
  });

  it('answers XML labelled as JSON with 400 and XML labelled as XML with 415', async () => {
    const xml = '<?xml version="1.0"?><activity><type>message</type></activity>';
    const labelledJson = await send(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: xml });
    expect(labelledJson.status).toBe(400);
    expect(labelledJson.body).not.toContain('Unexpected token');
    const labelledXml = await send(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: xml });
    expect(labelledXml.status).toBe(415);
  });

  it('keeps the Bot Framework’s 501 for an invoke nobody handles, and 200 for a well-formed activity', async () => {
    const unknownInvoke = await postActivity(endpoint, teamsActivity({ type: 'invoke', name: 'no/such-invoke', text: undefined, value: {} }));
    expect(unknownInvoke.status).toBe(501);
    const installed = await postActivity(endpoint, chatInstalled());
    expect(installed.status).toBe(200);
  });
});
