import type { Request, Response } from 'restify';
import { z } from 'zod';
import { answerStatus } from './http-answers.js';
import { queryParameters, singleValue } from './query-parameters.js';

/** What the agenda answers for the feed: the calendar, or a status (whose text is not passed on). */
export type CalendarFeed = (token: string | undefined, resourceId: string | undefined) => Promise<{ status: number; body: string }>;

/** The feed's query: the secret token and an optional resource id, each once and short; nothing else. */
const feedQuery = z.strictObject({
  token: singleValue(256).optional(),
  recurso: singleValue(128).optional(),
});

/**
 * `GET /calendario.ics?token=…[&recurso=…]`: the query through {@link feedQuery} (400 otherwise),
 * then the agenda's feed; a refusal goes back as its status alone, never with the agenda's text.
 */
export function calendarFeedRoute(calendarFeed: CalendarFeed) {
  return async function serveCalendarFeed(request: Request, response: Response): Promise<void> {
    const query = feedQuery.safeParse(queryParameters(request));
    if (!query.success) return answerStatus(response, 400);
    const feed = await calendarFeed(query.data.token, query.data.recurso);
    if (feed.status !== 200) return answerStatus(response, feed.status);
    response.sendRaw(200, feed.body, { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private' });
  };
}
