/**
 * Standing test — two instances on one database. Two product processes (composed as bot/main.ts
 * does, each with its own jobs and sweep) share the test database and the fake Bot Connector.
 * Rounds of card clicks are split across both HTTP endpoints — some sent to both at the same
 * moment (as a retried delivery would land on the other instance), both ASVs clicking the same
 * card at once — and requests are asked for information so that their waits time out while both
 * schedulers poll. Then: every effect was delivered once (each Teams activity is the one its
 * delivery recorded, each mail once), each wait's reminder and timeout job ran once (the jobs'
 * own log lines, counted across both processes) and timed out once, no history entry is
 * duplicated, every projection is the fold of its events, and the last card activity Teams got
 * for each request shows its stored status and version.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort } from '../support/bot-fixture.js';
import { startBotChild, type BotChild } from '../support/bot-child.js';
import { auditDesk, problemsOf, until, waitOutcomes, waitProblems, type AuditReport } from '../support/desk-audit.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.js';
import { DAU_CHANNEL, personalChatOf, sendClick, type ClickAnswer } from '../support/teams-clicks.js';
import { openTestDatabase, testServerUri } from '../support/test-database.js';
import { clicksFor, people, registerMany, requestStates, requesterHasTheApp, seconds, shuffled, standingConfig, standingRoster } from './standing-desk.js';

const REQUESTS = 10;
const ROUNDS = 4;
/** The jobs' debug line: `wait-timeout <request>/<wait>: <outcome>` or `remind …`. */
const jobLine = /"message":"(wait-timeout|remind) ([0-9a-f]{24})\/(\d+): (\w[\w-]*)"/;

