import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import type { Connection } from 'mongoose';
import type { EffectDeliveryDocument, RequestDocument } from '../../services/store/request-documents.js';
import { benchCommandId, benchConfig, benchPeople, openBenchDesk, registerRequest, type BenchDesk, type CloseReport } from './bench-desk.js';
import type { BenchStore } from './bench-store.js';
import { elapsedMs, inParallel, percentile, progress, settlesWithin, sleep, timed } from './measure.js';
import { formatCount, formatMs, formatRatio, formatTable } from './report.js';
import type { RoundTrips } from './round-trip-counter.js';

/** Sizes, periods and time limits of the timeout-lag bench. */
export interface TimeoutLagOptions {
  /** Pending wait-timeout jobs (far in the future) per loaded run, smallest first; the baseline has none. */
  pendingJobLevels: number[];
  /** Time allowed to insert a level's jobs; when it runs out fewer are used, and the report says so. */
  setupBudgetMs: number;
  /** Jobs inserted in flight at once. */
  insertConcurrency: number;
  /** Requests put into *Pendiente por el usuario* and left to time out. */
  requests: number;
  /** Time between the starts of two measured waits, so deadlines fall at different poll phases. */
  staggerMs: number;
  /** Time allowed for `desk.start()` (agenda's first polls and its sweep job); when it runs out nothing is measured. */
  deskStartBudgetMs: number;
  /** Time allowed to start the measured waits; when it runs out fewer are measured. */
  startBudgetMs: number;
  /** The wait and its reminder in business hours (every day counts: one business hour = one hour). */
  waitBusinessHours: number;
  reminderBusinessHours: number;
  /** Agenda's polling period (JOBS_PROCESS_EVERY_MS). */
  processEveryMs: number;
  /** Time allowed after the last deadline for the last timeout; later ones count as missing. */
  settleMs: number;
  /** Time allowed to stop the desk before its connection is closed under it. */
  stopGraceMs: number;
}

/** One measurement: lags of the measured waits with `pendingJobs` other jobs present. */
export interface TimeoutLagRun {
  /** Pending jobs actually inserted (fewer than asked when the set-up budget ran out). */
  pendingJobs: number;
  requestedJobs: number;
  setupMs: number;
  /** How long `desk.start()` took, or NaN when it had not returned within its budget. */
  deskStartMs: number;
  /** Waits started (fewer than asked when the start budget ran out). */
  started: number;
  /** (history entry 'wait-timeout' `at`) − (wait.deadline) per request that timed out, in ms. */
  lags: number[];
  /** For requests that had not timed out when the desk was stopped: the least their lag can be. */
  missingLagAtLeast: number[];
  /** For requests that had not timed out: what their history and their wait jobs show. */
  missingDetails: string[];
  /** (schedule-wait-timers delivered) − (wait started), per request whose timers were stored. */
  timerDelays: number[];
  /** Commands the desk sent from `desk.start()` until the bench stopped waiting (agenda, effects, the waits' own commands). */
  roundTrips: RoundTrips;
  windowMs: number;
  closing: CloseReport;
}

/** The result of {@link runTimeoutLagBench}: the baseline (no other jobs) and one run per level. */
export interface TimeoutLagResult {
  options: TimeoutLagOptions;
  baseline: TimeoutLagRun;
  loaded: TimeoutLagRun[];
}

/** The desk's jobs collection (see services/jobs/job-scheduler.ts). */
const jobsCollection = 'agendaJobs';

interface MeasuredWait {
  requestId: string;
  startedAt: Date;
  deadline: Date;
}

/**
 * Measures how late a wait times out (deadline → *No Procede*) with many pending timeouts in the
 * jobs collection, against the same measurement with none; each run on a fresh database.
 */
export async function runTimeoutLagBench(store: BenchStore, options: TimeoutLagOptions): Promise<TimeoutLagResult> {
  const baseline = await measureRun(store, 0, options);
  const loaded: TimeoutLagRun[] = [];
  for (const level of options.pendingJobLevels) loaded.push(await measureRun(store, level, options));
  return { options, baseline, loaded };
}

