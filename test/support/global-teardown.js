// Stops the test run's database server and removes its data (see global-setup.js).
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const store = globalThis.testStore;
  if (!store) return;
  await store.server.stop();
  rmSync(store.dataDir, { recursive: true, force: true });
}
