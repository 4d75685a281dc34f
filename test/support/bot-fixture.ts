import { createServer } from 'node:net';
import { composeBot, type ComposedBot } from '../../bot/compose-bot.js';
import { playgroundTenant } from '../../bot/local-playground.js';
import { statusColours } from '../../cards/request-card.js';
import type { RequestStatus } from '../../services/requests/request-types.js';
import { createLogger } from '../../services/logging/logger.js';
import { seedCatalogue } from './agenda-fixture.js';
import { startPlayground, type BotMessage, type Playground } from './playground.js';
import { testConfig } from './service-desk-fixture.js';
import { openTestDatabase } from './test-database.js';

/** The Entra object id the Playground sends for one of its mock users (`user-id-0` … `user-id-5`). */
export function objectIdOf(playgroundUserId: string): string {
  const index = Number(/^user-id-(\d)$/.exec(playgroundUserId)?.[1]);
  const objectId = playgroundTenant.objectIds[index];
  if (!objectId) throw new Error(`objectIdOf: no Playground user ${playgroundUserId}`);
  return objectId;
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The product running against the test database and the Agents Playground, with the demo roles. */
export interface RunningProduct {
  composed: ComposedBot;
  playground: Playground;
  stop(): Promise<void>;
}

/**
 * Starts the whole product (service desk, jobs, bot, HTTP server) on a fresh database and the
 * Agents Playground pointed at it. Roles: user-id-1 Help Desk, user-id-2 and user-id-4 ASV,
 * user-id-3 DAU; user-id-0 (the Playground's current user) is an ordinary requester.
 */
export async function startProduct(testFile: string, overrides: Record<string, string> = {}): Promise<RunningProduct> {
  const database = await openTestDatabase(testFile, 'product');
  const [botPort, playgroundPort] = [await freePort(), await freePort()];
  const config = testConfig({
    ROLE_HD: objectIdOf('user-id-1'),
    ROLE_ASV: `${objectIdOf('user-id-2')},${objectIdOf('user-id-4')}`,
    ROLE_DAU: objectIdOf('user-id-3'),
    ROLE_HEAD: objectIdOf('user-id-5'),
    TEAMS_TENANT_ID: playgroundTenant.tenantId,
    PORT: String(botPort),
    TEAMS_SERVICE_URL: `http://localhost:${playgroundPort}/_connector`,
    TEAMS_ASV_CHANNEL_ID: 'team-id',
    TEAMS_DAU_CHANNEL_ID: 'channel-announcements-id',
    ICS_FEED_TOKEN: 'e2e-calendar-feed-token-000',
    PUBLIC_BASE_URL: `http://127.0.0.1:${botPort}`,
    ...overrides,
  });
  const composed = await composeBot({ config, connection: database.connection, logger: createLogger('silent') });
  await composed.desk.agenda.loadCatalogue(seedCatalogue());
  await composed.desk.start();
  await new Promise<void>((resolve) => composed.server.listen(botPort, '127.0.0.1', () => resolve()));
  const playground = await startPlayground({ botEndpoint: `http://127.0.0.1:${botPort}/api/messages`, port: playgroundPort });
  if (playground.port !== playgroundPort) throw new Error(`the Playground took port ${playground.port}, not ${playgroundPort}`);
  return {
    composed,
    playground,
    stop: async () => {
      await playground.stop();
      composed.server.close();
      await composed.desk.stop();
      await database.drop();
    },
  };
}

/** The Adaptive Card of a bot message, as plain JSON text (for assertions). */
export function cardText(message: BotMessage): string {
  return JSON.stringify(message.attachments.map((attachment) => attachment.content));
}

/**
 * Whether a request card shows `status` as the request's status (its coloured status text), not
 * merely naming it elsewhere — the "No Procede" button of an En Proceso card, a history line.
 */
export function showsStatus(message: BotMessage, status: RequestStatus): boolean {
  return cardText(message).includes(`"text":"${status}","color":"${statusColours[status]}"`);
}
