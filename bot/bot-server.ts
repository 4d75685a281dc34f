import restify from 'restify';
import type { ActivityHandlerBase } from 'botbuilder';
import type { Logger } from '../services/logging/logger.js';
import type { ServiceDeskAdapter } from './bot-adapter.js';
import { bookingFeedRoute, calendarFeedRoute, type BookingFeed, type CalendarFeed } from './http/calendar-feed-route.js';
import { downloadRoute, type DocumentServer } from './http/download-route.js';
import { DOCUMENTS_PATH } from '../services/records/signed-links.js';
import { answerJson } from './http/http-answers.js';
import { messageRoute } from './http/message-route.js';
import { guardServer } from './http/server-guards.js';

/** What the HTTP edge needs: the adapter and bot, the logger, readiness, and the calendar feed. */
export interface BotServerDependencies {
  adapter: ServiceDeskAdapter;
  bot: ActivityHandlerBase;
  logger: Logger;
  ready: () => Promise<boolean>;
  calendarFeed: CalendarFeed;
  bookingFeed: BookingFeed;
  /** Signed links to reports' spreadsheets and requests' records (`GET /documentos`); no route when absent. */
  documents?: DocumentServer | undefined;
}

/**
 * The HTTP edge: `POST /api/messages` hands the activity to the adapter and the adapter to the bot;
 * `GET /healthz` (the process answers), `GET /readyz` (the database answers), and
 * `GET /calendario.ics?token=…[&recurso=…]` (the department's iCalendar feed, for staff) and
 * `GET /calendario/reserva.ics?id=…&token=…` (one booking, for its requester). No logic here: each route's
 * input is checked in its module under `http/`, and `guardServer` answers every error. restify
 * runs no body or query parser (no multipart, no temporary files), no static files and no spdy.
 */
export function createBotServer(deps: BotServerDependencies): restify.Server {
  const server = restify.createServer({ name: 'vc-service-desk' });
  guardServer(server, deps.logger);

  server.post('/api/messages', messageRoute(deps));
  server.get('/healthz', async (_request, response) => answerJson(response, 200, { status: 'ok' }));
  server.get('/readyz', async (_request, response) => {
    const ready = await deps.ready().catch(() => false);
    answerJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'database unreachable' });
  });
  server.get('/calendario.ics', calendarFeedRoute(deps.calendarFeed));
  server.get('/calendario/reserva.ics', bookingFeedRoute(deps.bookingFeed));
  if (deps.documents) server.get(DOCUMENTS_PATH, downloadRoute(deps.documents));
  return server;
}
