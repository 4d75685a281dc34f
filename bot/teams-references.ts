import type { ConversationReference } from 'botbuilder';
import { LRUCache } from 'lru-cache';
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

/** A person the bot has met in Teams, by Entra object id: their 1:1 chat and their directory e-mail. */
interface PersonRecord {
  reference?: Partial<ConversationReference>;
  /** The e-mail the Teams roster of the bot's own tenant gave for this object id. */
  email?: string;
  /** The language last seen from them. */
  locale?: 'es' | 'en';
}

interface ReferenceDocument extends PersonRecord {
  _id: string;
  thread?: RequestThread;
  updatedAt: Date;
}

/** How many entries the in-process memory of {@link TeamsReferences} holds at most. */
const maxKnown = 10_000;

const referenceSchema = new Schema<ReferenceDocument>(
  { _id: String, reference: Schema.Types.Mixed, thread: Schema.Types.Mixed, email: String, locale: String, updatedAt: Date },
  { collection: 'teams_references', versionKey: false },
);
referenceSchema.index({ email: 1 }, { partialFilterExpression: { email: { $type: 'string' } } });

const personKey = (objectId: string) => `person:${objectId.trim().toLowerCase()}`;

/**
 * What the bot keeps of Teams for proactive messages: each person's 1:1 chat, their directory
 * e-mail and language, under their Entra object id — learned only from authenticated activities of
 * the configured tenant(s), never from an id or address a client chose — and each request's card
 * in the ASV channel.
 */
export class TeamsReferences {
  private readonly model: Model<ReferenceDocument>;
  /** What this process has read or written already, by key: the e-mail and chat of each person. */
  private readonly known = new LRUCache<string, string>({ max: maxKnown });

  constructor(connection: Connection) {
    this.model = connection.models.TeamsReference ?? connection.model<ReferenceDocument>('TeamsReference', referenceSchema);
  }

  /** Creates the index that finds a person by e-mail. */
  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Remembers the 1:1 chat of the person with Entra object id `objectId` (from their own activity), and their language. */
  async rememberChat(objectId: string, reference: Partial<ConversationReference>, locale: 'es' | 'en'): Promise<void> {
    const chat = JSON.stringify([reference.channelId, reference.serviceUrl, reference.conversation?.id, reference.bot?.id, reference.user?.id, locale]);
    const key = `${personKey(objectId)}#chat`;
    if (this.known.get(key) === chat) return;
    await rawCollection(this.model).updateOne({ _id: personKey(objectId) }, { $set: { reference, locale, updatedAt: new Date() } }, { upsert: true });
    this.known.set(key, chat);
  }

  /** Forgets a person's 1:1 chat (the app was uninstalled: the chat no longer takes messages). */
  async forgetChat(objectId: string): Promise<void> {
    await rawCollection(this.model).updateOne({ _id: personKey(objectId) }, { $unset: { reference: '' }, $set: { updatedAt: new Date() } });
    this.known.delete(`${personKey(objectId)}#chat`);
  }

  /**
   * The 1:1 chat of a person and the language last seen from them: found by their object id, or,
   * when the request only knows their e-mail, by the e-mail the roster of the bot's own tenant
   * gave for an object id.
   */
  async chatOf(person: { id?: string | undefined; email?: string | undefined }): Promise<{ reference: Partial<ConversationReference>; locale?: 'es' | 'en' | undefined } | undefined> {
    const byId = person.id?.trim() ? await rawCollection(this.model).findOne({ _id: personKey(person.id) }) : null;
    const found = byId?.reference ? byId : person.email?.trim() ? await rawCollection(this.model).findOne({ email: person.email.trim().toLowerCase(), reference: { $exists: true } }) : null;
    return found?.reference ? { reference: found.reference, locale: found.locale } : undefined;
  }

  /** The object id of the person whose directory e-mail is `email`, when the bot has met them. */
  async objectIdOf(email: string): Promise<string | undefined> {
    const found = await rawCollection(this.model).findOne({ email: email.trim().toLowerCase() }, { projection: { _id: 1 } });
    return found?._id.startsWith('person:') ? found._id.slice('person:'.length) : undefined;
  }

  /** The directory e-mail remembered for an object id, if any. */
  async emailOf(objectId: string): Promise<string | undefined> {
    const key = `${personKey(objectId)}#email`;
    const email = this.known.get(key) ?? (await rawCollection(this.model).findOne({ _id: personKey(objectId) }))?.email;
    if (email) this.known.set(key, email);
    return email;
  }

  /** Remembers the directory e-mail of an object id (from the Teams roster of the bot's own tenant). */
  async rememberEmail(objectId: string, email: string): Promise<void> {
    const address = email.trim().toLowerCase();
    await rawCollection(this.model).updateOne({ _id: personKey(objectId) }, { $set: { email: address, updatedAt: new Date() } }, { upsert: true });
    this.known.set(`${personKey(objectId)}#email`, address);
  }

  /** Remembers a request's card in the ASV channel. */
  async rememberThread(requestId: string, thread: RequestThread): Promise<void> {
    await rawCollection(this.model).updateOne({ _id: `thread:${requestId}` }, { $set: { thread, updatedAt: new Date() } }, { upsert: true });
  }

  /** A request's card in the ASV channel, if it was posted. */
  async thread(requestId: string): Promise<RequestThread | undefined> {
    return (await rawCollection(this.model).findOne({ _id: `thread:${requestId}` }))?.thread;
  }
}
