import type { Collection } from 'mongodb';
import { PeriodicSweep } from '../jobs/periodic-sweep.js';
import type { Logger } from '../logging/logger.js';
import { mailAttachmentsLine, ratingReplyWaitId, unappliedReplyNote, type UnappliedReplyReason } from '../notifications/notice-texts.js';
import { ratingFromReply } from '../requests/after-event.js';
import type { MailTransport, TeamsNotifier } from '../notifications/notification-ports.js';
import { commandTextLimits } from '../requests/command-input.js';
import type { RequestService } from '../requests/request-service.js';
import type { Actor, ServiceRequest } from '../requests/request-types.js';
import { isDuplicateKey } from '../store/database.js';
import type { InboundMessage, InboxReader } from './inbound-message.js';
import { findReplyTokens, type ReplyTokens } from './reply-token.js';

/** What became of a message of the service mailbox. */
export type InboundOutcome = 'applied' | 'duplicate' | 'shown' | 'ignored' | 'failed';

/** A message of the service mailbox as received: claimed on its key, then handled once. */
export interface InboundMailRecord {
  /** The message's key (`mail:<Message-ID>`, else the source's own id): one record, one handling. */
  _id: string;
  state: 'received' | 'done';
  message: InboundMessage;
  /** The instance handling it now; null between attempts. */
  claimedBy: string | null;
  /** Until when that instance holds it; after that (or after a failed attempt's back-off) any instance takes it up. */
  leaseUntil: Date;
  attempts: number;
  receivedAt: Date;
  outcome?: InboundOutcome;
  reason?: string;
  requestId?: string;
  folio?: string;
  doneAt?: Date;
}

/** What the handling of a message decided, before anything is done. */
export type InboundDecision =
  | { action: 'ignore'; reason: 'automatic' | 'own-mail' | 'no-token' }
  | { action: 'show'; reason: UnappliedReplyReason }
  | { action: 'apply'; text: string }
  /** A reply to the satisfaction survey that starts with a number from 1 to 5 (issue 12 §1). */
  | { action: 'rate'; rating: number; comment?: string | undefined };

/** The request a reply's token names (the token checked), and the wait it answers. */
export interface MatchedRequest {
  request: ServiceRequest;
  waitId: string;
}

/** What one round did. */
export interface InboundRound {
  /** Messages read from the mailbox. */
  read: number;
  /** Messages received earlier and handled in this round (after a failure or a crash). */
  resumed: number;
  /** Why reading failed, when it did (the next round tries again). */
  error?: string | undefined;
}

/** What the service needs; all of it passed in by the wiring. */
export interface InboundMailDependencies {
  reader: InboxReader;
  tokens: ReplyTokens;
  requests: Pick<RequestService, 'execute' | 'get' | 'getByFolio'>;
  /** Whether a command with this id has been applied (the event log's unique command ids). */
  commandApplied: (commandId: string) => Promise<boolean>;
  /** Where a reply that is not applied is shown: the request's thread in the ASV channel. */
  teams: Pick<TeamsNotifier, 'postThreadReply'>;
  /** Where it is e-mailed to the assigned ASV when the thread is not there (Teams not configured, no card). */
  mail: MailTransport;
  records: Collection<InboundMailRecord>;
  instanceName: string;
  /** The desk's own addresses (sender, inbound mailbox): mail from them is never an answer. */
  ownAddresses: readonly string[];
  everyMs: number;
  logger: Logger;
}

/** How long an instance holds a message it is handling. */
const leaseMs = 2 * 60_000;
/** Attempts before a message is given up (and logged as an error). */
const maxAttempts = 8;
/** Messages taken up again per round. */
const resumeBatch = 20;
/** The longest part of a not-applied reply quoted to the ASV. */
const shownTextLimit = 3_000;
/** Attempts of one reply against a request that keeps changing under it. */
const applyAttempts = 5;

/**
 * Answers by e-mail (SPEC §5). Reads the service mailbox every `everyMs` on each instance and
 * handles each message once: it is claimed on its key (`mail:<Message-ID>`, a unique `_id`), so
 * the same message read twice — by two instances, or again after a failed round — is handled by
 * one. A reply whose token (subject, In-Reply-To or References; checked against the server
 * secret) names a request, sent from the requester's address while that wait is open, is applied
 * exactly as a Teams answer: the `reply` command as the requester, command id = the message's
 * key, so *Pendiente por el usuario* → *En Proceso*, the history and the thread, once. A reply
 * from another address, to a closed wait, without text or too large to read is shown to the ASV
 * in the request's thread (e-mailed to the ASV when there is no thread) and changes nothing — no
 * status, no history. A message without a valid token, an automatic one (out-of-office, bounce)
 * or one of the desk's own is ignored (logged). Attachments are listed by name.
 */
export class InboundMailService {
  private readonly sweep: PeriodicSweep;
  private readonly own: Set<string>;

