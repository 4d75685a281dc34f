import { ObjectId, type Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { uniqueJobId } from '../../services/jobs/indexed-job-repository.js';
import { JobScheduler, jobNames } from '../../services/jobs/job-scheduler.js';
import type { EffectDeliveryDocument, RequestDocument } from '../../services/store/request-documents.js';
import { benchCommandId, benchConfig, benchPeople, openBenchDesk, registerRequest, type BenchDesk, type CloseReport } from './bench-desk.js';
import type { BenchStore } from './bench-store.js';
import { elapsedMs, percentile, progress, settlesWithin, sleep, timed } from './measure.js';
import { formatCount, formatMs, formatTable } from './report.js';
import type { RoundTrips } from './round-trip-counter.js';

/** Sizes, periods and time limits of the timeout-lag bench. */
export interface TimeoutLagOptions {
  /** Pending waits (each a reminder and a timeout job, 30+ days ahead) per run, smallest first. */
  pendingWaitLevels: number[];
  /** Requests put into *Pendiente por el usuario* and left to time out. */
  requests: number;
  /** Time between the starts of two measured waits, so deadlines fall at different poll phases. */
  staggerMs: number;
  /** Time allowed for `desk.start()`; when it runs out nothing is measured. */
  deskStartBudgetMs: number;
  /** Time allowed to start the measured waits; when it runs out fewer are measured. */
  startBudgetMs: number;
  /** The wait and its reminder in business hours (every day counts: one business hour = one hour). */
  waitBusinessHours: number;
  reminderBusinessHours: number;
  /** Agenda's polling period (JOBS_PROCESS_EVERY_MS; the product's default is 1 000). */
  processEveryMs: number;
  /** Time allowed after the last deadline for the last timeout; later ones count as missing. */
  settleMs: number;
  /** Time allowed to stop the desk before its connection is closed under it. */
  stopGraceMs: number;
}

export const defaultTimeoutLagOptions: TimeoutLagOptions = {
  pendingWaitLevels: [0, 100, 1_000, 10_000],
  requests: 20,
  staggerMs: 150,
  deskStartBudgetMs: 30_000,
  startBudgetMs: 30_000,
  waitBusinessHours: 0.001,
  reminderBusinessHours: 0.0005,
  processEveryMs: 1_000,
  settleMs: 20_000,
  stopGraceMs: 10_000,
};

/** One measurement: lags of the measured waits with `pendingWaits` other waits present. */
export interface TimeoutLagRun {
  pendingWaits: number;
  /** Jobs in the jobs collection when the desk started. */
  jobsAtStart: number;
  seedMs: number;
  /** How long `desk.start()` took, or NaN when it had not returned within its budget. */
  deskStartMs: number;
  /** Waits started (fewer than asked when the start budget ran out). */
  started: number;
  /** (history entry 'wait-timeout' `at`) − (wait.deadline) per request that timed out, in ms. */
  lags: number[];
  /** (timeout job started) − (wait.deadline): finding and locking the job (polling included). */
  pickUps: number[];
  /** (history entry 'wait-timeout' `at`) − (timeout job started): the handler up to the transition. */
  handlerMs: number[];
  /** For requests that had not timed out when the desk was stopped: the least their lag can be. */
  missingLagAtLeast: number[];
  /** For requests that had not timed out: what their history and their wait jobs show. */
  missingDetails: string[];
  /** (schedule-wait-timers delivered) − (wait started), per request whose timers were stored. */
  timerDelays: number[];
  /** Jobs left in the collection once the desk stopped (the pending ones plus anything not removed). */
  jobsAtEnd: number;
  /** Commands the desk sent from `desk.start()` until the bench stopped waiting. */
  roundTrips: RoundTrips;
  windowMs: number;
  closing: CloseReport;
}

/** The result of {@link runTimeoutLagBench}: one run per level. */
export interface TimeoutLagResult {
  options: TimeoutLagOptions;
  runs: TimeoutLagRun[];
}

/** The desk's jobs collection (see services/jobs/job-scheduler.ts). */
const jobsCollection = 'agendaJobs';

interface MeasuredWait {
  requestId: string;
  startedAt: Date;
  deadline: Date;
}

/**
 * Measures how late a wait times out (deadline → *No Procede*) with 0, 100, 1 000 and 10 000 other
 * waits pending (their jobs due in 30+ days), each level on a fresh database.
 */
export async function runTimeoutLagBench(store: BenchStore, options: TimeoutLagOptions = defaultTimeoutLagOptions): Promise<TimeoutLagResult> {
  const runs: TimeoutLagRun[] = [];
  for (const level of options.pendingWaitLevels) runs.push(await measureRun(store, level, options));
  return { options, runs };
}

async function measureRun(store: BenchStore, pendingWaits: number, options: TimeoutLagOptions): Promise<TimeoutLagRun> {
  const config = benchConfig({
    BUSINESS_WORKING_DAYS: '1,2,3,4,5,6,7',
    BUSINESS_HOLIDAYS_COUNTRY: 'none',
    WAIT_BUSINESS_HOURS: String(options.waitBusinessHours),
    REMINDER_BUSINESS_HOURS: String(options.reminderBusinessHours),
    JOBS_PROCESS_EVERY_MS: String(options.processEveryMs),
  });
  const databaseName = `bench_lag_${pendingWaits}`;
  const bench = await openBenchDesk(store, databaseName, config);
  // The bench watches through a connection of its own, so the desk's backlog does not delay it
  // and its reads are not counted as the desk's.
  const observer = await store.connect(databaseName);
  try {
    progress(`timeout lag: storing ${formatCount(pendingWaits)} pending waits (${formatCount(2 * pendingWaits)} jobs)`);
    const { ms: seedMs } = await timed(() => seedPendingWaits(bench, pendingWaits));
    const jobs = observer.db!.collection(jobsCollection);
    const jobsAtStart = await jobs.countDocuments();

    progress(`timeout lag (${formatCount(pendingWaits)} pending waits): starting the desk, then ${options.requests} waits`);
    const began = process.hrtime.bigint();
    let deskStartMs = Number.NaN;
    const jobStarts = new Map<string, number>();
    const { result: waits, roundTrips } = await bench.roundTrips.measure(async (): Promise<MeasuredWait[]> => {
      const starting = bench.desk.start();
      if (!(await settlesWithin(starting, options.deskStartBudgetMs))) {
        starting.catch(() => undefined); // fails when the connection is closed under it
        return [];
      }
      await starting;
      deskStartMs = elapsedMs(began);
      bench.desk.scheduler.instance?.on('start', (job: { attrs: { name: string; data: unknown } }) => {
        const requestId = (job.attrs.data as { requestId?: string } | undefined)?.requestId;
        if (job.attrs.name === jobNames.waitTimeout && requestId && !jobStarts.has(requestId)) jobStarts.set(requestId, Date.now());
      });
      const started = await startWaits(bench, options);
      const lastDeadline = Math.max(Date.now(), ...started.map((wait) => wait.deadline.getTime()));
      await awaitTimeouts(observer, started, lastDeadline + options.settleMs);
      return started;
    });
    const windowMs = elapsedMs(began);

    progress(`timeout lag (${formatCount(pendingWaits)} pending waits): stopping the desk`);
    const closing = await bench.shutDown(options.stopGraceMs);
    // Read once the desk is down: nothing of its backlog stands in front of these reads any more.
    const outcome = await readOutcome(observer, waits, Date.now(), jobStarts);
    const jobsAtEnd = await jobs.countDocuments();
    return { pendingWaits, jobsAtStart, seedMs, deskStartMs, started: waits.length, ...outcome, jobsAtEnd, roundTrips, windowMs, closing };
  } finally {
    await store.disconnect(observer);
    // Not dropped (SecantusDB takes long to drop many documents): the server's data goes when it stops.
    await bench.shutDown(options.stopGraceMs);
  }
}

/**
 * Stores `count` pending waits as the scheduler stores them: one wait is scheduled through a
 * {@link JobScheduler} of the bench's own (started and stopped before the desk starts), its two
 * jobs are read back and cloned for `count` other waits (data, due dates and — when the scheduler
 * derives them from the wait — ids rewritten), and inserted with unordered `insertMany`.
 */
async function seedPendingWaits(bench: BenchDesk, count: number): Promise<void> {
  if (!count) return;
  const db = bench.connection.db!;
  const template = { requestId: 'bench-template', waitId: '1' };
  const seeder = new JobScheduler(
    db,
    { waitTimeout: async () => {}, waitReminder: async () => {}, checkBookingResponses: async () => {}, afterEvent: async () => {}, ratingReminder: async () => {} },
    { instanceName: 'bench-seeder', processEveryMs: 3_600_000 },
  );
  await seeder.start();
  const far = Date.now() + 30 * 24 * 3_600_000;
  let templates: Document[];
  try {
    await seeder.schedule(template, new Date(far), new Date(far + 24 * 3_600_000));
    templates = await db.collection(jobsCollection).find({ 'data.requestId': template.requestId }).toArray();
    await seeder.cancel(template);
  } finally {
    await seeder.stop();
  }
  if (templates.length !== 2) throw new Error(`timeout-lag bench: scheduling one wait stored ${templates.length} jobs, not 2`);
  const keyOf = (data: { requestId: string; waitId: string }) => ({ 'data.requestId': data.requestId, 'data.waitId': data.waitId });
  const derivedIds = templates.every((job) => (job._id as ObjectId).equals(uniqueJobId(job.name as string, keyOf(template))));
  const jobs = db.collection(jobsCollection);
  const batchSize = 5_000;
  for (let first = 0; first < count; first += batchSize) {
    const batch: Document[] = [];
    for (let index = first; index < Math.min(count, first + batchSize); index += 1) {
      const data = { requestId: `bench-pending-${index}`, waitId: '1' };
      const offset = (index % 43_200) * 60_000;
      for (const job of templates) {
        batch.push({
          ...job,
          _id: derivedIds ? uniqueJobId(job.name as string, keyOf(data)) : new ObjectId(),
          data,
          nextRunAt: new Date((job.nextRunAt as Date).getTime() + offset),
        });
      }
    }
    await jobs.insertMany(batch, { ordered: false });
  }
}

/**
 * Puts up to `options.requests` requests into *Pendiente por el usuario*, one every `staggerMs`.
 * Stops starting new ones when the start budget runs out, even in the middle of one.
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

/** Polls until every wait's request is *No Procede* or `giveUpAt` (epoch ms) passes, whichever is first. */
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
  jobStarts: ReadonlyMap<string, number>,
): Promise<Pick<TimeoutLagRun, 'lags' | 'pickUps' | 'handlerMs' | 'missingLagAtLeast' | 'missingDetails' | 'timerDelays'>> {
  const empty = { lags: [], pickUps: [], handlerMs: [], missingLagAtLeast: [], missingDetails: [], timerDelays: [] };
  if (!waits.length) return empty;
  const ids = waits.map((wait) => wait.requestId);
  const requests = await observer
    .db!.collection<RequestDocument>('requests')
    .find({ _id: { $in: ids } })
    .toArray();
  const byId = new Map(requests.map((request) => [request._id, request]));
  const outcome: Pick<TimeoutLagRun, 'lags' | 'pickUps' | 'handlerMs' | 'missingLagAtLeast'> = { lags: [], pickUps: [], handlerMs: [], missingLagAtLeast: [] };
  const missing: RequestDocument[] = [];
  for (const wait of waits) {
    const request = byId.get(wait.requestId);
    const entry = request?.history.find((candidate) => candidate.kind === 'wait-timeout');
    if (entry) {
      const at = new Date(entry.at).getTime();
      outcome.lags.push(at - wait.deadline.getTime());
      const started = jobStarts.get(wait.requestId);
      if (started !== undefined) {
        outcome.pickUps.push(started - wait.deadline.getTime());
        outcome.handlerMs.push(at - started);
      }
    } else {
      outcome.missingLagAtLeast.push(stoppedAt - wait.deadline.getTime());
      if (request) missing.push(request);
    }
  }
  return { ...outcome, missingDetails: await describeMissing(observer, missing, waits), timerDelays: await timerDelaysOf(observer, waits) };
}