async function measureRun(store: BenchStore, pendingJobs: number, options: TimeoutLagOptions): Promise<TimeoutLagRun> {
  const config = benchConfig({
    BUSINESS_WORKING_DAYS: '1,2,3,4,5,6,7',
    BUSINESS_HOLIDAYS_COUNTRY: 'none',
    WAIT_BUSINESS_HOURS: String(options.waitBusinessHours),
    REMINDER_BUSINESS_HOURS: String(options.reminderBusinessHours),
    JOBS_PROCESS_EVERY_MS: String(options.processEveryMs),
  });
  const databaseName = `bench_lag_${pendingJobs}`;
  const bench = await openBenchDesk(store, databaseName, config);
  // The bench watches through a connection of its own, so the desk's backlog does not delay it
  // and its reads are not counted as the desk's.
  const observer = await store.connect(databaseName);
  try {
    progress(`timeout lag: inserting ${formatCount(pendingJobs)} pending jobs`);
    const { result: inserted, ms: setupMs } = await timed(() => insertPendingJobs(bench, pendingJobs, options));

    progress(`timeout lag (${formatCount(inserted)} pending jobs): starting the desk, then ${options.requests} waits`);
    const began = process.hrtime.bigint();
    let deskStartMs = Number.NaN;
    const { result: waits, roundTrips } = await bench.roundTrips.measure(async (): Promise<MeasuredWait[]> => {
      const starting = bench.desk.start();
      if (!(await settlesWithin(starting, options.deskStartBudgetMs))) {
        starting.catch(() => undefined); // fails when the connection is closed under it
        return [];
      }
      await starting;
      deskStartMs = elapsedMs(began);
      const started = await startWaits(bench, options);
      const lastDeadline = Math.max(Date.now(), ...started.map((wait) => wait.deadline.getTime()));
      await awaitTimeouts(observer, started, lastDeadline + options.settleMs);
      return started;
    });
    const windowMs = elapsedMs(began);

    progress(`timeout lag (${formatCount(inserted)} pending jobs): stopping the desk`);
    const closing = await bench.shutDown(options.stopGraceMs);
    // Read once the desk is down: nothing of its backlog stands in front of these reads any more.
    const outcome = await readOutcome(observer, waits, Date.now());
    return { pendingJobs: inserted, requestedJobs: pendingJobs, setupMs, deskStartMs, started: waits.length, ...outcome, roundTrips, windowMs, closing };
  } finally {
    await store.disconnect(observer);
    await bench.close(options.stopGraceMs);
  }
}

/**
 * Inserts `count` wait-timeout jobs due 30 to 60 days from now through an agenda instance of the
 * bench's own on the desk's jobs collection, never started (so nothing polls while they are
 * inserted), `insertConcurrency` saves in flight, within the set-up budget.
 */
async function insertPendingJobs(bench: BenchDesk, count: number, options: TimeoutLagOptions): Promise<number> {
  if (!count) return 0;
  const agenda = new Agenda({ backend: new MongoBackend({ mongo: bench.connection.db!, collection: jobsCollection }) });
  await agenda.ready;
  const began = process.hrtime.bigint();
  const soon = Date.now() + 30 * 24 * 3_600_000;
  let inserted = 0;
  await inParallel([...Array(count).keys()], options.insertConcurrency, async (index) => {
    if (elapsedMs(began) > options.setupBudgetMs) return;
    const deadline = new Date(soon + (index % 43_200) * 60_000);
    await agenda.create('wait-timeout', { requestId: `bench-pending-${index}`, waitId: '3' }).schedule(deadline).save();
    inserted += 1;
  });
  return inserted;
}

/**
 * Puts up to `options.requests` requests into *Pendiente por el usuario*, one every `staggerMs`.
 * Stops starting new ones when the start budget runs out, even in the middle of one (a desk
 * whose connection is backed up may take minutes per command).
 */
async function startWaits(bench: BenchDesk, options: TimeoutLagOptions): Promise<MeasuredWait[]> {
  const waits: MeasuredWait[] = [];
  const began = process.hrtime.bigint();
  for (let index = 0; index < options.requests; index += 1) {
    const remaining = options.startBudgetMs - elapsedMs(began);
    if (remaining <= 0) break;
    const stepBegan = process.hrtime.bigint();
    const step = startWait(bench, index);
    if (!(await settlesWithin(step, remaining))) {
      step.catch(() => undefined); // fails when the connection is closed under it
      break;
    }
    waits.push(await step);
    await sleep(Math.max(0, options.staggerMs - elapsedMs(stepBegan)));
  }
  return waits;
}