  constructor(private readonly deps: InboundMailDependencies) {
    this.own = new Set(deps.ownAddresses.map((address) => address.trim().toLowerCase()).filter(Boolean));
    this.sweep = new PeriodicSweep({
      everyMs: deps.everyMs,
      run: async () => {
        await this.pollOnce();
      },
      log: (message, error) => deps.logger.warn(`inbound mail: ${message}`, error),
    });
  }

  /** Where replies are read from (for the start-up log). */
  get description(): string {
    return this.deps.reader.description;
  }

  /** The index the resume query uses. */
  async ensureIndexes(): Promise<void> {
    await this.deps.records.createIndex({ state: 1, leaseUntil: 1 });
  }

  /** Starts polling: a first round now, then one every `everyMs`. */
  start(): void {
    this.sweep.start();
  }

  /** Stops polling and waits for the round in flight. */
  async stop(): Promise<void> {
    await this.sweep.stop();
  }

  /** One round: reads the new messages and handles each, then takes up messages left unhandled. */
  async pollOnce(): Promise<InboundRound> {
    let read = 0;
    let error: string | undefined;
    try {
      read = await this.deps.reader.read((message) => this.receive(message));
    } catch (failure) {
      error = (failure as Error).message ?? String(failure);
      this.deps.logger.warn(`inbound mail: reading ${this.deps.reader.description} failed; the next round tries again`, failure);
    }
    const resumed = await this.resumeStale();
    return { read, resumed, ...(error ? { error } : {}) };
  }

  /** Claims a message on its key and handles it; a message already claimed (by anyone) is left alone. */
  private async receive(message: InboundMessage): Promise<void> {
    const now = new Date();
    const record: InboundMailRecord = {
      _id: message.key,
      state: 'received',
      message,
      claimedBy: this.deps.instanceName,
      leaseUntil: new Date(now.getTime() + leaseMs),
      attempts: 0,
      receivedAt: now,
    };
    try {
      await this.deps.records.insertOne(record);
    } catch (error) {
      if (isDuplicateKey(error)) return;
      throw error;
    }
    await this.process(record);
  }

  /** Handles the messages whose holder failed or died (lease over), each claimed first. */
  private async resumeStale(): Promise<number> {
    const now = new Date();
    const stale = await this.deps.records.find({ state: 'received', leaseUntil: { $lte: now } }).sort({ leaseUntil: 1 }).limit(resumeBatch).toArray();
    let resumed = 0;
    for (const candidate of stale) {
      const claimed = await this.deps.records.findOneAndUpdate(
        { _id: candidate._id, state: 'received', leaseUntil: candidate.leaseUntil },
        { $set: { claimedBy: this.deps.instanceName, leaseUntil: new Date(Date.now() + leaseMs) } },
        { returnDocument: 'after' },
      );
      if (!claimed) continue;
      await this.process(claimed);
      resumed += 1;
    }
    return resumed;
  }

  private async process(record: InboundMailRecord): Promise<void> {
    const { key } = record.message;
    try {
      const done = await this.handle(record.message);
      await this.deps.records.updateOne(
        { _id: record._id, state: 'received' },
        { $set: { state: 'done', claimedBy: null, doneAt: new Date(), ...done } },
      );
      const where = done.folio ? ` (${done.folio})` : '';
      this.deps.logger.info(`inbound mail ${key}${where}: ${done.outcome}${done.reason ? ` — ${done.reason}` : ''}`);
    } catch (error) {
      const attempts = record.attempts + 1;
      if (attempts >= maxAttempts) {
        await this.deps.records.updateOne({ _id: record._id, state: 'received' }, { $set: { state: 'done', claimedBy: null, attempts, outcome: 'failed', doneAt: new Date() } });
        this.deps.logger.error(`inbound mail ${key}: given up after ${attempts} attempts`, error);
        return;
      }
      const delay = Math.min(60_000 * 2 ** (attempts - 1), 3_600_000);
      await this.deps.records.updateOne({ _id: record._id, state: 'received' }, { $set: { claimedBy: null, attempts, leaseUntil: new Date(Date.now() + delay) } });
      this.deps.logger.warn(`inbound mail ${key}: attempt ${attempts} failed; tried again in ${Math.round(delay / 1000)} s`, error);
    }
  }

