import type { RequestThread } from './teams-references.js';

/**
 * The Teams link that opens a request's card (the root of its thread) in the ASV channel: the
 * channel's conversation id, the card's message id as the message and as its thread's parent, and
 * the tenant when known. Every part is URL-encoded.
 */
export function channelCardLink(thread: RequestThread, tenantId: string | undefined): string {
  const channel = thread.channelConversationId.split(';')[0]!;
  const query = new URLSearchParams({ ...(tenantId ? { tenantId } : {}), parentMessageId: thread.cardActivityId });
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(channel)}/${encodeURIComponent(thread.cardActivityId)}?${query.toString()}`;
}
