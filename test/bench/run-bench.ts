/**
 * The service desk's benchmark (`npm run bench`): transitions per second and round trips per
 * transition, business-hour deadlines per second, and how late waits time out with many pending
 * jobs, each against a baseline measured in the same run on the same server. Starts its own
 * database server (or uses `MONGODB_URI`), prints a table per measurement, stops the server and
 * removes its data. Nothing is asserted: the figures are for reading.
 *
 * `npm run bench -- transitions deadlines lag agenda` runs only the named sections (default: all).
 * Progress lines go to stderr, the report to stdout.
 */
import { cpus } from 'node:os';
import { BenchStore } from './bench-store.js';
import { defaultAgendaBenchOptions, formatAgendaReport, runAgendaBench } from './agenda-bench.js';
import { formatDeadlineReport, runDeadlineBench } from './deadline-bench.js';
import { formatInvokeLatencyReport, runInvokeLatencyBench } from './invoke-latency-bench.js';
import { elapsedMs, progress } from './measure.js';
import { heading } from './report.js';
import { formatTimeoutLagReport, runTimeoutLagBench } from './timeout-lag-bench.js';
import { TimerOrigins } from './timer-origins.js';
import { formatTransitionsReport, runTransitionsBench } from './transitions-bench.js';

/** How long after the bench has finished the process may still be alive before the watchdog reports it. */
const exitWatchdogMs = 3_000;
/** Where the timers set from the job-running section on were created, to explain a process that does not exit. */
const timers = new TimerOrigins();
const sections = ['transitions', 'deadlines', 'lag', 'agenda', 'invokes'] as const;
type Section = (typeof sections)[number];

function chosenSections(argv: readonly string[]): Set<Section> {
  const unknown = argv.filter((name) => !(sections as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`run-bench: unknown section(s) ${unknown.join(', ')}; choose from ${sections.join(', ')}`);
  return new Set((argv.length ? argv : sections) as Section[]);
}

async function main(): Promise<void> {
  const chosen = chosenSections(process.argv.slice(2));
  const began = process.hrtime.bigint();
  progress('starting the database server');
  const store = await BenchStore.start({
    configuredUri: process.env.MONGODB_URI,
    projectRoot: process.cwd(),
    searchPath: process.env.PATH,
  });
  // FerretDB (SQLite) answers in milliseconds, not microseconds: smaller workloads keep the run short.
  const slowServer = store.kind === 'secantusdb';
  const interrupted = () => {
    progress('interrupted: stopping the database server');
    void store.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    console.log(`Service desk benchmark — database: ${store.kind}; node ${process.version}; ${cpus().length} CPUs; ${new Date().toISOString()}`);

    if (chosen.has('transitions')) {
      console.log(heading('1. Status transitions through createServiceDesk (dispatchImmediately: false)'));
      const transitions = await runTransitionsBench(store, {
        requestsPerPhase: slowServer ? 32 : 200,
        transitionsPerRequest: slowServer ? 5 : 10,
        concurrency: 8,
      });
      console.log(formatTransitionsReport(transitions));
    }

    if (chosen.has('deadlines')) {
      console.log(heading('2. Business-hour deadlines (48 business hours)'));
      progress('deadlines: computing');
      console.log(formatDeadlineReport(runDeadlineBench({ starts: 10_000, minimumRunMs: 1000, runs: 3 })));
    }

    if (chosen.has('lag')) {
      console.log(heading('3. Lag between the deadline and No Procede'));
      timers.enable(); // stays on: a timer's end is recorded only while the hook is enabled
      const lag = await runTimeoutLagBench(store, {
        // The target is 10 000; 200 shows where the lag starts to grow on a slow server.
        pendingJobLevels: [200, 10_000],
        setupBudgetMs: 120_000,
        insertConcurrency: 16,
        requests: 20,
        staggerMs: 150,
        deskStartBudgetMs: 30_000,
        startBudgetMs: 20_000,
        waitBusinessHours: 0.001,
        reminderBusinessHours: 0.0005,
        processEveryMs: 500,
        settleMs: 20_000,
        stopGraceMs: 10_000,
      });
      console.log(formatTimeoutLagReport(lag));
    }

    if (chosen.has('agenda')) {
      console.log(heading('4. Agenda: availability, alternative slots, Graph calls'));
      console.log(formatAgendaReport(await runAgendaBench(store, defaultAgendaBenchOptions)));
    }

    if (chosen.has('invokes')) {
      console.log(heading('5. Invoke latency: take through the real adapter, 50 in flight'));
      console.log(formatInvokeLatencyReport(await runInvokeLatencyBench(store)));
    }
  } finally {
    progress('stopping the database server');
    await store.close();
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
  }
  console.log(`\nTotal ${(elapsedMs(began) / 1000).toFixed(1)} s.`);
}

/**
 * Everything is closed by now: the process should exit by itself. If it is still alive after
 * {@link exitWatchdogMs}, says what holds the event loop (and, for timers set while the job-running
 * section ran, where they were created), then exits with the bench's own exit code.
 */
function watchExit(): void {
  setTimeout(() => {
    const resources = new Map<string, number>();
    for (const resource of process.getActiveResourcesInfo()) resources.set(resource, (resources.get(resource) ?? 0) + 1);
    const held = [...resources].map(([resource, count]) => `${count} × ${resource}`).join(', ');
    const origins = timers.lingering().map(([origin, count]) => `    ${count} × ${origin}`);
    console.log(
      [
        '',
        `NOTE: the process was still alive ${exitWatchdogMs / 1000} s after everything was closed (${held}); exiting explicitly.`,
        ...(origins.length ? ['  Pending timers set during section 3, by where they were created:', ...origins] : []),
      ].join('\n'),
    );
    process.exit();
  }, exitWatchdogMs).unref();
}

main().then(watchExit, (error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  watchExit();
});
