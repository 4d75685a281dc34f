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
 * - `POST /v3/conversations` (create-conversation, a proactive 1:1 chat) → 201 `{ id: "a:fc-chat-<member>" }`,
 *   the same id for the same member (as Teams answers for a 1:1 chat); recorded without a `newId`
 * - anything else → 404, recorded too.
 *
 * {@link FakeConnector.failNext} and {@link FakeConnector.refuse} make calls fail as Teams would
 * (403 `BotNotInConversationRoster` after an uninstall, 404, 429 with Retry-After, 412, 5xx).
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

/** A failure to answer instead of the normal one. */
export interface ConnectorFailure {
  status: number;
  /** The error code in the body (`{ error: { code, message } }`). */
  code?: string;
  retryAfterSeconds?: number;
}

/** Which calls a failure applies to: a predicate on the call (method, path, conversation id, body). */
export type ConnectorMatcher = (call: ConnectorCall) => boolean;

export interface FakeConnector {
  /** Base URL, with a trailing slash (as Teams service URLs have). */
  url: string;
  calls: ConnectorCall[];
  /** Calls to create-conversation (`POST /v3/conversations`), oldest first. */
  conversationsCreated(): ConnectorCall[];
  /** The next calls matching `matcher` get these failures, one each, in order. */
  failNext(matcher: ConnectorMatcher, failures: ConnectorFailure[]): void;
  /** Every call matching `matcher` gets `failure` until the returned function is called. */
  refuse(matcher: ConnectorMatcher, failure: ConnectorFailure): () => void;
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

/**
 * `roster`: Teams member id (`29:…`) → the member the roster answers with; anyone else is 404.
 * `conversationIdFor`: the id create-conversation answers for a member (default `a:fc-chat-<member>`).
 */
export async function startFakeConnector(options: { roster?: Record<string, Record<string, string>>; conversationIdFor?: (member: string) => unknown } = {}): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const rules: Array<{ matcher: ConnectorMatcher; failures: ConnectorFailure[] | { always: ConnectorFailure } }> = [];
  const takeFailure = (call: ConnectorCall): ConnectorFailure | undefined => {
    for (const rule of rules) {
      if (!rule.matcher(call)) continue;
      if (!Array.isArray(rule.failures)) return rule.failures.always;
      const next = rule.failures.shift();
      if (next) return next;
    }
    return undefined;
  };
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
      if (request.method === 'POST' && /^\/v3\/conversations\/?$/.test(path)) {
        const created: ConnectorCall = { n: calls.length + 1, method: 'POST', path, conversationId: '', body, at: Date.now() };
        calls.push(created);
        const failure = takeFailure(created);
        if (failure) return fail(response, failure);
        const member = typeof body.members?.[0]?.id === 'string' ? (body.members[0].id as string) : '';
        if (!member) return reply(response, 400, { error: { code: 'BadArgument', message: 'members required' } });
        const id = options.conversationIdFor ? options.conversationIdFor(member) : `a:fc-chat-${member}`;
        created.conversationId = typeof id === 'string' ? id : '';
        return reply(response, 201, { id });
      }
      const match = /^\/v3\/conversations\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?\/?$/.exec(path);
      const conversationId = match ? decodeURIComponent(match[1]!) : '';
      const kind = match?.[2];
      const tail = match?.[3] ? decodeURIComponent(match[3]) : undefined;
      const call: ConnectorCall = { n: calls.length + 1, method: request.method ?? '', path, conversationId, body, at: Date.now() };
      const answer = (status: number, payload: unknown) => reply(response, status, payload);
      if (kind === 'activities' && request.method === 'PUT' && tail) call.activityId = tail;
      const failure = takeFailure(call);
      if (failure) {
        calls.push(call);
        return fail(response, failure);
      }
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
    conversationsCreated: () => calls.filter((call) => call.method === 'POST' && /^\/v3\/conversations\/?$/.test(call.path)),
    failNext: (matcher, failures) => {
      rules.push({ matcher, failures: [...failures] });
    },
    refuse: (matcher, failure) => {
      const rule = { matcher, failures: { always: failure } };
      rules.push(rule);
      return () => {
        rules.splice(rules.indexOf(rule), 1);
      };
    },
    updates: () => calls.filter((call) => call.method === 'PUT' && call.activityId),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function reply(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(payload));
}

function fail(response: ServerResponse, failure: ConnectorFailure): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (failure.retryAfterSeconds !== undefined) headers['Retry-After'] = String(failure.retryAfterSeconds);
  response.writeHead(failure.status, headers);
  response.end(JSON.stringify({ error: { code: failure.code ?? `Status${failure.status}`, message: `fake connector: ${failure.code ?? failure.status}` } }));
}
