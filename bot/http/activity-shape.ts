import type { Activity } from 'botbuilder';
import { z } from 'zod';

const id = z.string().min(1).max(1024);

/**
 * The least an inbound activity must be for the Bot Framework to handle it: a type, the http(s)
 * service URL replies go to, the channel, the conversation and the sender. Everything else is
 * kept as sent, for the bot's own checks.
 */
export const inboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  channelId: z.string().min(1).max(64),
  conversation: z.looseObject({ id }),
  from: z.looseObject({ id }),
});

const timestampFields = [
  ['timestamp', 'rawTimestamp'],
  ['localTimestamp', 'rawLocalTimestamp'],
  ['expiration', 'rawExpiration'],
] as const;

/**
 * The activity in a parsed request body, or undefined when it does not have the shape of
 * {@link inboundActivitySchema}. Its time fields become Dates, their text kept in the `raw…`
 * fields, as botbuilder's own reading does.
 */
export function inboundActivity(body: unknown): Activity | undefined {
  const parsed = inboundActivitySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const activity: Record<string, unknown> = { ...parsed.data };
  for (const [field, raw] of timestampFields) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}
