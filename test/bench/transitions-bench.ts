import type { RequestStatus } from '../../services/requests/request-types.js';
import { benchCommandId, benchConfig, benchPeople, openBenchDesk, type BenchDesk } from './bench-desk.js';
import type { BenchStore } from './bench-store.js';
import { progress, timed } from './measure.js';
import { formatCount, formatFixed, formatMs, formatSizeTable, formatTable } from './report.js';
import type { RoundTrips } from './round-trip-counter.js';
import { takeOpen, type SeededRequests } from './seed-requests.js';

/** Sizes of the transitions bench. */
export interface TransitionsBenchOptions {
  /** Requests registered for each phase (sequential and concurrent use different ones). */
  requestsPerPhase: number;
  /** Transitions applied to each request in a phase: take, then hold and resume alternately. */
  transitionsPerRequest: number;
  /** Transitions in flight in the concurrent phase, each on a different request. */
  concurrency: number;
}

export const defaultTransitionsOptions: TransitionsBenchOptions = { requestsPerPhase: 32, transitionsPerRequest: 5, concurrency: 8 };

/** One timed run: how many operations, how long, and the commands they sent. */
export interface ThroughputFigure {
  operations: number;
  ms: number;
  perSecond: number;
  roundTrips: RoundTrips;
  /** Operations that did not do what was asked (a transition not `applied`, an update matching nothing). */
  misses: number;
}

/** Transitions and their baseline (a bare `updateOne` by `_id` on the requests collection) at one concurrency. */
export interface TransitionsPhase {
  concurrency: number;
  transitions: ThroughputFigure;
  baseline: ThroughputFigure;
}

/** The phases measured on one seeded database. */
export interface TransitionsAtSize {
  seeded: SeededRequests;
  phases: TransitionsPhase[];
}

