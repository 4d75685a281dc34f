/**
 * The product composed as in production (composeBot) for the tests of reaching people in Teams:
 * its Bot Connector the fake one (which records every post and answers create-conversation), its
 * Microsoft Graph the Graph fixture (directory users, app installations) when asked for, its mail
 * the outbox, and its HTTP endpoint on loopback for the activities Teams would send.
 */
import type { Db } from 'mongodb';
import { composeBot, type ComposedBot } from '../../bot/compose-bot.js';
import { TeamsReferences } from '../../bot/teams-references.js';
import type { AppConfig } from '../../services/config/app-config.js';
import { GraphTeamsDirectory } from '../../services/graph/graph-teams-directory.js';
import { createLogger } from '../../services/logging/logger.js';
import type { Actor, Person, ServiceRequest } from '../../services/requests/request-types.js';
import type { EffectDeliveryDocument } from '../../services/store/request-documents.js';
import { contentText, startFakeConnector, type ConnectorCall, type FakeConnector } from './fake-connector.js';
import { openGraph, type GraphHarness } from './graph-harness.js';
import { listenOnLoopback, postActivity, type HttpAnswer } from './http-request.js';
import { commandId, eventually, people, testConfig } from './service-desk-fixture.js';
import { TEST_TENANT_ID } from './teams-activity.js';
import { openTestDatabase } from './test-database.js';

/** The ASV channel the tests configure (unless they leave it to be learned). */
export const REACH_ASV_CHANNEL = '19:asv-reach@thread.tacv2';
/** The app's id in the fixture's org catalogue (TEAMS_APP_CATALOG_ID). */
export const CATALOG_APP_ID = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

export interface ReachProduct {
  composed: ComposedBot;
  config: AppConfig;
  db: Db;
  connector: FakeConnector;
  /** The Graph fixture and client, when the product has Graph. */
  graph: GraphHarness | undefined;
  references: TeamsReferences;
  /** The product's `/api/messages`. */
  endpoint: string;
  hd: Actor;
  asv: Actor;
  /** Registers a request for `requester` as Help Desk and waits until its effects are settled. */
  register(requester: Person): Promise<ServiceRequest>;
  /** Runs a command as the ASV and waits until its effects are settled. */
  asvDoes(request: ServiceRequest, command: Parameters<ComposedBot['desk']['requests']['execute']>[1]): Promise<ServiceRequest>;
  /** Waits until every change's effects are settled (delivered, skipped or given up). */
  settle(timeoutMs?: number): Promise<void>;
  deliveries(requestId: string): Promise<EffectDeliveryDocument[]>;
  /** The posts (new activities) the connector got in a conversation, oldest first. */
  postsTo(conversationId: string): ConnectorCall[];
  /** Sends an activity to the product as Teams would (no authentication: the product has no app id). */
  send(activity: Record<string, unknown>): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/**
 * Starts the product. `graph`: with the Graph fixture as its directory (TEAMS_APP_CATALOG_ID
 * {@link CATALOG_APP_ID}); `env`: configuration on top of the tests' (the ASV channel
 * {@link REACH_ASV_CHANNEL} unless set to ''); `connector`: options of the fake connector.
 */
export async function startReachProduct(
  testFile: string,
  options: { graph?: boolean; env?: Record<string, string>; label?: string; connector?: Parameters<typeof startFakeConnector>[0] } = {},
): Promise<ReachProduct> {
  const database = await openTestDatabase(testFile, options.label ?? '');
  const connector = await startFakeConnector(options.connector);
  // No retries inside the Graph client: a failed call fails the notice's attempt at once, and the
  // effect is retried (the client's own retries are tested with the Graph fixture elsewhere).
  const graph = options.graph ? await openGraph({ client: { maxRetries: 0 } }) : undefined;
  const config = testConfig({
    TEAMS_SERVICE_URL: connector.url,
    TEAMS_ASV_CHANNEL_ID: REACH_ASV_CHANNEL,
    EFFECTS_RETRY_BASE_MS: '40',
    EFFECTS_SWEEP_EVERY_MS: '200',
    ...(options.env ?? {}),
  });
  const composed = await composeBot({
    config,
    connection: database.connection,
    logger: createLogger('silent'),
    teamsDirectory: graph ? new GraphTeamsDirectory(graph.graph, CATALOG_APP_ID) : undefined,
  });
  await composed.desk.start();
  const listening = await listenOnLoopback(composed.server);
  const { desk } = composed;
  const db = database.connection.db!;
  const settle = async (timeoutMs = 20_000) => {
    await eventually(async () => {
      await desk.dispatcher.idle();
      return (await db.collection('request_events').countDocuments({ effectsOpen: true })) === 0;
    }, timeoutMs);
  };
  const hd = desk.roles.actorFor(people.hd);
  const asv = desk.roles.actorFor(people.asv);
  return {
    composed,
    config,
    db,
    connector,
    graph,
    references: new TeamsReferences(database.connection),
    endpoint: `${listening.baseUrl}/api/messages`,
    hd,
    asv,
    register: async (requester) => {
      const registered = await desk.requests.register(
        { requester, dependencia: { name: 'Facultad de Ingeniería', siglas: 'FI' }, description: 'Videoconferencia con Salamanca', service: 'VC', assignee: people.asv },
        hd,
        commandId('register'),
      );
      if (registered.outcome !== 'applied') throw new Error(`register: ${registered.outcome}`);
      await settle();
      return registered.request;
    },
    asvDoes: async (request, command) => {
      const current = (await desk.requests.get(request.id))!;
      const result = await desk.requests.execute(request.id, command, asv, commandId(command.type), current.version);
      if (result.outcome !== 'applied') throw new Error(`${command.type}: ${result.outcome}`);
      await settle();
      return (await desk.requests.get(request.id))!;
    },
    settle,
    deliveries: (requestId) => desk.dispatcher.deliveriesOf(requestId),
    postsTo: (conversationId) => connector.posts().filter((call) => call.conversationId === conversationId),
    send: (activity) => postActivity(`${listening.baseUrl}/api/messages`, activity),
    close: async () => {
      await listening.close();
      await desk.stop();
      await connector.close();
      await graph?.fixture.stop();
      await database.drop();
    },
  };
}

/** A Teams activity of `person` in their 1:1 chat (`conversationId`), sent to the product with the fake connector as service URL. */
export function personalActivity(product: ReachProduct, person: { id: string; name: string }, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: product.connector.url,
    from: { id: `29:${person.id}`, aadObjectId: person.id, name: person.name },
    recipient: { id: '28:reach-bot', name: 'Mesa de servicios' },
    conversation: { id: `a:personal-${person.id}`, conversationType: 'personal', tenantId: TEST_TENANT_ID },
    channelData: { tenant: { id: TEST_TENANT_ID } },
    locale: 'es-MX',
    text: 'ayuda',
    ...overrides,
  };
}

/** The text of a connector call (cards as JSON, plus the message text). */
export { contentText };
