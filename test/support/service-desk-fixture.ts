import { loadConfig, type AppConfig } from '../../services/config/app-config.js';
import { createLogger } from '../../services/logging/logger.js';
import { createServiceDesk, type ServiceDesk, type ServiceDeskOptions } from '../../services/service-desk.js';
import type { Actor, Person, RegistrationInput } from '../../services/requests/request-types.js';
import { openTestDatabase } from './test-database.js';
import { TEST_TENANT_ID } from './teams-activity.js';

/** People of the tests, with the roles the test configuration gives them. */
export const people = {
  hd: { id: 'hd-1', name: 'Helena Díaz', email: 'hd@uni.example' },
  asv: { id: 'asv-1', name: 'Arturo Sánchez', email: 'asv@uni.example' },
  asv2: { id: 'asv-2', name: 'Beatriz Valdés', email: 'asv2@uni.example' },
  dau: { id: 'dau-1', name: 'Dora Aguilar', email: 'dau@uni.example' },
  requester: { id: 'req-1', name: 'Rosa Quintero', email: 'rosa@uni.example' },
  stranger: { id: 'x-1', name: 'Xavier Otero', email: 'x@uni.example' },
} satisfies Record<string, Person>;

/** A configuration for tests: the test roles, short periods where given. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    ROLE_HD: 'hd-1',
    ROLE_ASV: 'asv-1,asv-2',
    ROLE_DAU: 'dau-1,dau@uni.example',
    ROLE_HEAD: 'head-1',
    TEAMS_TENANT_ID: TEST_TENANT_ID,
    JOBS_PROCESS_EVERY_MS: '200',
    EFFECTS_SWEEP_EVERY_MS: '500',
    EFFECTS_RETRY_BASE_MS: '50',
    ...overrides,
  });
}

/** A registration as Help Desk would type it. */
export function registration(overrides: Partial<RegistrationInput> = {}): RegistrationInput {
  return {
    requester: people.requester,
    dependencia: { name: 'Facultad de Ingeniería', siglas: 'fi' },
    description: 'Videoconferencia con la Universidad de Salamanca para un examen de grado',
    service: 'VC',
    assignee: people.asv,
    ...overrides,
  };
}

/** A service desk on a fresh database of its own; `close()` stops it and drops the database. */
export async function openServiceDesk(
  testFile: string,
  options: { config?: AppConfig; label?: string } & Partial<Omit<ServiceDeskOptions, 'config' | 'connection' | 'logger'>> = {},
): Promise<{ desk: ServiceDesk; actor(person: Person): Actor; close(): Promise<void>; database: Awaited<ReturnType<typeof openTestDatabase>> }> {
  const database = await openTestDatabase(testFile, options.label);
  const config = options.config ?? testConfig();
  const desk = await createServiceDesk({ ...options, config, connection: database.connection, logger: createLogger(config.logLevel) });
  return {
    desk,
    database,
    actor: (person) => desk.roles.actorFor(person),
    close: async () => {
      await desk.stop();
      await database.drop();
    },
  };
}

let commandCounter = 0;
/** A fresh command id, as a card click would carry. */
export function commandId(label = 'cmd'): string {
  commandCounter += 1;
  return `${label}-${process.pid}-${Date.now()}-${commandCounter}`;
}

/** Polls `probe` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`eventually: condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
