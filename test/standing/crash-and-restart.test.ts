/**
 * Standing test — crash and restart. The product runs as a child process (composed as bot/main.ts
 * does) on the test database, its Teams side a fake Bot Connector that records every activity.
 * Each cycle registers requests, puts one in *Pendiente por el usuario*, fires a burst of card
 * clicks and registrations over HTTP, kill -9s the process mid-burst (without waiting for the
 * answers), and starts a new one on the same database. Without any further click, within 10 s
 * of the restart: every projection equals the fold of its events, every change's effects are
 * settled, every effect was delivered once (each Teams activity the connector got is the one its
 * delivery recorded, each mail is in the outbox once); and every wait times out exactly once,
 * with one timed-out notice per recipient and channel.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db } from 'mongodb';
import { freePort } from '../support/bot-fixture.js';
import { startBotChild, type BotChild } from '../support/bot-child.js';
import { auditDesk, postKey, problemsOf, until, waitOutcomes, waitProblems, type AuditReport } from '../support/desk-audit.js';
import { startFakeConnector, type ConnectorCall, type FakeConnector } from '../support/fake-connector.js';
import { DAU_CHANNEL, cardClick, personalChatOf, sendClick, sendRegistration } from '../support/teams-clicks.js';
import { openTestDatabase, testServerUri } from '../support/test-database.js';
import {
  clicksFor,
  people,
  registerMany,
  registration,
  requestStates,
  requesterHasTheApp,
  seconds,
  shuffled,
  standingConfig,
  standingRoster,
} from './standing-desk.js';

const CYCLES = 3;
/** The burst is cut after the connector has received this many activities of it (effects already running), per cycle. */
const KILL_AFTER_CALLS = [2, 5, 9];

