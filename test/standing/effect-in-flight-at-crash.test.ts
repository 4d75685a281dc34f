/**
 * Standing reproduction — an effect whose attempt was in flight when its process died. The
 * process claims attempt 1 of the ASV's mail (a unique key in `effect_attempts`) and is killed
 * inside the send. A new instance sweeps every open change at start; the effect must be run again
 * (and the change closed) within seconds, as for a change whose dispatch never started
 * (test/services/effects/effects-survive-crash.test.ts). The claim of the dead process must not
 * hold it back for the attempt lease (5 minutes, `attemptLeaseMs` in services/service-desk.ts).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { commandId, openServiceDesk } from '../support/service-desk-fixture.js';
import { until } from '../support/desk-audit.js';
import { testServerUri } from '../support/test-database.js';

const crashingProcess = fileURLToPath(new URL('../../dist/test/support/crash-during-effect.js', import.meta.url));

describe('a process killed while one of its effects is being sent', () => {
  let fixture: Awaited<ReturnType<typeof openServiceDesk>>;
  beforeAll(async () => {
    fixture = await openServiceDesk(import.meta.url);
  });
  afterAll(async () => fixture.close());

  it('has the effect run again by the next instance within seconds, not after the attempt lease', async () => {
    const id = commandId('in-flight');
    const child = spawnSync(process.execPath, [crashingProcess, testServerUri(), fixture.database.name, id], { encoding: 'utf8', timeout: 60_000 });
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).toContain('sending');

    const db = fixture.database.connection.db!;
    const event = await db.collection<{ _id: string; requestId: string; effectsOpen: boolean; effects: Array<{ id: string; type: string }> }>('request_events').findOne({ commandId: id });
    const mailEffect = event!.effects.find((effect) => effect.type === 'notify-assignee')!;
    const claims = await db.collection<{ _id: string; owner: string }>('effect_attempts').find({ _id: { $regex: `^${mailEffect.id.replace(/[/]/g, '\\/')}#` } }).toArray();
    expect(claims.map((claim) => claim._id)).toEqual([`${mailEffect.id}#1`]);

    await fixture.desk.start();
    const delivered = await until(async () => {
      const current = await db.collection<{ _id: string; effectsOpen: boolean }>('request_events').findOne({ _id: event!._id });
      return current?.effectsOpen === false;
    }, 10_000);
    const delivery = await db.collection('effect_deliveries').findOne({ _id: mailEffect.id as never });
    expect({ closedWithin10s: delivered.met, delivery: delivery?.status ?? 'no record' }).toEqual({ closedWithin10s: true, delivery: 'delivered' });
    expect(await db.collection('outbox').countDocuments({ requestId: event!.requestId })).toBe(1);
  }, 30_000);
});
