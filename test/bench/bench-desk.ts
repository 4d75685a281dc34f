import type { Connection } from 'mongoose';
import { loadConfig, type AppConfig } from '../../services/config/app-config.js';
import { createLogger } from '../../services/logging/logger.js';
import type { Actor, Person, RegistrationInput } from '../../services/requests/request-types.js';
import { createServiceDesk, type ServiceDesk } from '../../services/service-desk.js';
import type { BenchStore } from './bench-store.js';
import { settlesWithin } from './measure.js';
import { RoundTripCounter } from './round-trip-counter.js';

/** The people of the bench and the roles {@link benchConfig} gives them. */
export const benchPeople = {
  hd: { id: 'hd-1', name: 'Helena Díaz', email: 'hd@uni.example' },
  asv: { id: 'asv-1', name: 'Arturo Sánchez', email: 'asv@uni.example' },
  requester: { id: 'req-1', name: 'Rosa Quintero', email: 'rosa@uni.example' },
} satisfies Record<string, Person>;

/** The bench's configuration: silent logs, the bench roles, and `overrides` (environment names). */
export function benchConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ROLE_HD: benchPeople.hd.id,
    ROLE_ASV: benchPeople.asv.id,
    ROLE_DAU: 'dau@uni.example',
    ROLE_HEAD: 'head-1',
    ...overrides,
  });
}

/** A registration as Help Desk would type it, numbered so descriptions differ. */
export function benchRegistration(index: number): RegistrationInput {
  return {
    requester: benchPeople.requester,
    dependencia: { name: 'Facultad de Ingeniería', siglas: 'fi' },
    description: `Videoconferencia de prueba de carga número ${index}`,
    service: 'VC',
    assignee: benchPeople.asv,
  };
}

let commandCounter = 0;
/** A command id unique within the run. */
export function benchCommandId(label: string): string {
  commandCounter += 1;
  return `bench-${label}-${process.pid}-${commandCounter}`;
}

/** A service desk on a fresh database of the bench server, with a round-trip counter on its client. */
export interface BenchDesk {
  desk: ServiceDesk;
  connection: Connection;
  roundTrips: RoundTripCounter;
  /** The person as an actor with the roles the configuration gives them. */
  actor(person: Person): Actor;
  /**
   * Stops the desk (jobs, effects in flight) waiting at most `graceMs`, then closes the
   * connection, failing whatever is still in flight; the database stays, for reading what
   * happened. Runs once; later calls return the first call's report.
   */
  shutDown(graceMs?: number): Promise<CloseReport>;
  /** {@link shutDown} (if not done yet), then drops the database. Runs once. */
  close(graceMs?: number): Promise<CloseReport>;
}

/** How a {@link BenchDesk} closed. */
export interface CloseReport {
  /** Whether `desk.stop()` finished within the grace period. */
  stoppedInTime: boolean;
  /** Commands still awaiting an answer when the connection was closed. */
  abandonedCommands: number;
}

/**
 * Opens `databaseName` on `store` — emptied first unless `keep` (a seeded database) — and builds
 * a service desk on it (not started).
 */
export async function openBenchDesk(
  store: BenchStore,
  databaseName: string,
  config: AppConfig,
  options: { dispatchImmediately?: boolean; instanceName?: string; keep?: boolean } = {},
): Promise<BenchDesk> {
  const connection = options.keep ? await store.connect(databaseName) : await store.connectFresh(databaseName);
  const roundTrips = new RoundTripCounter(connection.getClient());
  try {
    const desk = await createServiceDesk({
      config,
      connection,
      logger: createLogger(config.logLevel),
      dispatchImmediately: options.dispatchImmediately,
      instanceName: options.instanceName ?? `bench-${databaseName}`,
    });
    let shuttingDown: Promise<CloseReport> | undefined;
    let closing: Promise<CloseReport> | undefined;
    const shutDown = async (graceMs: number): Promise<CloseReport> => {
      const stopped = desk.stop();
      const stoppedInTime = await settlesWithin(stopped, graceMs);
      const abandonedCommands = roundTrips.inFlight;
      roundTrips.detach();
      await store.disconnect(connection);
      await settlesWithin(stopped, graceMs);
      return { stoppedInTime, abandonedCommands };
    };
    const close = async (graceMs: number): Promise<CloseReport> => {
      const report = await (shuttingDown ??= shutDown(graceMs));
      await store.drop(databaseName);
      return report;
    };
    return {
      desk,
      connection,
      roundTrips,
      actor: (person) => desk.roles.actorFor(person),
      shutDown: (graceMs = 30_000) => (shuttingDown ??= shutDown(graceMs)),
      close: (graceMs = 30_000) => (closing ??= close(graceMs)),
    };
  } catch (error) {
    roundTrips.detach();
    if (options.keep) await store.disconnect(connection);
    else await store.discard(connection);
    throw error;
  }
}

/** Registers a request through the desk and returns its id; throws unless the registration applied. */
export async function registerRequest(bench: BenchDesk, index: number): Promise<string> {
  const result = await bench.desk.requests.register(benchRegistration(index), bench.actor(benchPeople.hd), benchCommandId('register'));
  if (result.outcome !== 'applied') throw new Error(`registration ${index}: ${result.outcome}`);
  return result.request.id;
}