/** Registers a request, takes it and asks the requester for information: the wait starts. */
async function startWait(bench: BenchDesk, index: number): Promise<MeasuredWait> {
  const asv = bench.actor(benchPeople.asv);
  const requestId = await registerRequest(bench, index);
  await bench.desk.requests.execute(requestId, { type: 'take' }, asv, benchCommandId('take'));
  const asked = await bench.desk.requests.execute(
    requestId,
    { type: 'request-info', message: 'Falta la dirección IP de la sala remota' },
    asv,
    benchCommandId('ask'),
  );
  if (asked.outcome !== 'applied' || !asked.request.wait) throw new Error(`timeout-lag bench: request-info ${asked.outcome}`);
  return { requestId, startedAt: asked.request.wait.startedAt, deadline: asked.request.wait.deadline };
}

/**
 * Polls until every wait's request is *No Procede* or `giveUpAt` (epoch ms) passes, whichever is
 * first; a poll that has not answered by `giveUpAt` is abandoned.
 */
async function awaitTimeouts(observer: Connection, waits: readonly MeasuredWait[], giveUpAt: number): Promise<void> {
  const requests = observer.db!.collection<RequestDocument>('requests');
  const ids = waits.map((wait) => wait.requestId);
  while (ids.length && Date.now() < giveUpAt) {
    await sleep(Math.min(500, Math.max(0, giveUpAt - Date.now())));
    const poll = requests.find({ _id: { $in: ids }, status: 'No Procede' }, { projection: { _id: 1 } }).toArray();
    if (!(await settlesWithin(poll, Math.max(0, giveUpAt - Date.now())))) {
      poll.catch(() => undefined);
      return;
    }
    if ((await poll).length === ids.length) return;
  }
}

/** What became of the waits, read after the desk stopped at `stoppedAt` (epoch ms). */
async function readOutcome(
  observer: Connection,
  waits: readonly MeasuredWait[],
  stoppedAt: number,
): Promise<Pick<TimeoutLagRun, 'lags' | 'missingLagAtLeast' | 'missingDetails' | 'timerDelays'>> {
  if (!waits.length) return { lags: [], missingLagAtLeast: [], missingDetails: [], timerDelays: [] };
  const ids = waits.map((wait) => wait.requestId);
  const requests = await observer.db!.collection<RequestDocument>('requests').find({ _id: { $in: ids } }).toArray();
  const byId = new Map(requests.map((request) => [request._id, request]));
  const lags: number[] = [];
  const missingLagAtLeast: number[] = [];
  const missing: RequestDocument[] = [];
  for (const wait of waits) {
    const request = byId.get(wait.requestId);
    const entry = request?.history.find((candidate) => candidate.kind === 'wait-timeout');
    if (entry) {
      lags.push(new Date(entry.at).getTime() - wait.deadline.getTime());
    } else {
      missingLagAtLeast.push(stoppedAt - wait.deadline.getTime());
      if (request) missing.push(request);
    }
  }
  return { lags, missingLagAtLeast, missingDetails: await describeMissing(observer, missing, waits), timerDelays: await timerDelaysOf(observer, waits) };
}

/** For each wait, how long after it started its schedule-wait-timers effect was delivered. */
async function timerDelaysOf(observer: Connection, waits: readonly MeasuredWait[]): Promise<number[]> {
  const deliveries = await observer.db!
    .collection<EffectDeliveryDocument>('effect_deliveries')
    .find({ requestId: { $in: waits.map((wait) => wait.requestId) }, 'effect.type': 'schedule-wait-timers', status: 'delivered' })
    .toArray();
  const started = new Map(waits.map((wait) => [wait.requestId, wait.startedAt.getTime()]));
  return deliveries.map((delivery) => delivery.updatedAt.getTime() - started.get(delivery.requestId)!);
}

/** The wait job fields that tell whether a job ran, failed or is still waiting for a poll. */
interface WaitJobDocument {
  name: string;
  data: { requestId: string };
  nextRunAt: Date | null;
  lockedAt: Date | null;
  lastRunAt: Date | null;
  lastFinishedAt: Date | null;
  failReason: string | null;
}

