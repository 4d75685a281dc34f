import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Server as HttpServer } from 'node:http';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeBot, type ComposedBot } from '../../../bot/compose-bot.js';
import { createLogger } from '../../../services/logging/logger.js';
import { listenOnLoopback, send } from '../../support/http-request.js';
import { testConfig } from '../../support/service-desk-fixture.js';
import { TEST_TENANT_ID } from '../../support/teams-activity.js';
import { openTestDatabase } from '../../support/test-database.js';

/** Files in the temporary folder that were not there before and hold `marker`. */
function newTempFilesHolding(before: Set<string>, marker: string): string[] {
  return readdirSync(tmpdir())
    .filter((name) => !before.has(name))
    .map((name) => join(tmpdir(), name))
    .filter((path) => {
      try {
        return statSync(path).isFile() && readFileSync(path, 'latin1').includes(marker);
      } catch {
        return false;
      }
    });
}

/** A multipart/form-data body with an activity-looking field and a 256 KB file part holding `marker`. */
function multipart(marker: string): { contentType: string; body: Buffer } {
  const boundary = `----vc-desk-${randomUUID()}`;
  const body = Buffer.from(
    [
      `--${boundary}`,
      'Content-Disposition: form-data; name="type"',
      '',
      'message',
      `--${boundary}`,
      'Content-Disposition: form-data; name="upload"; filename="fill-the-disk.bin"',
      'Content-Type: application/octet-stream',
      '',
      `${marker}${'x'.repeat(256 * 1024)}`,
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
  return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}

describe('a body that is not JSON, before any authentication', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let composed: ComposedBot;
  let baseUrl: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    database = await openTestDatabase(import.meta.url);
    composed = await composeBot({
      config: testConfig({ TEAMS_TENANT_ID: TEST_TENANT_ID, ICS_FEED_TOKEN: 'calendar-feed-token-0123456789' }),
      connection: database.connection,
      logger: createLogger('silent'),
    });
    const listening = await listenOnLoopback(composed.server);
    baseUrl = listening.baseUrl;
    close = listening.close;
  });
  afterAll(async () => {
    await close();
    await composed.desk.stop();
    await database.drop();
  });

  it('is refused on every route (415 on the message endpoint) and never written to a temporary file', async () => {
    const marker = `multipart-marker-${randomUUID()}`;
    const before = new Set(readdirSync(tmpdir()));
    const { contentType, body } = multipart(marker);
    const statuses: Record<string, number> = {};
    for (const path of ['/api/messages', '/calendario.ics?token=calendar-feed-token-0123456789', '/healthz', '/readyz', '/upload']) {
      const answer = await send(`${baseUrl}${path}`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
      statuses[path] = answer.status;
    }
    expect(statuses['/api/messages']).toBe(415);
    for (const status of Object.values(statuses)) expect(status).toBeGreaterThanOrEqual(400);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(newTempFilesHolding(before, marker)).toEqual([]);
  });

  it('is refused with 415 when form-urlencoded', async () => {
    const answer = await send(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'type=message&serviceUrl=https%3A%2F%2Fattacker.example%2F',
    });
    expect(answer.status).toBe(415);
  });

  it('meets no restify body parser, static file server or spdy in the server', () => {
    const info = composed.server.getDebugInfo();
    const handlers = [...info.server.pre, ...info.server.use, ...info.routes.flatMap((route: { handlers: string[] }) => route.handlers)];
    expect(handlers.filter((name) => /readBody|parseBody|multipart|urlEncoded|parseQueryString|serveStatic/i.test(name))).toEqual([]);
    expect((composed.server as unknown as { spdy?: boolean }).spdy).not.toBe(true);
    expect(composed.server.server).toBeInstanceOf(HttpServer);
  });
});
