/**
 * Graph calls per availability check: the agenda with a {@link GraphCalendarDirectory} pointed at
 * the Graph fixture, counting the getSchedule calls the fixture records for each `availability()`.
 */
import type { AvailabilityQuery } from '../../services/agenda/availability.js';
import { createLogger } from '../../services/logging/logger.js';
import { createServiceDesk } from '../../services/service-desk.js';
import { openGraph } from '../support/graph-harness.js';
import { benchCatalogue } from './agenda-bench-data.js';
import { benchConfig } from './bench-desk.js';
import type { BenchStore } from './bench-store.js';
import { progress, timed } from './measure.js';

/** Graph allows a getSchedule period shorter than 62 days; mailboxes per call are at most 20. */
const graphWindowMs = 62 * 24 * 3_600_000;
const graphSchedulesPerCall = 20;

/** The getSchedule calls of the `availability()` checks made with `mailboxes` resources having a mailbox. */
export interface GraphCallsFigure {
  mailboxes: number;
  /** getSchedule calls of each check. */
  callsPerCheck: number[];
  /** Per check, the mailboxes asked in each of its calls. */
  mailboxesPerCheck: number[][];
  /** Longest period one call asked, days. */
  longestCallDays: number;
  /** The span asked over all calls of one check (earliest start to latest end), days. */
  spanDays: number;
  /** ⌈mailboxes / 20⌉ × the windows under 62 days the span needs. */
  target: number;
  /** Duration of each check against the loopback fixture, ms. */
  checkMs: number[];
}

/**
 * For each level k of `levels`: loads the 50-resource catalogue with the first k resources having
 * a mailbox (all known to the fixture), runs `checks` availability checks and records the
 * getSchedule calls each made.
 */
export async function runGraphCallsBench(store: BenchStore, query: AvailabilityQuery, levels: readonly number[], checks: number): Promise<GraphCallsFigure[]> {
  const harness = await openGraph();
  const config = benchConfig();
  const connection = await store.connectFresh('bench_agenda_graph');
  const figures: GraphCallsFigure[] = [];
  try {
    const desk = await createServiceDesk({
      config,
      connection,
      logger: createLogger(config.logLevel),
      directory: harness.directory,
      dispatchImmediately: false,
      instanceName: 'bench-agenda-graph',
    });
    try {
      for (const mailboxes of levels) {
        progress(`agenda: availability with ${mailboxes} mailboxes through the Graph fixture`);
        const catalogue = benchCatalogue(mailboxes);
        harness.fixture.addMailboxes(...catalogue.resources.flatMap((resource) => (resource.mailbox ? [resource.mailbox] : [])));
        const loaded = await desk.agenda.loadCatalogue(catalogue);
        if (!loaded.ok) throw new Error(`agenda bench: catalogue refused: ${loaded.errors.join('; ')}`);
        // One unmeasured check first: the client fetches its token then.
        await desk.agenda.availability(query);
        const figure: GraphCallsFigure = { mailboxes, callsPerCheck: [], mailboxesPerCheck: [], longestCallDays: 0, spanDays: 0, target: 0, checkMs: [] };
        for (let check = 0; check < checks; check += 1) {
          const before = harness.fixture.callsTo('getSchedule').length;
          const { ms } = await timed(() => desk.agenda.availability(query));
          const calls = harness.fixture.callsTo('getSchedule').slice(before);
          figure.callsPerCheck.push(calls.length);
          figure.checkMs.push(ms);
          const mailboxesPerCall: number[] = [];
          figure.mailboxesPerCheck.push(mailboxesPerCall);
          let earliest = Number.POSITIVE_INFINITY;
          let latest = Number.NEGATIVE_INFINITY;
          for (const call of calls) {
            const body = call.body as { schedules?: string[]; startTime?: { dateTime: string }; endTime?: { dateTime: string } };
            mailboxesPerCall.push(body.schedules?.length ?? 0);
            const start = Date.parse(`${body.startTime?.dateTime}Z`);
            const end = Date.parse(`${body.endTime?.dateTime}Z`);
            earliest = Math.min(earliest, start);
            latest = Math.max(latest, end);
            figure.longestCallDays = Math.max(figure.longestCallDays, (end - start) / 86_400_000);
          }
          if (calls.length) figure.spanDays = (latest - earliest) / 86_400_000;
        }
        const windows = Math.floor((figure.spanDays * 86_400_000) / graphWindowMs) + 1;
        figure.target = Math.ceil(mailboxes / graphSchedulesPerCall) * windows;
        figures.push(figure);
      }
    } finally {
      await desk.stop();
    }
  } finally {
    await store.discard(connection);
    await harness.fixture.stop();
  }
  return figures;
}