describe('the product killed (kill -9) during a burst of clicks and restarted', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let connector: FakeConnector;
  let child: BotChild | undefined;

  beforeAll(async () => {
    database = await openTestDatabase(import.meta.url);
    connector = await startFakeConnector({ roster: standingRoster });
  });
  afterAll(async () => {
    await child?.kill();
    await connector?.close();
    await database?.drop();
  });

  it('loses nothing and repeats nothing: projections catch up, effects delivered once, waits time out once', async () => {
    const db = database.connection.db!;
    const config = standingConfig(connector.url);
    const start = async () => startBotChild({ uri: testServerUri(), database: database.name, port: await freePort(), config });
    child = await start();
    await requesterHasTheApp(child.baseUrl, connector.url, db);
    const fromCall = connector.calls.length;
    const audit = () => auditDesk(db, connector, { requesterChats: [people.requester.id], fromCall });
    /** Each kill: when its burst began, when the process was gone, when the next one was ready. */
    const kills: Array<{ began: number; killedAt: number; restartedAt: number; pid: number }> = [];
    /**
     * A Teams post that reached the connector before a kill, whose delivery the killed process
     * could not record, is the killed process's post in flight. After the restart its effect runs
     * again: it sends the post again when the post is still due — Teams' API has no idempotency
     * key, so across a kill -9 in that window the product can only be at-least-once — or settles
     * without sending when the notice is no longer due (e.g. its wait timed out meanwhile). Such a
     * post is told apart — unrecorded, it came in between the burst's start and the kill, and the
     * same post (conversation and text) came in again after the restart recorded by its effect, or
     * never again — counted, and allowed; any other post no delivery names is a duplicate.
     */
    const inFlightAtKill = (report: AuditReport) => {
      const resent = new Set<ConnectorCall>();
      const sentOnce = new Set<ConnectorCall>();
      for (const call of report.duplicateCalls) {
        const kill = kills.find((candidate) => call.at >= candidate.began && call.at <= candidate.killedAt);
        if (!kill) continue;
        const twins = [...report.namedCalls, ...report.duplicateCalls].filter((other) => other !== call && postKey(other) === postKey(call));
        if (twins.length === 0) sentOnce.add(call);
        else if (report.namedCalls.some((named) => named.at >= kill.restartedAt && postKey(named) === postKey(call))) resent.add(call);
      }
      return { resent, sentOnce, all: new Set([...resent, ...sentOnce]) };
    };
    const strictly = (report: AuditReport): AuditReport => {
      const allowed = inFlightAtKill(report).all;
      return { ...report, duplicatePosts: report.duplicatePosts.filter((_, index) => !allowed.has(report.duplicateCalls[index]!)) };
    };
    let last: AuditReport | undefined;
    const clean = async () => {
      last = await audit();
      return problemsOf(strictly(last)).length === 0;
    };
    /** Where each post no delivery names came in beside the kills, and the named posts to its conversation since the first kill. */
    const unnamedPostsBesideKills = (report: AuditReport) =>
      report.duplicateCalls.map((call) => {
        const besides = kills.map((kill, index) => `kill ${index + 1}: ${call.at - kill.began} ms after its burst began, ${call.at - kill.killedAt} ms after the kill`).join('; ');
        const twins = report.namedCalls
          .filter((named) => named.conversationId === call.conversationId && kills.length && named.at >= kills[0]!.began)
          .map((named) => `${named.newId} (${postKey(named) === postKey(call) ? 'same' : 'other'} text: ${postKey(named).slice(call.conversationId.length + 1, call.conversationId.length + 90)})`);
        return `${call.newId}: ${besides}; its text: ${postKey(call).slice(call.conversationId.length + 1, call.conversationId.length + 90)}; named posts to that chat since: ${twins.join(', ') || 'none'}`;
      });
    const explain = (what: string) =>
      `${what} (processes killed: ${kills.map((kill) => `pid ${kill.pid} at ${new Date(kill.killedAt).toISOString()}`).join(', ')}):\n${problemsOf(strictly(last!)).slice(0, 30).join('\n')}\n--- posts no delivery names ---\n${unnamedPostsBesideKills(last!).join('\n')}\n--- product log (last lines) ---\n${child?.log().split('\n').slice(-20).join('\n')}`;

    let clicksSent = 0;
    let answeredBeforeKill = 0;
    const catchUps: number[] = [];
    const projections: number[] = [];
    const burstSizes: number[] = [];
    const timeoutLags: number[] = [];
    const killedAfter: number[] = [];
    let waits = 0;

    for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
      // Requests to work on, their cards posted and their mails sent: a quiet desk before the burst.
      await registerMany(child.baseUrl, connector.url, 6, `ciclo ${cycle}`);
      const [pendingFolio] = await registerMany(child.baseUrl, connector.url, 1, `espera ${cycle}`);
      const quiet = await until(clean, 15_000);
      if (!quiet.met) throw new Error(explain(`cycle ${cycle}: not settled before the burst`));

      // One request waits for its requester across the crash.
      const pending = (await requestStates(db)).find((state) => state.folio === pendingFolio)!;
      const taken = await sendClick(child.baseUrl, cardClick(people.asv, 'take', { requestId: pending._id, version: pending.version }, connector.url));
      const asked = await sendClick(
        child.baseUrl,
        cardClick(people.asv, 'request-info', { requestId: pending._id, version: pending.version + 1, message: 'Falta la dirección IP de la sala remota' }, connector.url),
      );
      expect([taken.kind, asked.kind]).toEqual(['card', 'card']);
      expect(asked.text).toContain('Pendiente por el usuario');

      // The burst: every click the cards invite (the pending request's excepted), two registrations, shuffled; cut by kill -9.
      const states = (await requestStates(db)).filter((state) => state._id !== pending._id);
      const burst = shuffled([...clicksFor(states, connector.url), registration(connector.url, `ráfaga ${cycle}`), registration(connector.url, `ráfaga ${cycle}`)], cycle);
      expect(burst.length).toBeGreaterThanOrEqual(20);
      clicksSent += burst.length;
      burstSizes.push(burst.length);
      const activitiesBefore = connector.posts().length + connector.updates().length;
      const began = Date.now();
      const answers = burst.map((activity) =>
        activity.name === 'composeExtension/submitAction'
          ? sendRegistration(child!.baseUrl, activity).then((answer) => answer.status === 200)
          : sendClick(child!.baseUrl, activity).then((answer) => answer.kind !== 'error'),
      );
      await until(async () => connector.posts().length + connector.updates().length - activitiesBefore >= KILL_AFTER_CALLS[cycle - 1]!, 5_000, 1);
      const killedPid = child.pid;
      await child.kill();
      const killedAt = Date.now();
      killedAfter.push(killedAt - began);
      answeredBeforeKill += (await Promise.all(answers)).filter(Boolean).length;

      // A new process on the same database; no click from here on.
      child = await start();
      kills.push({ began, killedAt, restartedAt: child.readyAt, pid: killedPid });
      const projected = await until(async () => {
        last = await audit();
        return last.projectionMismatches.length === 0;
      }, 10_000);
      if (!projected.met) throw new Error(explain(`cycle ${cycle}: projections not caught up within 10 s of the restart`));
      projections.push(projected.ms);
      // An attempt the killed process had claimed is taken up once its heartbeat is stale (10 s after
      // its last beat), then by the next sweep round: effects settle within 20 s.
      const caughtUp = await until(clean, 20_000 - projected.ms);
      if (!caughtUp.met) throw new Error(`${explain(`cycle ${cycle}: effects not all delivered within 20 s of the restart`)}\n${await deliveriesOfUnnamedPosts(db, last!)}`);
      catchUps.push(projected.ms + caughtUp.ms);

      // Every wait opened so far (before the crash, or by the burst) times out, once.
      const requestInfos = await db
        .collection<{ changes: { wait?: { deadline: Date } } }>('request_events')
        .find({ 'entry.kind': 'request-info' })
        .toArray();
      waits = requestInfos.length;
      const lastDeadline = Math.max(...requestInfos.map((event) => event.changes.wait!.deadline.getTime()));
      const timedOut = await until(
        async () => (await db.collection('requests').countDocuments({ status: 'Pendiente por el usuario' })) === 0 && (await clean()),
        Math.max(0, lastDeadline - Date.now()) + 10_000,
      );
      if (!timedOut.met) throw new Error(explain(`cycle ${cycle}: the waits did not all time out within 10 s of their deadline`));
      timeoutLags.push(Date.now() - lastDeadline);
      // The wait opened before the crash timed out in the new process.
      const acrossCrash = await db.collection<{ _id: string; history: Array<{ kind: string; at: Date }> }>('requests').findOne({ _id: pending._id });
      expect(acrossCrash!.history.filter((entry) => entry.kind === 'wait-timeout').map((entry) => entry.at.getTime() >= killedAt)).toEqual([true]);
      const outcomes = await waitOutcomes(db, connector, { requesterChat: personalChatOf(people.requester), dauChannel: DAU_CHANNEL });
      expect(waitProblems(outcomes)).toEqual([]);
    }

    const final = await audit();
    expect(problemsOf(strictly(final))).toEqual([]);
    const { resent, sentOnce, all: inFlight } = inFlightAtKill(final);
    const lost = final.undelivered.length + final.missingRequesterNotices.length + final.missingMails.length + final.missingPosts.length;
    const duplicated = final.duplicatePosts.length - inFlight.size + final.sharedPosts.length + final.orphanMails.length;
    process.stdout.write(
      `crash: ${CYCLES} kill -9 during bursts of ${burstSizes.join('/')} clicks (${answeredBeforeKill} of ${clicksSent} answered before the kill, killed ${killedAfter.join('/')} ms into the burst), ` +
        `${lost} lost, ${duplicated} duplicated (Teams posts in flight at a kill: ${resent.size} re-sent, at-least-once; ${sentOnce.size} not due any more after the restart, sent once); projections caught up in ${projections.map(seconds).join('/')} s and effects in ${catchUps.map(seconds).join('/')} s after restart; ` +
        `${waits} waits timed out once each (last deadline → all settled ${timeoutLags.map(seconds).join('/')} s); ` +
        `${final.requests} requests, ${final.events} changes, ${final.effects} effects (${final.retriedEffects} retried), ` +
        `${final.teamsPosts} Teams posts, ${final.cardUpdates} card updates for ${final.updateEffects} update effects, ${final.mails} mails\n`,
    );
    expect(waits).toBeGreaterThanOrEqual(CYCLES);
  }, 180_000);
});

