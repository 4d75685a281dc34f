import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ActivityHandler } from 'botbuilder';
import { createBotAdapter } from '../../../bot/bot-adapter.js';
import { createBotServer } from '../../../bot/bot-server.js';
import { composeBot, type ComposedBot } from '../../../bot/compose-bot.js';
import { createLogger } from '../../../services/logging/logger.js';
import { listenOnLoopback, postActivity, send, type HttpAnswer } from '../../support/http-request.js';
import { testConfig } from '../../support/service-desk-fixture.js';
import { chatInstalled, TEST_TENANT_ID } from '../../support/teams-activity.js';
import { openTestDatabase } from '../../support/test-database.js';
import { seedCatalogue } from '../../support/agenda-fixture.js';

const FEED_TOKEN = 'calendar-feed-token-0123456789';
const PROBE = '<script>alert(1)</script>';

describe('the HTTP edge’s answers to bad input and to its own failures', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let composed: ComposedBot;
  let baseUrl: string;
  const stoppers: Array<() => Promise<unknown>> = [];
  const answers: HttpAnswer[] = [];
  const get = async (path: string, init: Parameters<typeof send>[1] = {}) => {
    const answer = await send(`${baseUrl}${path}`, init);
    answers.push(answer);
    return answer;
  };

  beforeAll(async () => {
    database = await openTestDatabase(import.meta.url);
    composed = await composeBot({
      config: testConfig({ TEAMS_TENANT_ID: TEST_TENANT_ID, ICS_FEED_TOKEN: FEED_TOKEN }),
      connection: database.connection,
      logger: createLogger('silent'),
    });
    await composed.desk.agenda.loadCatalogue(seedCatalogue());
    const listening = await listenOnLoopback(composed.server);
    baseUrl = listening.baseUrl;
    stoppers.push(() => listening.close(), () => composed.desk.stop());
  });
  afterAll(async () => {
    for (const stop of stoppers.reverse()) await stop();
    await database.drop();
  });

  it('answers calendar-feed query parameters that are not one short string with 400, not a server error', async () => {
    for (const query of ['token[]=a', 'token[$ne]=a', `token=${FEED_TOKEN}&token=${FEED_TOKEN}`, `token=${'a'.repeat(5000)}`, `token=${FEED_TOKEN}&recurso[]=sala-vc-1`]) {
      const answer = await get(`/calendario.ics?${query}`);
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
      expect(answer.body).not.toMatch(/TypeError|Error|token/);
    }
  });

  it('serves the feed for the token, refuses others with 401, and never echoes the resource asked for', async () => {
    const feed = await get(`/calendario.ics?token=${FEED_TOKEN}`);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect((await get('/calendario.ics?token=wrong-token-0123456789')).status).toBe(401);
    expect((await get('/calendario.ics')).status).toBe(401);
    const unknown = await get(`/calendario.ics?token=${FEED_TOKEN}&recurso=${encodeURIComponent(PROBE)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).not.toContain('script');
  });

  it('answers unknown routes and methods without echoing the path', async () => {
    const missing = await get(`/no-such-${encodeURIComponent(PROBE)}`);
    expect(missing.status).toBe(404);
    expect(missing.body).not.toContain('script');
    expect(missing.body).not.toContain('no-such');
    const method = await get('/healthz', { method: 'DELETE' });
    expect(method.status).toBe(405);
    expect(method.body).not.toContain('DELETE');
  });

  it('answers a route whose handler fails with 500 and a generic body, and logs the error', async () => {
    const lines: string[] = [];
    const internals = 'TypeError: Cannot read properties of undefined (reading "feed") at /srv/app/services/agenda/agenda-service.ts:337';
    const server = createBotServer({
      adapter: createBotAdapter(testConfig().bot, createLogger('silent')),
      bot: new ActivityHandler(),
      logger: createLogger('debug', (line) => lines.push(line)),
      ready: async () => {
        throw new Error(internals);
      },
      calendarFeed: async () => {
        throw new TypeError(internals);
      },
      bookingFeed: async () => {
        throw new TypeError(internals);
      },
    });
    const listening = await listenOnLoopback(server);
    stoppers.push(() => listening.close());
    for (const path of [`/calendario.ics?token=${FEED_TOKEN}`, '/calendario/reserva.ics?id=bk-1&token=abc', '/readyz']) {
      const answer = await send(`${listening.baseUrl}${path}`);
      answers.push(answer);
      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(answer.body).not.toContain('agenda-service');
      expect(answer.body).not.toContain('TypeError');
    }
    expect(lines.some((line) => line.includes('agenda-service.ts:337'))).toBe(true);
  });

  it('marks every answer nosniff', async () => {
    answers.push(await get('/healthz'), await get('/readyz'));
    answers.push(await postActivity(`${baseUrl}/api/messages`, chatInstalled()));
    answers.push(await postActivity(`${baseUrl}/api/messages`, { type: 42 }));
    expect(answers.length).toBeGreaterThan(12);
    for (const answer of answers) expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });
});