/**
 * One line per request that did not time out: its status and history (as in `requests`, the
 * snapshot the lags were taken from) and the state of its wait jobs.
 */
async function describeMissing(observer: Connection, requests: readonly RequestDocument[], waits: readonly MeasuredWait[]): Promise<string[]> {
  if (!requests.length) return [];
  const ids = requests.map((request) => request._id);
  const jobs = await observer.db!.collection<WaitJobDocument>(jobsCollection).find({ 'data.requestId': { $in: ids } }).toArray();
  const deadlines = new Map(waits.map((wait) => [wait.requestId, wait.deadline.getTime()]));
  const at = (date: Date | null, requestId: string) => {
    if (!date) return '—';
    const offset = date.getTime() - deadlines.get(requestId)!;
    return `${offset >= 0 ? '+' : ''}${offset} ms`;
  };
  return requests.map((request) => {
    const history = request.history.map((entry) => entry.kind).join(', ');
    const jobStates = jobs
      .filter((job) => job.data.requestId === request._id)
      .map(
        (job) =>
          `${job.name}: due ${at(job.nextRunAt, request._id)}, ran ${at(job.lastRunAt, request._id)}, finished ${at(job.lastFinishedAt, request._id)}` +
          `${job.lockedAt ? ', locked' : ''}${job.failReason ? `, failed: ${job.failReason}` : ''}`,
      );
    return `${request.folio} ${request.status} [${history}]; ${jobStates.join('; ') || 'no wait jobs stored'} (times from the deadline)`;
  });
}

/** The `p`-th percentile of a run's lags, counting the missing ones as at least their lower bound. */
function lagPercentile(run: TimeoutLagRun, p: number): { ms: number; atLeast: boolean } {
  const all = [...run.lags.map((ms) => ({ ms, atLeast: false })), ...run.missingLagAtLeast.map((ms) => ({ ms, atLeast: true }))];
  if (!all.length) return { ms: Number.NaN, atLeast: false };
  // Missing ones are later than every measured one; among themselves, by their lower bound.
  all.sort((a, b) => Number(a.atLeast) - Number(b.atLeast) || a.ms - b.ms);
  return all[Math.min(all.length, Math.max(1, Math.ceil((p / 100) * all.length))) - 1]!;
}

