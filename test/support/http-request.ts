import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Server } from 'restify';
import type { AddressInfo } from 'node:net';

/** What a server answered, and how long it took from sending the request to the end of the answer. */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  ms: number;
}

/** A request for {@link send}: a body as text or bytes, or a writer that streams it (chunked unless a length is given). */
export interface HttpCall {
  method?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  stream?: (write: (chunk: Buffer) => boolean) => Promise<void>;
}

/**
 * Sends one HTTP request and reads the whole answer. An answer that comes before the request body
 * was all sent (a 413, a 415) is kept: a write error after it is expected and ignored.
 */
export function send(url: string, call: HttpCall = {}): Promise<HttpAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = httpRequest(url, { method: call.method ?? 'GET', headers: call.headers, agent: false }, (incoming) => {
      answered = true;
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
      );
    });
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    if (call.stream) {
      const write = (chunk: Buffer) => (outgoing.destroyed ? false : outgoing.write(chunk));
      call.stream(write).then(
        () => outgoing.end(),
        (error: unknown) => outgoing.destroy(error as Error),
      );
    } else {
      outgoing.end(call.body);
    }
  });
}

/** POSTs `activity` as JSON to `url`, with `authorization` when given. */
export function postActivity(url: string, activity: unknown, authorization?: string): Promise<HttpAnswer> {
  return send(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...(authorization ? { Authorization: authorization } : {}) },
    body: JSON.stringify(activity),
  });
}

/** Starts `server` on a free loopback port; its base address and a stopper that also drops open connections. */
export async function listenOnLoopback(server: Server): Promise<{ baseUrl: string; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      }),
  };
}
