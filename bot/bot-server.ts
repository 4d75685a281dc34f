import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandlerBase } from 'botbuilder';

/** What the HTTP edge needs: the adapter and bot, readiness, and the calendar feed. */
export interface BotServerDependencies {
  adapter: CloudAdapter;
  bot: ActivityHandlerBase;
  ready: () => Promise<boolean>;
  calendarFeed: (token: string | undefined, resourceId: string | undefined) => Promise<{ status: number; body: string }>;
}

/**
 * The HTTP edge: `POST /api/messages` hands the request to the adapter and the adapter to the bot;
 * `GET /healthz` (the process answers), `GET /readyz` (the database answers), and
 * `GET /calendario.ics?token=…[&recurso=…]` (the iCalendar feed). No logic here.
 */
export function createBotServer(deps: BotServerDependencies): restify.Server {
  const server = restify.createServer({ name: 'vc-service-desk' });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.use(restify.plugins.queryParser({ mapParams: false }));

  server.post('/api/messages', async (request, response) => {
    await deps.adapter.process(request, response, (context) => deps.bot.run(context));
  });
  server.get('/healthz', (_request, response, next) => {
    response.send(200, { status: 'ok' });
    next();
  });
  server.get('/readyz', async (_request, response) => {
    const ready = await deps.ready();
    response.send(ready ? 200 : 503, { status: ready ? 'ready' : 'database unreachable' });
  });
  server.get('/calendario.ics', async (request, response) => {
    const query = (request.query ?? {}) as Record<string, string | undefined>;
    const feed = await deps.calendarFeed(query.token, query.recurso);
    response.setHeader('Content-Type', feed.status === 200 ? 'text/calendar; charset=utf-8' : 'text/plain; charset=utf-8');
    response.sendRaw(feed.status, feed.body);
  });
  return server;
}
