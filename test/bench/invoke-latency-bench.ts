import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeBot, type ComposedBot } from '../../bot/compose-bot.js';
import { createLogger } from '../../services/logging/logger.js';
import { startEchoBot } from '../support/echo-bot.js';
import { benchCommandId, benchConfig, benchPeople, benchRegistration } from './bench-desk.js';
import type { BenchStore } from './bench-store.js';
import { elapsedMs, inParallel, percentile, progress, timed } from './measure.js';
import { formatCount, formatFixed, formatMs, formatSizeTable, formatTable } from './report.js';
import { RoundTripCounter, type RoundTrips } from './round-trip-counter.js';
import { takeOpen, type SeededRequests } from './seed-requests.js';

/** Sizes of the invoke latency bench. */
export interface InvokeLatencyBenchOptions {
  /** Clicks in the in-flight phase (each on a request of its own). */
  invokes: number;
  /** HTTP round trips in flight at once. */
  concurrency: number;
  /** Clicks sent before measuring (connections, JIT, the server's caches). */
  warmUp: number;
  /** Clicks sent one at a time, each once the effects of the one before are done. */
  oneAtATime: number;
  /** Registrations timed one at a time (not a target; the click's requests are seeded). */
  registrations: number;
}

export const defaultInvokeLatencyOptions: InvokeLatencyBenchOptions = { invokes: 200, concurrency: 50, warmUp: 30, oneAtATime: 150, registrations: 10 };

/** How many open requests the bench works on per database. */
export function invokeRequestsNeeded(options: InvokeLatencyBenchOptions = defaultInvokeLatencyOptions): number {
  return options.warmUp + options.invokes + options.oneAtATime;
}

/** The latencies of one phase's HTTP round trips. */
export interface LatencyFigure {
  /** Every round trip's latency, ms. */
  latencies: number[];
  invokes: number;
  p50: number;
  p99: number;
  max: number;
  /** Wall-clock time of the whole phase. */
  wallMs: number;
  /** Round trips that did not answer 200 with the expected card. */
  failures: number;
  firstFailure?: string | undefined;
}

/** The figures on one seeded database. */
export interface InvokesAtSize {
  seeded: SeededRequests;
  /** `take` through the product bot, `concurrency` in flight. */
  product: LatencyFigure;
  /** The echo bot at the same concurrency, right before each half (the same figure for both sizes). */
  baseline: LatencyFigure;
  /** `take` one at a time, each once the effects of the one before are done. */
  productAlone: LatencyFigure;
  baselineAlone: LatencyFigure;
  /** Commands the one-at-a-time clicks sent before their answer, and until their effects were done. */
  answerRoundTrips: RoundTrips;
  effectRoundTrips: RoundTrips;
  /** Per one-at-a-time click: the driver-reported durations of its commands before the answer, added up. */
  answerDatabaseMs: number[];
  /** desk.requests.register, one at a time (ms each). */
  registrationMs: number[];
}

/** The result of {@link runInvokeLatencyBench}. */
export interface InvokeLatencyBenchResult {
  options: InvokeLatencyBenchOptions;
  small: InvokesAtSize;
  large: InvokesAtSize;
}

/** The tenant the bench's activities come from (TEAMS_TENANT_ID). */
const tenantId = '5f0a6b1c-7d2e-4f3a-9b4c-8d5e6f7a8b9c';

/** The `adaptiveCard/action` invoke a click on the card's `take` button sends, as Teams posts it (the ASV's Entra object id, the tenant). */
function takeInvoke(id: string, requestId: string, version: number): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:1/',
    id,
    from: { id: '29:bench-asv', aadObjectId: benchPeople.asv.id, name: benchPeople.asv.name },
    recipient: { id: '28:bench-bot' },
    conversation: { id: '19:bench-asv-channel@thread.tacv2', conversationType: 'channel', tenantId },
    channelData: { tenant: { id: tenantId } },
    locale: 'es-MX',
    value: { action: { type: 'Action.Execute', verb: 'take', data: { requestId, version } } },
  };
}

