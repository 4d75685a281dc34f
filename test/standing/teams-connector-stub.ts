import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A member of the stub's roster, as the Bot Connector API answers `GET …/members/{id}`. */
export interface RosterMember {
  id: string;
  name: string;
  aadObjectId: string;
  email: string;
}

/** One call the bot made to the connector. */
export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  /** The activity replied to (`…/activities/{id}`), when the call is a reply. */
  replyToId?: string | undefined;
  body: unknown;
}

/** The Teams Bot Connector as the bot sees it at the activities' `serviceUrl`. */
export interface ConnectorStub {
  serviceUrl: string;
  /** The activities the bot sent in reply to the activity with this id (its chat answers). */
  repliesTo(activityId: string): Array<Record<string, any>>;
  /** Every call, in order. */
  calls(): readonly ConnectorCall[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A loopback stand-in for the Teams Bot Connector: the roster (`GET
 * /v3/conversations/{c}/members/{m}`, answered from `roster` by the sender's channel id; 404 for
 * anyone else) and every message the bot sends (replies, proactive messages, updates: recorded,
 * answered with an id). Nothing leaves the machine.
 */
export async function startConnectorStub(roster: ReadonlyMap<string, RosterMember>): Promise<ConnectorStub> {
  const recorded: ConnectorCall[] = [];
  const replies = new Map<string, Array<Record<string, any>>>();
  let counter = 0;
  const answer = (response: ServerResponse, status: number, body?: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(body === undefined ? '' : JSON.stringify(body));
  };
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://stub');
      const parts = url.pathname.split('/').filter(Boolean).map((part) => decodeURIComponent(part));
      const body = await readBody(request);
      const [version, conversations, conversationId = '', kind, itemId] = parts;
      if (version !== 'v3' || conversations !== 'conversations') return answer(response, 404, { error: { code: 'NotFound' } });
      const call: ConnectorCall = { method: request.method ?? 'GET', path: url.pathname, conversationId, replyToId: undefined, body };
      recorded.push(call);
      if (request.method === 'GET' && kind === 'members' && itemId) {
        const member = roster.get(itemId);
        return member ? answer(response, 200, { ...member, userPrincipalName: member.email }) : answer(response, 404, { error: { code: 'MemberNotFound' } });
      }
      if (request.method === 'POST' && kind === 'activities' && itemId) {
        call.replyToId = itemId;
        const list = replies.get(itemId) ?? [];
        list.push(body as Record<string, any>);
        replies.set(itemId, list);
      }
      counter += 1;
      return answer(response, 200, { id: `stub-${counter}` });
    })().catch(() => answer(response, 500));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    repliesTo: (activityId) => replies.get(activityId) ?? [],
    calls: () => recorded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
