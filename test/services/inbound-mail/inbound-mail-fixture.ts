import { createTransport } from 'nodemailer';
import type { DeliveryReceipt } from '../../../services/effects/effect-dispatcher.js';
import type { TeamsNotifier } from '../../../services/notifications/notification-ports.js';
import type { ServiceRequest } from '../../../services/requests/request-types.js';
import type { ServiceDesk } from '../../../services/service-desk.js';
import { commandId, eventually, people, registration } from '../../support/service-desk-fixture.js';

/** The service mailbox of these tests: replies go to it, the desk reads it. */
export const deskMailbox = 'mesa.vc@uni.example';

/** A post in a request's thread, as the Teams notifier was asked for it. */
export interface ThreadPost {
  requestId: string;
  folio: string;
  text: string;
  topic: string;
}

/** A Teams notifier that records the thread posts (the only Teams side answers by e-mail use) and skips the rest. */
export function recordingTeams(): TeamsNotifier & { posts: ThreadPost[] } {
  const posts: ThreadPost[] = [];
  const skipped = async (): Promise<DeliveryReceipt> => ({ channel: 'teams', skipped: true, reference: 'not in these tests' });
  return {
    posts,
    postRequestCard: skipped,
    updateRequestCard: skipped,
    notifyPerson: skipped,
    notifyDau: skipped,
    async postThreadReply(request: ServiceRequest, text: string, topic: string) {
      posts.push({ requestId: request.id, folio: request.folio, text, topic });
      return { channel: 'teams', reference: `thread post ${posts.length}` };
    },
  };
}

/** Registers a request, has the ASV take it and ask for information: it waits for the requester. */
export async function pendingRequest(desk: ServiceDesk, message = '¿Cuántas personas asistirán y en qué sala estarán?'): Promise<ServiceRequest> {
  const actor = (person: typeof people.asv) => desk.roles.actorFor(person);
  const registered = await desk.requests.register(registration(), actor(people.hd), commandId('register'));
  if (registered.outcome !== 'applied') throw new Error(`register: ${registered.outcome}`);
  const taken = await desk.requests.execute(registered.request.id, { type: 'take' }, actor(people.asv), commandId('take'));
  if (taken.outcome !== 'applied') throw new Error(`take: ${taken.outcome}`);
  const asked = await desk.requests.execute(registered.request.id, { type: 'request-info', message }, actor(people.asv), commandId('ask'));
  if (asked.outcome !== 'applied') throw new Error(`request-info: ${asked.outcome}`);
  return asked.request;
}

/** Waits until the request's effects are all dispatched (thread posts included). */
export async function settled(desk: ServiceDesk): Promise<void> {
  await desk.dispatcher.idle();
  await desk.dispatcher.sweep(0);
}

/** The request's history entries of `kind`. */
export async function historyOf(desk: ServiceDesk, requestId: string, kind: string) {
  const request = await desk.requests.get(requestId);
  return (request?.history ?? []).filter((entry) => entry.kind === kind);
}

/** A reply as a mail client writes it: the answer, a signature, and the quoted original (Spanish Gmail style). */
export function replyBody(answer: string, original: string): string {
  return [
    answer,
    '',
    '-- ',
    'Rosa Quintero',
    'Facultad de Ingeniería · Ext. 1234',
    '',
    'El lun, 9 mar 2026 a las 10:00, Mesa de Servicios <mesa.vc@uni.example> escribió:',
    ...original.split('\n').map((line) => `> ${line}`),
    '',
  ].join('\n');
}

/** A raw RFC 5322 message (multipart when it has attachments), as nodemailer builds it. */
export async function rawMessage(mail: {
  from: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references?: string;
  headers?: Record<string, string>;
  attachments?: Array<{ filename: string; content: string; cid?: string }>;
}): Promise<string> {
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await composer.sendMail({
    from: mail.from,
    to: deskMailbox,
    subject: mail.subject,
    text: mail.text,
    messageId: mail.messageId,
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references ? { references: mail.references } : {}),
    ...(mail.headers ? { headers: mail.headers } : {}),
    ...(mail.attachments ? { attachments: mail.attachments } : {}),
  });
  return (info.message as Buffer).toString('utf8');
}

export { eventually };
