import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { secantusDbVenv, startSecantusDb, startStoreServer, type RunningStore } from '../../../services/local-store/store-server.js';

const projectRoot = process.cwd();
const installed = existsSync(join(secantusDbVenv(projectRoot), 'installed-version'));
/** No mongod on this PATH, so the launcher falls through to SecantusDB. */
const noMongod = '';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

async function roundTrip(uri: string, value: number): Promise<number[]> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
  try {
    const collection = client.db('launcher_test').collection<{ value: number }>('things');
    await collection.insertOne({ value });
    return (await collection.find().sort({ value: 1 }).toArray()).map((doc) => doc.value);
  } finally {
    await client.close();
  }
}

/** Pids of the processes running `secantusd-guard.py` with `dataDir` in their arguments. */
function guardPids(dataDir: string): number[] {
  const listed = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout ?? '';
  return listed
    .split('\n')
    .filter((line) => line.includes('secantusd-guard.py') && line.includes(dataDir))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

(installed ? describe : describe.skip)('the store launcher with SecantusDB', () => {
  const folders: string[] = [];
  const servers: RunningStore[] = [];
  const folder = (prefix: string) => {
    const made = mkdtempSync(join(tmpdir(), prefix));
    folders.push(made);
    return made;
  };
  afterAll(async () => {
    for (const server of servers) await server.stop();
    for (const made of folders) rmSync(made, { recursive: true, force: true });
  });

  it('starts a server that answers, and for a temporary folder removes it and leaves no process once stopped', async () => {
    const dataDir = folder('vc-desk-launcher-');
    const server = await startStoreServer({ dataDir, temporary: true, projectRoot, searchPath: noMongod });
    servers.push(server);

    expect(server.kind).toBe('secantusdb');
    expect(server.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+$/);
    expect(await roundTrip(server.uri, 1)).toEqual([1]);
    const [pid] = guardPids(dataDir);
    expect(pid).toBeGreaterThan(0);

    await server.stop();
    await server.stop(); // idempotent

    expect(isRunning(pid!)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('keeps a non-temporary folder (the local run) in its secantusdb subfolder, data intact across restarts', async () => {
    const dataDir = folder('vc-desk-launcher-local-');
    writeFileSync(join(dataDir, 'ferretdb-leftover.sqlite'), 'not ours');
    const first = await startStoreServer({ dataDir, projectRoot, searchPath: noMongod });
    servers.push(first);
    await roundTrip(first.uri, 1);
    await first.stop();

    expect(readdirSync(dataDir).sort()).toEqual(['ferretdb-leftover.sqlite', 'secantusdb']);
    const second = await startStoreServer({ dataDir, projectRoot, searchPath: noMongod });
    servers.push(second);
    expect(await roundTrip(second.uri, 2)).toEqual([1, 2]);
    await second.stop();
    expect(existsSync(join(dataDir, 'secantusdb'))).toBe(true);
  });

  it('stops the server and removes its temporary folder when the process that started it is killed', async () => {
    const dataDir = folder('vc-desk-launcher-orphan-');
    const launcher = join(projectRoot, 'dist', 'services', 'local-store', 'store-server.js');
    const script = `
      const { startStoreServer } = await import(${JSON.stringify(launcher)});
      const server = await startStoreServer({ dataDir: ${JSON.stringify(dataDir)}, temporary: true, projectRoot: ${JSON.stringify(projectRoot)}, searchPath: '' });
      process.stdout.write(server.uri + '\\n');
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const uri = await new Promise<string>((resolve, reject) => {
      parent.stdout.setEncoding('utf8');
      parent.stdout.once('data', (line: string) => resolve(line.trim()));
      parent.once('exit', (code) => reject(new Error(`the parent exited first (${code})`)));
    });
    expect(await roundTrip(uri, 1)).toEqual([1]);
    const pids = guardPids(dataDir);
    expect(pids).toHaveLength(1);

    parent.kill('SIGKILL');

    expect(await waitFor(() => !isRunning(pids[0]!), 10_000)).toBe(true);
    expect(await waitFor(() => !existsSync(dataDir), 2_000)).toBe(true);
  });

  it('does not take another server answering on its port for its own', async () => {
    const first = await startStoreServer({ dataDir: folder('vc-desk-launcher-first-'), temporary: true, projectRoot, searchPath: noMongod });
    servers.push(first);
    const port = Number(new URL(first.uri).port);
    const second = folder('vc-desk-launcher-second-');

    await expect(startSecantusDb({ projectRoot, storagePath: join(second, 'secantusdb'), port, removeOnExit: second })).rejects.toThrow(/Another server \(pid \d+\) answers/);
    expect(existsSync(second)).toBe(false);
    expect(guardPids(second)).toEqual([]);
    expect(await roundTrip(first.uri, 3)).toEqual([3]);
  });

  it('reads no secantusd.toml from the home folder or the working folder, and no SECANTUS_ variable', async () => {
    const home = folder('vc-desk-launcher-home-');
    mkdirSync(join(home, '.secantus'));
    // Read, this would make every command need a login.
    writeFileSync(join(home, '.secantus', 'secantusd.toml'), '[server]\nauth = true\n');
    const saved = { HOME: process.env.HOME, SECANTUS_TEST_FAST_STORAGE: process.env.SECANTUS_TEST_FAST_STORAGE };
    process.env.HOME = home;
    process.env.SECANTUS_TEST_FAST_STORAGE = '1';
    try {
      const server = await startStoreServer({ dataDir: folder('vc-desk-launcher-conf-'), temporary: true, projectRoot, searchPath: noMongod });
      servers.push(server);
      expect(await roundTrip(server.uri, 7)).toEqual([7]);
      await server.stop();
    } finally {
      process.env.HOME = saved.HOME;
      if (saved.SECANTUS_TEST_FAST_STORAGE === undefined) delete process.env.SECANTUS_TEST_FAST_STORAGE;
      else process.env.SECANTUS_TEST_FAST_STORAGE = saved.SECANTUS_TEST_FAST_STORAGE;
    }
  });
});

describe('the SecantusDB install script', () => {
  const fakes = mkdtempSync(join(tmpdir(), 'vc-desk-fake-python-'));
  afterAll(() => rmSync(fakes, { recursive: true, force: true }));

  function runInstall(python: string): { status: number | null; stderr: string } {
    const root = mkdtempSync(join(tmpdir(), 'vc-desk-install-'));
    try {
      mkdirSync(join(root, 'services', 'local-store'), { recursive: true });
      copyFileSync(join(projectRoot, 'services', 'local-store', 'install-secantusdb.sh'), join(root, 'services', 'local-store', 'install-secantusdb.sh'));
      const env: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin', HOME: root, PYTHON: python };
      const result = spawnSync('bash', [join(root, 'services', 'local-store', 'install-secantusdb.sh')], { env, encoding: 'utf8' });
      expect(existsSync(join(root, '.local', 'tools', 'secantusdb-venv', 'installed-version'))).toBe(false);
      return { status: result.status, stderr: result.stderr };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  function fakePython(body: string): string {
    const file = join(mkdtempSync(join(fakes, 'bin-')), 'python3');
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('names what is missing: Python itself', () => {
    const { status, stderr } = runInstall('/nonexistent/python3');
    expect(status).toBe(1);
    expect(stderr).toContain('needs Python ≥ 3.10');
    expect(stderr).toContain('was not found');
  });

  it('names what is missing: a Python ≥ 3.10', () => {
    const python = fakePython('case "$*" in *"print("*) echo 3.9.18;; *) exit 1;; esac');
    const { status, stderr } = runInstall(python);
    expect(status).toBe(1);
    expect(stderr).toContain('needs Python ≥ 3.10 (found 3.9.18');
  });

  it('names what is missing: the venv module', () => {
    const python = fakePython('case "$*" in *"import venv"*) exit 1;; *) exec python3 "$@";; esac');
    const { status, stderr } = runInstall(python);
    expect(status).toBe(1);
    expect(stderr).toContain('-m venv is missing');
    expect(stderr).toContain('install python3-venv');
  });
});
