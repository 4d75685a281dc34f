import { expect } from '@jest/globals';
import { TestAdapter, type Activity } from 'botbuilder';
import { ServiceDeskBot } from '../../bot/service-desk-bot.js';
import { MongoStorage } from '../../bot/storage/mongo-storage.js';
import { TeamsReferences } from '../../bot/teams-references.js';
import type { AppConfig } from '../../services/config/app-config.js';
import { createLogger } from '../../services/logging/logger.js';
import type { Person } from '../../services/requests/request-types.js';
import type { openServiceDesk } from './service-desk-fixture.js';
import { TEST_TENANT_ID } from './teams-activity.js';

/**
 * What Teams puts on every activity from `person` in a 1:1 chat of the test tenant: the channel,
 * the sender's Entra object id (the person's id), the tenant.
 */
export function fromTeams(person: Person): Partial<Activity> {
  return {
    channelId: 'msteams',
    from: { id: `29:${person.id}`, aadObjectId: person.id, name: person.name },
    conversation: { id: `a:personal-${person.id}`, conversationType: 'personal', tenantId: TEST_TENANT_ID, isGroup: false, name: '' },
    channelData: { tenant: { id: TEST_TENANT_ID } },
  };
}

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
      ...fromTeams(person),
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

/** Sends an invoke `name` with `value` as `person` and returns the invoke response body. */
export async function invoke(bot: ServiceDeskBot, person: Person, name: string, value: unknown, locale = 'es-MX'): Promise<Record<string, any>> {
  const adapter = new TestAdapter(async (context) => bot.run(context));
  let body: Record<string, any> | undefined;
  await adapter
    .send({ type: 'invoke', name, ...fromTeams(person), locale, value } as Partial<Activity>)
    .assertReply((activity) => {
      expect(activity.type).toBe('invokeResponse');
      body = (activity.value as { body?: Record<string, any> }).body;
    });
  return body!;
}

/** Sends a 1:1 chat message as `person` and returns the texts of what the bot answered (cards as JSON). */
export async function say(bot: ServiceDeskBot, person: Person, text: string, locale = 'es-MX'): Promise<string[]> {
  const replies: Partial<Activity>[] = [];
  const adapter = new TestAdapter(async (context) => bot.run(context));
  await adapter.send({ type: 'message', text, ...fromTeams(person), locale } as Partial<Activity>).startTest();
  for (let next = adapter.activeQueue.shift(); next; next = adapter.activeQueue.shift()) replies.push(next);
  return replies.map((activity) => activity.text ?? JSON.stringify(activity.attachments ?? []));
}