/** The deliveries and attempt claims of the requests whose posts no delivery names (to explain a failure). */
async function deliveriesOfUnnamedPosts(db: Db, report: AuditReport): Promise<string> {
  const folios = [...new Set(report.duplicateCalls.map((call) => /(?:VC|TC|NC|SOL)-\d{4}-\d{4}/.exec(postKey(call))?.[0]).filter((folio): folio is string => Boolean(folio)))];
  const requests = await db.collection<{ _id: string }>('requests').find({ folio: { $in: folios } }).toArray();
  const deliveries = await db.collection<{ _id: string; effect?: { id: string; type: string; notice?: string }; status: string; attempts: number; reference?: string | null; lastError?: string | null }>('effect_deliveries').find({ requestId: { $in: requests.map((request) => request._id) } }).toArray();
  const claims = await db.collection<{ _id: string; owner: string }>('effect_attempts').find({}).toArray();
  const lines = deliveries.map((delivery) => {
    const claimed = claims.filter((claim) => claim._id.startsWith(`${delivery.effect?.id}#`)).map((claim) => `${claim._id.slice(claim._id.lastIndexOf('#'))} by ${claim.owner}`);
    return `${delivery._id} ${delivery.effect?.type}${delivery.effect?.notice ? `/${delivery.effect.notice}` : ''}: ${delivery.status}, attempt ${delivery.attempts}, ${delivery.reference ?? ''} ${delivery.lastError ?? ''}; claims ${claimed.join(', ')}`;
  });
  return `--- deliveries of ${folios.join(', ')} ---\n${lines.join('\n')}`;
}
