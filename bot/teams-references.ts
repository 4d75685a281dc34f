import type { ConversationReference } from 'botbuilder';
import { Schema, type Connection, type Model } from 'mongoose';
import { rawCollection } from '../services/store/request-documents.js';

/** Where a request lives in Teams: its card (the thread's root) in the ASV channel. */
export interface RequestThread {
  /** The channel conversation the card was posted to. */
  channelConversationId: string;
  /** The card's activity id (the thread root), for updates in place. */
  cardActivityId: string;
  serviceUrl: string;
}

interface ReferenceDocument {
  _id: string;
  reference?: Partial<ConversationReference>;
  thread?: RequestThread;
  email?: string;
  updatedAt: Date;
}

/** How many entries the in-process memory of {@link TeamsReferences} holds before it starts afresh. */
const maxKnown = 10_000;

const referenceSchema = new Schema<ReferenceDocument>(
  { _id: String, reference: Schema.Types.Mixed, thread: Schema.Types.Mixed, email: String, updatedAt: Date },
  { collection: 'teams_references', versionKey: false },
);

/**
 * Conversation references kept for proactive messages: each person's 1:1 chat (from install or
 * first contact), keyed by their ids, and each request's thread in the ASV channel. Documents are
 * read and written by `_id` only.
 */
export class TeamsReferences {
  private readonly model: Model<ReferenceDocument>;
  /** What this process has read or written already, by `_id`: e-mails, and what identifies each stored 1:1 chat. */
  private readonly known = new Map<string, string>();

  constructor(connection: Connection) {
    this.model = connection.models.TeamsReference ?? connection.model<ReferenceDocument>('TeamsReference', referenceSchema);
  }

  /** Remembers a person's 1:1 conversation under each of their ids (Teams id, Entra id, e-mail). */
  async rememberPerson(ids: Array<string | undefined>, reference: Partial<ConversationReference>): Promise<void> {
    const chat = JSON.stringify([reference.channelId, reference.serviceUrl, reference.conversation?.id, reference.bot?.id, reference.user?.id, reference.locale]);
    const keys = [...new Set(ids.filter((id): id is string => Boolean(id)).map((id) => `person:${id.toLowerCase()}`))].filter((key) => this.known.get(key) !== chat);
    await Promise.all(
      keys.map(async (key) => {
        await rawCollection(this.model).updateOne({ _id: key }, { $set: { reference, updatedAt: new Date() } }, { upsert: true });
        this.remember(key, chat);
      }),
    );
  }

  /** The 1:1 conversation of the first of `ids` that has one. */
  async personal(ids: Array<string | undefined>): Promise<Partial<ConversationReference> | undefined> {
    for (const id of ids) {
      if (!id) continue;
      const document = await rawCollection(this.model).findOne({ _id: `person:${id.toLowerCase()}` });
      if (document?.reference) return document.reference;
    }
    return undefined;
  }

  /** The e-mail remembered for a Teams user id, if any. */
  async emailOf(teamsUserId: string): Promise<string | undefined> {
    const key = `email:${teamsUserId.toLowerCase()}`;
    const email = this.known.get(key) ?? (await rawCollection(this.model).findOne({ _id: key }))?.email;
    if (email) this.remember(key, email);
    return email;
  }

  /** Remembers a Teams user's e-mail (looked up once in the roster). */
  async rememberEmail(teamsUserId: string, email: string): Promise<void> {
    const key = `email:${teamsUserId.toLowerCase()}`;
    await rawCollection(this.model).updateOne({ _id: key }, { $set: { email, updatedAt: new Date() } }, { upsert: true });
    this.remember(key, email);
  }

  /** Remembers a request's card in the ASV channel. */
  async rememberThread(requestId: string, thread: RequestThread): Promise<void> {
    await rawCollection(this.model).updateOne({ _id: `thread:${requestId}` }, { $set: { thread, updatedAt: new Date() } }, { upsert: true });
  }

  /** A request's card in the ASV channel, if it was posted. */
  async thread(requestId: string): Promise<RequestThread | undefined> {
    return (await rawCollection(this.model).findOne({ _id: `thread:${requestId}` }))?.thread;
  }

  private remember(key: string, value: string): void {
    if (this.known.size >= maxKnown) this.known.clear();
    this.known.set(key, value);
  }
}
