// Jest loads this file natively (not through ts-jest), so it uses the compiled store launcher:
// `npm test` builds first. It starts one database server for the whole run, on a temporary data
// folder that belongs to the run: the launcher removes it when the server stops, and a SecantusDB
// server stops by itself (and removes it) when this process ends without the teardown (Ctrl-C).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStoreServer } from '../../dist/services/local-store/store-server.js';

export default async function globalSetup() {
  const dataDir = mkdtempSync(join(tmpdir(), 'vc-desk-test-store-'));
  const server = await startStoreServer({
    configuredUri: process.env.MONGODB_URI,
    dataDir,
    temporary: true,
    projectRoot: process.cwd(),
    searchPath: process.env.PATH,
  });
  globalThis.testStore = { server, dataDir };
  process.env.TEST_MONGODB_URI = server.uri;
  process.env.TEST_STORE_KIND = server.kind;
}