describe('two instances on one database', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let connector: FakeConnector;
  const instances: BotChild[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(import.meta.url);
    connector = await startFakeConnector({ roster: standingRoster });
    const config = standingConfig(connector.url, { LOG_LEVEL: 'debug' });
    instances.push(
      ...(await Promise.all(
        [0, 1].map(async () => startBotChild({ uri: testServerUri(), database: database.name, port: await freePort(), config, keepLines: jobLine })),
      )),
    );
  }, 60_000);
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await connector?.close();
    await database?.drop();
  });

  it('runs every job and effect once and leaves every card in the stored state', async () => {
    const db = database.connection.db!;
    const [a, b] = instances as [BotChild, BotChild];
    await requesterHasTheApp(a.baseUrl, connector.url, db);
    const fromCall = connector.calls.length;
    let last: AuditReport | undefined;
    const clean = async () => {
      last = await auditDesk(db, connector, { requesterChats: [people.requester.id], fromCall });
      return problemsOf(last).length === 0;
    };
    const explain = (what: string) =>
      `${what}:\n${problemsOf(last!).slice(0, 30).join('\n')}\n--- warnings and errors ---\n${instances
        .map((instance, index) => instance.log().split('\n').filter((line) => line.includes('"warn"') || line.includes('"error"')).slice(-20).map((line) => `[${index ? 'B' : 'A'}] ${line}`).join('\n'))
        .join('\n')}\n--- logs ---\n${instances.map((instance) => instance.log().split('\n').filter((line) => !line.includes('"debug"')).slice(-10).join('\n')).join('\n')}`;

    // Registered half on each instance.
    await Promise.all([registerMany(a.baseUrl, connector.url, REQUESTS / 2, 'instancia A'), registerMany(b.baseUrl, connector.url, REQUESTS / 2, 'instancia B')]);

    // Rounds of clicks on the cards as they stand, split across both instances; every third click goes to both at once.
    let clicks = 0;
    let both = 0;
    const answers: ClickAnswer[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const burst = shuffled(clicksFor(await requestStates(db), connector.url), 100 + round);
      const sends = burst.flatMap((activity, index) => {
        const first = index % 2 === 0 ? a : b;
        const other = first === a ? b : a;
        if (index % 3 === 0) both += 1;
        return index % 3 === 0 ? [sendClick(first.baseUrl, activity), sendClick(other.baseUrl, activity)] : [sendClick(first.baseUrl, activity)];
      });
      clicks += sends.length;
      answers.push(...(await Promise.all(sends)));
    }
    expect(answers.filter((answer) => answer.kind !== 'card').map((answer) => answer.text)).toEqual([]);

    // Every wait times out (both schedulers polling); then the DAU cancels what did not proceed, again across both.
    const open = await db.collection<{ wait: { deadline: Date } | null }>('requests').find({ status: 'Pendiente por el usuario' }).toArray();
    expect(open.length).toBeGreaterThanOrEqual(3);
    const lastDeadline = Math.max(...open.map((request) => request.wait!.deadline.getTime()));
    const timedOut = await until(async () => (await db.collection('requests').countDocuments({ status: 'Pendiente por el usuario' })) === 0, Math.max(0, lastDeadline - Date.now()) + 10_000);
    expect(timedOut.met).toBe(true);
    const timeoutLagMs = Date.now() - lastDeadline;
    const cancels = clicksFor(await requestStates(db), connector.url);
    const cancelled = await Promise.all(cancels.flatMap((activity, index) => [sendClick(instances[index % 2]!.baseUrl, activity), sendClick(instances[(index + 1) % 2]!.baseUrl, activity)]));
    clicks += cancelled.length;
    expect(cancelled.every((answer) => answer.kind === 'card')).toBe(true);

    const settled = await until(clean, 15_000);
    if (!settled.met) throw new Error(explain('not settled within 15 s'));

    // Each wait: one timeout, one notice per recipient; each job ran once, on one instance or the other.
    const outcomes = await waitOutcomes(db, connector, { requesterChat: personalChatOf(people.requester), dauChannel: DAU_CHANNEL });
    expect(waitProblems(outcomes)).toEqual([]);
    const runs = new Map<string, string[]>();
    instances.forEach((instance, which) => {
      for (const line of instance.kept) {
        const [, job, requestId, waitId, outcome] = jobLine.exec(line)!;
        const key = `${job} ${requestId}/${waitId}`;
        runs.set(key, [...(runs.get(key) ?? []), `${'AB'[which]}:${outcome}`]);
      }
    });
    const waits = await db.collection<{ _id: string; history: Array<{ kind: string; seq: number }> }>('requests').find({ 'history.kind': 'request-info' }).toArray();
    const expectedJobs = waits.flatMap((request) => request.history.filter((entry) => entry.kind === 'request-info').flatMap((entry) => [`wait-timeout ${request._id}/${entry.seq}`, `remind ${request._id}/${entry.seq}`]));
    const notOnce = expectedJobs.filter((key) => runs.get(key)?.length !== 1).map((key) => `${key}: ${JSON.stringify(runs.get(key) ?? [])}`);
    expect(notOnce).toEqual([]);
    const reminders = waits.map((request) => request.history.filter((entry) => entry.kind === 'remind').length);
    expect(reminders.every((count) => count <= 1)).toBe(true);
    const jobsByInstance = ['A', 'B'].map((name) => [...runs.values()].flat().filter((run) => run.startsWith(`${name}:`)).length);

    const final = last!;
    const deliveredBy = await db
      .collection('effect_attempts')
      .aggregate<{ _id: string; count: number }>([{ $group: { _id: '$owner', count: { $sum: 1 } } }])
      .toArray();
    process.stdout.write(
      `two instances: ${clicks} clicks over ${ROUNDS + 1} rounds split across 2 processes (${both} sent to both at once), ${final.requests} requests, ${final.events} changes, ` +
        `${final.effects} effects each delivered once (attempts by instance ${deliveredBy.map((owner) => owner.count).join('/')}), ${final.teamsPosts} Teams posts and ${final.mails} mails with no duplicate, ` +
        `${waits.length} waits: ${expectedJobs.length} reminder/timeout jobs each run once (${jobsByInstance.join('/')} by instance), timed out ${seconds(timeoutLagMs)} s after the last deadline; ` +
        `${final.cardUpdates} card updates for ${final.updateEffects} update effects, every card ends in the stored status and version\n`,
    );
  }, 120_000);
});