/** For each wait, how long after it started its schedule-wait-timers effect was delivered. */
async function timerDelaysOf(observer: Connection, waits: readonly MeasuredWait[]): Promise<number[]> {
  const deliveries = await observer
    .db!.collection<EffectDeliveryDocument>('effect_deliveries')
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

/** One line per request that did not time out: its status and history, and the state of its wait jobs. */
async function describeMissing(observer: Connection, requests: readonly RequestDocument[], waits: readonly MeasuredWait[]): Promise<string[]> {
  if (!requests.length) return [];
  const ids = requests.map((request) => request._id);
  const jobs = await observer
    .db!.collection<WaitJobDocument>(jobsCollection)
    .find({ 'data.requestId': { $in: ids } })
    .toArray();
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
  all.sort((a, b) => Number(a.atLeast) - Number(b.atLeast) || a.ms - b.ms);
  return all[Math.min(all.length, Math.max(1, Math.ceil((p / 100) * all.length))) - 1]!;
}

/** The printed report of {@link runTimeoutLagBench}. */
export function formatTimeoutLagReport(result: TimeoutLagResult): string {
  const { options, runs } = result;
  const name = (run: TimeoutLagRun) => `${formatCount(run.pendingWaits)} pending waits`;
  const shown = (figure: { ms: number; atLeast: boolean }) => (figure.atLeast ? `> ${formatMs(figure.ms)}` : formatMs(figure.ms));
  const max = (values: number[]) => (values.length ? Math.max(...values) : Number.NaN);
  const baseline = runs[0];

  const lagTable = formatTable(
    [
      { heading: 'jobs collection' },
      { heading: 'jobs', align: 'right' },
      { heading: 'desk.start()', align: 'right' },
      { heading: 'timed out', align: 'right' },
      { heading: 'lag p50', align: 'right' },
      { heading: 'lag max', align: 'right' },
      { heading: 'p50 ÷ first row', align: 'right' },
      { heading: 'pick-up p50 / max', align: 'right' },
      { heading: 'handler p50 / max', align: 'right' },
      { heading: 'timers stored p50', align: 'right' },
      { heading: 'jobs left', align: 'right' },
    ],
    runs.map((run) => {
      const p50 = lagPercentile(run, 50);
      const first = baseline ? lagPercentile(baseline, 50) : { ms: Number.NaN, atLeast: false };
      return [
        name(run),
        formatCount(run.jobsAtStart),
        Number.isNaN(run.deskStartMs) ? `> ${formatMs(options.deskStartBudgetMs)}` : formatMs(run.deskStartMs),
        Number.isNaN(run.deskStartMs) ? 'not measured' : `${run.lags.length}/${run.started}`,
        shown(p50),
        shown(lagPercentile(run, 100)),
        run === baseline ? '1×' : `${p50.atLeast ? '> ' : ''}${Number.isFinite(first.ms) && first.ms > 0 ? `${(p50.ms / first.ms).toFixed(2)}×` : '—'}`,
        `${formatMs(percentile(run.pickUps, 50))} / ${formatMs(max(run.pickUps))}`,
        `${formatMs(percentile(run.handlerMs, 50))} / ${formatMs(max(run.handlerMs))}`,
        formatMs(percentile(run.timerDelays, 50)),
        formatCount(run.jobsAtEnd),
      ];
    }),
  );

  const names = [...new Set(runs.flatMap((run) => run.roundTrips.byCommand.slice(0, 6).map(([command]) => command)))];
  const short = (run: TimeoutLagRun) => `${formatCount(run.pendingWaits)}`;
  const commandTable = formatTable(
    [
      { heading: 'command (pending waits →)' },
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
  for (const run of runs) {
    if (Number.isNaN(run.deskStartMs)) {
      notes.push(
        `  NOTE: ${name(run)}: desk.start() had not returned ${formatCount(options.deskStartBudgetMs / 1000)} s after it was called; nothing was measured.`,
      );
    } else if (run.started < options.requests) {
      notes.push(
        `  NOTE: ${name(run)}: only ${run.started} of ${options.requests} waits could be started within ${formatCount(options.startBudgetMs / 1000)} s.`,
      );
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
    `  agenda polling every ${options.processEveryMs} ms (the product's default); ${options.requests} requests put into Pendiente por el usuario, one every ${options.staggerMs} ms;`,
    '  fresh database per row. Pending waits: the two jobs of one wait scheduled through JobScheduler, read back and cloned for',
    '  each pending wait (due in 30–60 days), inserted with insertMany before desk.start() (their requests are not stored).',
    "  lag = history 'wait-timeout' at − wait.deadline = pick-up (deadline → the timeout job starts: polling and locking)",
    '  + handler (job start → the transition stored); timers stored = schedule-wait-timers delivered − wait start;',
    '  jobs left = jobs in the collection after the desk stopped (the pending ones, plus any finished job not removed).',
    '',
    lagTable,
    '',
    '  Busiest commands on the desk connection from desk.start() until the bench stopped waiting (per second; mean wait = driver-reported',
    '  duration, which includes the time the server spends on the commands queued before it):',
    '',
    commandTable,
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}
