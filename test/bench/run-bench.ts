/**
 * The service desk's benchmark (`npm run bench`). Each figure that could depend on how much is
 * stored is measured on a small and a large database side by side, with the ratio, beside a
 * baseline measured the same way in the same run on the same server: status changes and round
 * trips per change, and the HTTP latency of a card click (1 000 and 100 000 requests stored);
 * availability over 50 resources (1 000 and 100 000 bookings); the deadline → No Procede lag
 * (0, 100, 1 000 and 10 000 pending waits); business-hour deadlines per second; and the report of a
 * year over 100 000 requests beside a plain count. Starts its own
 * database server (or uses `MONGODB_URI`), prints a table per measurement, stops the server and
 * removes its data. Nothing is asserted: the figures are for reading.
 *
 * `npm run bench -- transitions deadlines lag agenda invokes reports series` runs only the named sections
 * (default: all). Progress lines go to stderr, the report to stdout.
 */
import { cpus } from 'node:os';
import { BenchStore } from './bench-store.js';
import { defaultAgendaBenchOptions, formatAgendaReport, runAgendaBench } from './agenda-bench.js';
import { formatDeadlineReport, runDeadlineBench } from './deadline-bench.js';
import { defaultInvokeLatencyOptions, formatInvokeLatencyReport, invokeRequestsNeeded, runInvokeLatencyBench } from './invoke-latency-bench.js';
import { elapsedMs, progress } from './measure.js';
import { formatCount, heading } from './report.js';
import { formatReportBench, runReportBench } from './report-bench.js';
import { seedRequests, type SeededRequests } from './seed-requests.js';
import { defaultSeriesBenchOptions, formatSeriesReport, runSeriesBench } from './series-bench.js';
import { defaultTimeoutLagOptions, formatTimeoutLagReport, runTimeoutLagBench } from './timeout-lag-bench.js';
import { TimerOrigins } from './timer-origins.js';
import { defaultTransitionsOptions, formatTransitionsReport, runTransitionsBench } from './transitions-bench.js';

/** How long after the bench has finished the process may still be alive before the watchdog reports it. */
const exitWatchdogMs = 3_000;
/** Where the timers set from the job-running section on were created, to explain a process that does not exit. */
const timers = new TimerOrigins();
const sections = ['transitions', 'deadlines', 'lag', 'agenda', 'invokes', 'reports', 'series'] as const;
type Section = (typeof sections)[number];
/** Requests stored in the small and the large database of the transitions and invokes sections. */
const requestSizes = [1_000, 100_000] as const;

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
  const interrupted = () => {
    progress('interrupted: stopping the database server');
    void store.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    console.log(`Service desk benchmark — database: ${store.describe()}; node ${process.version}; ${cpus().length} CPUs; ${new Date().toISOString()}`);

    // The requests databases (both seeded before either is measured, so both are measured in the same state of the server).
    let requests: { small: SeededRequests; large: SeededRequests } | undefined;
    if (chosen.has('transitions') || chosen.has('invokes')) {
      const open =
        (chosen.has('transitions') ? defaultTransitionsOptions.concurrency + 2 * defaultTransitionsOptions.requestsPerPhase : 0) +
        (chosen.has('invokes') ? invokeRequestsNeeded(defaultInvokeLatencyOptions) : 0);
      const seed = (size: number) => {
        progress(`seeding ${formatCount(size)} stored requests (and ${open} open ones to work on)`);
        return seedRequests(store, `bench_requests_${size}`, size, open);
      };
      requests = { small: await seed(requestSizes[0]), large: await seed(requestSizes[1]) };
      console.log(heading('0. The requests databases'));
      for (const seeded of [requests!.small, requests!.large]) {
        const documents = Object.entries(seeded.documents)
          .map(([name, count]) => `${formatCount(count)} ${name}`)
          .join(', ');
        console.log(
          `  ${formatCount(seeded.requests)} stored requests (${seeded.firstDate} … ${seeded.lastDate}) + ${seeded.open.length} open: ${documents}; inserted in ${(seeded.seedMs / 1000).toFixed(1)} s.`,
        );
      }
      console.log('  Inserted directly (insertMany, unordered, 1 000 requests a round) as clones of requests worked through the desk; server as measured.');
    }

    if (chosen.has('transitions')) {
      console.log(heading('1. Status changes and round trips per change (desk.requests.execute)'));
      console.log(formatTransitionsReport(await runTransitionsBench(store, requests!, defaultTransitionsOptions)));
    }

    if (chosen.has('deadlines')) {
      console.log(heading('2. Business-hour deadlines (48 business hours)'));
      progress('deadlines: computing');
      console.log(formatDeadlineReport(runDeadlineBench({ starts: 10_000, minimumRunMs: 1000, runs: 3 })));
    }

    if (chosen.has('lag')) {
      console.log(heading('3. Lag between the deadline and No Procede'));
      timers.enable(); // stays on: a timer's end is recorded only while the hook is enabled
      const levels = process.env.BENCH_LAG_LEVELS?.split(',').map(Number);
      console.log(formatTimeoutLagReport(await runTimeoutLagBench(store, { ...defaultTimeoutLagOptions, ...(levels ? { pendingWaitLevels: levels } : {}) })));
    }

    if (chosen.has('agenda')) {
      console.log(heading('4. Agenda: availability over 50 resources, Graph calls'));
      console.log(formatAgendaReport(await runAgendaBench(store, defaultAgendaBenchOptions)));
    }

    if (chosen.has('invokes')) {
      console.log(heading('5. Card click (take) through restify and the CloudAdapter'));
      console.log(formatInvokeLatencyReport(await runInvokeLatencyBench(store, requests!, defaultInvokeLatencyOptions)));
    }

    if (chosen.has('reports')) {
      console.log(heading('6. Reports: a year of 100 000 requests beside a plain count'));
      console.log(formatReportBench(await runReportBench(store, 100_000)));
    }

    if (chosen.has('series')) {
      console.log(heading('7. Recurring events: availability of a 16-week, twice-a-week series over 50 resources'));
      console.log(formatSeriesReport(await runSeriesBench(store, defaultSeriesBenchOptions)));
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
