import type { Request, Response } from 'restify';
import { documentLinkQuery, type DocumentLinkQuery } from '../../services/records/signed-links.js';
import { answerStatus } from './http-answers.js';
import { queryParameters } from './query-parameters.js';

/** What a document link is answered with: the document and its headers, or a status alone. */
export type DocumentServer = (query: DocumentLinkQuery) => Promise<{ status: number; body?: Buffer | string; headers?: Record<string, string> }>;

/** What every answer of the route carries, a refusal too: never cached, never sent on as a referrer, never indexed. */
const refusalHeaders = { 'Cache-Control': 'private, no-store', 'Referrer-Policy': 'no-referrer', 'X-Robots-Tag': 'noindex, nofollow' };

/**
 * `GET /documentos?d=…&p=…&l=…&e=…&s=…`: a signed link to a period's spreadsheet or a request's
 * record. The query through `documentLinkQuery` (exactly these five fields, each once and short:
 * 400 otherwise); then the document desk checks the signature, the expiry and that the person it
 * names may see the document (403), and that the request exists (404). A refusal is its status
 * alone, with the fixed text of `answerStatus`: nothing of the query or of the reason goes back.
 */
export function downloadRoute(serve: DocumentServer) {
  return async function serveDocument(request: Request, response: Response): Promise<void> {
    const parameters = queryParameters(request);
    if (!documentLinkQuery.safeParse(parameters).success) return answerStatus(response, 400, refusalHeaders);
    const answer = await serve(parameters as DocumentLinkQuery);
    if (answer.status !== 200 || answer.body === undefined) return answerStatus(response, answer.status === 200 ? 500 : answer.status, refusalHeaders);
    response.sendRaw(200, answer.body, { ...refusalHeaders, ...answer.headers });
  };
}
