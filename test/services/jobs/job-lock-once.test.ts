import { afterEach, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import { JobScheduler, jobNames, jobsCollection, type WaitJobData } from '../../../services/jobs/job-scheduler.js';
import { openDatabase } from '../../../services/store/database.js';
import { eventually } from '../../support/service-desk-fixture.js';
import { openTestDatabase, testServerUri } from '../../support/test-database.js';

type Runs = Map<string, string[]>;

/** A scheduler on `connection` whose wait handlers record which instance ran which job (and take a little time, as real ones do). */
function recordingScheduler(connection: Connection, instanceName: string, runs: Runs): JobScheduler {
  const record = (kind: string) => async (data: WaitJobData) => {
    const key = `${kind}:${data.requestId}:${data.waitId}`;
    runs.set(key, [...(runs.get(key) ?? []), instanceName]);
    await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return new JobScheduler(
    connection.db!,
    { waitTimeout: record('timeout'), waitReminder: record('reminder'), checkBookingResponses: async () => {}, afterEvent: async () => {}, ratingReminder: async () => {} },
    { instanceName, processEveryMs: 200 },
  );
}

const opened: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!();
});

/** Two connections to one fresh database, as two processes would have, and the runs their schedulers record. */
async function twoInstances(label: string) {
  const database = await openTestDatabase(import.meta.url, label);
  const other = await openDatabase(testServerUri(), database.name);
  const runs: Runs = new Map();
  const one = recordingScheduler(database.connection, 'one', runs);
  const two = recordingScheduler(other, 'two', runs);
  opened.push(async () => {
    await Promise.all([one.stop(), two.stop()]);
    await other.close();
    await database.drop();
  });
  return { database, one, two, runs };
}

describe('job locks with two instances on one database', () => {
  it('runs each of 200 waits’ reminder and timeout exactly once, and leaves the jobs collection empty', async () => {
    const { database, one, two, runs } = await twoInstances('burst');
    await Promise.all([one.start(), two.start()]);
    const later = new Date(Date.now() + 3_600_000);
    for (let index = 0; index < 200; index += 1) await (index % 2 ? two : one).schedule({ requestId: `r-${index}`, waitId: '3' }, later, later);
    // All 400 jobs fall due at the same moment, with both instances polling.
    await database.connection.collection(jobsCollection).updateMany({}, { $set: { nextRunAt: new Date() } });

    await eventually(async () => runs.size === 400 || undefined, 90_000);
    // Time for a second run of anything, had a job been locked twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const twice = [...runs].filter(([, instances]) => instances.length !== 1);
    expect(twice).toEqual([]);
    expect(runs.size).toBe(400);
    const byInstance = (name: string) => [...runs.values()].filter(([instance]) => instance === name).length;
    // Both took part, so the runs were decided by the lock, not by one instance alone.
    expect(byInstance('one')).toBeGreaterThan(0);
    expect(byInstance('two')).toBeGreaterThan(0);
    await eventually(async () => (await database.connection.collection(jobsCollection).countDocuments()) === 0 || undefined);
  }, 150_000);

  it('takes over the locks of an instance that died, once', async () => {
    const { database, one, two, runs } = await twoInstances('expired');
    await one.start();
    const far = new Date(Date.now() + 3_600_000);
    for (let index = 0; index < 20; index += 1) await one.schedule({ requestId: `d-${index}`, waitId: '1' }, far, far);
    // The timeouts as a crashed instance leaves them: locked two minutes ago (the lock lifetime is one), running (no next run).
    const jobs = database.connection.collection(jobsCollection);
    await jobs.updateMany({ name: jobNames.waitTimeout }, { $set: { lockedAt: new Date(Date.now() - 120_000), nextRunAt: null, lastModifiedBy: 'dead' } });
    await two.start();

    await eventually(async () => runs.size === 20 || undefined, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect([...runs].filter(([, instances]) => instances.length !== 1)).toEqual([]);
    expect([...runs.keys()].every((key) => key.startsWith('timeout:'))).toBe(true);
    // The reminders, not due, are untouched.
    expect(await jobs.countDocuments({ name: jobNames.waitReminder, lockedAt: null })).toBe(20);
  }, 90_000);

  it('stores a wait’s jobs once however often it is scheduled, and cancels both', async () => {
    const { database, one, two } = await twoInstances('unique');
    await Promise.all([one.start(), two.start()]);
    const far = new Date(Date.now() + 3_600_000);
    const wait = { requestId: 'u-1', waitId: '7' };
    await Promise.all([one.schedule(wait, far, far), two.schedule(wait, far, far), one.schedule(wait, far, far)]);
    const jobs = database.connection.collection(jobsCollection);
    expect((await jobs.find({ 'data.requestId': 'u-1' }).toArray()).map((job) => job.name).sort()).toEqual([jobNames.waitReminder, jobNames.waitTimeout]);

    const other = { requestId: 'u-1', waitId: '8' };
    await one.schedule(other, far, far);
    await two.cancel(wait);
    expect(await jobs.countDocuments({ 'data.requestId': 'u-1', 'data.waitId': '7' })).toBe(0);
    expect(await jobs.countDocuments({ 'data.requestId': 'u-1', 'data.waitId': '8' })).toBe(2);
  });
});
