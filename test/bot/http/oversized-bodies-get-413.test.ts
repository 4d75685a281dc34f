import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { composeBot, type ComposedBot } from '../../../bot/compose-bot.js';
import { createLogger } from '../../../services/logging/logger.js';
import { listenOnLoopback, postActivity, send } from '../../support/http-request.js';
import { testConfig } from '../../support/service-desk-fixture.js';
import { chatInstalled, TEST_TENANT_ID } from '../../support/teams-activity.js';
import { openTestDatabase } from '../../support/test-database.js';

const MiB = 1024 * 1024;

/** A conversationUpdate padded (in `channelData`) to about `bytes` of JSON. */
function paddedActivity(bytes: number): Buffer {
  const activity = chatInstalled({ channelData: { tenant: { id: TEST_TENANT_ID }, padding: '' } });
  const empty = Buffer.byteLength(JSON.stringify(activity));
  (activity.channelData as { padding: string }).padding = 'x'.repeat(Math.max(0, bytes - empty));
  return Buffer.from(JSON.stringify(activity));
}

describe('POST /api/messages body size', () => {
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

  it('refuses a 50 MB body with 413 from its Content-Length, without reading it', async () => {
    const body = paddedActivity(50 * MiB);
    const answer = await send(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': body.length }, body });
    expect(answer.status).toBe(413);
    expect(answer.body).not.toContain('padding');
    expect(answer.ms).toBeLessThan(2000);
  });

  it('refuses a chunked body with 413 once it passes 1 MiB', async () => {
    const body = paddedActivity(3 * MiB);
    let sent = 0;
    const answer = await send(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      stream: async (write) => {
        for (let at = 0; at < body.length; at += 64 * 1024) {
          if (!write(body.subarray(at, at + 64 * 1024))) await new Promise((resolve) => setTimeout(resolve, 5));
          sent = at;
        }
      },
    });
    expect(answer.status).toBe(413);
    expect(sent).toBeGreaterThan(0);
  });

  it('accepts an activity just under the limit', async () => {
    const answer = await send(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: paddedActivity(MiB - 1024) });
    expect(answer.status).toBe(200);
    const ordinary = await postActivity(endpoint, chatInstalled());
    expect(ordinary.status).toBe(200);
  });
});
