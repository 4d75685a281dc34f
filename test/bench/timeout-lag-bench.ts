import type { Connection } from 'mongoose';
import type { EffectDeliveryDocument, RequestDocument } from '../../services/store/request-documents.js';
import { benchCommandId, benchConfig, benchPeople, openBenchDesk, registerRequest, type BenchDesk, type CloseReport } from './bench-desk.js';
import type { BenchStore } from './bench-store.js';
import { elapsedMs, inParallel, percentile, progress, sleep, timed } from './measure.js';
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
  /** Waits started (fewer than asked when the start budget ran out). */
  started: number;
  /** (history entry 'wait-timeout' `at`) − (wait.deadline) per request that timed out, in ms. */
  lags: number[];
  /** For requests that had not timed out when the bench stopped waiting: the least their lag can be. */
  missingLagAtLeast: number[];
  /** (schedule-wait-timers delivered) − (wait started), per request whose timers were stored. */
  timerDelays: number[];
  /** Commands the desk sent while the measured waits ran (agenda, effects, the commands of the waits). */
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
  let closing: CloseReport = { stoppedInTime: true, abandonedCommands: 0 };
  try {
    await bench.desk.start();
    progress(`timeout lag: inserting ${formatCount(pendingJobs)} pending jobs`);
    const { result: inserted, ms: setupMs } = await timed(() => insertPendingJobs(bench, pendingJobs, options));

    progress(`timeout lag (${formatCount(inserted)} pending jobs): starting ${options.requests} waits`);
    const began = process.hrtime.bigint();
    const { result, roundTrips } = await bench.roundTrips.measure(async () => {
      const waits = await startWaits(bench, options);
      const lastDeadline = Math.max(...waits.map((wait) => wait.deadline.getTime()));
      const timedOut = await awaitTimeouts(observer, waits, lastDeadline + options.settleMs);
      return { waits, timedOut, gaveUpAt: Date.now() };
    });
    const windowMs = elapsedMs(began);

    const { waits, timedOut, gaveUpAt } = result;
    const lags: number[] = [];
    const missingLagAtLeast: number[] = [];
    for (const wait of waits) {
      const entry = timedOut.get(wait.requestId)?.history.find((candidate) => candidate.kind === 'wait-timeout');
      if (entry) lags.push(new Date(entry.at).getTime() - wait.deadline.getTime());
      else missingLagAtLeast.push(gaveUpAt - wait.deadline.getTime());
    }
    const timerDelays = await timerDelaysOf(observer, waits);
    progress(`timeout lag (${formatCount(inserted)} pending jobs): stopping the desk`);
    closing = await bench.close(options.stopGraceMs);
    return {
      pendingJobs: inserted,
      requestedJobs: pendingJobs,
      setupMs,
      started: waits.length,
      lags,
      missingLagAtLeast,
      timerDelays,
      roundTrips,
      windowMs,
      closing,
    };
  } finally {
    await store.disconnect(observer);
    await bench.close(options.stopGraceMs); // returns the first report when already closed
  }
}

/** Inserts `count` wait-timeout jobs due 30 to 60 days from now through agenda, in parallel, within the budget. */
async function insertPendingJobs(bench: BenchDesk, count: number, options: TimeoutLagOptions): Promise<number> {
  const agenda = bench.desk.scheduler.instance;
  if (!agenda) throw new Error('timeout-lag bench: the desk is not started');
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

/** Puts up to `options.requests` requests into *Pendiente por el usuario*, one every `staggerMs`, within the start budget. */
async function startWaits(bench: BenchDesk, options: TimeoutLagOptions): Promise<MeasuredWait[]> {
  const asv = bench.actor(benchPeople.asv);
  const waits: MeasuredWait[] = [];
  const began = process.hrtime.bigint();
  for (let index = 0; index < options.requests && elapsedMs(began) < options.startBudgetMs; index += 1) {
    const stepBegan = process.hrtime.bigint();
    const requestId = await registerRequest(bench, index);
    await bench.desk.requests.execute(requestId, { type: 'take' }, asv, benchCommandId('take'));
    const asked = await bench.desk.requests.execute(
      requestId,
      { type: 'request-info', message: 'Falta la dirección IP de la sala remota' },
      asv,
      benchCommandId('ask'),
    );
    if (asked.outcome !== 'applied' || !asked.request.wait) throw new Error(`timeout-lag bench: request-info ${asked.outcome}`);
    waits.push({ requestId, startedAt: asked.request.wait.startedAt, deadline: asked.request.wait.deadline });
    await sleep(Math.max(0, options.staggerMs - elapsedMs(stepBegan)));
  }
  return waits;
}

/** Polls until every wait's request is *No Procede* or `giveUpAt` (epoch ms) passes. */
async function awaitTimeouts(observer: Connection, waits: readonly MeasuredWait[], giveUpAt: number): Promise<Map<string, RequestDocument>> {
  const requests = observer.db!.collection<RequestDocument>('requests');
  const ids = waits.map((wait) => wait.requestId);
  const timedOut = new Map<string, RequestDocument>();
  while (timedOut.size < ids.length && Date.now() < giveUpAt) {
    await sleep(500);
    const found = await requests.find({ _id: { $in: ids.filter((id) => !timedOut.has(id)) }, status: 'No Procede' }).toArray();
    for (const document of found) timedOut.set(document._id, document);
  }
  return timedOut;
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
      { heading: 'set-up', align: 'right' },
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
      `${run.lags.length}/${run.started}`,
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
    if (run.started < options.requests) {
      notes.push(`  NOTE: ${name(run)}: only ${run.started} of ${options.requests} waits could be started within ${formatCount(options.startBudgetMs / 1000)} s.`);
    }
    if (run.missingLagAtLeast.length) {
      notes.push(
        `  NOTE: ${name(run)}: ${run.missingLagAtLeast.length} requests had not timed out ${formatCount(options.settleMs / 1000)} s after the last deadline; their lag counts as "> " its lower bound.`,
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
    `  Pending jobs: agenda create('wait-timeout').schedule(+30–60 days).save(), ${options.insertConcurrency} in flight, after desk.start().`,
    `  lag = history 'wait-timeout' at − wait.deadline; ratio = row ÷ baseline; timers stored = schedule-wait-timers delivered − wait start.`,
    '',
    lagTable,
    '',
    '  Busiest commands on the desk connection while the waits ran (per second of the window; mean wait = driver-reported duration):',
    '',
    commandTable,
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}
