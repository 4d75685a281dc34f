import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import { composeBot, type ComposedBot } from '../../../bot/compose-bot.js';
import { createLogger } from '../../../services/logging/logger.js';
import { openDatabase } from '../../../services/store/database.js';
import { listenOnLoopback, send } from '../../support/http-request.js';
import { testConfig } from '../../support/service-desk-fixture.js';
import { startSeverableProxy, type SeverableProxy } from '../../support/tcp-proxy.js';
import { testDatabaseName, testServerUri } from '../../support/test-database.js';

describe('GET /readyz', () => {
  const name = testDatabaseName(import.meta.url);
  let proxy: SeverableProxy;
  let connection: Connection;
  let composed: ComposedBot;
  let baseUrl: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    proxy = await startSeverableProxy(new URL(testServerUri()).host);
    connection = await openDatabase(`mongodb://127.0.0.1:${proxy.port}/?directConnection=true`, name);
    composed = await composeBot({ config: testConfig(), connection, logger: createLogger('silent') });
    const listening = await listenOnLoopback(composed.server);
    baseUrl = listening.baseUrl;
    close = listening.close;
  });
  afterAll(async () => {
    await close();
    await composed.desk.stop();
    await Promise.race([connection.close(true), new Promise((resolve) => setTimeout(resolve, 2000))]);
    await proxy.close();
    const direct = await openDatabase(testServerUri(), name);
    await direct.dropDatabase();
    await direct.close();
  }, 40_000);

  it('answers 200 while the database answers, and 503 within 2 s once it stops answering', async () => {
    const up = await send(`${baseUrl}/readyz`);
    expect(up.status).toBe(200);

    proxy.sever();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const first = await send(`${baseUrl}/readyz`);
    const second = await send(`${baseUrl}/readyz`);
    expect([first.status, second.status]).toEqual([503, 503]);
    expect(first.ms).toBeLessThan(2000);
    expect(second.ms).toBeLessThan(2000);
  });
});
