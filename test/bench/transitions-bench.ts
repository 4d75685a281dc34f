import type { Collection } from 'mongodb';
import type { RequestStatus } from '../../services/requests/request-types.js';
import { benchCommandId, benchConfig, benchPeople, openBenchDesk, registerRequest, type BenchDesk } from './bench-desk.js';
import type { BenchStore } from './bench-store.js';
import { inParallel, progress, timed } from './measure.js';
import { formatCount, formatFixed, formatMs, formatRatio, formatTable } from './report.js';
import type { RoundTrips } from './round-trip-counter.js';

/** Sizes of the transitions bench. */
export interface TransitionsBenchOptions {
  /** Requests registered for each phase (sequential and concurrent use different ones). */
  requestsPerPhase: number;
  /** Transitions applied to each request in a phase: take, then hold and resume alternately. */
  transitionsPerRequest: number;
  /** Transitions in flight in the concurrent phase, each on a different request. */
  concurrency: number;
}

/** One timed run: how many operations, how long, and the commands they sent. */
export interface ThroughputFigure {
  operations: number;
  ms: number;
  perSecond: number;
  roundTrips: RoundTrips;
  /** Operations that did not do what was asked (a transition not `applied`, an update matching nothing). */
  misses: number;
}

/** Transitions and their baseline (a bare `updateOne` by `_id`) at one concurrency. */
export interface TransitionsPhase {
  concurrency: number;
  transitions: ThroughputFigure;
  baseline: ThroughputFigure;
}

/** The result of {@link runTransitionsBench}. */
export interface TransitionsBenchResult {
  options: TransitionsBenchOptions;
  /** Documents in the requests collection (and in the baseline's plain collection). */
  requestDocuments: number;
  phases: TransitionsPhase[];
}

/** The status change to ask of a request in `status`: take, then hold and resume alternately. */
function nextCommand(status: RequestStatus): { type: 'take' } | { type: 'hold'; reason: string } | { type: 'resume' } {
  switch (status) {
    case 'Registro':
      return { type: 'take' };
    case 'En Proceso':
      return { type: 'hold', reason: 'Esperando la sala' };
    case 'Espera':
      return { type: 'resume' };
    default:
      throw new Error(`transitions bench: unexpected status ${status}`);
  }
}

/**
 * Applies status changes to requests through the desk, remembering each request's status
 * (the bench is the only writer) so every command is a valid transition.
 */
class TransitionDriver {
  readonly #status = new Map<string, RequestStatus>();
  misses = 0;

  constructor(private readonly bench: BenchDesk) {}

  track(requestId: string): void {
    this.#status.set(requestId, 'Registro');
  }

