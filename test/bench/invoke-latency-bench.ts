import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeBot, type ComposedBot } from '../../bot/compose-bot.js';
import { loadConfig } from '../../services/config/app-config.js';
import { createLogger } from '../../services/logging/logger.js';
import type { Person } from '../../services/requests/request-types.js';
import { startEchoBot } from '../support/echo-bot.js';
import { benchCommandId, benchRegistration } from './bench-desk.js';
import type { BenchStore } from './bench-store.js';
import { elapsedMs, inParallel, percentile, progress } from './measure.js';
import { formatCount, formatMs, formatRatio, formatTable } from './report.js';

/** Sizes of the invoke latency bench. */
export interface InvokeLatencyBenchOptions {
  /** Invokes per measured phase (each product invoke takes a request of its own). */
  invokes: number;
  /** HTTP round trips in flight at once. */
  concurrency: number;
  /** Invokes sent to each bot before measuring (connections, JIT, the server's caches). */
  warmUp: number;
  /** Invokes sent one at a time to each bot: the cost of one invoke, without queueing. */
  oneAtATime: number;
}

/** The latencies of one phase's HTTP round trips. */
export interface LatencyFigure {
  invokes: number;
  p50: number;
  p99: number;
  max: number;
  /** Wall-clock time of the whole phase. */
  wallMs: number;
  /** Round trips that did not answer 200 with the expected card. */
  failures: number;
  /** The first failure, to say what went wrong. */
  firstFailure?: string | undefined;
}

/** The result of {@link runInvokeLatencyBench}. */
export interface InvokeLatencyBenchResult {
  options: InvokeLatencyBenchOptions;
  /** `take` through the product bot, channelId `msteams` (with the roster look-up, which fails fast). */
  product: LatencyFigure;
  /** The same through the product bot with channelId `emulator`: no roster look-up. */
  productWithoutRoster: LatencyFigure;
  /** `adaptiveCard/action` invokes to the bare echo bot, channelId `msteams`. */
  baseline: LatencyFigure;
  /** `take` through the product bot (channelId `emulator`), one invoke in flight, each once the effects of the one before are done. */
  productAlone: LatencyFigure;
  /** The echo bot, one invoke in flight. */
  baselineAlone: LatencyFigure;
}

export const defaultInvokeLatencyBenchOptions: InvokeLatencyBenchOptions = { invokes: 500, concurrency: 50, warmUp: 100, oneAtATime: 100 };

const asv = { id: 'user-id-2', name: 'ASV' };
const hd: Person = { id: 'hd-1', name: 'Helena Díaz', email: 'hd@uni.example' };

/** The `adaptiveCard/action` invoke a click on the card's `take` button sends. */
function takeInvoke(id: string, requestId: string, version: number, channelId: string): Record<string, unknown> {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId,
    serviceUrl: 'http://127.0.0.1:1/',
    id,
    from: asv,
    recipient: { id: 'bot' },
    conversation: { id: 'conv-1' },
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
 * the response body); `check` says whether an answer is the expected one; `before`, when given,
 * runs before each invoke, outside its timing.
 */
