import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { secantusDbSyncOnCommit, secantusDbVersion, startStoreServer, type RunningStore } from '../../services/local-store/store-server.js';

/** Where the bench finds its server; mirrors the test run's global set-up. */
export interface BenchStoreOptions {
  /** A configured server (`MONGODB_URI`); when set, nothing is started or removed. */
  configuredUri?: string | undefined;
  /** The project root, to find SecantusDB. */
  projectRoot: string;
  /** PATH used to look for `mongod`. */
  searchPath?: string | undefined;
}

/**
 * The bench's own database server (SecantusDB, or `mongod` when one is on PATH, on a fresh
 * temporary data folder — started as the tests and the local run start it — or the configured one)
 * and the connections opened on it. {@link close} closes every connection, stops
 * the server and removes its data.
 */
export class BenchStore {
  readonly #connections = new Set<Connection>();

  private constructor(
    private readonly server: RunningStore,
    private readonly dataDir: string,
  ) {}

  /** Starts (or finds) the server. */
  static async start(options: BenchStoreOptions): Promise<BenchStore> {
    const dataDir = mkdtempSync(join(tmpdir(), 'vc-desk-bench-store-'));
    try {
      const server = await startStoreServer({
        configuredUri: options.configuredUri,
        dataDir,
        projectRoot: options.projectRoot,
        searchPath: options.searchPath,
      });
      return new BenchStore(server, dataDir);
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Which server backs the bench: `secantusdb`, `mongod` or `configured`. */
  get kind(): RunningStore['kind'] {
    return this.server.kind;
  }

  /** The server for the report's first line: `secantusdb 0.7.0b3 --sync-on-commit`, `mongod`, `configured`. */
  describe(): string {
    if (this.server.kind !== 'secantusdb') return this.server.kind;
    return `secantusdb ${secantusDbVersion}${secantusDbSyncOnCommit ? ' --sync-on-commit' : ''} (started by services/local-store/store-server.ts)`;
  }

  /**
   * Opens a connection to `databaseName` with command monitoring on, so that a
   * {@link RoundTripCounter} can count what is sent on it. Each connection has its own pool.
   */
  async connect(databaseName: string): Promise<Connection> {
    const connection = mongoose.createConnection(this.server.uri, {
      dbName: databaseName,
      monitorCommands: true,
      autoIndex: false,
      autoCreate: false,
      serverSelectionTimeoutMS: 10_000,
    });
    this.#connections.add(connection);
    try {
      await connection.asPromise();
    } catch (error) {
      await this.disconnect(connection);
      throw error;
    }
    return connection;
  }

  /** Like {@link connect}, on an emptied database. */
  async connectFresh(databaseName: string): Promise<Connection> {
    const connection = await this.connect(databaseName);
    await connection.dropDatabase();
    return connection;
  }

  /** Closes `connection`; commands still in flight on it fail at once. */
  async disconnect(connection: Connection): Promise<void> {
    this.#connections.delete(connection);
    await connection.close();
  }

  /**
   * Closes `connection` (failing its commands in flight) and drops its database through a
   * connection of its own, so a backlog on `connection` cannot hold the drop up.
   */
  async discard(connection: Connection): Promise<void> {
    const databaseName = connection.name;
    await this.disconnect(connection);
    await this.drop(databaseName);
  }

  /** Drops `databaseName` through a short-lived connection of its own. */
  async drop(databaseName: string): Promise<void> {
    const dropper = await this.connect(databaseName);
    try {
      await dropper.dropDatabase();
    } finally {
      await this.disconnect(dropper);
    }
  }

  /** Closes the connections still open, stops the server (when started here) and removes its data. */
  async close(): Promise<void> {
    for (const connection of this.#connections) await connection.close().catch(() => undefined);
    this.#connections.clear();
    try {
      await this.server.stop();
    } finally {
      rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}
