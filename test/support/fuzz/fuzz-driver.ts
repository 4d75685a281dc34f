import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { send, type HttpAnswer } from '../http-request.js';
import { knownCrashes, knownIssues } from './known-issues.js';
import { Materialiser, type ConcretePayload } from './materialise.js';
import type { Plan } from './payload-arbitraries.js';
import type { ProductHandle, ProductLogLine } from './product-handle.js';
import { seedKinds, type SeedKind } from './seed-kinds.js';
import type { Snapshot, StoreWatch } from './store-watch.js';

/** The slowest answer a payload may get. */
export const ANSWER_BUDGET_MS = 2000;

/**
 * Sends fuzz plans to the running product one at a time and checks each: the answer's status
 * (never 5xx; 501 only for an invoke nobody handles), its time (under {@link ANSWER_BUDGET_MS}),
 * the process alive and /healthz answering, no error logged by a handler, and every write since the
 * last payload one the sender was entitled to ({@link StoreWatch}). A failure throws with the seed,
 * the plan and the concrete payload (the whole body is written to a file when it is large).
 */
export class FuzzDriver {
  readonly timings: number[] = [];
  readonly coverage = new Map<string, number>();
  readonly statuses = new Map<string, number>();
  readonly warnings = new Map<string, number>();
  failures = 0;
  /** Payloads that met only a known, reported product bug ({@link knownIssues}), by issue: how many, and the first one's report. */
  readonly known = new Map<string, { count: number; example: string }>();
  /** `FUZZ_STRICT=1`: known issues fail the run too. */
  private readonly strict = process.env.FUZZ_STRICT === '1';
  payloads = 0;
  seeded = 0;
  private last: Snapshot | undefined;
  private lastTopUp = 0;
  private deathReport: string | undefined;
  /** The last payloads that logged errors, for naming the one that left something behind when the process ends later. */
  private readonly recent: Array<{ payload: number; at: number; errors: string[]; body: string }> = [];
  /** Where the time goes, per phase, in ms (summed). */
  readonly phases = { topUp: 0, send: 0, idle: 0, health: 0, snapshot: 0, check: 0 };
  private readonly materialiser: Materialiser;

  constructor(
    private readonly product: ProductHandle,
    readonly watch: StoreWatch,
    serviceUrl: string,
    private readonly seed: number,
    private readonly rerun: string,
  ) {
    this.materialiser = new Materialiser(serviceUrl, `${seed}`);
  }

  /** Seeds requests in every status through the service API (not a payload: its writes are the suite's own). */
  async seedRequests(kinds: readonly SeedKind[] = seedKinds): Promise<string[]> {
    const before = this.last ?? (await this.watch.snapshot());
    const results = await this.product.seed([...kinds], this.seeded);
    this.seeded += kinds.length;
    const after = await this.watch.snapshot(before);
    await this.watch.check(before, after, null, { seeding: true });
    this.last = after;
    return results.flatMap((result) => result.problems.map((problem) => `${result.id} ${problem}`));
  }

  /** Sends a payload without checking it (the warm-up before the measured runs). */
  async warmUp(plan: Plan): Promise<void> {
    const before = this.last ?? (await this.watch.snapshot());
    const payload = this.materialiser.materialise(plan, before);
    await this.send(payload).catch(() => undefined);
    await this.product.idle();
    this.product.takeLogs();
    const after = await this.watch.snapshot(before);
    await this.watch.check(before, after, null, { seeding: true });
    this.last = after;
  }

