import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { resolve } from 'node:path';
import { openTestDatabase, testServerUri } from '../support/test-database.js';

let squatter: Server;
let port: number;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase(import.meta.url);
  squatter = createServer();
  await new Promise<void>((ready) => squatter.listen(0, '127.0.0.1', () => ready()));
  port = (squatter.address() as { port: number }).port;
});
afterAll(async () => {
  squatter.close();
  await database.drop();
});

/** `node dist/bot/main.js` run as `npm start` runs it, with the environment given. */
function startProduct(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [resolve('dist/bot/main.js')], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (_error, _stdout, stderr) =>
      done({ code: child.exitCode, stderr }),
    );
  });
}

describe('starting the bot on a port another program holds', () => {
  it('stops with a message naming PORT, not a stack trace', async () => {
    const result = await startProduct({ PORT: String(port), BOT_HOST: '127.0.0.1', PLAYGROUND: 'off', MONGODB_URI: testServerUri(), MONGODB_DATABASE: database.name, LOG_LEVEL: 'error' });
    expect(result.stderr).toContain(`PORT ${port} (BOT_HOST 127.0.0.1): already in use by another program (EADDRINUSE)`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(1);
  }, 90_000);
});