  async apply(requestId: string): Promise<void> {
    const command = nextCommand(this.#status.get(requestId)!);
    const result = await this.bench.desk.requests.execute(requestId, command, this.bench.actor(benchPeople.asv), benchCommandId(command.type));
    if (result.outcome === 'applied') {
      this.#status.set(requestId, result.request.status);
    } else {
      this.misses += 1;
      if (result.outcome !== 'not-found') this.#status.set(requestId, result.request?.status ?? 'Registro');
    }
  }
}

/** Splits `items` into `count` lanes, round robin. */
function lanes<T>(items: readonly T[], count: number): T[][] {
  return Array.from({ length: count }, (_, lane) => items.filter((_, index) => index % count === lane));
}

/** Runs `rounds` passes over each lane's items, the lanes side by side (one item in flight per lane). */
async function runLanes<T>(items: readonly T[], laneCount: number, rounds: number, step: (item: T) => Promise<void>): Promise<void> {
  await Promise.all(
    lanes(items, laneCount).map(async (lane) => {
      for (let round = 0; round < rounds; round += 1) {
        for (const item of lane) await step(item);
      }
    }),
  );
}

/**
 * Measures transitions per second and round trips per transition through `createServiceDesk`
 * (effects not dispatched), sequentially and with several in flight, each against a bare
 * single-document `updateOne` by `_id` on the same connection.
 */
export async function runTransitionsBench(store: BenchStore, options: TransitionsBenchOptions): Promise<TransitionsBenchResult> {
  const bench = await openBenchDesk(store, 'bench_transitions', benchConfig(), { dispatchImmediately: false });
  try {
    const driver = new TransitionDriver(bench);
    const register = async (count: number, offset: number) => {
      const ids: string[] = [];
      await inParallel(Array.from({ length: count }, (_, index) => offset + index), 4, async (index) => {
        ids.push(await registerRequest(bench, index));
      });
      ids.forEach((id) => driver.track(id));
      return ids;
    };
    progress(`transitions: registering ${options.concurrency + 2 * options.requestsPerPhase} requests`);
    const warmUp = await register(options.concurrency, 0);
    const phaseRequests = [await register(options.requestsPerPhase, 1000), await register(options.requestsPerPhase, 2000)];

    // The baseline collection holds as many documents as the requests collection: on a server
    // whose updates scan the collection (FerretDB) the size matters as much as the document.
    const plain: Collection<{ _id: number; n: number }> = bench.connection.db!.collection('bench_plain');
    const plainDocuments = warmUp.length + phaseRequests.flat().length;
    await plain.insertMany(Array.from({ length: plainDocuments }, (_, index) => ({ _id: index, n: 0 })));

    // Warm-up: connection pool, JIT, the server's caches.
    await runLanes(warmUp, options.concurrency, 3, (id) => driver.apply(id));
    await runLanes([...Array(plainDocuments).keys()], options.concurrency, 1, async (id) => {
      await plain.updateOne({ _id: id }, { $set: { n: -1 } });
    });

    const phases: TransitionsPhase[] = [];
    for (const [index, concurrency] of [1, options.concurrency].entries()) {
      const requests = phaseRequests[index]!;
      const operations = requests.length * options.transitionsPerRequest;
      progress(`transitions: ${operations} transitions and as many baseline updates, ${concurrency} in flight`);

      let baselineMisses = 0;
      let counter = 0;
      const baseline = await measure(bench, operations, () =>
        runLanes([...Array(requests.length).keys()], concurrency, options.transitionsPerRequest, async (id) => {
          counter += 1;
          const result = await plain.updateOne({ _id: id }, { $set: { n: counter } });
          if (result.matchedCount !== 1) baselineMisses += 1;
        }),
      );
      baseline.misses = baselineMisses;

      const missesBefore = driver.misses;
      const transitions = await measure(bench, operations, () =>
        runLanes(requests, concurrency, options.transitionsPerRequest, (id) => driver.apply(id)),
      );
      transitions.misses = driver.misses - missesBefore;
      phases.push({ concurrency, transitions, baseline });
    }
    return { options, requestDocuments: plainDocuments, phases };
  } finally {
    await bench.close();
  }
}

async function measure(bench: BenchDesk, operations: number, work: () => Promise<void>): Promise<ThroughputFigure> {
  const { result: roundTrips, ms } = await timed(async () => (await bench.roundTrips.measure(work)).roundTrips);
  return { operations, ms, perSecond: (operations / ms) * 1000, roundTrips, misses: 0 };
}

/** The printed report of {@link runTransitionsBench}: throughput and round trips, then commands per transition. */
export function formatTransitionsReport(result: TransitionsBenchResult): string {
  const { options, phases, requestDocuments } = result;
  const perOp = (figure: ThroughputFigure) => figure.roundTrips.total / figure.operations;
  const label = (phase: TransitionsPhase) => (phase.concurrency === 1 ? 'sequential (1 in flight)' : `concurrent (${phase.concurrency} in flight)`);

  const summary = formatTable(
    [
      { heading: 'workload' },
      { heading: 'transitions', align: 'right' },
      { heading: 'transitions/s', align: 'right' },
      { heading: 'baseline updates/s', align: 'right' },
      { heading: 'ratio', align: 'right' },
      { heading: 'round trips/transition', align: 'right' },
      { heading: 'baseline round trips/op', align: 'right' },
      { heading: 'target', align: 'right' },
    ],
    phases.map((phase) => [
      label(phase),
      formatCount(phase.transitions.operations),
      formatCount(phase.transitions.perSecond),
      formatCount(phase.baseline.perSecond),
      formatRatio(phase.transitions.perSecond, phase.baseline.perSecond),
      formatFixed(perOp(phase.transitions)),
      formatFixed(perOp(phase.baseline)),
      '≤ 3 round trips',
    ]),
  );

  const names = [...new Set(phases.flatMap((phase) => phase.transitions.roundTrips.byCommand.map(([name]) => name)))];
  const tally = (phase: TransitionsPhase, name: string) => phase.transitions.roundTrips.byCommand.find(([candidate]) => candidate === name)?.[1];
  const breakdown = formatTable(
    [
      { heading: 'command' },
      ...phases.flatMap((phase) => [
        { heading: `${phase.concurrency} in flight: per transition`, align: 'right' as const },
        { heading: 'mean wait', align: 'right' as const },
      ]),
    ],
    names.map((name) => [
      name,
      ...phases.flatMap((phase) => {
        const counted = tally(phase, name);
        return [formatFixed((counted?.count ?? 0) / phase.transitions.operations), counted?.count ? formatMs(counted.totalMs / counted.count) : '—'];
      }),
    ]),
  );

  const misses = phases.filter((phase) => phase.transitions.misses || phase.baseline.misses);
  return [
    `  ${options.requestsPerPhase} requests per phase × ${options.transitionsPerRequest} transitions (take, then hold/resume alternately);`,
    `  baseline: updateOne({ _id }) on a plain collection, same connection, same number of operations and concurrency;`,
    `  both collections hold ${requestDocuments} documents.`,
    `  ratio = transitions/s ÷ baseline updates/s.`,
    '',
    summary,
    '',
    '  Commands sent per transition (driver command monitoring; mean wait = driver-reported duration):',
    '',
    breakdown,
    ...misses.map(
      (phase) => `  NOTE: ${phase.transitions.misses} transitions not applied, ${phase.baseline.misses} baseline updates matched nothing (${label(phase)}).`,
    ),
  ].join('\n');
}