  private async handle(message: InboundMessage): Promise<Pick<InboundMailRecord, 'outcome' | 'reason' | 'requestId' | 'folio'>> {
    const matched = message.automatic || this.isOwn(message) ? undefined : await this.match(message);
    // Taken up again after the reply was applied but before that was recorded here: the wait is
    // closed by this very message, which must not be shown as a reply to a closed wait.
    if (matched && (await this.deps.commandApplied(message.key))) return { outcome: 'duplicate', requestId: matched.request.id, folio: matched.request.folio };
    let current = matched?.request;
    for (let attempt = 1; ; attempt += 1) {
      const decision = decideInbound(message, current && matched ? { request: current, waitId: matched.waitId } : undefined, this.own);
      if (decision.action === 'ignore') return { outcome: 'ignored', reason: decision.reason };
      const request = current!;
      const about = { requestId: request.id, folio: request.folio };
      if (decision.action === 'show') {
        await this.show(message, request, decision.reason);
        return { outcome: 'shown', reason: decision.reason, ...about };
      }
      const command = decision.action === 'rate' ? ({ type: 'rate', rating: decision.rating, comment: decision.comment } as const) : ({ type: 'reply', text: decision.text } as const);
      const result = await this.deps.requests.execute(request.id, command, requesterActor(request), message.key);
      if (decision.action === 'rate' && result.outcome === 'rejected') {
        // Rated already, the period over, the request no longer Terminada: the ASV sees it; nothing changes.
        await this.show(message, request, 'rating-refused');
        return { outcome: 'shown', reason: `rating-refused (${result.rejection.code})`, ...about };
      }
      if (result.outcome === 'applied' || result.outcome === 'duplicate') return { outcome: result.outcome, ...about };
      if (result.outcome === 'not-found') return { outcome: 'ignored', reason: 'no-token', ...about };
      const fresh = result.request ?? (await this.deps.requests.get(request.id));
      if (attempt >= applyAttempts || !fresh) {
        const reason = result.outcome === 'rejected' ? result.rejection.code : result.outcome;
        throw new Error(`the reply to ${request.folio} could not be applied (${reason})`);
      }
      current = fresh;
    }
  }

  /** The request named by the first token of the message that checks out, with the wait it answers. */
  private async match(message: InboundMessage): Promise<MatchedRequest | undefined> {
    const byFolio = new Map<string, ServiceRequest | null>();
    for (const candidate of findReplyTokens(message.tokenTexts)) {
      if (!byFolio.has(candidate.folio)) byFolio.set(candidate.folio, await this.deps.requests.getByFolio(candidate.folio));
      const request = byFolio.get(candidate.folio);
      if (request && this.deps.tokens.verify(candidate, request)) return { request, waitId: candidate.waitId };
    }
    return undefined;
  }

  private isOwn(message: InboundMessage): boolean {
    return Boolean(message.from && this.own.has(message.from));
  }

  /** Shows a reply that is not applied to the ASV: in the request's thread, or by e-mail when there is no thread. */
  private async show(message: InboundMessage, request: ServiceRequest, reason: UnappliedReplyReason): Promise<void> {
    const note = unappliedReplyNote('es', {
      from: message.from ?? '',
      reason,
      requesterEmail: request.requester.email ?? '',
      text: cut(message.answer, shownTextLimit),
      attachments: message.attachments,
    });
    const posted = await this.deps.teams.postThreadReply(request, note, 'mail-not-applied');
    if (!posted.skipped) return;
    const asv = request.assignee.email;
    if (!asv) return;
    await this.deps.mail.send({
      id: `${message.key}:asv`,
      requestId: request.id,
      folio: request.folio,
      to: [asv],
      subject: `${request.folio}: respuesta por correo no aplicada`,
      text: note,
      locale: 'es',
    });
  }
}

/**
 * What to do with a message (pure): ignore it (automatic, the desk's own, no valid token), show it
 * to the ASV (another sender, a closed wait, no text, too large), or apply its answer. `matched`
 * is the request its token names, as it stands now.
 */
export function decideInbound(message: InboundMessage, matched: MatchedRequest | undefined, ownAddresses: ReadonlySet<string>): InboundDecision {
  if (message.automatic) return { action: 'ignore', reason: 'automatic' };
  if (message.from && ownAddresses.has(message.from)) return { action: 'ignore', reason: 'own-mail' };
  if (!matched) return { action: 'ignore', reason: 'no-token' };
  const { request, waitId } = matched;
  const requester = request.requester.email?.trim().toLowerCase();
  if (!message.from || !requester || message.from !== requester) return { action: 'show', reason: 'not-requester' };
  if (waitId === ratingReplyWaitId) {
    if (message.tooLarge) return { action: 'show', reason: 'too-large' };
    const rated = ratingFromReply(message.answer);
    return rated ? { action: 'rate', rating: rated.rating, comment: rated.comment && cut(rated.comment, commandTextLimits.comment) } : { action: 'show', reason: 'not-a-rating' };
  }
  if (request.status !== 'Pendiente por el usuario' || request.wait?.waitId !== waitId) return { action: 'show', reason: 'wait-closed' };
  if (message.tooLarge) return { action: 'show', reason: 'too-large' };
  const text = replyText(message.answer, message.attachments);
  return text ? { action: 'apply', text } : { action: 'show', reason: 'empty' };
}

/** The reply command's text: the answer and the line naming the attachments, within the command's limit. */
export function replyText(answer: string, attachments: readonly string[]): string {
  const line = mailAttachmentsLine('es', attachments);
  const room = commandTextLimits.text - (line ? line.length + 2 : 0);
  return [cut(answer.trim(), room), line].filter(Boolean).join('\n\n');
}

/** The requester as the actor of their own answer: their own id and address, no configured role. */
function requesterActor(request: ServiceRequest): Actor {
  return { id: request.requester.id, name: request.requester.name, email: request.requester.email, roles: [] };
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…` : text;
}