async function measurePhase<T>(
  concurrency: number,
  url: URL,
  items: readonly T[],
  invoke: (item: T, index: number) => unknown,
  check: (status: number, text: string) => string | undefined,
  before?: () => Promise<void>,
): Promise<LatencyFigure> {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  // An agent per phase: a kept-alive socket left idle between phases may be closed by the server
  // just as it is reused (ECONNRESET, socket hang up), which is not the bot's doing.
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const began = process.hrtime.bigint();
  await inParallel(items, concurrency, async (item, index) => {
    const body = invoke(item, index);
    await before?.();
    const start = process.hrtime.bigint();
    let problem: string | undefined;
    try {
      const { status, text } = await post(agent, url, body);
      latencies.push(elapsedMs(start));
      problem = check(status, text);
    } catch (error) {
      problem = `request failed: ${(error as Error).message}`;
    }
    if (problem) {
      failures += 1;
      firstFailure ??= problem;
    }
  }).finally(() => agent.destroy());
  return {
    invokes: items.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    wallMs: elapsedMs(began),
    failures,
    firstFailure,
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
  return text.includes('take by ASV') ? undefined : `unexpected answer: ${text.slice(0, 200)}`;
}

/**
 * Measures the HTTP round trip of a card's `take` click (a real status change, each on a request
 * of its own) through the composed product bot (restify + CloudAdapter, unauthenticated, effects
 * dispatched at once, no Teams channel configured) at `concurrency` in flight, against the same
 * number of `adaptiveCard/action` invokes to the bare echo bot in the same run.
 */
export async function runInvokeLatencyBench(
  store: BenchStore,
  options: InvokeLatencyBenchOptions = store.kind === 'secantusdb' ? { invokes: 200, concurrency: 50, warmUp: 50, oneAtATime: 50 } : defaultInvokeLatencyBenchOptions,
): Promise<InvokeLatencyBenchResult> {
  const databaseName = 'bench_invoke_latency';
  const connection = await store.connectFresh(databaseName);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ROLE_HD: hd.id,
    ROLE_ASV: asv.id,
    ROLE_DAU: 'dau@uni.example',
    ROLE_HEAD: 'head-1',
  });
  let composed: ComposedBot | undefined;
  const echo = await startEchoBot();
  try {
    composed = await composeBot({ config, connection, logger: createLogger('silent') });
    const server = composed.server;
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    const productUrl = new URL(`http://127.0.0.1:${(server.server.address() as AddressInfo).port}/api/messages`);
    const echoUrl = new URL(echo.endpoint);

    const total = options.warmUp + 2 * options.invokes + options.oneAtATime;
    progress(`invokes: registering ${total} requests`);
    const registered: { id: string; version: number }[] = [];
    const desk = composed.desk;
    await inParallel([...Array(total).keys()], 8, async (index) => {
      const result = await desk.requests.register(
        { ...benchRegistration(index), assignee: { id: asv.id, name: asv.name } },
        desk.roles.actorFor(hd),
        benchCommandId('register'),
      );
      if (result.outcome !== 'applied') throw new Error(`registration ${index}: ${result.outcome}`);
      registered.push({ id: result.request.id, version: result.request.version });
    });
    const warmUp = registered.slice(0, options.warmUp);
    const withRoster = registered.slice(options.warmUp, options.warmUp + options.invokes);
    const withoutRoster = registered.slice(options.warmUp + options.invokes, options.warmUp + 2 * options.invokes);
    const alone = registered.slice(options.warmUp + 2 * options.invokes);
    const invokeId = (label: string, index: number) => `${label}-${process.pid}-${index}`;
    const echoItems = [...Array(options.invokes).keys()];
    const echoInvoke = (label: string) => (_item: number, index: number) => takeInvoke(invokeId(label, index), `echo-${index}`, 1, 'msteams');
    const productInvoke = (label: string, channelId: string) => (item: { id: string; version: number }, index: number) =>
      takeInvoke(invokeId(label, index), item.id, item.version, channelId);

    progress(`invokes: warming up (${options.warmUp} invokes to each bot)`);
    await measurePhase(options.concurrency, echoUrl, echoItems.slice(0, options.warmUp), echoInvoke('echo-warm'), echoAnswered);
    const warm = await measurePhase(options.concurrency, productUrl, warmUp, productInvoke('warm', 'msteams'), takeAnswered);
    if (warm.failures) progress(`invokes: ${warm.failures} warm-up take(s) not answered as expected; first: ${warm.firstFailure}`);
    // Each phase starts once the effects of the one before have been dispatched, so that it pays only for its own.
    await desk.dispatcher.idle();

    progress(`invokes: ${options.invokes} invokes to the echo bot, ${options.concurrency} in flight`);
    const baseline = await measurePhase(options.concurrency, echoUrl, echoItems, echoInvoke('echo'), echoAnswered);
    progress(`invokes: ${options.invokes} take invokes to the product bot (msteams), ${options.concurrency} in flight`);
    const product = await measurePhase(options.concurrency, productUrl, withRoster, productInvoke('take', 'msteams'), takeAnswered);
    progress(`invokes: ${options.invokes} take invokes to the product bot (no roster look-up), ${options.concurrency} in flight`);
    await desk.dispatcher.idle();
    const productWithoutRoster = await measurePhase(options.concurrency, productUrl, withoutRoster, productInvoke('take-plain', 'emulator'), takeAnswered);
    await desk.dispatcher.idle();
    progress(`invokes: ${options.oneAtATime} invokes to each bot, one at a time`);
    const baselineAlone = await measurePhase(1, echoUrl, echoItems.slice(0, options.oneAtATime), echoInvoke('echo-alone'), echoAnswered);
    const productAlone = await measurePhase(1, productUrl, alone, productInvoke('take-alone', 'emulator'), takeAnswered, () => desk.dispatcher.idle());
    return { options, product, productWithoutRoster, baseline, productAlone, baselineAlone };
  } finally {
    await echo.stop();
    if (composed) {
      const server = composed.server;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      });
      await composed.desk.stop();
    }
    await store.discard(connection);
  }
}