/** The printed report of {@link runTimeoutLagBench}. */
export function formatTimeoutLagReport(result: TimeoutLagResult): string {
  const { options, baseline, loaded } = result;
  const runs = [baseline, ...loaded];
  const name = (run: TimeoutLagRun) => (run === baseline ? 'baseline: no other jobs' : `${formatCount(run.pendingJobs)} pending timeouts`);
  const shown = (figure: { ms: number; atLeast: boolean }) => (figure.atLeast ? `> ${formatMs(figure.ms)}` : formatMs(figure.ms));
  const ratio = (run: TimeoutLagRun, p: number) => {
    if (run === baseline) return '1×';
    const figure = lagPercentile(run, p);
    return `${figure.atLeast ? '> ' : ''}${formatRatio(figure.ms, lagPercentile(baseline, p).ms)}`;
  };
  const max = (values: number[]) => (values.length ? Math.max(...values) : Number.NaN);

  const lagTable = formatTable(
    [
      { heading: 'jobs collection' },
      { heading: 'jobs inserted in', align: 'right' },
      { heading: 'desk.start()', align: 'right' },
      { heading: 'timed out', align: 'right' },
      { heading: 'lag p50', align: 'right' },
      { heading: 'lag max', align: 'right' },
      { heading: 'p50 ratio', align: 'right' },
      { heading: 'max ratio', align: 'right' },
      { heading: 'timers stored p50', align: 'right' },
      { heading: 'timers stored max', align: 'right' },
      { heading: 'target', align: 'right' },
    ],
    runs.map((run) => [
      name(run),
      run.pendingJobs ? `${formatMs(run.setupMs)}` : '—',
      Number.isNaN(run.deskStartMs) ? `> ${formatMs(options.deskStartBudgetMs)}` : formatMs(run.deskStartMs),
      Number.isNaN(run.deskStartMs) ? 'not measured' : `${run.lags.length}/${run.started}`,
      shown(lagPercentile(run, 50)),
      shown(lagPercentile(run, 100)),
      ratio(run, 50),
      ratio(run, 100),
      formatMs(percentile(run.timerDelays, 50)),
      formatMs(max(run.timerDelays)),
      'lag ≤ 2 000 ms',
    ]),
  );

  const names = [...new Set(runs.flatMap((run) => run.roundTrips.byCommand.slice(0, 5).map(([command]) => command)))];
  const short = (run: TimeoutLagRun) => (run === baseline ? 'baseline' : `${formatCount(run.pendingJobs)} jobs`);
  const commandTable = formatTable(
    [
      { heading: 'command' },
      ...runs.flatMap((run) => [
        { heading: `${short(run)}: /s`, align: 'right' as const },
        { heading: 'mean wait', align: 'right' as const },
      ]),
    ],
    [
      ...names.map((command) => [
        command,
        ...runs.flatMap((run) => {
          const tally = run.roundTrips.byCommand.find(([candidate]) => candidate === command)?.[1];
          if (!tally?.count) return ['—', '—'];
          return [(tally.count / (run.windowMs / 1000)).toFixed(1), formatMs(tally.totalMs / tally.count)];
        }),
      ]),
      ['(peak in flight)', ...runs.flatMap((run) => [String(run.roundTrips.peakInFlight), ''])],
    ],
  );

  const notes: string[] = [];
  for (const run of loaded) {
    if (run.pendingJobs < run.requestedJobs) {
      notes.push(
        `  NOTE: only ${formatCount(run.pendingJobs)} of ${formatCount(run.requestedJobs)} pending jobs could be inserted within the ${formatCount(options.setupBudgetMs / 1000)} s set-up budget (REDUCED); that row is for ${formatCount(run.pendingJobs)}.`,
      );
    }
  }
  for (const run of runs) {
    if (Number.isNaN(run.deskStartMs)) {
      notes.push(
        `  NOTE: ${name(run)}: desk.start() had not returned ${formatCount(options.deskStartBudgetMs / 1000)} s after it was called, so no wait could time out and none was started.`,
      );
    } else if (run.started < options.requests) {
      notes.push(`  NOTE: ${name(run)}: only ${run.started} of ${options.requests} waits could be started within ${formatCount(options.startBudgetMs / 1000)} s.`);
    }
    if (run.missingLagAtLeast.length) {
      notes.push(
        `  NOTE: ${name(run)}: ${run.missingLagAtLeast.length} requests had not timed out when the desk was stopped (≥ ${formatCount(options.settleMs / 1000)} s after the last deadline); their lag counts as "> " that.`,
        ...run.missingDetails.slice(0, 3).map((detail) => `        ${detail}`),
        ...(run.missingDetails.length > 3 ? [`        … and ${run.missingDetails.length - 3} more`] : []),
      );
    }
    if (!run.closing.stoppedInTime) {
      notes.push(
        `  NOTE: ${name(run)}: desk.stop() did not finish within ${formatCount(options.stopGraceMs / 1000)} s; its connection was closed with ${run.closing.abandonedCommands} commands still in flight.`,
      );
    }
  }
  return [
    `  Every day a business day, no holidays; wait ${options.waitBusinessHours} business h (${(options.waitBusinessHours * 3600).toFixed(1)} s), reminder ${options.reminderBusinessHours} h;`,
    `  agenda polling every ${options.processEveryMs} ms; ${options.requests} requests put into Pendiente por el usuario, one every ${options.staggerMs} ms; fresh database per row.`,
    `  Pending jobs: agenda create('wait-timeout').schedule(+30–60 days).save() on the desk's jobs collection, ${options.insertConcurrency} in flight,`,
    `  before desk.start() (through an agenda instance that never polls, so the set-up is not slowed by the desk's polling).`,
    `  lag = history 'wait-timeout' at − wait.deadline; ratio = row ÷ baseline; timers stored = schedule-wait-timers delivered − wait start.`,
    '',
    lagTable,
    '',
    '  Busiest commands on the desk connection from desk.start() until the bench stopped waiting (per second; mean wait = driver-reported',
    '  duration); peak in flight = most commands awaiting an answer at once (the connection pool holds 100):',
    '',
    commandTable,
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}
