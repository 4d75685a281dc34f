import type { Collection } from 'mongodb';
import { z } from 'zod';
import { graphCall, hasGraphStatus } from '../graph/graph-call-error.js';
import type { GraphClient } from '../graph/graph-client.js';
import { allPages } from '../graph/graph-paging.js';
import { isDuplicateKey } from '../store/database.js';
import {
  answerOf,
  attachmentNames,
  isAutomatic,
  mailAddress,
  maxBodyCharacters,
  messageIdOf,
  oneLine,
  subjectOf,
  type InboundMessage,
  type InboxReader,
} from './inbound-message.js';

/** Where a mailbox's delta round stands: the `@odata.deltaLink` of the last completed round. */
export interface GraphInboxState {
  _id: string;
  deltaLink?: string;
  updatedAt?: Date;
}

const emailAddress = z.object({ address: z.string().max(1000).nullish(), name: z.string().nullish() }).nullish();
const graphMessage = z.object({
  id: z.string().min(1).max(2000),
  subject: z.string().nullish(),
  internetMessageId: z.string().nullish(),
  from: z.object({ emailAddress }).nullish(),
  body: z.object({ contentType: z.string(), content: z.string() }).nullish(),
  hasAttachments: z.boolean().nullish(),
  internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
});
const removed = z.object({ '@removed': z.unknown() });
const deltaPage = z.object({
  value: z.array(z.unknown()).max(10_000).default([]),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});
const attachment = z.object({ name: z.string().nullish(), isInline: z.boolean().nullish() });

/** What is asked of each message: no more than the answer needs. */
const selected = ['subject', 'from', 'internetMessageId', 'internetMessageHeaders', 'body', 'hasAttachments', 'receivedDateTime'];
/** Messages per page. */
const pageSize = 25;
/** A round that keeps linking past this many pages is an error, not mail. */
const maxPages = 400;
/** How far back the first round of a mailbox reads (a reply can only answer mail sent since answers by e-mail were turned on). */
const firstRoundLookbackMs = 24 * 3_600_000;

/**
 * The service mailbox's inbox through Microsoft Graph, app-only (application permission
 * Mail.Read, limited to the mailbox by an Exchange application access policy): a delta query on
 * `/users/{mailbox}/mailFolders/inbox/messages/delta` for created messages, bodies asked as text
 * (`Prefer: outlook.body-content-type="text"`), `@odata.nextLink` followed page after page and
 * the round's `@odata.deltaLink` kept in the database for the next round. The client's retry
 * handler waits out 429 Retry-After; a delta token Graph no longer knows (410) starts over with a
 * first round. Attachments are listed by name (`/messages/{id}/attachments`).
 *
 * A round that fails midway keeps the previous deltaLink, so the next one reads the same messages
 * again; the caller handles each message once (claims on its key), so reading twice is harmless.
 */
export class GraphInbox implements InboxReader {
  readonly description: string;
  private readonly stateId: string;

  constructor(
    private readonly graph: GraphClient,
    private readonly mailbox: string,
    private readonly state: Collection<GraphInboxState>,
    private readonly log: (message: string, detail?: unknown) => void = () => {},
  ) {
    if (!mailbox.trim()) throw new Error('GraphInbox needs the mailbox to read (INBOUND_MAILBOX)');
    this.description = `Microsoft Graph mailbox ${mailbox}`;
    this.stateId = `graph:${mailbox.toLowerCase()}`;
  }

