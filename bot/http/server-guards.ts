import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../services/logging/logger.js';
import { answerStatus } from './http-answers.js';

/** The status an error stands for: its own 4xx/5xx `statusCode` (restify's errors), else 500. */
function statusOf(error: unknown): number {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : 500;
}

/**
 * What every answer of `server` gets, whatever route (or none) it came from:
 * `X-Content-Type-Options: nosniff`; and one error handler for everything restify routes as an
 * error (no route, wrong method, a handler that throws), which answers the status with its fixed
 * text (see `answerStatus`) and logs server errors — the method and route, never the query.
 */
export function guardServer(server: Server, logger: Logger): void {
  server.pre(function noSniff(_request: Request, response: Response, next: () => void) {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  server.on('restifyError', (request: Request, response: Response, error: unknown, done: () => void) => {
    const status = statusOf(error);
    if (status >= 500) logger.error(`${request.method} ${request.getRoute()?.path ?? '(no route)'} failed`, error);
    if (!response.headersSent) answerStatus(response, status);
    done();
  });
}
