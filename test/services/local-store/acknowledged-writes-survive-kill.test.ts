import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { secantusDbSyncOnCommit, secantusDbVenv } from '../../../services/local-store/store-server.js';
import { crashWrites } from './crash-writes.js';

// Nothing acknowledged is lost: with the launcher's durability setting, SecantusDB keeps every
// acknowledged write through a kill -9 (figures for the other settings: test/bench/store-durability.ts).
const installed = existsSync(join(secantusDbVenv(process.cwd()), 'installed-version'));

(installed ? describe : describe.skip)('SecantusDB killed right after acknowledging (launcher setting)', () => {
  it.each([1, 8])('keeps all of 300 acknowledged events, slots and delivery upserts, %i in flight', async (inFlight) => {
    const result = await crashWrites({ projectRoot: process.cwd(), syncOnCommit: secantusDbSyncOnCommit, journal: false, writes: 300, inFlight });

    expect(result.latencies.length).toBeGreaterThanOrEqual(300);
    expect(result.acknowledged.events).toBeGreaterThan(90);
    expect(result.acknowledged.slots).toBeGreaterThan(90);
    expect(result.lost).toEqual([]);
  }, 40_000);
});
