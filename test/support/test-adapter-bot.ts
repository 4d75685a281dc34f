import { expect } from '@jest/globals';
import { TestAdapter, type Activity } from 'botbuilder';
import { ServiceDeskBot } from '../../bot/service-desk-bot.js';
import { MongoStorage } from '../../bot/storage/mongo-storage.js';
import { TeamsReferences } from '../../bot/teams-references.js';
import type { AppConfig } from '../../services/config/app-config.js';
import { createLogger } from '../../services/logging/logger.js';
import type { Person } from '../../services/requests/request-types.js';
import type { openServiceDesk } from './service-desk-fixture.js';

/** A bot instance of its own on a test desk's database, as one more server would be. */
export function botOnDesk(fixture: Awaited<ReturnType<typeof openServiceDesk>>, config: AppConfig): ServiceDeskBot {
  const { desk, database } = fixture;
  return new ServiceDeskBot({
    desk,
    config,
    references: new TeamsReferences(database.connection),
    logger: createLogger('silent'),
    botState: new MongoStorage(database.connection),
  });
}

/** What an `adaptiveCard/action` invoke was answered with: a card or a message. */
export interface CardActionAnswer {
  type: string;
  value: unknown;
}

/** Clicks a card button (`Action.Execute`) as `person` through botbuilder's TestAdapter and returns the answer. */
export async function clickCard(bot: ServiceDeskBot, person: Person, verb: string, data: Record<string, unknown>, locale = 'es-MX'): Promise<CardActionAnswer> {
  const adapter = new TestAdapter(async (context) => bot.run(context));
  let answer: CardActionAnswer | undefined;
  await adapter
    .send({
      type: 'invoke',
      name: 'adaptiveCard/action',
      from: { id: person.id, name: person.name },
      locale,
      value: { action: { type: 'Action.Execute', verb, data } },
    } as Partial<Activity>)
    .assertReply((activity) => {
      expect(activity.type).toBe('invokeResponse');
      const response = activity.value as { status?: number; body?: CardActionAnswer };
      expect(response.status).toBe(200);
      answer = response.body;
    });
  return answer!;
}
