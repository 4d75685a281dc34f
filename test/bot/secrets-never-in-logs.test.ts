import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { composeBot, type ComposedBot } from '../../bot/compose-bot.js';
import { GraphCalendarDirectory } from '../../services/graph/graph-calendar-directory.js';
import { createGraphClient } from '../../services/graph/graph-client.js';
import { createLogger } from '../../services/logging/logger.js';
import { SmtpMailTransport } from '../../services/notifications/smtp-mail-transport.js';
import { requestReadyToBook, seedCatalogue, slot } from '../support/agenda-fixture.js';
import { freePort } from '../support/bot-fixture.js';
import { startBotFrameworkIdentity, type BotFrameworkIdentity } from '../support/bot-framework-identity.js';
import { listenOnLoopback, postActivity, send } from '../support/http-request.js';
import { eventually, people, testConfig } from '../support/service-desk-fixture.js';
import { teamsActivity, TEST_TENANT_ID } from '../support/teams-activity.js';
import { openTestDatabase } from '../support/test-database.js';

const APP_ID = '3c2b1a09-8f7e-4d6c-b5a4-938271605f4e';
const secrets = {
  appPassword: 'AppPassword7Qx2Secret',
  graphClientSecret: 'GraphClientSecret9Lm4Value',
  smtpPassword: 'SmtpPassword5Rt8Value',
  feedToken: 'IcsFeedToken3Wz6Secret',
  imapPassword: 'ImapPassword4Kv7Value',
};

/**
 * The standing check that no secret reaches a log line: the bot composed as in production (Graph,
 * SMTP, Bot Framework credentials, the feed token) logs at debug level into a sink while it is sent
 * valid and forged tokens, feed requests and turns that fail; no line, nor anything botbuilder
 * prints on the console, may hold a secret.
 */
describe('secrets never in logs', () => {
  const lines: string[] = [];
  const bearerTokens: string[] = [];
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let identity: BotFrameworkIdentity;
  let composed: ComposedBot;
  let baseUrl: string;
  let close: () => Promise<void>;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleLines.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg, Object.getOwnPropertyNames(arg ?? {})))).join(' '));
      });
    }
    database = await openTestDatabase(import.meta.url);
    const serviceUrl = `http://127.0.0.1:${await freePort()}/teams/`;
    identity = await startBotFrameworkIdentity(APP_ID, serviceUrl);
    const closed = `http://127.0.0.1:${await freePort()}`;
    const config = testConfig({
      LOG_LEVEL: 'debug',
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: secrets.appPassword,
      BOT_OPENID_METADATA_URL: identity.metadataUrl,
      TEAMS_TENANT_ID: TEST_TENANT_ID,
      TEAMS_SERVICE_URL: serviceUrl,
      TEAMS_ASV_CHANNEL_ID: '19:asv-channel@thread.tacv2',
      GRAPH_TENANT_ID: TEST_TENANT_ID,
      GRAPH_CLIENT_ID: '0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f',
      GRAPH_CLIENT_SECRET: secrets.graphClientSecret,
      GRAPH_AUTHORITY_HOST: closed,
      GRAPH_BASE_URL: `${closed}/v1.0`,
      GRAPH_CALENDAR_MAILBOX: 'agenda@uni.example',
      SMTP_URL: `smtp://mesa:${secrets.smtpPassword}@127.0.0.1:${await freePort()}`,
      SMTP_FROM: 'mesa@uni.example',
      ICS_FEED_TOKEN: secrets.feedToken,
      INBOUND_MAILBOX: 'mesa@uni.example',
      IMAP_URL: `imaps://mesa%40uni.example:${secrets.imapPassword}@127.0.0.1:${await freePort()}/INBOX`,
    });
    const graph = createGraphClient(config.graph!, { maxRetries: 0 });
    composed = await composeBot({
      config,
      connection: database.connection,
      logger: createLogger(config.logLevel, (line) => lines.push(line)),
      mail: new SmtpMailTransport(config.smtp!),
      directory: new GraphCalendarDirectory(graph, { organizerMailbox: config.graph!.calendarMailbox!, timeZone: config.calendar.timeZone }),
    });
    await composed.desk.agenda.loadCatalogue(seedCatalogue());
    const listening = await listenOnLoopback(composed.server);
    baseUrl = listening.baseUrl;
    close = listening.close;
  });
  afterAll(async () => {
    await close();
    await composed.desk.stop();
    await identity.stop();
    await database.drop();
    jest.restoreAllMocks();
  });

  it('holds no secret in any line, at any level, through valid and forged tokens, the feed and failing turns', async () => {
    const endpoint = `${baseUrl}/api/messages`;
    const serviceUrl = identity.claims().serviceurl as string;
    const bearer = (token: string) => {
      bearerTokens.push(token);
      return `Bearer ${token}`;
    };
    const valid = () => bearer(identity.signed(identity.claims()));
    const activity = (overrides: Record<string, unknown> = {}) => teamsActivity({ serviceUrl, ...overrides });

    expect((await postActivity(endpoint, activity({ text: 'ayuda' }), valid())).status).toBe(200);
    for (const forged of [
      identity.unsigned(identity.claims()),
      identity.hmacWithPublicKey(identity.claims()),
      identity.signed(identity.claims(), { withOtherKey: true }),
      identity.signed(identity.claims({ aud: 'another-bot' })),
    ]) {
      expect((await postActivity(endpoint, activity(), bearer(forged))).status).toBe(401);
    }

    const fixture = { desk: composed.desk, actor: (person: typeof people.asv) => composed.desk.roles.actorFor(person) };
    const request = await requestReadyToBook(fixture as Parameters<typeof requestReadyToBook>[0]);
    const option = slot('2027-05-10', '10:00', '11:00');
    const book = activity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      from: { id: '29:asv', aadObjectId: people.asv.id, name: people.asv.name },
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'book',
          data: { requestId: request.id, version: request.version, option: { ...option, start: option.start.toISOString(), end: option.end.toISOString() } },
        },
      },
    });
    expect((await postActivity(endpoint, book, valid())).status).toBe(200);

    expect((await send(`${baseUrl}/calendario.ics?token=${secrets.feedToken}`)).status).toBe(200);
    expect((await send(`${baseUrl}/calendario.ics?token=${secrets.feedToken}&recurso=no-such-room`)).status).toBe(404);
    expect((await send(`${baseUrl}/calendario.ics?token[]=${secrets.feedToken}`)).status).toBeGreaterThanOrEqual(400);
    expect((await send(`${baseUrl}/calendario.ics?token=${secrets.feedToken}x`)).status).toBe(401);
    expect((await send(`${baseUrl}/no-such-route?token=${secrets.feedToken}`)).status).toBe(404);

    expect((await composed.desk.inboundMail!.pollOnce()).error).toMatch(/ECONNREFUSED|cannot connect/);

    await eventually(async () => lines.some((line) => line.includes('"level":"warn"') && /ECONNREFUSED|smtp|mail/i.test(line)), 15_000);
    expect(lines.some((line) => line.includes('inbound mail: reading IMAP'))).toBe(true);
    expect(lines.length).toBeGreaterThan(3);

    const everything = [...lines, ...consoleLines];
    const found = [...Object.entries(secrets), ...bearerTokens.flatMap((token, index) => [[`bearer token ${index}`, token], [`bearer token ${index} signature`, token.split('.')[2]!]])]
      .filter(([, secret]) => secret && secret.length >= 8)
      .filter(([, secret]) => everything.some((line) => line.includes(secret!)))
      .map(([name]) => name);
    expect(found).toEqual([]);
  });
});