/** The invoke latency table, the ratios to the echo bot, and the targets. */
export function formatInvokeLatencyReport(result: InvokeLatencyBenchResult): string {
  const { product, productWithoutRoster, baseline, productAlone, baselineAlone, options } = result;
  const row = (label: string, figure: LatencyFigure, against?: LatencyFigure) => [
    label,
    formatCount(figure.invokes),
    formatMs(figure.p50),
    formatMs(figure.p99),
    formatMs(figure.max),
    against ? formatRatio(figure.p50, against.p50) : '',
    against ? formatRatio(figure.p99, against.p99) : '',
    formatCount((figure.invokes / figure.wallMs) * 1000),
    formatCount(figure.failures),
  ];
  const table = formatTable(
    [
      { heading: 'Bot' },
      { heading: 'invokes', align: 'right' },
      { heading: 'p50', align: 'right' },
      { heading: 'p99', align: 'right' },
      { heading: 'max', align: 'right' },
      { heading: 'p50 ÷ echo', align: 'right' },
      { heading: 'p99 ÷ echo', align: 'right' },
      { heading: 'invokes/s', align: 'right' },
      { heading: 'failures', align: 'right' },
    ],
    [
      row(`echo bot (baseline), ${options.concurrency} in flight`, baseline),
      row(`product, take (msteams), ${options.concurrency} in flight`, product, baseline),
      row(`product, take (no roster), ${options.concurrency} in flight`, productWithoutRoster, baseline),
      row('echo bot (baseline), one at a time', baselineAlone),
      row('product, take (no roster), one at a time', productAlone, baselineAlone),
    ],
  );
  const p50Ratio = product.p50 / baseline.p50;
  const p99Ratio = product.p99 / baseline.p99;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const failures = [product, productWithoutRoster, baseline, productAlone, baselineAlone].filter((figure) => figure.failures);
  const rosterP50 = product.p50 - productWithoutRoster.p50;
  return [
    `  HTTP round trips to POST /api/messages (restify + CloudAdapter, no authentication), ${options.concurrency} in flight, then one at a time;`,
    '  each product invoke takes a request of its own (Registro → En Proceso, its effects dispatched after the answer, no Teams',
    '  channel configured); each phase starts once the effects of the one before are done, and ratios are to the echo bot',
    '  at the same concurrency.',
    '',
    table,
    '',
    `  Target p50 and p99 ≤ 2× the echo bot: p50 ${formatRatio(product.p50, baseline.p50)}, p99 ${formatRatio(product.p99, baseline.p99)} — ${verdict(p50Ratio <= 2 && p99Ratio <= 2)}.`,
    `  Target p99 < 100 ms: ${formatMs(product.p99)} — ${verdict(product.p99 < 100)}.`,
    `  Roster look-up (TeamsInfo.getMember on msteams, its serviceUrl refusing the connection, looked up once per user):`,
    rosterP50 > 0 ? `  p50 ${formatMs(rosterP50)} of the msteams figure.` : '  no cost measurable above the variation between phases (later phases run on larger collections).',
    `  One at a time (the effects of the one before done), a take costs ${formatMs(productAlone.p50)} (p50); at ${options.concurrency} in flight the`,
    `  database's throughput (${formatCount((product.invokes / product.wallMs) * 1000)} takes/s) sets the latency: each invoke waits for those queued before it.`,
    ...failures.map((figure) => `  FAILURES: ${figure.failures} — first: ${figure.firstFailure}`),
  ].join('\n');
}
