import type { ActivityHandlerBase } from 'botbuilder';
import type { Request, Response } from 'restify';
import type { Logger } from '../../services/logging/logger.js';
import type { AuthenticatedSender, ServiceDeskAdapter } from '../bot-adapter.js';
import { inboundActivity } from './activity-shape.js';
import { answerJson, answerStatus } from './http-answers.js';
import { readJsonBody } from './json-body.js';

/**
 * The largest body `POST /api/messages` reads: 1 MiB, ten times Teams' largest activities
 * (about 100 KB) and far below what would trouble memory.
 */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;

/** What the message endpoint hands the activity to. */
export interface MessageRouteDependencies {
  adapter: ServiceDeskAdapter;
  bot: ActivityHandlerBase;
  logger: Logger;
}

/**
 * `POST /api/messages`: reads the body (JSON only, 415; at most {@link MAX_ACTIVITY_BYTES}, 413;
 * JSON in the shape of an activity, 400), has the adapter authenticate the sender (401, empty,
 * whatever the reason) and the bot run the turn (the invoke response, or 200; a failed turn is
 * 500 with a generic text). No answer carries anything from an error.
 */
export function messageRoute(deps: MessageRouteDependencies) {
  return async function receiveActivity(request: Request, response: Response): Promise<void> {
    const body = await readJsonBody(request, MAX_ACTIVITY_BYTES);
    if (!body.ok) return answerStatus(response, body.status, body.status === 400 ? {} : { Connection: 'close' });
    const activity = inboundActivity(body.value);
    if (!activity) return answerStatus(response, 400);

    let sender: AuthenticatedSender;
    try {
      sender = await deps.adapter.authenticate(request.headers.authorization ?? '', activity);
    } catch (error) {
      deps.logger.warn('activity refused: its sender is not authenticated', error);
      return answerStatus(response, 401);
    }
    try {
      const invoke = await deps.adapter.runTurn(sender, activity, (context) => deps.bot.run(context));
      return invoke ? answerJson(response, invoke.status, invoke.body) : answerStatus(response, 200);
    } catch (error) {
      deps.logger.error(`turn failed (${activity.type})`, error);
      return answerStatus(response, 500);
    }
  };
}
