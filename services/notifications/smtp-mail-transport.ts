import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { DeliveryReceipt } from '../effects/effect-dispatcher.js';
import { departmentName, renderMail } from './mail-templates.js';
import type { MailTransport, OutgoingMail } from './notification-ports.js';

/** The SMTP settings of the configuration (`SMTP_URL`, `SMTP_FROM`). */
export interface SmtpSettings {
  /** `smtp://user:pass@host:port` or `smtps://…`; nodemailer reads options from its query. */
  url: string;
  /** The sender address. */
  from: string;
  /** Where replies to an information request go (the inbound mailbox, answers by e-mail), when it is not `from`. */
  replyTo?: string | undefined;
}

/**
 * Sends mail over SMTP with nodemailer: a plain-text and an HTML part (the mail's own `html`, or
 * both rendered with the mail templates), from the configured address under the department's name.
 *
 * SMTP cannot make a send idempotent: when the connection drops after the server took the message,
 * a retry sends it again. The `Message-ID` is derived from `mail.id`, so a repeated copy is the
 * same message to clients that collapse duplicates, and the effect layer's per-step `once` records
 * each success so a delivered mail is never sent again. A failed send throws (to be retried); a send
 * that some but not all recipients accepted succeeds, as retrying would repeat it to the others.
 *
 * An information request's mail (one with a reply token) carries the token in its Message-ID and an
 * `X-Service-Desk-Ref` header, and asks for replies at `replyTo` (the inbound mailbox) when set.
 */
export class SmtpMailTransport implements MailTransport {
  readonly name = 'smtp';
  private readonly transporter;
  private readonly domain: string;

  constructor(private readonly settings: SmtpSettings) {
    this.transporter = createTransport(settings.url);
    this.domain = settings.from.split('@').at(-1) ?? 'localhost';
  }

  async send(mail: OutgoingMail): Promise<DeliveryReceipt> {
    const { html, link } = mail;
    const rendered = html === undefined ? renderMail({ subject: mail.subject, body: mail.text }, { locale: mail.locale, folio: mail.folio, link }) : undefined;
    const info = await this.transporter.sendMail({
      from: { name: departmentName[mail.locale], address: this.settings.from },
      to: mail.to,
      subject: rendered?.subject ?? mail.subject,
      text: rendered?.text ?? mail.text,
      html: rendered?.html ?? html,
      messageId: messageIdFor(mail.id, this.domain, mail.replyToken),
      headers: {
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'OOF, AutoReply',
        ...(mail.replyToken ? { 'X-Service-Desk-Ref': mail.replyToken } : {}),
      },
      ...(mail.replyToken && this.settings.replyTo ? { replyTo: this.settings.replyTo } : {}),
    });
    return { channel: 'email', reference: `smtp:${info.messageId.replace(/^<|>$/g, '')}` };
  }

  /** Closes the transport's connections. */
  close(): void {
    this.transporter.close();
  }
}

/**
 * `<…@domain>`, the same for every send of the mail `id`. An information request's mail carries its
 * reply token too (`<vcsd.<hash>.<token>@domain>`), so that the In-Reply-To and References of a
 * reply name it.
 */
export function messageIdFor(id: string, domain: string, replyToken?: string): string {
  const hash = createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 32);
  return `<vcsd.${hash}${replyToken ? `.${replyToken}` : ''}@${domain}>`;
}