/** POSTs `body` as JSON and resolves with the status and the response text. */
function post(agent: Agent, url: URL, body: unknown): Promise<{ status: number; text: string }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * Sends one invoke per item, `concurrency` in flight, timing each HTTP round trip (to the end of
 * the response body); `check` says whether an answer is the expected one; `before` and `after`,
 * when given, run around each invoke, outside its timing.
 */
async function measurePhase<T>(
  concurrency: number,
  url: URL,
  items: readonly T[],
  invoke: (item: T, index: number) => unknown,
  check: (status: number, text: string) => string | undefined,
  around?: { before?: () => Promise<void>; after?: () => Promise<void> },
  shared?: Agent,
): Promise<LatencyFigure> {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  // An agent per phase (unless one is shared by a sequence of one-click phases): a kept-alive
  // socket left idle between phases may be closed by the server just as it is reused (ECONNRESET),
  // which is not the bot's doing.
  const agent = shared ?? new Agent({ keepAlive: true, maxSockets: concurrency });
  const began = process.hrtime.bigint();
  await inParallel(items, concurrency, async (item, index) => {
    const body = invoke(item, index);
    await around?.before?.();
    const start = process.hrtime.bigint();
    let problem: string | undefined;
    try {
      const { status, text } = await post(agent, url, body);
      latencies.push(elapsedMs(start));
      problem = check(status, text);
    } catch (error) {
      problem = `request failed: ${(error as Error).message}`;
    }
    await around?.after?.();
    if (problem) {
      failures += 1;
      firstFailure ??= problem;
    }
  }).finally(() => {
    if (!shared) agent.destroy();
  });
  return {
    latencies,
    invokes: items.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    wallMs: elapsedMs(began),
    failures,
    firstFailure,
  };
}

/** Several phases' figures as one (their latencies pooled). */
function pooled(figures: readonly LatencyFigure[]): LatencyFigure {
  const latencies = figures.flatMap((figure) => figure.latencies);
  return {
    latencies,
    invokes: figures.reduce((total, figure) => total + figure.invokes, 0),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    wallMs: figures.reduce((total, figure) => total + figure.wallMs, 0),
    failures: figures.reduce((total, figure) => total + figure.failures, 0),
    firstFailure: figures.find((figure) => figure.firstFailure)?.firstFailure,
  };
}

/** The product's answer to `take`: 200 and a card showing the new status. */
function takeAnswered(status: number, text: string): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${text.slice(0, 200)}`;
  if (!text.includes('application/vnd.microsoft.card.adaptive')) return `not a card: ${text.slice(0, 200)}`;
  if (!text.includes('En Proceso')) return `the card does not say En Proceso: ${text.slice(0, 200)}`;
  return undefined;
}

/** The echo bot's answer: 200 and its card. */
function echoAnswered(status: number, text: string): string | undefined {
  if (status !== 200) return `HTTP ${status}: ${text.slice(0, 200)}`;
  return text.includes('take by') ? undefined : `unexpected answer: ${text.slice(0, 200)}`;
}

/** The product bot on one seeded database, listening. */
interface Rig {
  seeded: SeededRequests;
  composed: ComposedBot;
  url: URL;
  roundTrips: RoundTripCounter;
  close(): Promise<void>;
}

async function openRig(store: BenchStore, seeded: SeededRequests): Promise<Rig> {
  const connection = await store.connect(seeded.databaseName);
  const roundTrips = new RoundTripCounter(connection.getClient());
  const close = async (composed?: ComposedBot) => {
    roundTrips.detach();
    if (composed) {
      const server = composed.server;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      });
      await composed.desk.stop();
    }
    await store.disconnect(connection);
  };
  let composed: ComposedBot | undefined;
  try {
    composed = await composeBot({ config: benchConfig({ TEAMS_TENANT_ID: tenantId }), connection, logger: createLogger('silent') });
    const server = composed.server;
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    const url = new URL(`http://127.0.0.1:${(server.server.address() as AddressInfo).port}/api/messages`);
    const opened = composed;
    return { seeded, composed: opened, url, roundTrips, close: () => close(opened) };
  } catch (error) {
    await close(composed);
    throw error;
  }
}

