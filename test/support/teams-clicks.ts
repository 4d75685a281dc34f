/**
 * Teams-shaped activities for the standing tests, sent over HTTP to a running product: card clicks
 * (`adaptiveCard/action` invokes from the ASV channel) and the `conversationUpdate` that gives the
 * bot a person's 1:1 chat. Every activity is `msteams`, from the person's Entra object id, in
 * {@link TEST_TENANT_ID}, with the fake connector as its service URL.
 */
import type { Person } from '../../services/requests/request-types.js';
import { postActivity, type HttpAnswer } from './http-request.js';
import { TEST_TENANT_ID } from './teams-activity.js';

/** The ASV channel and DAU channel the standing tests configure. */
export const ASV_CHANNEL = '19:asv-standing@thread.tacv2';
export const DAU_CHANNEL = '19:dau-standing@thread.tacv2';

let counter = 0;

/** A click on a request card's `verb` button by `person`, as Teams posts it. */
export function cardClick(person: Person, verb: string, data: Record<string, unknown>, serviceUrl: string): Record<string, unknown> {
  counter += 1;
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `click-${process.pid}-${counter}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${person.id}`, aadObjectId: person.id, name: person.name },
    recipient: { id: '28:standing-bot', name: 'Mesa de servicios' },
    conversation: { id: `${ASV_CHANNEL};messageid=standing`, conversationType: 'channel', isGroup: true, tenantId: TEST_TENANT_ID },
    channelData: { tenant: { id: TEST_TENANT_ID }, channel: { id: ASV_CHANNEL } },
    locale: 'es-MX',
    value: { action: { type: 'Action.Execute', verb, data } },
  };
}

/** The conversationUpdate of `person`'s 1:1 chat with the bot (the bot keeps the chat for notices). */
export function chatInstalled(person: Person, serviceUrl: string): Record<string, unknown> {
  counter += 1;
  return {
    type: 'conversationUpdate',
    id: `install-${process.pid}-${counter}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${person.id}`, aadObjectId: person.id, name: person.name },
    recipient: { id: '28:standing-bot', name: 'Mesa de servicios' },
    conversation: { id: `a:personal-${person.id}`, conversationType: 'personal', tenantId: TEST_TENANT_ID },
    channelData: { tenant: { id: TEST_TENANT_ID } },
    membersAdded: [{ id: '28:standing-bot' }],
    locale: 'es-MX',
  };
}

/** The 1:1 conversation id {@link chatInstalled} gives `person`. */
export const personalChatOf = (person: Person) => `a:personal-${person.id}`;

/** What a click was answered with. */
export interface ClickAnswer {
  http: HttpAnswer | undefined;
  /** `card`, `message` (with its text), or why there was no answer (`error: …`). */
  kind: 'card' | 'message' | 'error';
  text: string;
  ms: number;
}

/** Sends a click and reads its answer; a refused connection or reset (the process was killed) is an `error` answer. */
export async function sendClick(baseUrl: string, activity: Record<string, unknown>): Promise<ClickAnswer> {
  const started = performance.now();
  try {
    const http = await postActivity(`${baseUrl}/api/messages`, activity);
    const ms = performance.now() - started;
    let body: { type?: string; value?: unknown } = {};
    try {
      body = JSON.parse(http.body) as typeof body;
    } catch {
      return { http, kind: 'error', text: `HTTP ${http.status} ${http.body.slice(0, 100)}`, ms };
    }
    if (http.status === 200 && body.type === 'application/vnd.microsoft.card.adaptive') return { http, kind: 'card', text: JSON.stringify(body.value), ms };
    if (http.status === 200 && body.type === 'application/vnd.microsoft.activity.message') return { http, kind: 'message', text: String(body.value), ms };
    return { http, kind: 'error', text: `HTTP ${http.status} ${http.body.slice(0, 100)}`, ms };
  } catch (error) {
    return { http: undefined, kind: 'error', text: `error: ${(error as Error).message}`, ms: performance.now() - started };
  }
}

/** The Spanish "try again" of a failed or too slow click (cards/messages.es.ts `reply.actionFailed`). */
export const ACTION_FAILED_ES = 'No se pudo completar la acción; inténtelo de nuevo en un momento.';

/** Help Desk's "Registrar solicitud" dialog submitted (`composeExtension/submitAction`) by `person`. */
export function registerSubmit(person: Person, data: Record<string, string>, serviceUrl: string): Record<string, unknown> {
  counter += 1;
  return {
    type: 'invoke',
    name: 'composeExtension/submitAction',
    id: `register-${process.pid}-${counter}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${person.id}`, aadObjectId: person.id, name: person.name },
    recipient: { id: '28:standing-bot', name: 'Mesa de servicios' },
    conversation: { id: `${ASV_CHANNEL};messageid=standing`, conversationType: 'channel', isGroup: true, tenantId: TEST_TENANT_ID },
    channelData: { tenant: { id: TEST_TENANT_ID }, channel: { id: ASV_CHANNEL } },
    locale: 'es-MX',
    value: { commandId: 'registerRequest', commandContext: 'compose', data },
  };
}

/** A message `text` from `person` in their 1:1 chat with the bot. */
export function chatMessage(person: Person, text: string, serviceUrl: string): Record<string, unknown> {
  counter += 1;
  return {
    type: 'message',
    id: `message-${process.pid}-${counter}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${person.id}`, aadObjectId: person.id, name: person.name },
    recipient: { id: '28:standing-bot', name: 'Mesa de servicios' },
    conversation: { id: personalChatOf(person), conversationType: 'personal', tenantId: TEST_TENANT_ID },
    channelData: { tenant: { id: TEST_TENANT_ID } },
    locale: 'es-MX',
    text,
  };
}

/** What a registration answered: the folio of the request, or the dialog's text when it did not register. */
export async function sendRegistration(baseUrl: string, activity: Record<string, unknown>): Promise<{ folio?: string; requestId?: string; text: string; status: number }> {
  try {
    const http = await postActivity(`${baseUrl}/api/messages`, activity);
    const folio = /"text":"[^"]*?((?:VC|TC|NC|SOL)-\d{4}-\d{4})/.exec(http.body)?.[1];
    const requestId = /"requestId":"([0-9a-f]{24})"/.exec(http.body)?.[1];
    return { folio, requestId, text: http.body.slice(0, 300), status: http.status };
  } catch (error) {
    return { text: `error: ${(error as Error).message}`, status: 0 };
  }
}
