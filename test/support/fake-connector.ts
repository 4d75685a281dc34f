/**
 * A small fake of the Bot Connector service (the `TEAMS_SERVICE_URL` and the `serviceUrl` of the
 * activities the standing tests send) that records every activity the bot sends out, so Teams
 * effects can be counted: card posts in a channel, replies in a card's thread, 1:1 notices, and
 * card updates in place. Each POST gets an id of its own (`fc-<n>`), which the bot records in the
 * delivery of the effect that sent it; a POST no delivery names was sent twice (or for nothing).
 *
 * Routes (Bot Framework REST API v3):
 * - `POST /v3/conversations/:conversation/activities[/:replyTo]` → 201 `{ id }`
 * - `PUT /v3/conversations/:conversation/activities/:activity` → 200 `{ id }`
 * - `GET /v3/conversations/:conversation/members/:member` → the member from `roster`, else 404
 * - anything else → 404, recorded too.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the connector, in order of arrival. */
export interface ConnectorCall {
  /** Arrival order, from 1. */
  n: number;
  method: string;
  path: string;
  /** The conversation id addressed (decoded), e.g. `19:asv@thread.tacv2;messageid=fc-3`. */
  conversationId: string;
  /** For PUT: the activity updated. */
  activityId?: string | undefined;
  /** For POST: the id this fake gave the new activity. */
  newId?: string | undefined;
  body: Record<string, any>;
  at: number;
}

export interface FakeConnector {
  /** Base URL, with a trailing slash (as Teams service URLs have). */
  url: string;
  calls: ConnectorCall[];
  /** POSTs of new activities (card posts, thread replies, 1:1 notices). */
  posts(): ConnectorCall[];
  /** PUTs (card updates in place). */
  updates(): ConnectorCall[];
  close(): Promise<void>;
}

/** The JSON text of a call's attachments' contents (cards), for matching. */
export function contentText(call: ConnectorCall): string {
  const attachments = (call.body.attachments ?? []) as Array<{ content?: unknown }>;
  return JSON.stringify(attachments.map((attachment) => attachment.content ?? null)) + (typeof call.body.text === 'string' ? call.body.text : '');
}

/** The request id and version a request card carries (its refresh action's data), if the call is a request card. */
export function cardVersion(call: ConnectorCall): { requestId: string; version: number } | undefined {
  const card = (call.body.attachments?.[0]?.content ?? undefined) as { refresh?: { action?: { data?: { requestId?: unknown; version?: unknown } } } } | undefined;
  const data = card?.refresh?.action?.data;
  return typeof data?.requestId === 'string' && typeof data.version === 'number' ? { requestId: data.requestId, version: data.version } : undefined;
}

/** `roster`: Teams member id (`29:…`) → the member the roster answers with; anyone else is 404. */
export async function startFakeConnector(options: { roster?: Record<string, Record<string, string>> } = {}): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  let counter = 0;
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, any> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, any>) : {};
      } catch {
        body = { raw: text };
      }
      const path = (request.url ?? '').split('?')[0]!;
      const match = /^\/v3\/conversations\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?\/?$/.exec(path);
      const conversationId = match ? decodeURIComponent(match[1]!) : '';
      const kind = match?.[2];
      const tail = match?.[3] ? decodeURIComponent(match[3]) : undefined;
      const call: ConnectorCall = { n: calls.length + 1, method: request.method ?? '', path, conversationId, body, at: Date.now() };
      const answer = (status: number, payload: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      if (kind === 'activities' && request.method === 'POST') {
        counter += 1;
        call.newId = `fc-${counter}`;
        calls.push(call);
        return answer(201, { id: call.newId });
      }
      if (kind === 'activities' && request.method === 'PUT' && tail) {
        call.activityId = tail;
        calls.push(call);
        return answer(200, { id: tail });
      }
      calls.push(call);
      const member = kind === 'members' && request.method === 'GET' && tail ? options.roster?.[tail] : undefined;
      if (member) return answer(200, member);
      return answer(404, { error: { code: 'NotFound', message: 'not here' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    posts: () => calls.filter((call) => call.method === 'POST' && call.newId),
    updates: () => calls.filter((call) => call.method === 'PUT' && call.activityId),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
