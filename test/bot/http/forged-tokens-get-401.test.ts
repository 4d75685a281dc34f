import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ActivityHandler } from 'botbuilder';
import type { Connection } from 'mongoose';
import { createBotAdapter } from '../../../bot/bot-adapter.js';
import { createBotServer } from '../../../bot/bot-server.js';
import { composeBot, type ComposedBot } from '../../../bot/compose-bot.js';
import { createLogger } from '../../../services/logging/logger.js';
import { freePort } from '../../support/bot-fixture.js';
import { EMULATOR_ISSUER, startBotFrameworkIdentity, type BotFrameworkIdentity } from '../../support/bot-framework-identity.js';
import { listenOnLoopback, postActivity, send } from '../../support/http-request.js';
import { testConfig } from '../../support/service-desk-fixture.js';
import { chatInstalled, teamsActivity, TEST_SERVICE_URL, TEST_TENANT_ID } from '../../support/teams-activity.js';
import { openTestDatabase } from '../../support/test-database.js';

const APP_ID = '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d';

/** Documents in every collection of the database, by collection. */
async function documentCounts(connection: Connection): Promise<Record<string, number>> {
  const collections = await connection.db!.listCollections().toArray();
  const counts: Record<string, number> = {};
  for (const { name } of collections) counts[name] = await connection.db!.collection(name).countDocuments();
  return counts;
}

describe('POST /api/messages with Bot Framework authentication (credentials configured)', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let identity: BotFrameworkIdentity;
  let composed: ComposedBot;
  let endpoint: string;
  const stoppers: Array<() => Promise<unknown>> = [];
  const credentials = (metadataUrl: string) => ({
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_PASSWORD: 'app-password-not-used-by-these-turns',
    BOT_OPENID_METADATA_URL: metadataUrl,
    TEAMS_TENANT_ID: TEST_TENANT_ID,
  });

  beforeAll(async () => {
    database = await openTestDatabase(import.meta.url);
    identity = await startBotFrameworkIdentity(APP_ID, TEST_SERVICE_URL);
    composed = await composeBot({ config: testConfig(credentials(identity.metadataUrl)), connection: database.connection, logger: createLogger('silent') });
    const listening = await listenOnLoopback(composed.server);
    endpoint = `${listening.baseUrl}/api/messages`;
    stoppers.push(() => listening.close(), () => composed.desk.stop(), () => identity.stop());
  });
  afterAll(async () => {
    for (const stop of stoppers.reverse()) await stop();
    await database.drop();
  });

  it('refuses every forged or unusable token with 401 and an empty body, writing nothing', async () => {
    const before = await documentCounts(database.connection);
    const claims = identity.claims();
    const now = Math.floor(Date.now() / 1000);
    const forged: Record<string, string | undefined> = {
      'no Authorization header': undefined,
      'alg none': `Bearer ${identity.unsigned(claims)}`,
      'RS256 with another key under the published key id': `Bearer ${identity.signed(claims, { withOtherKey: true })}`,
      'RS256 with another, unpublished key id': `Bearer ${identity.signed(claims, { withOtherKey: true, kid: 'attacker-key' })}`,
      'HS256 with the public key as secret': `Bearer ${identity.hmacWithPublicKey(claims)}`,
      expired: `Bearer ${identity.signed(identity.claims({ exp: now - 3600, nbf: now - 7200, iat: now - 7200 }))}`,
      'wrong audience': `Bearer ${identity.signed(identity.claims({ aud: 'another-bot' }))}`,
      'wrong issuer': `Bearer ${identity.signed(identity.claims({ iss: 'https://login.attacker.example' }))}`,
      'service URL claim of another host': `Bearer ${identity.signed(identity.claims({ serviceurl: 'https://attacker.example/' }))}`,
      'emulator issuer (its keys are Microsoft’s, unreachable here)': `Bearer ${identity.signed(identity.claims({ iss: EMULATOR_ISSUER, appid: APP_ID, ver: '1.0' }))}`,
      'not a JWT': 'Bearer not-a-token',
      'Basic scheme': 'Basic dXNlcjpwYXNz',
    };
    const answers: Record<string, { status: number; body: string; ms: number }> = {};
    for (const [kind, authorization] of Object.entries(forged)) {
      const answer = await postActivity(endpoint, teamsActivity(), authorization);
      answers[kind] = { status: answer.status, body: answer.body, ms: Math.round(answer.ms) };
    }
    for (const answer of Object.values(answers)) expect(answer).toMatchObject({ status: 401, body: '' });
    expect(await documentCounts(database.connection)).toEqual(before);
  });

  it('accepts a token signed with the published key for this bot and runs the turn', async () => {
    const references = () => database.connection.db!.collection('teams_references').countDocuments();
    const before = await references();
    const answer = await postActivity(endpoint, chatInstalled(), `Bearer ${identity.signed(identity.claims())}`);
    expect(answer.status).toBe(200);
    expect(await references()).toBeGreaterThan(before);
    expect(identity.fetches.keys).toBeGreaterThan(0);
  });

  it('refuses with 401 (not 500 with the network error) when the OpenID metadata cannot be fetched', async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}/.well-known/openidconfiguration`;
    const offline = await composeBot({ config: testConfig(credentials(unreachable)), connection: database.connection, logger: createLogger('silent') });
    const listening = await listenOnLoopback(offline.server);
    stoppers.push(() => listening.close());
    const answer = await postActivity(`${listening.baseUrl}/api/messages`, teamsActivity(), `Bearer ${identity.signed(identity.claims())}`);
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 401, body: '' });
  });

  it('answers a turn that fails after authentication with 500 and a generic body, not the error', async () => {
    const internals = 'MongoServerError: E11000 at /srv/app/services/requests/request-store.ts:88 mongodb://desk:hunter2@db';
    const adapter = createBotAdapter(testConfig(credentials(identity.metadataUrl)).bot, createLogger('silent'));
    adapter.onTurnError = async (_context, error) => {
      throw error;
    };
    const bot = new ActivityHandler().onMessage(async () => {
      throw new Error(internals);
    });
    const server = createBotServer({
      adapter,
      bot,
      logger: createLogger('silent'),
      ready: async () => true,
      calendarFeed: async () => ({ status: 200, body: '' }),
      bookingFeed: async () => ({ status: 404, body: '' }),
    });
    const listening = await listenOnLoopback(server);
    stoppers.push(() => listening.close());
    const answer = await postActivity(`${listening.baseUrl}/api/messages`, teamsActivity(), `Bearer ${identity.signed(identity.claims())}`);
    expect(answer.status).toBe(500);
    expect(answer.body).not.toContain('E11000');
    expect(answer.body).not.toContain('hunter2');
    expect(answer.body.length).toBeLessThan(40);
    const health = await send(`${listening.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  });
});
