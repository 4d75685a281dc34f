/**
 * Runs the agenda section of the bench alone:
 * `npx tsc -p tsconfig.json && node dist/test/bench/agenda-bench-main.js`.
 * Starts its own database server (or uses `MONGODB_URI`), prints the section, stops the server and
 * removes its data. `BENCH_AGENDA_BOOKINGS` overrides the number of bookings asked, `BENCH_AGENDA_BUDGET_S` the
 * measuring budget (seconds). Progress on stderr.
 */
import { cpus } from 'node:os';
import { defaultAgendaBenchOptions, formatAgendaReport, runAgendaBench } from './agenda-bench.js';
import { BenchStore } from './bench-store.js';
import { elapsedMs, progress } from './measure.js';
import { heading } from './report.js';

/** How long after the end the process may still be alive before the watchdog reports it. */
const exitWatchdogMs = 5_000;

async function main(): Promise<void> {
  const began = process.hrtime.bigint();
  progress('starting the database server');
  const store = await BenchStore.start({ configuredUri: process.env.MONGODB_URI, projectRoot: process.cwd(), searchPath: process.env.PATH });
  const interrupted = () => {
    progress('interrupted: stopping the database server');
    void store.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    console.log(`Service desk benchmark (agenda only) — database: ${store.kind}; node ${process.version}; ${cpus().length} CPUs; ${new Date().toISOString()}`);
    console.log(heading('Agenda: availability, alternative-slot search, Graph calls'));
    const bookings = Number(process.env.BENCH_AGENDA_BOOKINGS ?? defaultAgendaBenchOptions.bookings);
    const measureBudgetMs = Number(process.env.BENCH_AGENDA_BUDGET_S ?? defaultAgendaBenchOptions.measureBudgetMs / 1000) * 1000;
    console.log(formatAgendaReport(await runAgendaBench(store, { ...defaultAgendaBenchOptions, bookings, measureBudgetMs })));
  } finally {
    progress('stopping the database server');
    await store.close();
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
  }
  console.log(`\nTotal ${(elapsedMs(began) / 1000).toFixed(1)} s.`);
}

/** Everything is closed by now; if the process is still alive after a while, says what holds it and fails. */
function watchExit(): void {
  setTimeout(() => {
    console.error(`agenda-bench-main: still running ${exitWatchdogMs / 1000} s after the end; active resources: ${process.getActiveResourcesInfo().join(', ')}`);
    process.exit(1);
  }, exitWatchdogMs).unref();
}

main().then(watchExit, (error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  watchExit();
});
