import type { Activity } from 'botbuilder';
import { z } from 'zod';

const id = z.string().min(1).max(1024);
const text = (max: number) => z.string().max(max);

/** A sender or recipient: every field the Bot Framework or the bot reads is a string (or absent). */
const account = z.looseObject({
  id,
  name: text(1024).optional(),
  aadObjectId: text(128).optional(),
  role: text(64).optional(),
});

/** An entity (a mention, client info…): an object with a string type; a mention names who and how. */
const entity = z.looseObject({ type: text(128) }).refine(
  (item) => item.type.toLowerCase() !== 'mention' || (typeof item.text === 'string' && typeof item.mentioned === 'object' && item.mentioned !== null),
  'a mention names who and how',
);

/**
 * An inbound activity as the Bot Framework and the bot read it: a type, the http(s) service URL
 * replies go to, the channel, the conversation and the sender — and every other field the turn
 * reads, when present, of the type Teams sends (text, locale, entities, recipient, conversation
 * details, channel data). Anything else is kept as sent, for the bot's own checks.
 */
export const inboundActivitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  serviceUrl: z.url({ protocol: /^https?$/ }).max(2048),
  channelId: z.string().min(1).max(64),
  conversation: z.looseObject({
    id,
    name: text(1024).optional(),
    conversationType: text(64).optional(),
    tenantId: text(128).optional(),
    isGroup: z.boolean().optional(),
  }),
  from: account,
  recipient: account.optional(),
  id: text(1024).optional(),
  name: text(256).optional(),
  text: text(100_000).optional(),
  textFormat: text(64).optional(),
  locale: text(64).optional(),
  action: text(64).optional(),
  replyToId: text(1024).optional(),
  entities: z.array(entity).max(200).optional(),
  channelData: z.looseObject({ tenant: z.looseObject({ id: text(128) }).optional() }).optional(),
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
