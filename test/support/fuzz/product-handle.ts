import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SeedKind } from './seed-kinds.js';

/** One log line of the product (the logger's JSON), with the level parsed. */
export interface ProductLogLine {
  level: string;
  message: string;
  line: string;
}

/** The product running in its child process, as the fuzz suite drives it. */
export interface ProductHandle {
  baseUrl: string;
  /** Whether the process is still running; `exit` says how it ended when it is not. */
  alive(): boolean;
  exit(): { code: number | null; signal: string | null } | null;
  /** Log lines since the last call (ordered with the replies: all lines written before an `idle` reply are in). */
  takeLogs(): ProductLogLine[];
  /** The last lines the process wrote to stderr (an uncaught error's stack). */
  stderrTail(): string;
  /** Waits until the effects dispatched in the process so far are done. */
  idle(timeoutMs?: number): Promise<void>;
  seed(kinds: SeedKind[], firstIndex: number): Promise<Array<{ id: string; status: string; problems: string[] }>>;
  stop(): Promise<void>;
}

/**
 * The compiled child module (`npm test` and `npx tsc` build it; jest itself runs the test from
 * source): refused when older than its source, so the fuzz never drives stale product code
 * without saying so.
 */
function childModule(): string {
  const compiled = fileURLToPath(new URL('../../../dist/test/support/fuzz/product-process.js', import.meta.url));
  const source = fileURLToPath(new URL('./product-process.ts', import.meta.url));
  if (!existsSync(compiled)) throw new Error(`the fuzz product process is not built (${compiled}): run \`npx tsc -p tsconfig.json\` or \`npm test\``);
  if (existsSync(source) && statSync(source).mtimeMs > statSync(compiled).mtimeMs + 1000) {
    throw new Error(`${compiled} is older than its source: run \`npx tsc -p tsconfig.json\` first`);
  }
  return compiled;
}

/** Starts the product in a child process on `database` of the test server, configured by `environment`. */
export async function startProduct(options: { uri: string; database: string; environment: Record<string, string>; catalogueFile: string }): Promise<ProductHandle> {
  const { NODE_OPTIONS: _nodeOptions, ...environment } = process.env;
  const child: ChildProcess = fork(childModule(), [], {
    env: { ...environment, FUZZ_PRODUCT: JSON.stringify(options) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [],
  });
  let exited: { code: number | null; signal: string | null } | null = null;
  let stderr = '';
  let logs: ProductLogLine[] = [];
  let callId = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-8000);
  });
  const ready = new Promise<number>((resolve, reject) => {
    child.on('message', (message: { type: string; port?: number; line?: string; id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (message.type === 'ready') resolve(message.port!);
      else if (message.type === 'log') {
        let parsed: { level?: string; message?: string } = {};
        try {
          parsed = JSON.parse(message.line!) as typeof parsed;
        } catch {
          // kept as text
        }
        logs.push({ level: parsed.level ?? 'unknown', message: parsed.message ?? '', line: message.line! });
        if (logs.length > 5000) logs = logs.slice(-5000);
      } else if (message.type === 'reply') {
        const waiting = pending.get(message.id!);
        pending.delete(message.id!);
        if (message.ok) waiting?.resolve(message.result);
        else waiting?.reject(new Error(`product-process: ${message.error}`));
      }
    });
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      reject(new Error(`the product process ended before it was ready (code ${code}, signal ${signal}): ${stderr}`));
      for (const waiting of pending.values()) waiting.reject(new Error(`the product process ended (code ${code}, signal ${signal})`));
      pending.clear();
    });
  });
  const port = await ready;
  const call = (op: string, args?: unknown, timeoutMs = 60_000): Promise<unknown> => {
    if (exited) return Promise.reject(new Error(`the product process has ended (code ${exited.code}, signal ${exited.signal})`));
    callId += 1;
    const id = callId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`product-process: ${op} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ type: 'call', id, op, args });
    });
  };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    alive: () => exited === null,
    exit: () => exited,
    takeLogs: () => {
      const taken = logs;
      logs = [];
      return taken;
    },
    stderrTail: () => stderr,
    idle: async (timeoutMs = 10_000) => {
      await call('idle', undefined, timeoutMs);
    },
    seed: (kinds, firstIndex) => call('seed', { kinds, firstIndex }, 120_000) as ReturnType<ProductHandle['seed']>,
    stop: async () => {
      if (exited) return;
      const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await call('stop', undefined, 15_000).catch(() => undefined);
      child.kill('SIGTERM');
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}
