import type { Response } from 'restify';

/**
 * The only texts an answer that is not a success carries, by status: nothing from the request and
 * nothing from an error ever goes back to the caller. A 401 is empty.
 */
const statusTexts: ReadonlyMap<number, string> = new Map([
  [400, 'Bad request'],
  [401, ''],
  [403, 'Forbidden'],
  [404, 'Not found'],
  [405, 'Method not allowed'],
  [413, 'Payload too large'],
  [415, 'Unsupported media type'],
  [500, 'Internal server error'],
  [501, 'Not implemented'],
  [503, 'Service unavailable'],
]);

/** Answers `status` with its fixed short text (plain text), or with no body on a success or a 401. */
export function answerStatus(response: Response, status: number, headers: Record<string, string> = {}): void {
  const text = status < 400 ? '' : (statusTexts.get(status) ?? (status < 500 ? 'Bad request' : 'Internal server error'));
  const challenge: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  response.sendRaw(status, text, { 'Content-Type': 'text/plain; charset=utf-8', ...challenge, ...headers });
}

/** Answers `status` with `body` as JSON, or with no body when there is none. */
export function answerJson(response: Response, status: number, body: unknown): void {
  if (body === undefined) return answerStatus(response, status);
  response.sendRaw(status, JSON.stringify(body), { 'Content-Type': 'application/json; charset=utf-8' });
}
