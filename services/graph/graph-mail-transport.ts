import { RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import type { DeliveryReceipt } from '../effects/effect-dispatcher.js';
import type { MailTransport, OutgoingMail } from '../notifications/notification-ports.js';
import { graphCall } from './graph-call-error.js';
import type { GraphClient } from './graph-client.js';
import { textToHtml } from '../notifications/mail-templates.js';

/**
 * Sends the product's e-mail through Graph `sendMail` as `mailFrom` (application permission
 * Mail.Send; an application access policy should limit it to that mailbox). 202 means accepted.
 *
 * Which layer retries mail: the durable effects dispatcher, not the Graph client. Each send is
 * one attempt (the client's retry handler is switched off for it), and any failure, 429 and
 * 503 included, is thrown as a `GraphCallError` (with Graph's Retry-After when given); the
 * dispatcher then retries with back-off, counts the attempts, survives restarts and shows a
 * give-up on the request. In-process retries would hold an effect for minutes under a
 * Retry-After, beyond the dispatcher's attempt lease, and add a second, invisible retry loop.
 * `sendMail` has no idempotency key, so a send whose answer was lost (e.g. 504) may be delivered
 * twice by any retry; the `X-Service-Desk-Mail-Id` header lets such duplicates be recognised.
 *
 * `sendMail` cannot set the Message-ID (custom `internetMessageHeaders` must be `x-` headers), so an
 * information request's reply token travels in its subject (put there by the notice text) and an
 * `X-Service-Desk-Ref` header; replies are matched by the subject.
 */
export class GraphMailTransport implements MailTransport {
  readonly name = 'graph';

  constructor(
    private readonly graph: GraphClient,
    private readonly mailFrom: string,
    /** `replyTo`: where replies to an information request go (the inbound mailbox), when it is not `mailFrom`. */
    private readonly options: { replyTo?: string | undefined } = {},
  ) {
    if (!mailFrom.trim()) throw new Error('GraphMailTransport needs the sending mailbox (GRAPH_MAIL_FROM)');
  }

  async send(mail: OutgoingMail): Promise<DeliveryReceipt> {
    const recipients = mail.to.map((address) => address.trim()).filter(Boolean);
    if (!recipients.length) return { channel: 'email', skipped: true, reference: 'no recipients' };
    const html = mail.html;
    const message = {
      subject: mail.subject,
      body: { contentType: 'HTML', content: html ?? textToHtml(mail.text) },
      toRecipients: recipients.map((address) => ({ emailAddress: { address } })),
      internetMessageHeaders: [
        { name: 'X-Service-Desk-Mail-Id', value: mail.id },
        ...(mail.replyToken ? [{ name: 'X-Service-Desk-Ref', value: mail.replyToken }] : []),
      ],
      ...(mail.replyToken && this.options.replyTo ? { replyTo: [{ emailAddress: { address: this.options.replyTo } }] } : {}),
    };
    await graphCall(`sendMail as ${this.mailFrom} (mail ${mail.id})`, () =>
      this.graph
        .api(`/users/${encodeURIComponent(this.mailFrom)}/sendMail`)
        .middlewareOptions([new RetryHandlerOptions(0, 0)])
        .post({ message, saveToSentItems: true }),
    );
    return { channel: 'email', reference: 'graph:sendMail' };
  }
}