/** The result of {@link runTransitionsBench}: the same phases on the small and the large database. */
export interface TransitionsBenchResult {
  options: TransitionsBenchOptions;
  small: TransitionsAtSize;
  large: TransitionsAtSize;
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
 * Measures status changes per second and round trips per change through `createServiceDesk`
 * (effects not dispatched), one at a time and several in flight, on the small and the large seeded
 * database (a desk on each, both on the same server), each against a bare `updateOne` by `_id` of
 * a stored request on the same connection. The two sizes are measured in turns (halves of each
 * phase in the order small, large, large, small), so that what else the machine does weighs on
 * both alike.
 */
export async function runTransitionsBench(
  store: BenchStore,
  seeded: { small: SeededRequests; large: SeededRequests },
  options: TransitionsBenchOptions = defaultTransitionsOptions,
): Promise<TransitionsBenchResult> {
  const rigs: Array<{ seeded: SeededRequests; bench: BenchDesk; driver: TransitionDriver; phases: TransitionsPhase[] }> = [];
  try {
    for (const size of [seeded.small, seeded.large]) {
      const bench = await openBenchDesk(store, size.databaseName, benchConfig(), {
        dispatchImmediately: false,
        keep: true,
        instanceName: `bench-transitions-${size.requests}`,
      });
      rigs.push({ seeded: size, bench, driver: new TransitionDriver(bench), phases: [] });
    }
    const [small, large] = rigs as [(typeof rigs)[0], (typeof rigs)[0]];
    const open = (rig: (typeof rigs)[0], count: number) => {
      const ids = takeOpen(rig.seeded, count).map((request) => request.id);
      ids.forEach((id) => rig.driver.track(id));
      return ids;
    };
    const requestsOf = (rig: (typeof rigs)[0]) => rig.bench.connection.db!.collection<{ _id: string; benchTouched?: number }>('requests');
    // The baseline updates stored requests (not the ones changed), spread over the collection.
    const spread = (rig: (typeof rigs)[0], count: number, offset: number) =>
      Array.from({ length: count }, (_, index) => rig.seeded.sampleIds[(index * 7_919 + offset) % rig.seeded.sampleIds.length]!);

    // Warm-up: connection pool, JIT, the server's caches.
    for (const rig of rigs) {
      await runLanes(open(rig, options.concurrency), options.concurrency, 3, (id) => rig.driver.apply(id));
      await runLanes(spread(rig, 100, 1), options.concurrency, 1, async (id) => {
        await requestsOf(rig).updateOne({ _id: id }, { $set: { benchTouched: -1 } });
      });
    }

    const half = Math.ceil(options.requestsPerPhase / 2);
    for (const concurrency of [1, options.concurrency]) {
      progress(
        `transitions: ${2 * half * options.transitionsPerRequest} changes and as many baseline updates per database, ${concurrency} in flight, in halves`,
      );
      const halves = new Map<(typeof rigs)[0], TransitionsPhase[]>(rigs.map((rig) => [rig, []]));
      for (const [turn, rig] of [small, large, large, small].entries()) {
        const changed = open(rig, half);
        const operations = changed.length * options.transitionsPerRequest;
        let baselineMisses = 0;
        let counter = 0;
        const baseline = await measure(rig.bench, operations, () =>
          runLanes(spread(rig, changed.length, turn * 31 + concurrency), concurrency, options.transitionsPerRequest, async (id) => {
            counter += 1;
            const result = await requestsOf(rig).updateOne({ _id: id }, { $set: { benchTouched: counter } });
            if (result.matchedCount !== 1) baselineMisses += 1;
          }),
        );
        baseline.misses = baselineMisses;
        const missesBefore = rig.driver.misses;
        const transitions = await measure(rig.bench, operations, () =>
          runLanes(changed, concurrency, options.transitionsPerRequest, (id) => rig.driver.apply(id)),
        );
        transitions.misses = rig.driver.misses - missesBefore;
        halves.get(rig)!.push({ concurrency, transitions, baseline });
      }
      for (const rig of rigs) {
        const [first, second] = halves.get(rig)! as [TransitionsPhase, TransitionsPhase];
        rig.phases.push({ concurrency, transitions: combine(first.transitions, second.transitions), baseline: combine(first.baseline, second.baseline) });
      }
    }
    return { options, small: { seeded: small.seeded, phases: small.phases }, large: { seeded: large.seeded, phases: large.phases } };
  } finally {
    for (const rig of rigs) await rig.bench.shutDown();
  }
}

/** Two timed runs as one. */
function combine(a: ThroughputFigure, b: ThroughputFigure): ThroughputFigure {
  const byCommand = new Map<string, { count: number; totalMs: number }>();
  for (const [name, tally] of [...a.roundTrips.byCommand, ...b.roundTrips.byCommand]) {
    const total = byCommand.get(name) ?? { count: 0, totalMs: 0 };
    total.count += tally.count;
    total.totalMs += tally.totalMs;
    byCommand.set(name, total);
  }
  const operations = a.operations + b.operations;
  const ms = a.ms + b.ms;
  return {
    operations,
    ms,
    perSecond: (operations / ms) * 1000,
    roundTrips: {
      total: a.roundTrips.total + b.roundTrips.total,
      byCommand: [...byCommand].sort((x, y) => y[1].count - x[1].count),
      peakInFlight: Math.max(a.roundTrips.peakInFlight, b.roundTrips.peakInFlight),
    },
    misses: a.misses + b.misses,
  };
}

async function measure(bench: BenchDesk, operations: number, work: () => Promise<void>): Promise<ThroughputFigure> {
  const { result: roundTrips, ms } = await timed(async () => (await bench.roundTrips.measure(work)).roundTrips);
  return { operations, ms, perSecond: (operations / ms) * 1000, roundTrips, misses: 0 };
}

/** The printed report of {@link runTransitionsBench}: throughput and round trips at both sizes, then commands per change. */
export function formatTransitionsReport(result: TransitionsBenchResult): string {
  const { options, small, large } = result;
  const perOp = (figure: ThroughputFigure) => figure.roundTrips.total / figure.operations;
  const sizes: [string, string] = [`${formatCount(small.seeded.requests)} requests`, `${formatCount(large.seeded.requests)} requests`];
  const rate = (value: number) => `${formatCount(value)}/s`;
  const rows = small.phases.flatMap((phase, index) => {
    const other = large.phases[index]!;
    const label = phase.concurrency === 1 ? 'one at a time' : `${phase.concurrency} in flight`;
    return [
      {
        label: `status changes per second, ${label}`,
        small: phase.transitions.perSecond,
        large: other.transitions.perSecond,
        format: rate,
        baseline: { label: 'updateOne({ _id }) of a stored request', small: phase.baseline.perSecond, large: other.baseline.perSecond },
      },
      {
        label: `  mean time per change, ${label}`,
        small: phase.transitions.ms / phase.transitions.operations,
        large: other.transitions.ms / other.transitions.operations,
      },
      {
        label: `round trips per status change, ${label}`,
        small: perOp(phase.transitions),
        large: perOp(other.transitions),
        format: (value: number) => formatFixed(value),
        target: '≤ 3',
      },
    ];
  });

  const names = [...new Set([...small.phases, ...large.phases].flatMap((phase) => phase.transitions.roundTrips.byCommand.map(([name]) => name)))];
  const tally = (phase: TransitionsPhase, name: string) => phase.transitions.roundTrips.byCommand.find(([candidate]) => candidate === name)?.[1];
  const columns = [small, large].flatMap((size) => size.phases.map((phase) => ({ size, phase })));
  const breakdown = formatTable(
    [
      { heading: 'command' },
      ...columns.flatMap(({ size, phase }) => [
        { heading: `${formatCount(size.seeded.requests)}, ${phase.concurrency} in flight: per change`, align: 'right' as const },
        { heading: 'mean wait', align: 'right' as const },
      ]),
    ],
    names.map((name) => [
      name,
      ...columns.flatMap(({ phase }) => {
        const counted = tally(phase, name);
        return [formatFixed((counted?.count ?? 0) / phase.transitions.operations), counted?.count ? formatMs(counted.totalMs / counted.count) : '—'];
      }),
    ]),
  );

  const misses = columns.filter(({ phase }) => phase.transitions.misses || phase.baseline.misses);
  return [
    `  ${options.requestsPerPhase} open requests per phase × ${options.transitionsPerRequest} changes (take, then hold/resume alternately) through`,
    '  desk.requests.execute (effects not dispatched), on each seeded database, the two measured in turns (halves in the order small,',
    '  large, large, small); baseline: updateOne({ _id }) of a stored request, same connection, same number of operations and',
    '  concurrency. Round trips counted by driver command monitoring.',
    '',
    formatSizeTable(sizes, rows),
    '',
    '  Commands sent per status change (mean wait = driver-reported duration):',
    '',
    breakdown,
    ...misses.map(
      ({ size, phase }) =>
        `  NOTE: ${formatCount(size.seeded.requests)} requests, ${phase.concurrency} in flight: ${phase.transitions.misses} changes not applied, ${phase.baseline.misses} baseline updates matched nothing.`,
    ),
  ].join('\n');
}
