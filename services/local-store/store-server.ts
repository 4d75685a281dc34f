import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { MongoClient } from 'mongodb';

/** A MongoDB-compatible server the product can use, and how to stop it. */
export interface RunningStore {
  /** Connection string without a database name (`mongodb://host:port`), or as configured. */
  uri: string;
  /** Which server backs it: the configured one, a local `mongod`, or SecantusDB. */
  kind: 'configured' | 'mongod' | 'secantusdb';
  /** Stops the server when this process started it; does nothing for a configured URI. */
  stop(): Promise<void>;
}

/** Where to look for servers and where to keep their data. */
export interface StoreServerOptions {
  /** The configured connection string; when set nothing is started. */
  configuredUri?: string | undefined;
  /**
   * Folder for the server's data (kept between runs for the local run). `mongod` uses it as its
   * `--dbpath`; SecantusDB keeps its files in the subfolder `secantusdb`.
   */
  dataDir: string;
  /** The data folder belongs to this run: it is removed once the server has stopped, also when this process dies first (SecantusDB). */
  temporary?: boolean | undefined;
  /** The project root, to find SecantusDB in `.local/tools/secantusdb-venv`. */
  projectRoot: string;
  /** PATH used to look for `mongod`. */
  searchPath?: string | undefined;
  /** Where SecantusDB's own messages (warnings and errors) are appended. */
  logFile?: string | undefined;
}

/**
 * Resolves the database for a run: a configured `MONGODB_URI` is used as it is and nothing is
 * started; otherwise a `mongod` found on PATH is started with `dataDir`; otherwise SecantusDB
 * from the project's tools folder (`npm run store:install`). A started server listens on a free
 * loopback port and is returned once it answers a `ping`.
 */
