import { Schema, type Connection, type Model } from 'mongoose';
import type { DeliveryReceipt } from '../effects/effect-dispatcher.js';
import { isDuplicateKey } from '../store/database.js';
import { rawCollection } from '../store/request-documents.js';
import type { MailTransport, OutgoingMail } from './notification-ports.js';

/** A mail kept in the outbox collection instead of being sent. */
export interface OutboxDocument extends Omit<OutgoingMail, 'id'> {
  _id: string;
  createdAt: Date;
}

const outboxSchema = new Schema<OutboxDocument>(
  {
    _id: { type: String, required: true },
    requestId: String,
    folio: String,
    to: [String],
    subject: String,
    text: String,
    locale: String,
    replyToken: String,
    createdAt: Date,
  },
  { collection: 'outbox', versionKey: false },
);
outboxSchema.index({ requestId: 1, createdAt: 1 });

/** The outbox model on `connection`. */
export function outboxModel(connection: Connection): Model<OutboxDocument> {
  return connection.models.Outbox ?? connection.model<OutboxDocument>('Outbox', outboxSchema);
}

/**
 * The mail transport when neither Graph nor SMTP is configured: each mail is stored in the
 * `outbox` collection (once per id) and logged, so nothing is lost in development.
 */
export class OutboxMailTransport implements MailTransport {
  readonly name = 'outbox';

  constructor(
    private readonly outbox: Model<OutboxDocument>,
    private readonly log: (message: string) => void = () => {},
  ) {}

  async send(mail: OutgoingMail): Promise<DeliveryReceipt> {
    const { id, ...rest } = mail;
    try {
      await rawCollection(this.outbox).insertOne({ _id: id, ...rest, createdAt: new Date() });
      this.log(`outbox: "${mail.subject}" to ${mail.to.join(', ')}`);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    return { channel: 'email', reference: `outbox:${id}` };
  }
}
