import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fuzzPeople, type FuzzPerson } from './fuzz-people.js';

/**
 * A Bot Connector stand-in on loopback: the serviceUrl of the fuzz suite's activities and of the
 * product's proactive messages. It answers the roster (`GET …/members/<teams id>`: the fuzz person
 * with that Teams id, else 404), and takes every message, update and new conversation with an id,
 * so no turn ever waits for, or writes to, anything outside this machine.
 */
export interface ConnectorStub {
  serviceUrl: string;
  calls: { roster: number; sends: number; other: number };
  close(): Promise<void>;
}

export async function startConnectorStub(): Promise<ConnectorStub> {
  const byTeamsId = new Map(Object.values(fuzzPeople as Record<string, FuzzPerson>).map((person) => [person.teamsId, person]));
  const calls = { roster: 0, sends: 0, other: 0 };
  let counter = 0;
  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => {
      const path = decodeURIComponent((request.url ?? '').split('?')[0] ?? '');
      const member = /\/v3\/conversations\/.*\/members\/([^/]+)$/.exec(path);
      if (request.method === 'GET' && member) {
        calls.roster += 1;
        const person = byTeamsId.get(member[1]!);
        if (!person) return answer(response, 404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
        return answer(response, 200, { id: person.teamsId, aadObjectId: person.objectId, name: person.name, email: person.email, userPrincipalName: person.email });
      }
      if (request.method === 'POST' || request.method === 'PUT') {
        calls.sends += 1;
        counter += 1;
        return answer(response, 200, { id: `stub-${counter}`, activityId: `stub-${counter}` });
      }
      calls.other += 1;
      return answer(response, 200, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
