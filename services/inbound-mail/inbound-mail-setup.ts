import type { Collection, Db } from 'mongodb';
import type { AppConfig } from '../config/app-config.js';
import { createGraphClient } from '../graph/graph-client.js';
import type { Logger } from '../logging/logger.js';
import type { MailTransport, TeamsNotifier } from '../notifications/notification-ports.js';
import type { RequestService } from '../requests/request-service.js';
import { GraphInbox, type GraphInboxState } from './graph-inbox.js';
import { ImapInbox, type ImapInboxState } from './imap-inbox.js';
import type { InboxReader } from './inbound-message.js';
import { InboundMailService, type InboundMailRecord } from './inbound-mail-service.js';
import { loadReplySecret, ReplyTokens } from './reply-token.js';

/** Answers by e-mail, built: the tokens the information requests carry and the mailbox's poller. */
export interface InboundMail {
  tokens: ReplyTokens;
  service: InboundMailService;
}

/** What answers by e-mail are built from. */
export interface InboundMailParts {
  config: AppConfig;
  db: Db;
  requests: RequestService;
  /** Whether a command id is in the event log (`RequestStore.eventByCommand`). */
  commandApplied: (commandId: string) => Promise<boolean>;
  teams: Pick<TeamsNotifier, 'postThreadReply'>;
  mail: MailTransport;
  instanceName: string;
  logger: Logger;
}

/**
 * Builds answers by e-mail when the configuration names an inbound mailbox (`INBOUND_MAILBOX`
 * read through Graph, or `IMAP_URL`); undefined otherwise — the information request then does
 * not invite a reply by e-mail. The reply-token secret is made once and kept in the database.
 */
export async function createInboundMail(parts: InboundMailParts): Promise<InboundMail | undefined> {
  const { config, db, logger } = parts;
  const inbound = config.inbound;
  if (!inbound) return undefined;
  const log = (message: string, detail?: unknown) => logger.warn(message, detail);
  const state = db.collection('inbound_mail_state');
  let reader: InboxReader;
  if (inbound.via === 'imap' && inbound.imap) {
    reader = new ImapInbox(inbound.imap, state as unknown as Collection<ImapInboxState>, log);
  } else if (config.graph && inbound.address) {
    reader = new GraphInbox(createGraphClient(config.graph), inbound.address, state as unknown as Collection<GraphInboxState>, log);
  } else {
    throw new Error('createInboundMail: INBOUND_MAILBOX needs Microsoft Graph (GRAPH_*) or IMAP_URL');
  }
  const tokens = new ReplyTokens(await loadReplySecret(db));
  const service = new InboundMailService({
    reader,
    tokens,
    requests: parts.requests,
    commandApplied: parts.commandApplied,
    teams: parts.teams,
    mail: parts.mail,
    records: db.collection<InboundMailRecord>('inbound_mail'),
    instanceName: parts.instanceName,
    ownAddresses: [inbound.address, config.graph?.mailFrom, config.smtp?.from].filter((address): address is string => Boolean(address)),
    everyMs: inbound.pollEveryMs,
    logger,
  });
  await service.ensureIndexes();
  return { tokens, service };
}