/**
 * Measures the HTTP round trip of a card's `take` click (a real status change, each on a seeded
 * open request of its own) through the composed product bot (restify + CloudAdapter, no
 * authentication, effects dispatched at once, no Teams channel configured), one bot on the small
 * and one on the large seeded database, both on the same server: `concurrency` in flight, then one
 * at a time; against the echo bot on the same kind of adapter. The two sizes are measured in turns
 * (halves of each phase in the order small, large, large, small; one-at-a-time clicks alternating),
 * so that what else the machine does weighs on both alike.
 */
export async function runInvokeLatencyBench(
  store: BenchStore,
  seeded: { small: SeededRequests; large: SeededRequests },
  options: InvokeLatencyBenchOptions = defaultInvokeLatencyOptions,
): Promise<InvokeLatencyBenchResult> {
  const echo = await startEchoBot();
  const rigs: Rig[] = [];
  try {
    rigs.push(await openRig(store, seeded.small), await openRig(store, seeded.large));
    const [small, large] = rigs as [Rig, Rig];
    const echoUrl = new URL(echo.endpoint);
    let echoCount = 0;
    const echoInvoke = () => () => takeInvoke(`echo-${process.pid}-${(echoCount += 1)}`, `echo-${echoCount}`, 1);
    const productInvoke = (rig: Rig, label: string) => (item: { id: string; version: number }, index: number) =>
      takeInvoke(`${label}-${process.pid}-${rig.seeded.requests}-${index}`, item.id, item.version);
    const idle = () => Promise.all(rigs.map((rig) => rig.composed.desk.dispatcher.idle()));

    progress(`invokes: warming up (${options.warmUp} clicks to each bot)`);
    await measurePhase(options.concurrency, echoUrl, [...Array(options.warmUp).keys()], echoInvoke(), echoAnswered);
    for (const rig of rigs) {
      const warm = await measurePhase(10, rig.url, takeOpen(rig.seeded, options.warmUp), productInvoke(rig, 'warm'), takeAnswered);
      if (warm.failures) progress(`invokes: ${warm.failures} warm-up click(s) not answered as expected; first: ${warm.firstFailure}`);
    }
    // Each phase starts once the effects of the one before have been dispatched, so that it pays only for its own.
    await idle();

    progress(`invokes: ${options.invokes} clicks to each bot, ${options.concurrency} in flight, in halves (small, large, large, small)`);
    const half = Math.ceil(options.invokes / 2);
    const inFlight = new Map<Rig, LatencyFigure[]>(rigs.map((rig) => [rig, []]));
    const echoInFlight: LatencyFigure[] = [];
    for (const rig of [small, large, large, small]) {
      echoInFlight.push(await measurePhase(options.concurrency, echoUrl, [...Array(half).keys()], echoInvoke(), echoAnswered));
      inFlight.get(rig)!.push(await measurePhase(options.concurrency, rig.url, takeOpen(rig.seeded, half), productInvoke(rig, 'take'), takeAnswered));
      await idle();
    }

    progress(`invokes: ${options.oneAtATime} clicks to each bot, one at a time, alternating`);
    const alone = new Map<Rig, { figures: LatencyFigure[]; answers: RoundTrips[]; effects: RoundTrips[] }>(
      rigs.map((rig) => [rig, { figures: [], answers: [], effects: [] }]),
    );
    const echoAlone: LatencyFigure[] = [];
    const agents = new Map<string, Agent>([echoUrl, ...rigs.map((rig) => rig.url)].map((url) => [url.href, new Agent({ keepAlive: true, maxSockets: 1 })]));
    try {
      for (let index = 0; index < options.oneAtATime; index += 1) {
        echoAlone.push(await measurePhase(1, echoUrl, [index], echoInvoke(), echoAnswered, undefined, agents.get(echoUrl.href)));
        for (const rig of index % 2 ? [large, small] : [small, large]) {
          const record = alone.get(rig)!;
          // The answer's commands and the effects' commands, counted apart.
          let answered: (() => void) | undefined;
          let answerCount: Promise<{ roundTrips: RoundTrips }> | undefined;
          const figure = await measurePhase(
            1,
            rig.url,
            takeOpen(rig.seeded, 1),
            productInvoke(rig, `alone-${index}`),
            takeAnswered,
            {
              before: async () => {
                answerCount = rig.roundTrips.measure(() => new Promise<void>((resolve) => (answered = resolve)));
              },
              after: async () => {
                answered?.();
                record.answers.push((await answerCount!).roundTrips);
                record.effects.push((await rig.roundTrips.measure(() => rig.composed.desk.dispatcher.idle())).roundTrips);
              },
            },
            agents.get(rig.url.href),
          );
          record.figures.push(figure);
        }
      }
    } finally {
      for (const agent of agents.values()) agent.destroy();
    }

    progress(`invokes: ${options.registrations} registrations on each database, one at a time, alternating`);
    const registrations = new Map<Rig, number[]>(rigs.map((rig) => [rig, []]));
    for (let index = 0; index < options.registrations; index += 1) {
      for (const rig of rigs) {
        const desk = rig.composed.desk;
        const { result, ms } = await timed(() =>
          desk.requests.register(benchRegistration(index), desk.roles.actorFor(benchPeople.hd), benchCommandId('register')),
        );
        if (result.outcome !== 'applied') throw new Error(`registration ${index}: ${result.outcome}`);
        registrations.get(rig)!.push(ms);
        await desk.dispatcher.idle();
      }
    }

    const baseline = pooled(echoInFlight);
    const baselineAlone = pooled(echoAlone);
    const atSize = (rig: Rig): InvokesAtSize => ({
      seeded: rig.seeded,
      product: pooled(inFlight.get(rig)!),
      baseline,
      productAlone: pooled(alone.get(rig)!.figures),
      baselineAlone,
      answerRoundTrips: sum(alone.get(rig)!.answers),
      answerDatabaseMs: alone.get(rig)!.answers.map(databaseMs),
      effectRoundTrips: sum(alone.get(rig)!.effects),
      registrationMs: registrations.get(rig)!,
    });
    return { options, small: atSize(small), large: atSize(large) };
  } finally {
    for (const rig of rigs) await rig.close();
    await echo.stop();
  }
}

