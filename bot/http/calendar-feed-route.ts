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

/** What the agenda answers for one booking's link: the calendar of that event, or a status. */
export type BookingFeed = (bookingId: string, token: string) => Promise<{ status: number; body: string }>;

/** The booking link's query: the booking id and its own token, each once and short; nothing else. */
const bookingQuery = z.strictObject({
  id: singleValue(64),
  token: singleValue(64),
});

/**
 * `GET /calendario/reserva.ics?id=…&token=…`: one booking as iCalendar, for its requester's link
 * (the department feed's secret never leaves staff). 400 for any other query; 404 for a wrong
 * token or a booking no longer live, without saying which.
 */
export function bookingFeedRoute(bookingFeed: BookingFeed) {
  return async function serveBookingFeed(request: Request, response: Response): Promise<void> {
    const query = bookingQuery.safeParse(queryParameters(request));
    if (!query.success) return answerStatus(response, 400);
    const feed = await bookingFeed(query.data.id, query.data.token);
    if (feed.status !== 200) return answerStatus(response, feed.status);
    response.sendRaw(200, feed.body, { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, no-store' });
  };
}