  /** Sends one plan and checks everything about it; throws a report when anything is wrong. */
  async run(plan: Plan): Promise<void> {
    let mark = performance.now();
    const lap = (phase: keyof FuzzDriver['phases']) => {
      const now = performance.now();
      this.phases[phase] += now - mark;
      mark = now;
    };
    await this.topUp();
    lap('topUp');
    const before = this.last ?? (await this.watch.snapshot());
    const payload = this.materialiser.materialise(plan, before);
    const crash = this.strict ? undefined : knownCrashes.find((known) => known.triggers(payload));
    if (crash) {
      const seen = this.known.get(crash.id);
      this.known.set(crash.id, { count: (seen?.count ?? 0) + 1, example: seen?.example ?? this.report(plan, payload, undefined, ['not sent: it would end the product process (a known bug)']) });
      return;
    }
    this.payloads += 1;
    this.coverage.set(payload.label, (this.coverage.get(payload.label) ?? 0) + 1);
    const problems: string[] = [];

    let answer: HttpAnswer | undefined;
    try {
      answer = await this.send(payload);
    } catch (error) {
      problems.push(`no answer: ${(error as Error).message}`);
    }
    lap('send');
    if (answer) {
      this.timings.push(answer.ms);
      this.statuses.set(String(answer.status), (this.statuses.get(String(answer.status)) ?? 0) + 1);
      const { statuses, classes, why } = payload.expect;
      const status = this.effectiveStatus(payload, answer);
      const inClass = (status: number) => (classes ?? []).some((name) => (name === '2xx' ? status >= 200 && status < 300 : status >= 400 && status < 500));
      if (answer.status >= 500 && answer.status !== 501) problems.push(`answered ${answer.status} (${why})`);
      else if (!(statuses?.includes(status) || inClass(status))) problems.push(`answered ${status}${status !== answer.status ? ` (in a ${answer.status})` : ''}, expected ${statuses?.join('/') ?? classes?.join('/')} for ${why}`);
      if (answer.ms >= ANSWER_BUDGET_MS) problems.push(`answered in ${Math.round(answer.ms)} ms (budget ${ANSWER_BUDGET_MS} ms)`);
    }

    if (this.product.alive()) {
      await this.product.idle(15_000).catch((error: unknown) => problems.push(`the product did not settle its effects: ${(error as Error).message}`));
    }
    lap('idle');
    if (!this.product.alive()) {
      // The payload that ended it may be an earlier one (a timer it left behind): name the recent ones that logged
      // errors — once, when the end is first seen; every later report (shrinking included) repeats it.
      if (!this.deathReport) {
        const seen = new Set<string>();
        const suspects = this.recent.filter((entry) => {
          const key = entry.errors.join('|');
          if (Date.now() - entry.at > 20_000 || seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        this.deathReport = [
          `the product process ended during or before payload #${this.payloads}: ${JSON.stringify(this.product.exit())}`,
          ...suspects.map((entry) => `  recent payload #${entry.payload} (${Math.round((Date.now() - entry.at) / 1000)} s earlier) logged: ${entry.errors.join(' | ').slice(0, 400)}\n    ${entry.body}`),
          this.product.stderrTail(),
        ].join('\n');
      }
      problems.push(this.deathReport);
    } else {
      const health = await send(`${this.product.baseUrl}/healthz`).catch((error: Error) => ({ status: 0, body: error.message, ms: 0 }) as HttpAnswer);
      if (health.status !== 200) problems.push(`/healthz answered ${health.status} after the payload`);
    }
    const logged = this.product.takeLogs();
    for (const line of logged) this.noteLog(line, problems);
    const errors = logged.filter((line) => line.level === 'error').map((line) => line.message);
    if (errors.length) this.recent.push({ payload: this.payloads, at: Date.now(), errors, body: `${payload.method} ${payload.path} ${typeof payload.body === 'string' ? payload.body.slice(0, 600) : ''}` });
    if (this.recent.length > 500) this.recent.shift();
    lap('health');

    try {
      const after = await this.watch.snapshot(before);
      lap('snapshot');
      for (const violation of await this.watch.check(before, after, payload.sender)) problems.push(`write not entitled: ${violation}`);
      this.last = after;
      if (this.payloads % 20 === 0) for (const violation of await this.watch.checkEffectSide()) problems.push(`effect side (checked every 20 payloads): ${violation}`);
      lap('check');
    } catch (error) {
      problems.push(`the store could not be read after the payload: ${(error as Error).message}`);
      this.last = undefined;
    }

    if (problems.length && !this.strict) {
      const issues = problems.map((problem) => knownIssues.find((issue) => issue.matches(payload, problem)));
      if (issues.every(Boolean)) {
        for (const issue of new Set(issues)) {
          const seen = this.known.get(issue!.id);
          this.known.set(issue!.id, { count: (seen?.count ?? 0) + 1, example: seen?.example ?? this.report(plan, payload, answer, problems) });
        }
        return;
      }
    }
    if (problems.length) {
      this.failures += 1;
      throw new Error(this.report(plan, payload, answer, problems));
    }
  }

  /**
   * Seeds requests of the kinds that have become scarce (fewer than two requests in their state),
   * at most every ten payloads, so the verbs keep meeting every status and the store stays small.
   */
  private async topUp(): Promise<void> {
    if (!this.last || this.payloads - this.lastTopUp < 10) return;
    const requests = [...this.last.requests.values()];
    const count = (match: (request: (typeof requests)[number]) => boolean) => requests.filter(match).length;
    const complete = (request: (typeof requests)[number]) => (request.form as { complete?: boolean } | null)?.complete === true;
    const wanted: Array<[SeedKind, number]> = [
      ['registro', count((request) => request.status === 'Registro')],
      ['en-proceso', count((request) => request.status === 'En Proceso' && !complete(request))],
      ['pendiente', count((request) => request.status === 'Pendiente por el usuario')],
      ['espera', count((request) => request.status === 'Espera')],
      ['no-procede', count((request) => request.status === 'No Procede')],
      ['ready-to-book', count((request) => request.status === 'En Proceso' && complete(request) && !request.booking)],
      ['booked', count((request) => request.status === 'En Proceso' && complete(request) && Boolean(request.booking))],
    ];
    const kinds = wanted.filter(([, present]) => present < 2).map(([kind]) => kind);
    if (!kinds.length) return;
    this.lastTopUp = this.payloads;
    const problems = await this.seedRequests(kinds);
    if (problems.length) console.warn(`fuzz: seeding did not go as planned: ${problems.join('; ')}`);
  }

  /**
   * The status the answer gives the activity: the HTTP status, or — for `deliveryMode:
   * expectReplies`, which the Bot Framework answers 200 with the turn's activities — the status of
   * the invoke response among them.
   */
  private effectiveStatus(payload: ConcretePayload, answer: HttpAnswer): number {
    if (payload.activity?.deliveryMode !== 'expectReplies' || answer.status !== 200 || payload.activity.type !== 'invoke') return answer.status;
    try {
      const replies = (JSON.parse(answer.body) as { activities?: Array<{ type?: string; value?: { status?: number } }> }).activities ?? [];
      return replies.find((reply) => reply.type === 'invokeResponse')?.value?.status ?? answer.status;
    } catch {
      return answer.status;
    }
  }

  private send(payload: ConcretePayload): Promise<HttpAnswer> {
    const url = `${this.product.baseUrl}${payload.path}`;
    const call = send(url, { method: payload.method, headers: payload.headers, ...(payload.body !== undefined ? { body: payload.body } : {}) });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('no answer within 20 s')), 20_000);
    });
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }

  /** An error logged during a payload is a crash a handler caught (a turn, an invoke, a route, a job); warnings are counted. */
  private noteLog(line: ProductLogLine, problems: string[]): void {
    if (line.level === 'error') problems.push(`the product logged an error: ${line.line.slice(0, 1500)}`);
    else if (line.level === 'warn') {
      const key = line.message.replace(/[0-9a-f]{24}(:\d+)?(\/\d+)?/g, '…').slice(0, 120);
      this.warnings.set(key, (this.warnings.get(key) ?? 0) + 1);
    }
  }

  private report(plan: Plan, payload: ConcretePayload, answer: HttpAnswer | undefined, problems: string[]): string {
    const body = typeof payload.body === 'string' ? payload.body : payload.body ? `(bytes) ${payload.body.subarray(0, 2000).toString('latin1')}` : '';
    let where = '';
    if (body.length > 4000) {
      const folder = join(tmpdir(), 'vc-desk-fuzz');
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `failure-seed${this.seed}-payload${this.payloads}.json`);
      writeFileSync(file, JSON.stringify({ seed: this.seed, plan, method: payload.method, path: payload.path, headers: payload.headers, body }, null, 1));
      where = `\n  (the whole payload is in ${file})`;
    }
    return [
      `fuzz payload #${this.payloads} failed — seed ${this.seed} (re-run: ${this.rerun})`,
      ...problems.map((problem) => `  - ${problem}`),
      `  sender: ${JSON.stringify(payload.sender ? { accepted: payload.sender.accepted, objectId: payload.sender.objectId, roles: payload.sender.roles } : null)}`,
      `  request: ${payload.method} ${payload.path.slice(0, 300)} ${JSON.stringify(payload.headers)}`,
      `  body (${body.length} chars): ${body.slice(0, 4000)}${where}`,
      `  answer: ${answer ? `${answer.status} in ${Math.round(answer.ms)} ms: ${answer.body.slice(0, 600)}` : 'none'}`,
    ].join('\n');
  }

  /** Waits for the effects in flight, then checks the effect side (at the start for its baseline, and at the end). */
  async checkEffectSide(): Promise<string[]> {
    await this.product.idle();
    return this.watch.checkEffectSide();
  }

  /** p50, p99 and max of the answer times so far. */
  percentiles(): { p50: number; p99: number; max: number } {
    const sorted = [...this.timings].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
  }
}
