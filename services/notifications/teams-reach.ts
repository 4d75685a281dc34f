import type { DeliveryReceipt } from '../effects/effect-dispatcher.js';

/**
 * Why a Teams notice could not reach a person, as a code the request card and the thread put in
 * words. Each is permanent for that notice: its e-mail already carries the whole message.
 */
export const unreachedReasons = [
  /** Microsoft Graph is not configured: the bot cannot install itself for anyone. */
  'no-graph',
  /** Graph is configured but not the app's id in the org catalogue (TEAMS_APP_CATALOG_ID). */
  'no-app-id',
  /** No single directory user has the person's e-mail address (or there is no address). */
  'not-in-directory',
  /** Graph does not know the user or the app (404). */
  'not-found',
  /** The tenant refused to install the app for the user (403: app policy, consent, permission). */
  'install-refused',
  /** Teams refused the 1:1 chat even after a fresh install (the user blocked the bot, …). */
  'chat-refused',
] as const;
export type UnreachedReason = (typeof unreachedReasons)[number];

/** The channel a Teams step records when its notice did not reach the person (the e-mail did). */
export const teamsUndeliveredChannel = 'teams-undelivered';

/** The receipt of a Teams notice that could not be delivered: skipped, with the reason first. */
export function undeliveredReceipt(reason: UnreachedReason, detail: string): DeliveryReceipt {
  return { channel: teamsUndeliveredChannel, skipped: true, reference: `${reason}: ${detail.replace(/\s+/g, ' ').slice(0, 300)}` };
}

/**
 * The reason of an undelivered Teams notice from its receipt, as a step returns it or as the
 * dispatcher stored it (`<reason>: …`, status `skipped`); undefined when the notice was delivered.
 */
export function undeliveredReasonOf(receipt: { channel?: string | null | undefined; reference?: string | null | undefined }): UnreachedReason | undefined {
  if (receipt.channel !== teamsUndeliveredChannel) return undefined;
  const code = /^([a-z-]+):/.exec(receipt.reference ?? '')?.[1];
  return (unreachedReasons as readonly string[]).includes(code ?? '') ? (code as UnreachedReason) : 'chat-refused';
}
