import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { delimiter, join } from 'node:path';

/** A MongoDB-compatible server the product can use, and how to stop it. */
export interface RunningStore {
  /** Connection string without a database name (`mongodb://host:port`, with options for FerretDB) or as configured. */
  uri: string;
  /** Which server backs it: the configured one, a local `mongod`, or FerretDB. */
  kind: 'configured' | 'mongod' | 'ferretdb';
  /** Stops the server when this process started it; does nothing for a configured URI. */
  stop(): Promise<void>;
}

/** Where to look for servers and where to keep their data. */
export interface StoreServerOptions {
  /** The configured connection string; when set nothing is started. */
  configuredUri?: string | undefined;
  /** Folder for the server's data files (kept between runs for the local run). */
  dataDir: string;
  /** The project root, to find `.local/tools/bin/ferretdb`. */
  projectRoot: string;
  /** PATH used to look for `mongod`. */
  searchPath?: string | undefined;
  /** Where the server's own output goes. */
  logFile?: string | undefined;
}

/**
 * Resolves the database for a run: a configured `MONGODB_URI` is used as it is and nothing is
 * started; otherwise a `mongod` found on PATH is started with `dataDir`; otherwise FerretDB
 * (SQLite engine, telemetry off) from the project's tools folder. Started servers listen on a
 * free loopback port.
 */
export async function startStoreServer(options: StoreServerOptions): Promise<RunningStore> {
  if (options.configuredUri) {
    return { uri: options.configuredUri, kind: 'configured', stop: async () => {} };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const port = await findFreePort();
  const mongod = findOnPath('mongod', options.searchPath);
  const child = mongod
    ? spawn(mongod, ['--dbpath', options.dataDir, '--bind_ip', '127.0.0.1', '--port', String(port), '--quiet'], {
        stdio: 'ignore',
      })
    : spawnFerretDb(options, port);
  const kind = mongod ? 'mongod' : 'ferretdb';
  try {
    await waitForPort(port, child, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const uri = mongod ? `mongodb://127.0.0.1:${port}` : `mongodb://127.0.0.1:${port}/?maxPoolSize=${ferretDbPoolSize}`;
  return { uri, kind, stop: () => stopChild(child) };
}

/**
 * Connections a client opens to FerretDB at most. SQLite takes one writer at a time and a writer
 * that finds it busy sleeps and retries, giving up after FerretDB's 10 s busy timeout (`database
 * is locked`); with few connections the driver queues commands in order instead.
 */
const ferretDbPoolSize = 6;

/** Path of the FerretDB binary installed by `services/local-store/install-ferretdb.sh`. */
export function ferretDbBinary(projectRoot: string): string {
  return join(projectRoot, '.local', 'tools', 'bin', 'ferretdb');
}

function spawnFerretDb(options: StoreServerOptions, port: number): ChildProcess {
  const binary = ferretDbBinary(options.projectRoot);
  if (!existsSync(binary)) {
    throw new Error(
      `No database: MONGODB_URI is not set, no mongod is on PATH and FerretDB is not installed at ${binary}. ` +
        'Run `npm run store:install` (needs Go) or set MONGODB_URI.',
    );
  }
  const stateDir = join(options.dataDir, 'state');
  mkdirSync(stateDir, { recursive: true });
  return spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${options.dataDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      '--telemetry=disable',
      `--state-dir=${stateDir}`,
      '--debug-addr=-',
      '--log-level=error',
    ],
    { stdio: 'ignore', env: { ...process.env, DO_NOT_TRACK: '1' } },
  );
}

function findOnPath(command: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) {
      const probe = spawnSync(join(dir, command), ['--version'], { stdio: 'ignore', timeout: 5000 });
      if (probe.status === 0) return join(dir, command);
    }
  }
  return undefined;
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`The database server exited at start (code ${exited}).`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The database server did not listen on 127.0.0.1:${port} within ${timeoutMs} ms.`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
