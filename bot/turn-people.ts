import { TurnContext, type Activity } from 'botbuilder';
import { localeFrom, type Locale } from '../cards/messages.js';
import type { Person } from '../services/requests/request-types.js';

/** The person behind an activity: Entra object id when Teams gives it, else the channel id. */
export function personOf(activity: Partial<Activity>): Person {
  const from = activity.from;
  return {
    id: from?.aadObjectId ?? from?.id ?? 'unknown',
    name: from?.name ?? from?.id ?? 'unknown',
    locale: localeOf(activity),
  };
}

/** Every id the person may be configured under (Entra object id, Teams id). */
export function idsOf(activity: Partial<Activity>): string[] {
  return [activity.from?.aadObjectId, activity.from?.id].filter((id): id is string => Boolean(id));
}

/** The language of the turn, from the user's Teams locale (Spanish unless English). */
export function localeOf(activity: Partial<Activity>): Locale {
  return localeFrom(activity.locale ?? (activity.entities?.find((entity) => entity.type === 'clientInfo') as { locale?: string } | undefined)?.locale);
}

/** The message text without the bot's @mention, trimmed. */
export function commandText(context: TurnContext): string {
  const activity = context.activity;
  const withoutMention = activity.recipient ? TurnContext.removeRecipientMention(activity) : activity.text;
  return (withoutMention ?? activity.text ?? '').replace(/<at>[^<]*<\/at>/g, '').replace(/\s+/g, ' ').trim();
}
