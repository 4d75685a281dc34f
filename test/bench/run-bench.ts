/**
 * The service desk's benchmark (`npm run bench`): transitions per second and round trips per
 * transition, business-hour deadlines per second, and how late waits time out with many pending
 * jobs, each against a baseline measured in the same run on the same server. Starts its own
 * database server (or uses `MONGODB_URI`), prints a table per measurement, stops the server and
 * removes its data. Nothing is asserted: the figures are for reading.
 *
 * `npm run bench -- transitions deadlines lag` runs only the named sections (default: all).
 * Progress lines go to stderr, the report to stdout.
 */
import { cpus } from 'node:os';
import { BenchStore } from './bench-store.js';
import { formatDeadlineReport, runDeadlineBench } from './deadline-bench.js';
import { elapsedMs, progress } from './measure.js';
import { heading } from './report.js';
import { formatTimeoutLagReport, runTimeoutLagBench } from './timeout-lag-bench.js';
import { formatTransitionsReport, runTransitionsBench } from './transitions-bench.js';

/** How long after the bench has finished the process may still be alive before the watchdog reports it. */
const exitWatchdogMs = 10_000;
const sections = ['transitions', 'deadlines', 'lag'] as const;
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
  const slowServer = store.kind === 'ferretdb';
  try {
    console.log(`Service desk benchmark — database: ${store.kind}; node ${process.version}; ${cpus().length} CPUs; ${new Date().toISOString()}`);

    if (chosen.has('transitions')) {
      console.log(heading('1. Status transitions through createServiceDesk (dispatchImmediately: false)'));
      const transitions = await runTransitionsBench(store, {
        requestsPerPhase: slowServer ? 40 : 200,
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
      const lag = await runTimeoutLagBench(store, {
        pendingJobLevels: process.env.BENCH_LEVELS ? process.env.BENCH_LEVELS.split(",").filter(Boolean).map(Number) : [1_000, 10_000],
        setupBudgetMs: 120_000,
        insertConcurrency: 16,
        requests: 20,
        staggerMs: 150,
        startBudgetMs: 30_000,
        waitBusinessHours: 0.001,
        reminderBusinessHours: 0.0005,
        processEveryMs: 500,
        settleMs: 30_000,
        stopGraceMs: 15_000,
      });
      console.log(formatTimeoutLagReport(lag));
    }
  } finally {
    progress('stopping the database server');
    await store.close();
  }
  console.log(`\nTotal ${(elapsedMs(began) / 1000).toFixed(1)} s.`);
}

/** Reports what still keeps the event loop alive if the process has not exited by itself. */
function watchExit(): void {
  setTimeout(() => {
    console.error(`run-bench: still running ${exitWatchdogMs / 1000} s after the end; active resources: ${process.getActiveResourcesInfo().join(', ')}`);
    process.exit(1);
  }, exitWatchdogMs).unref();
}

main().then(watchExit, (error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  watchExit();
});
