/**
 * Starts the compiled product process (`dist/test/support/bot-process.js`) as a child, waits for
 * its `ready`, and kills it (SIGKILL, as a crash) or stops it (SIGTERM). Its stderr (the product's
 * log) is kept, to say what went wrong when a test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../dist/test/support/bot-process.js', import.meta.url));

export interface BotChild {
  pid: number;
  baseUrl: string;
  /** When `ready` was printed (ms since the epoch). */
  readyAt: number;
  /** The child's stderr so far (the last 64 KB). */
  log(): string;
  /** Every stderr line that matched `keepLines`, in order. */
  kept: string[];
  /** SIGKILL now; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (stops in order), SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export interface BotChildOptions {
  uri: string;
  database: string;
  port: number;
  /** Configuration variables over the tests' configuration. */
  config: Record<string, string>;
  startTimeoutMs?: number;
  /** Log lines to keep whole (e.g. the jobs' debug lines, to count their runs). */
  keepLines?: RegExp | undefined;
}

export async function startBotChild(options: BotChildOptions): Promise<BotChild> {
  const child: ChildProcess = spawn(process.execPath, [entry, options.uri, options.database, String(options.port)], {
    env: { ...process.env, NODE_OPTIONS: '', BOT_PROCESS_CONFIG: JSON.stringify(options.config) },
    // stdin is a pipe the child watches: when this process ends, however it ends, the child exits too.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin!.on('error', () => {});
  let stderr = '';
  let partial = '';
  const kept: string[] = [];
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-65_536);
    if (!options.keepLines) return;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (options.keepLines.test(line)) kept.push(line);
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bot process not ready within ${options.startTimeoutMs ?? 30_000} ms:\n${stderr}`));
    }, options.startTimeoutMs ?? 30_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      if (/^ready$/m.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`bot process exited before ready (${code ?? signal}):\n${stderr}`));
    });
  });
  const readyAt = Date.now();
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return {
    pid: child.pid!,
    baseUrl: `http://127.0.0.1:${options.port}`,
    readyAt,
    log: () => stderr,
    kept,
    kill,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const late = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(late);
    },
  };
}