export async function startStoreServer(options: StoreServerOptions): Promise<RunningStore> {
  if (options.configuredUri) {
    return { uri: options.configuredUri, kind: 'configured', stop: async () => {} };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const mongod = findOnPath('mongod', options.searchPath);
  if (mongod) return startMongod(mongod, options);
  const server = await startSecantusDb({
    projectRoot: options.projectRoot,
    storagePath: join(options.dataDir, 'secantusdb'),
    removeOnExit: options.temporary ? options.dataDir : undefined,
    logFile: options.logFile,
  });
  return { uri: server.uri, kind: 'secantusdb', stop: () => server.stop() };
}

/** The SecantusDB version `services/local-store/install-secantusdb.sh` installs. */
export const secantusDbVersion = '0.7.0b3';

/**
 * SecantusDB fsyncs its journal before acknowledging each write (`--sync-on-commit`). Without it
 * a kill -9 of the server loses the writes of its last moments, acknowledged or not; with it
 * none (test/services/local-store/acknowledged-writes-survive-kill.test.ts; figures in README,
 * "What the database must offer").
 */
export const secantusDbSyncOnCommit = true;

/** Folder of SecantusDB's Python virtual environment. */
export function secantusDbVenv(projectRoot: string): string {
  return join(projectRoot, '.local', 'tools', 'secantusdb-venv');
}

/** How to start one SecantusDB server. */
export interface SecantusDbOptions {
  /** The project root, to find the virtual environment and `secantusd-guard.py`. */
  projectRoot: string;
  /** WiredTiger home: created when missing, reopened intact across restarts. */
  storagePath: string;
  /** Loopback port; a free one when not given. */
  port?: number | undefined;
  /** Fsync the journal on every commit; {@link secantusDbSyncOnCommit} when not given. */
  syncOnCommit?: boolean | undefined;
  /** A folder removed once the server has stopped (also after this process died). */
  removeOnExit?: string | undefined;
  /** Where the server's messages are appended. */
  logFile?: string | undefined;
}

/** A SecantusDB server started by this process. */
export interface SecantusDbServer {
  uri: string;
  port: number;
  pid: number;
  /** SIGTERM (the server checkpoints and closes its storage), SIGKILL after 15 s; then the `removeOnExit` folder is removed. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL at once, as a crash would (crash-durability tests); the `removeOnExit` folder is not removed. */
  kill(): Promise<void>;
}

const secantusLogLevel = 'WARNING';
const startTimeoutMs = 60_000;
const stopTimeoutMs = 15_000;

/**
 * Starts `secantusd-py` through `secantusd-guard.py`, in a process group of its own (a Ctrl-C
 * at the terminal reaches the parent, which stops its users first and the server last), with its
 * stdin a pipe from this process: when this process ends, however it ends, the server stops
 * itself and removes `removeOnExit`. Every setting is a flag, and `--config` names an empty file,
 * so no `secantusd.toml` from the working folder, `~/.secantus` or `/etc/secantus` is read, and no
 * `SECANTUS_*` or `PYTHONPATH` variable from this environment reaches it.
 */
export async function startSecantusDb(options: SecantusDbOptions): Promise<SecantusDbServer> {
  const venv = secantusDbVenv(options.projectRoot);
  const python = join(venv, 'bin', 'python');
  const stamp = join(venv, 'installed-version');
  const installed = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : undefined;
  if (!existsSync(python) || installed !== `secantusdb==${secantusDbVersion}`) {
    throw new Error(
      `No database: MONGODB_URI is not set, no mongod is on PATH and SecantusDB ${secantusDbVersion} is not installed in ${venv}` +
        (installed ? ` (found ${installed})` : '') +
        '. Run `npm run store:install` (needs Python ≥ 3.10 with venv) or set MONGODB_URI.',
    );
  }
  const config = join(venv, 'secantusd.toml');
  if (!existsSync(config)) {
    writeFileSync(
      config,
      '# Empty on purpose: services/local-store/store-server.ts passes every setting as a flag and names\n' +
        '# this file so that secantusd-py reads no ./secantusd.toml, ~/.secantus/ or /etc/secantus/ file.\n',
    );
  }
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(SECANTUS_|PYTHON)/.test(name)) env[name] = value;
  }
  env.PYTHONNOUSERSITE = '1';
  env.PYTHONDONTWRITEBYTECODE = '1';

  for (let attempt = 1; ; attempt++) {
    // (again after a failed attempt: the guard removes `removeOnExit` when the server exits)
    mkdirSync(options.storagePath, { recursive: true });
    const port = options.port ?? (await findFreePort());
    const args = [
      join(options.projectRoot, 'services', 'local-store', 'secantusd-guard.py'),
      ...(options.removeOnExit ? ['--remove-on-exit', options.removeOnExit] : []),
      '--',
      '--config', config,
      '--storage-path', options.storagePath,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--log-level', secantusLogLevel,
      ...((options.syncOnCommit ?? secantusDbSyncOnCommit) ? ['--sync-on-commit'] : []),
    ];
    const child = spawn(python, args, { cwd: options.storagePath, env, detached: true, stdio: ['pipe', 'ignore', 'pipe'] });
    const output = collectOutput(child, options.logFile);
    // The server must not keep this process alive, and this process's end is its signal to stop.
    child.unref();
    for (const stream of [child.stdin, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
    const uri = `mongodb://127.0.0.1:${port}`;
    const server = managedServer(child, uri, port, options.removeOnExit);
    try {
      await waitUntilAnswering(uri, child, startTimeoutMs);
      return server;
    } catch (error) {
      await server.kill();
      if (options.removeOnExit) rmSync(options.removeOnExit, { recursive: true, force: true });
      const said = output();
      if (options.port === undefined && attempt < 3 && (error instanceof PortTakenError || /Address already in use/i.test(said))) continue;
      throw new Error(`${(error as Error).message}${said ? `\nSecantusDB said:\n${said}` : ''}`, { cause: error });
    }
  }
}

function managedServer(child: ChildProcess, uri: string, port: number, removeOnExit: string | undefined): SecantusDbServer {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
    // Could not be started at all (no 'exit' follows); waitUntilAnswering reports it.
    child.once('error', () => resolve());
  });
  let stopping: Promise<void> | undefined;
  return {
    uri,
    port,
    pid: child.pid ?? -1,
    stop() {
      stopping ??= (async () => {
        await terminate(child, exited, 'SIGTERM', stopTimeoutMs);
        if (removeOnExit) rmSync(removeOnExit, { recursive: true, force: true });
      })();
      return stopping;
    },
    async kill() {
      await terminate(child, exited, 'SIGKILL', stopTimeoutMs);
    },
  };
}

