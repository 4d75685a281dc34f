/**
 * Standing test — the database stops in the middle of a burst of clicks. The suite runs its own
 * SecantusDB (a temporary storage folder, a fixed loopback port) and the composed product on it,
 * with the fake Bot Connector as its Teams. Two kinds of outage, one after the other:
 *
 * - **down**: the server is killed (SIGKILL) and later started again on the same storage and port;
 * - **unresponsive**: the server is frozen (SIGSTOP) and later resumed (SIGCONT).
 *
 * While it lasts, every click (in flight or new) is answered with HTTP 200 within Teams' budget —
 * a card, or the localised "try again" — and `/readyz` answers 503 within 2 s. Once the database
 * is back, without restarting the bot: `/readyz` is 200 again by itself, the clicks answered
 * "try again" work when repeated, every change acknowledged before the outage is still stored,
 * and every effect was delivered once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import { composeBot, type ComposedBot } from '../../bot/compose-bot.js';
import { startSecantusDb, type SecantusDbServer } from '../../services/local-store/store-server.js';
import { createLogger } from '../../services/logging/logger.js';
import { openDatabase } from '../../services/store/database.js';
import { freePort } from '../support/bot-fixture.js';
import { auditDesk, problemsOf, until, type AuditReport } from '../support/desk-audit.js';
import { startFakeConnector, type FakeConnector } from '../support/fake-connector.js';
import { listenOnLoopback, send } from '../support/http-request.js';
import { testConfig } from '../support/service-desk-fixture.js';
import { ACTION_FAILED_ES, sendClick, type ClickAnswer } from '../support/teams-clicks.js';
import { clicksFor, people, registerMany, requestStates, requesterHasTheApp, seconds, shuffled, standingConfig, standingRoster } from './standing-desk.js';

type Outage = 'down' | 'unresponsive';

/** What one outage came to, for the summary line. */
interface OutageFigures {
  kind: Outage;
  clicks: number;
  cards: number;
  tryAgain: number;
  /** Slowest answer of a click sent while the database was out. */
  maxClickMs: number;
  p50ClickMs: number;
  readyzMs: number[];
  /** From the database answering again to `/readyz` 200. */
  readyAgainMs: number;
  /** From the database answering again to every projection and effect settled. */
  settledMs: number;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

describe('the database stopping mid-burst', () => {
  let storage: string;
  let port: number;
  let server: SecantusDbServer | undefined;
  let connection: Connection;
  let audits: Connection;
  let connector: FakeConnector;
  let composed: ComposedBot;
  let baseUrl: string;
  let closeHttp: () => Promise<void>;
  const figures: OutageFigures[] = [];
  let fromCall = 0;

  const startDatabase = async () => {
    server = await startSecantusDb({ projectRoot: process.cwd(), storagePath: storage, port });
  };

  beforeAll(async () => {
    storage = mkdtempSync(join(tmpdir(), 'vc-desk-outage-'));
    port = await freePort();
    await startDatabase();
    connector = await startFakeConnector({ roster: standingRoster });
    connection = await openDatabase(server!.uri, 'outage');
    audits = await openDatabase(server!.uri, 'outage');
    const config = testConfig(standingConfig(connector.url));
    composed = await composeBot({ config, connection, logger: createLogger('silent') });
    await composed.desk.start();
    ({ baseUrl, close: closeHttp } = await listenOnLoopback(composed.server));
    await requesterHasTheApp(baseUrl, connector.url, audits.db!);
    fromCall = connector.calls.length;
  }, 60_000);

  afterAll(async () => {
    if (server) process.kill(server.pid, 'SIGCONT');
    await closeHttp?.();
    await composed?.desk.stop().catch(() => undefined);
    await Promise.race([Promise.all([connection?.close(true), audits?.close(true)]), new Promise((resolve) => setTimeout(resolve, 2000))]);
    await connector?.close();
    await server?.stop();
    rmSync(storage, { recursive: true, force: true });
    if (figures.length) {
      process.stdout.write(
        `outage: ${figures
          .map(
            (f) =>
              `${f.kind === 'down' ? 'database killed' : 'database frozen (SIGSTOP)'} mid-burst: ${f.clicks} clicks answered 200 (${f.cards} cards, ${f.tryAgain} "inténtelo de nuevo"), ` +
              `clicks during the outage answered in p50 ${seconds(f.p50ClickMs)} s / max ${seconds(f.maxClickMs)} s, /readyz 503 in ${f.readyzMs.map((ms) => ms.toFixed(0)).join('/')} ms, ` +
              `ready again ${seconds(f.readyAgainMs)} s and all settled ${seconds(f.settledMs)} s after the database was back`,
          )
          .join('; ')}; nothing lost, nothing sent twice, bot never restarted\n`,
      );
    }
  });

  const db = () => audits.db!;
  let last: AuditReport | undefined;
  const clean = async () => {
    last = await auditDesk(db(), connector, { requesterChats: [people.requester.id], fromCall });
    return problemsOf(last).length === 0;
  };
  const explain = (what: string) => `${what}:\n${problemsOf(last!).slice(0, 30).join('\n')}`;

  /** The stored request agrees with what an answered card showed: its version is there, at the status shown. */
  const stillStored = async (answers: Array<{ answer: ClickAnswer }>) => {
    const problems: string[] = [];
    for (const { answer } of answers) {
      if (answer.kind !== 'card') continue;
      const card = JSON.parse(answer.text) as { refresh?: { action?: { data?: { requestId: string; version: number } } } };
      const data = card.refresh?.action?.data;
      if (!data) continue;
      const stored = await db().collection<{ _id: string; version: number; history: Array<{ seq: number; to: string }> }>('requests').findOne({ _id: data.requestId });
      const entry = stored?.history.find((item) => item.seq === data.version);
      if (!stored || stored.version < data.version || !entry || !answer.text.includes(`"text":"${entry.to}"`)) {
        problems.push(`${data.requestId} v${data.version}: stored ${stored ? `v${stored.version}, entry ${entry?.to ?? 'missing'}` : 'missing'}`);
      }
    }
    return problems;
  };

  it.each<[Outage]>([['down'], ['unresponsive']])('database %s: fast localised answers, readiness false, recovery by itself with nothing lost', async (kind) => {
    // Requests to click on, settled.
    await registerMany(baseUrl, connector.url, 6, `corte ${kind}`);
    const quiet = await until(clean, 15_000);
    if (!quiet.met) throw new Error(explain('not settled before the burst'));
    const acknowledged = await db().collection<{ _id: string }>('request_events').find({}, { projection: { _id: 1 } }).toArray();

    // The burst; the outage starts once Teams has seen its first effects.
    const burst = shuffled(clicksFor(await requestStates(db()), connector.url), kind === 'down' ? 11 : 12);
    const activitiesBefore = connector.posts().length + connector.updates().length;
    const sent = burst.map((activity) => sendClick(baseUrl, activity).then((answer) => ({ activity, answer })));
    await until(async () => connector.posts().length + connector.updates().length - activitiesBefore >= 2, 5_000, 1);
    if (kind === 'down') await server!.kill();
    else process.kill(server!.pid, 'SIGSTOP');

    // Readiness drops, fast; clicks sent now are answered within Teams' budget.
    const readyz = [await send(`${baseUrl}/readyz`), await send(`${baseUrl}/readyz`)];
    const [inFlight, duringOutage] = await Promise.all([
      Promise.all(sent),
      Promise.all(burst.slice(0, 5).map((activity) => sendClick(baseUrl, { ...activity, id: `${String(activity.id)}-again` }).then((answer) => ({ activity, answer })))),
    ]);
    const all = [...inFlight, ...duringOutage];

    expect(readyz.map((answer) => answer.status)).toEqual([503, 503]);
    for (const answer of readyz) expect(answer.ms).toBeLessThan(2000);
    for (const { answer } of all) {
      expect(answer.http?.status).toBe(200);
      expect(answer.ms).toBeLessThan(10_000);
      if (answer.kind === 'message') expect(answer.text).toBe(ACTION_FAILED_ES);
      else expect(answer.kind).toBe('card');
    }
    expect(duringOutage.every(({ answer }) => answer.kind === 'message')).toBe(true);

    // The database comes back on the same storage and port; the bot is not touched.
    if (kind === 'down') await startDatabase();
    else process.kill(server!.pid, 'SIGCONT');
    const back = Date.now();
    const ready = await until(async () => (await send(`${baseUrl}/readyz`)).status === 200, 30_000, 100);
    expect(ready.met).toBe(true);
    const readyAgainMs = Date.now() - back;

    // What was acknowledged is still there; what failed works when clicked again.
    const stored = new Set((await db().collection<{ _id: string }>('request_events').find({}, { projection: { _id: 1 } }).toArray()).map((event) => event._id));
    expect(acknowledged.filter((event) => !stored.has(event._id)).map((event) => event._id)).toEqual([]);
    expect(await stillStored(all)).toEqual([]);
    const retried = await Promise.all(
      all.filter(({ answer }) => answer.kind === 'message').map(({ activity }) => sendClick(baseUrl, { ...activity, id: `${String(activity.id)}-retry` })),
    );
    expect(retried.map((answer) => answer.kind)).toEqual(retried.map(() => 'card'));

    const settled = await until(clean, 20_000);
    if (!settled.met) throw new Error(explain(`not settled within 20 s of the database being back (${kind})`));
    const settledMs = Date.now() - back;

    const outageClicks = duringOutage.map(({ answer }) => answer.ms);
    figures.push({
      kind,
      clicks: all.length,
      cards: all.filter(({ answer }) => answer.kind === 'card').length,
      tryAgain: all.filter(({ answer }) => answer.kind === 'message').length,
      maxClickMs: Math.max(...all.filter(({ answer }) => answer.kind === 'message').map(({ answer }) => answer.ms)),
      p50ClickMs: percentile(outageClicks, 50),
      readyzMs: readyz.map((answer) => answer.ms),
      readyAgainMs,
      settledMs,
    });
  }, 90_000);
});