/** The driver-reported durations of `trips`' commands, added up (overlapping commands count each). */
function databaseMs(trips: RoundTrips): number {
  return trips.byCommand.reduce((total, [, tally]) => total + tally.totalMs, 0);
}

/** The commands of several measurements added up (peak in flight: the highest). */
function sum(all: readonly RoundTrips[]): RoundTrips {
  const byCommand = new Map<string, { count: number; totalMs: number }>();
  for (const trips of all) {
    for (const [name, tally] of trips.byCommand) {
      const total = byCommand.get(name) ?? { count: 0, totalMs: 0 };
      total.count += tally.count;
      total.totalMs += tally.totalMs;
      byCommand.set(name, total);
    }
  }
  return {
    total: all.reduce((count, trips) => count + trips.total, 0),
    byCommand: [...byCommand].sort((a, b) => b[1].count - a[1].count),
    peakInFlight: Math.max(0, ...all.map((trips) => trips.peakInFlight)),
  };
}

/** The click latency at both sizes beside the echo bot, the targets, and where a click's time goes. */
export function formatInvokeLatencyReport(result: InvokeLatencyBenchResult): string {
  const { small, large, options } = result;
  const sizes: [string, string] = [`${formatCount(small.seeded.requests)} requests`, `${formatCount(large.seeded.requests)} requests`];
  const table = formatSizeTable(sizes, [
    {
      label: 'click (take), one at a time: p50',
      small: small.productAlone.p50,
      large: large.productAlone.p50,
      target: '≤ 40 ms; large ≤ 1.5× small',
      baseline: { label: 'echo bot p50', small: small.baselineAlone.p50, large: large.baselineAlone.p50 },
    },
    {
      label: 'click (take), one at a time: p99',
      small: small.productAlone.p99,
      large: large.productAlone.p99,
      target: '≤ 100 ms; large ≤ 1.5× small',
      baseline: { label: 'echo bot p99', small: small.baselineAlone.p99, large: large.baselineAlone.p99 },
    },
    {
      label: `click (take), ${options.concurrency} in flight: p50`,
      small: small.product.p50,
      large: large.product.p50,
      baseline: { label: 'echo bot p50', small: small.baseline.p50, large: large.baseline.p50 },
    },
    {
      label: `click (take), ${options.concurrency} in flight: p99`,
      small: small.product.p99,
      large: large.product.p99,
      target: '≤ 2 000 ms',
      baseline: { label: 'echo bot p99', small: small.baseline.p99, large: large.baseline.p99 },
    },
    { label: `  max`, small: small.product.max, large: large.product.max },
    {
      label: `  clicks per second`,
      small: (small.product.invokes / small.product.wallMs) * 1000,
      large: (large.product.invokes / large.product.wallMs) * 1000,
      format: (value) => `${formatFixed(value, 1)}/s`,
    },
    {
      label: `  failures (of ${options.invokes})`,
      small: small.product.failures,
      large: large.product.failures,
      format: formatCount,
      ratio: false,
      target: '0',
    },
    {
      label: 'round trips before the answer, per click',
      small: small.answerRoundTrips.total / small.productAlone.invokes,
      large: large.answerRoundTrips.total / large.productAlone.invokes,
      format: (value) => formatFixed(value, 1),
    },
    {
      label: '  their database time (sum of driver durations): p50',
      small: percentile(small.answerDatabaseMs, 50),
      large: percentile(large.answerDatabaseMs, 50),
    },
    {
      label: '  their database time (sum of driver durations): p99',
      small: percentile(small.answerDatabaseMs, 99),
      large: percentile(large.answerDatabaseMs, 99),
    },
    {
      label: 'round trips of its effects, per click',
      small: small.effectRoundTrips.total / small.productAlone.invokes,
      large: large.effectRoundTrips.total / large.productAlone.invokes,
      format: (value) => formatFixed(value, 1),
    },
    {
      label: 'registration (desk, one at a time): median',
      small: percentile(small.registrationMs, 50),
      large: percentile(large.registrationMs, 50),
      target: '(not a target)',
    },
  ]);

  const names = [...new Set([small, large].flatMap((size) => [...size.answerRoundTrips.byCommand, ...size.effectRoundTrips.byCommand].map(([name]) => name)))];
  const cell = (trips: RoundTrips, clicks: number, name: string) => {
    const tally = trips.byCommand.find(([candidate]) => candidate === name)?.[1];
    return tally?.count ? [formatFixed(tally.count / clicks, 1), formatMs(tally.totalMs / tally.count)] : ['—', '—'];
  };
  const breakdown = formatTable(
    [
      { heading: 'command' },
      ...[small, large].flatMap((size) => [
        { heading: `${formatCount(size.seeded.requests)}: answer, per click`, align: 'right' as const },
        { heading: 'mean wait', align: 'right' as const },
        { heading: 'effects, per click', align: 'right' as const },
        { heading: 'mean wait', align: 'right' as const },
      ]),
    ],
    names.map((name) => [
      name,
      ...[small, large].flatMap((size) => [
        ...cell(size.answerRoundTrips, size.productAlone.invokes, name),
        ...cell(size.effectRoundTrips, size.productAlone.invokes, name),
      ]),
    ]),
  );
  const failures = [small, large].flatMap((size) =>
    [size.product, size.productAlone, size.baseline, size.baselineAlone]
      .filter((figure) => figure.failures)
      .map((figure) => `  FAILURES (${formatCount(size.seeded.requests)} requests): ${figure.failures} — first: ${figure.firstFailure}`),
  );
  return [
    '  HTTP round trips to POST /api/messages (restify + CloudAdapter, no authentication) of a Teams adaptiveCard/action invoke: take',
    '  (Registro → En Proceso) on a seeded open request of its own, answered with the updated card; effects dispatched after the',
    '  answer (no Teams channel configured: mails go to the outbox). One bot per database, both on the same server, measured in',
    `  turns: ${options.concurrency} in flight, ${options.invokes} clicks per bot in halves (small, large, large, small); one at a time, ${options.oneAtATime} clicks per bot`,
    '  alternating, each once the effects of the one before are done. Baseline: the echo bot (restify + CloudAdapter, no database),',
    '  measured before each half and before each pair of clicks (one figure for both columns).',
    '',
    table,
    '',
    "  Where a click goes (one at a time; commands on the bot's connection before the answer, and those of its effects):",
    '',
    breakdown,
    ...failures,
  ].join('\n');
}
