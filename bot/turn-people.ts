import { TurnContext, type Activity } from 'botbuilder';
import { localeFrom, type Locale } from '../cards/messages.js';
import type { Person } from '../services/requests/request-types.js';

/**
 * The person behind an activity, known by the Entra object id Teams sends for the sender (`id`
 * is empty without one: such a sender holds no role and owns no request). The channel's own
 * sender id (`from.id`) is never an identity.
 */
export function personOf(activity: Partial<Activity>): Person {
  const from = activity.from;
  const objectId = typeof from?.aadObjectId === 'string' ? from.aadObjectId.trim().toLowerCase() : '';
  return {
    id: /^[\w-]{1,64}$/.test(objectId) ? objectId : '',
    name: (typeof from?.name === 'string' && from.name.trim() ? from.name.trim() : 'Teams').slice(0, 200),
    locale: localeOf(activity),
  };
}

/** The tenant an activity comes from, as Teams gives it (channel data, else the conversation). */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromChannel = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const tenant = typeof fromChannel === 'string' ? fromChannel : activity.conversation?.tenantId;
  return typeof tenant === 'string' ? tenant.trim().toLowerCase() : undefined;
}

/** The language of the turn, from the user's Teams locale (Spanish unless English); never throws, whatever the activity holds. */
export function localeOf(activity: Partial<Activity>): Locale {
  if (typeof activity.locale === 'string') return localeFrom(activity.locale);
  const entities = Array.isArray(activity.entities) ? activity.entities : [];
  const clientInfo = entities.find((entity) => typeof entity === 'object' && entity !== null && entity.type === 'clientInfo') as { locale?: unknown } | undefined;
  return localeFrom(typeof clientInfo?.locale === 'string' ? clientInfo.locale : undefined);
}

/** The message text without the bot's @mention, trimmed. */
export function commandText(context: TurnContext): string {
  const activity = context.activity;
  if (typeof activity.text !== 'string') return '';
  const withoutMention = activity.recipient ? TurnContext.removeRecipientMention(activity) : activity.text;
  return (typeof withoutMention === 'string' ? withoutMention : activity.text).replace(/<at>[^<]*<\/at>/g, '').replace(/\s+/g, ' ').trim();
}

/** Whether the activity comes from a channel or a group chat (not the 1:1 chat). */
export function isGroup(context: TurnContext): boolean {
  return context.activity.conversation?.isGroup === true || ['channel', 'groupChat'].includes(context.activity.conversation?.conversationType ?? '');
}
