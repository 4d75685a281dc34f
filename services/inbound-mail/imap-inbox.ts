import { ImapFlow } from 'imapflow';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { Collection } from 'mongodb';
import { isDuplicateKey } from '../store/database.js';
import {
  answerOf,
  attachmentNames,
  isAutomatic,
  mailAddress,
  messageIdOf,
  oneLine,
  subjectOf,
  type InboundMessage,
  type InboxReader,
} from './inbound-message.js';

/** The IMAP server and mailbox (from `IMAP_URL`); `password` is a secret, never logged. */
export interface ImapSettings {
  host: string;
  port: number;
  /** TLS from the start (imaps://); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
}

/** Where the mailbox has been read up to: the last UID handled, under the mailbox's UIDVALIDITY. */
export interface ImapInboxState {
  _id: string;
  uidValidity?: string;
  lastUid?: number;
  updatedAt?: Date;
}

/** Messages larger than this (bytes, as the server reports) are not downloaded: only their headers are read. */
const maxMessageBytes = 10 * 1024 * 1024;
/** Messages read per round at most; the rest wait for the next round. */
const maxMessagesPerRound = 100;

/**
 * The service mailbox through IMAP, with imapflow: each round connects, selects the mailbox,
 * lists the messages whose UID is above the last one handled (kept in the database with the
 * mailbox's UIDVALIDITY; a new UIDVALIDITY reads the mailbox again from the start), parses each
 * with mailparser, hands it on, marks it `\Seen` and moves the mark on, then logs out. A message
 * larger than {@link maxMessageBytes} is read by its headers only (shown as too large to read).
 * imapflow's own logger is off, and messages name the server without the password.
 */
export class ImapInbox implements InboxReader {
  readonly description: string;
  private readonly stateId: string;

  constructor(
    private readonly settings: ImapSettings,
    private readonly state: Collection<ImapInboxState>,
    private readonly log: (message: string, detail?: unknown) => void = () => {},
  ) {
    this.description = `IMAP ${settings.secure ? 'imaps' : 'imap'}://${settings.user}@${settings.host}:${settings.port}/${settings.mailbox}`;
    this.stateId = `imap:${settings.user.toLowerCase()}@${settings.host.toLowerCase()}:${settings.port}/${settings.mailbox}`;
  }

  async read(handle: (message: InboundMessage) => Promise<void>): Promise<number> {
    const client = new ImapFlow({
      host: this.settings.host,
      port: this.settings.port,
      secure: this.settings.secure,
      auth: { user: this.settings.user, pass: this.settings.password },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: 20_000,
      greetingTimeout: 15_000,
      socketTimeout: 120_000,
      maxLiteralSize: maxMessageBytes + 64 * 1024,
      maxResponseSize: maxMessageBytes + 1024 * 1024,
    });
    let failure: Error | undefined;
    client.on('error', (error: Error) => {
      failure = error;
    });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`${this.description}: cannot connect and log in: ${messageOf(error)}`);
    }
    try {
      const lock = await client.getMailboxLock(this.settings.mailbox);
      try {
        return await this.readSelected(client, handle);
      } finally {
        lock.release();
      }
    } catch (error) {
      throw new Error(`${this.description}: ${messageOf(failure ?? error)}`, { cause: error });
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  private async readSelected(client: ImapFlow, handle: (message: InboundMessage) => Promise<void>): Promise<number> {
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error(`mailbox ${this.settings.mailbox} is not selected`);
    const uidValidity = String(mailbox.uidValidity);
    const stored = await this.state.findOne({ _id: this.stateId });
    const last = stored?.uidValidity === uidValidity ? (stored.lastUid ?? 0) : 0;
    if (!mailbox.exists || (mailbox.uidNext !== undefined && mailbox.uidNext <= last + 1)) return 0;

    const found: Array<{ uid: number; size: number }> = [];
    for await (const message of client.fetch(`${last + 1}:*`, { uid: true, size: true }, { uid: true })) {
      if (message.uid > last) found.push({ uid: message.uid, size: message.size ?? 0 });
    }
    found.sort((a, b) => a.uid - b.uid);
    let count = 0;
    for (const { uid, size } of found.slice(0, maxMessagesPerRound)) {
      const tooLarge = size > maxMessageBytes;
      const fetched = await client.fetchOne(String(uid), tooLarge ? { uid: true, headers: true } : { uid: true, source: true }, { uid: true });
      const raw = fetched ? (tooLarge ? fetched.headers : fetched.source) : undefined;
      if (raw) {
        const message = await this.toMessage(raw, uidValidity, uid, tooLarge);
        await handle(message);
        await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        count += 1;
      } else {
        this.log(`inbound mail: ${this.description}: message UID ${uid} could not be fetched; skipped`);
      }
      await this.advance(uidValidity, uid);
    }
    return count;
  }

  /** Moves the mark to `uid` (never back); a new UIDVALIDITY replaces the mark. */
  private async advance(uidValidity: string, uid: number): Promise<void> {
    const forward = () => this.state.updateOne({ _id: this.stateId, uidValidity }, { $max: { lastUid: uid }, $set: { updatedAt: new Date() } });
    if ((await forward()).matchedCount) return;
    try {
      await this.state.updateOne({ _id: this.stateId }, { $set: { uidValidity, lastUid: uid, updatedAt: new Date() } }, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await forward();
    }
  }

  private async toMessage(raw: Buffer, uidValidity: string, uid: number, tooLarge: boolean): Promise<InboundMessage> {
    const parsed = await simpleParser(raw, {
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      keepCidLinks: true,
      maxHtmlLengthToParse: 200_000,
    });
    const headers = headerMap(parsed);
    const senders = parsed.from?.value ?? [];
    const from = senders.length === 1 ? mailAddress(senders[0]!.address) : undefined;
    const subject = subjectOf(parsed.subject);
    const references = Array.isArray(parsed.references) ? parsed.references.join(' ') : (parsed.references ?? '');
    const messageId = messageIdOf(parsed.messageId);
    const { answer, tooLarge: bodyTooLarge } = tooLarge ? { answer: '', tooLarge: true } : answerOf({ text: parsed.text, html: parsed.html || undefined });
    return {
      key: messageId ? `mail:${messageId}` : `imap:${uidValidity}:${uid}`,
      source: 'imap',
      from,
      subject,
      tokenTexts: [oneLine(parsed.inReplyTo), oneLine(references), subject],
      answer,
      tooLarge: bodyTooLarge,
      attachments: attachmentNames(parsed.attachments.filter((part) => !part.related).map((part) => part.filename ?? '(sin nombre)')),
      automatic: isAutomatic((name) => headers.get(name), from),
    };
  }
}

/** The first value of each header, by lower-case name, on one line. */
function headerMap(parsed: ParsedMail): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    const name = key.toLowerCase();
    if (!headers.has(name)) headers.set(name, oneLine(line.slice(line.indexOf(':') + 1)));
  }
  return headers;
}

function messageOf(error: unknown): string {
  const detail = error as { message?: unknown; responseText?: unknown; code?: unknown } | null;
  const parts = [detail?.message, detail?.responseText, detail?.code].filter((part): part is string => typeof part === 'string' && part !== '');
  return [...new Set(parts)].join(': ') || String(error);
}
