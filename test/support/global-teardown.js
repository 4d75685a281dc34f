// Stops the test run's database server; the launcher removes its temporary data folder (see
// global-setup.js).
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const store = globalThis.testStore;
  if (!store) return;
  try {
    await store.server.stop();
  } finally {
    rmSync(store.dataDir, { recursive: true, force: true });
  }
}
