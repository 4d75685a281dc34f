import type { MailTransport, OutgoingMail } from '../../services/notifications/notification-ports.js';

/** A mail transport stand-in (an SMTP server with outages), recording every mail it accepts. */
export interface FailingMail extends MailTransport {
  sent: OutgoingMail[];
  /** Sends tried so far, failed ones included. */
  calls: number;
  /** While true, every send fails. */
  down: boolean;
}

/** A mail transport that fails its first `failFirst` sends and every send while `down`. */
export function failingMail(options: { failFirst?: number; down?: boolean } = {}): FailingMail {
  const failFirst = options.failFirst ?? 0;
  const transport: FailingMail = {
    name: 'failing',
    sent: [],
    calls: 0,
    down: options.down ?? false,
    async send(mail: OutgoingMail) {
      transport.calls += 1;
      if (transport.down || transport.calls <= failFirst) throw new Error(`SMTP 451 temporary failure #${transport.calls}`);
      transport.sent.push(mail);
      return { channel: 'email', reference: `failing:${mail.id}` };
    },
  };
  return transport;
}