async function terminate(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals, boundMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), boundMs);
  });
  if ((await Promise.race([exited, late])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

/** Keeps the last 16 KB of the server's stderr (for start errors) and appends it to `logFile`. */
function collectOutput(child: ChildProcess, logFile: string | undefined): () => string {
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-16_384);
    if (logFile) {
      try {
        appendFileSync(logFile, chunk);
      } catch {
        // a log that cannot be written must not stop the server
      }
    }
  });
  child.stdin?.on('error', () => {});
  return () => tail.trim();
}

/** Raised when the port answers, but not from the process just started (the port was taken in between). */
class PortTakenError extends Error {}

/**
 * Waits until the server answers (it may accept connections before it serves them), and checks
 * that the answer comes from `child` (serverStatus `pid`), not from a server that took the port
 * between {@link findFreePort} and the start.
 */
async function waitUntilAnswering(uri: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let failedToStart: Error | undefined;
  child.once('error', (error) => {
    failedToStart = error;
  });
  const exitedEarly = () => child.exitCode !== null || child.signalCode !== null;
  while (Date.now() < deadline) {
    if (failedToStart) throw new Error(`The database server could not be started: ${failedToStart.message}`);
    if (exitedEarly()) throw new Error(`The database server exited at start (${child.exitCode ?? child.signalCode}).`);
    if (!(await canConnect(uri))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    const client = new MongoClient(uri, { directConnection: true, serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
    let pid: number | undefined;
    try {
      pid = Number((await client.db('admin').command({ serverStatus: 1 })).pid);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    } finally {
      await client.close().catch(() => undefined);
    }
    if (pid === child.pid) return;
    throw new PortTakenError(`Another server (pid ${pid}) answers on ${uri}, where the database server was to listen.`);
  }
  throw new Error(`The database server did not answer on ${uri} within ${timeoutMs} ms.`);
}

/** Whether the server's port takes a TCP connection (cheaper than the driver while it starts). */
function canConnect(uri: string): Promise<boolean> {
  const { hostname, port } = new URL(uri);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function startMongod(mongod: string, options: StoreServerOptions): Promise<RunningStore> {
  const port = await findFreePort();
  const child = spawn(mongod, ['--dbpath', options.dataDir, '--bind_ip', '127.0.0.1', '--port', String(port), '--quiet'], {
    stdio: 'ignore',
  });
  // mongod cannot watch for this process's end: at least a normal exit stops it.
  const onExit = () => child.kill('SIGTERM');
  process.once('exit', onExit);
  // A standalone mongod acknowledges `w: 1` writes before they reach its journal: a kill -9 could
  // lose them. `journal=true` makes every write of the clients on this URI wait for the journal.
  const uri = `mongodb://127.0.0.1:${port}/?journal=true`;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await terminate(child, exited, 'SIGTERM', stopTimeoutMs);
      process.off('exit', onExit);
      if (options.temporary) rmSync(options.dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  try {
    await waitUntilAnswering(uri, child, startTimeoutMs);
  } catch (error) {
    await terminate(child, exited, 'SIGKILL', stopTimeoutMs);
    await stop();
    throw error;
  }
  return { uri, kind: 'mongod', stop };
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