  async read(handle: (message: InboundMessage) => Promise<void>): Promise<number> {
    const stored = (await this.state.findOne({ _id: this.stateId }))?.deltaLink;
    let request = stored ? this.graph.api(stored) : this.firstRequest();
    let count = 0;
    for (let page = 1; ; page += 1) {
      if (page > maxPages) throw new Error(`GraphInbox ${this.mailbox}: more than ${maxPages} delta pages in one round`);
      let answer: unknown;
      try {
        answer = await graphCall(`delta of the inbox of ${this.mailbox}`, () => request.header('Prefer', `outlook.body-content-type="text", odata.maxpagesize=${pageSize}`).get());
      } catch (error) {
        if (!stored || !hasGraphStatus(error, 410)) throw error;
        this.log(`inbound mail: Graph no longer knows the delta token of ${this.mailbox}; the next round starts over`);
        await this.state.updateOne({ _id: this.stateId, deltaLink: stored }, { $unset: { deltaLink: '' }, $set: { updatedAt: new Date() } });
        return count;
      }
      const parsed = deltaPage.safeParse(answer);
      if (!parsed.success) throw new Error(`GraphInbox ${this.mailbox}: the delta answer is not a page of messages`);
      for (const item of parsed.data.value) {
        const message = await this.toMessage(item);
        if (!message) continue;
        await handle(message);
        count += 1;
      }
      const next = parsed.data['@odata.nextLink'];
      const delta = parsed.data['@odata.deltaLink'];
      if (next) {
        request = this.graph.api(next);
        continue;
      }
      if (!delta) throw new Error(`GraphInbox ${this.mailbox}: a delta page with neither nextLink nor deltaLink`);
      await this.keep(stored, delta);
      return count;
    }
  }

  private firstRequest() {
    return this.graph
      .api(`/users/${encodeURIComponent(this.mailbox)}/mailFolders/inbox/messages/delta`)
      .query({ changeType: 'created' })
      .select(selected)
      .filter(`receivedDateTime ge ${new Date(Date.now() - firstRoundLookbackMs).toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
  }

  /** Keeps the round's deltaLink, unless another instance has moved on from the one this round started with. */
  private async keep(started: string | undefined, deltaLink: string): Promise<void> {
    if (started) {
      await this.state.updateOne({ _id: this.stateId, deltaLink: started }, { $set: { deltaLink, updatedAt: new Date() } });
      return;
    }
    try {
      await this.state.insertOne({ _id: this.stateId, deltaLink, updatedAt: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  private async toMessage(item: unknown): Promise<InboundMessage | undefined> {
    if (removed.safeParse(item).success) return undefined;
    const parsed = graphMessage.safeParse(item);
    if (!parsed.success) {
      this.log(`inbound mail: an entry of the delta of ${this.mailbox} is not a message; skipped`);
      return undefined;
    }
    const message = parsed.data;
    const headers = new Map<string, string>();
    for (const header of (message.internetMessageHeaders ?? []).slice(0, 500)) {
      const name = header.name.toLowerCase();
      if (!headers.has(name)) headers.set(name, oneLine(header.value));
    }
    const from = mailAddress(message.from?.emailAddress?.address);
    const subject = subjectOf(message.subject);
    const content = message.body?.content ?? '';
    const isHtml = message.body?.contentType.toLowerCase() === 'html';
    const { answer, tooLarge } = content.length > maxBodyCharacters ? { answer: '', tooLarge: true } : answerOf(isHtml ? { html: content } : { text: content });
    const messageId = messageIdOf(message.internetMessageId);
    return {
      key: messageId ? `mail:${messageId}` : `graph:${message.id}`,
      source: 'graph',
      from,
      subject,
      tokenTexts: [headers.get('in-reply-to') ?? '', headers.get('references') ?? '', subject],
      answer,
      tooLarge,
      attachments: message.hasAttachments ? await this.attachmentsOf(message.id) : [],
      automatic: isAutomatic((name) => headers.get(name), from),
    };
  }

  private async attachmentsOf(messageId: string): Promise<string[]> {
    const items = await graphCall(`attachments of a message in ${this.mailbox}`, () =>
      allPages<unknown>(this.graph, `/users/${encodeURIComponent(this.mailbox)}/messages/${encodeURIComponent(messageId)}/attachments?$select=name,isInline`),
    );
    const names = items.flatMap((item) => {
      const parsed = attachment.safeParse(item);
      return parsed.success && !parsed.data.isInline ? [parsed.data.name ?? ''] : [];
    });
    return attachmentNames(names);
  }
}
