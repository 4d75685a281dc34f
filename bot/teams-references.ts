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
  /** DAU's follow-up card of the request (No Procede), when it was posted: updated with the request card. */
  dauCard?: { conversationId: string; activityId: string; serviceUrl: string } | undefined;
}

/** The ASV channel as the bot learned it when an ASV added the app to their team. */
export interface AsvChannel {
  teamId: string;
  /** The channel conversation cards are posted to (the team's General channel unless Teams names another). */
  channelId: string;
  tenantId: string;
  /** The service URL of the team's activities (Teams' regional endpoint for it). */
  serviceUrl: string;
  /** The Entra object id of the ASV who added the app. */
  addedBy: string;
}

/** A person the bot has met in Teams, by Entra object id: their 1:1 chat and their directory e-mail. */
interface PersonRecord {
  reference?: Partial<ConversationReference>;
  /** The e-mail the Teams roster of the bot's own tenant gave for this object id. */
  email?: string;
  /**
   * The addresses the person is found by (to find their chat and language; never their identity):
   * the roster's e-mail, and those Microsoft Graph resolved to this object id (the tenant's
   * directory: its `mail` or `userPrincipalName`). One multikey index serves every look-up.
   */
  addresses?: string[];
  /** The language last seen from them. */
  locale?: 'es' | 'en';
  /** When the bot installed the app for them through Graph (they get a welcome before anything else). */
  installedByBotAt?: Date;
  /** When that welcome was claimed for sending. */
  welcomedAt?: Date;
}

interface ReferenceDocument extends PersonRecord {
  _id: string;
  thread?: RequestThread;
  asvChannel?: AsvChannel;
  updatedAt: Date;
}

/** How many entries the in-process memory of {@link TeamsReferences} holds at most. */
const maxKnown = 10_000;
/**
 * How long this process trusts its memory that a chat or language is stored: another instance may
 * have forgotten the chat meanwhile (an uninstall it received), so the write is skipped only that long.
 */
const knownForMs = 5 * 60 * 1000;
/** Where the ASV channel learned from Teams is kept. */
const asvChannelKey = 'home:asv-channel';

const referenceSchema = new Schema<ReferenceDocument>(
  {
    _id: String,
    reference: Schema.Types.Mixed,
    thread: Schema.Types.Mixed,
    asvChannel: Schema.Types.Mixed,
    email: String,
    addresses: [String],
    locale: String,
    installedByBotAt: Date,
    welcomedAt: Date,
    updatedAt: Date,
  },
  { collection: 'teams_references', versionKey: false },
);
referenceSchema.index({ email: 1 }, { partialFilterExpression: { email: { $type: 'string' } } });
referenceSchema.index({ addresses: 1 });

/** How many person documents one address may name (normally one) that a look-up reads. */
const maxPerAddress = 10;

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
  private readonly known = new LRUCache<string, string>({ max: maxKnown, ttl: knownForMs });

  constructor(connection: Connection) {
    this.model = connection.models.TeamsReference ?? connection.model<ReferenceDocument>('TeamsReference', referenceSchema);
  }

  /** Creates the index that finds a person by e-mail. */
  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * Remembers the 1:1 chat of the person with Entra object id `objectId` (from their own activity,
   * or opened by the bot after installing itself for them), and their language. A message turn
   * skips the write while this process recently wrote the same chat; `force` (an install, a chat
   * the bot opened) always writes, since another instance may have forgotten the chat meanwhile.
   */
  async rememberChat(objectId: string, reference: Partial<ConversationReference>, locale: 'es' | 'en', options: { force?: boolean } = {}): Promise<void> {
    const chat = JSON.stringify([reference.channelId, reference.serviceUrl, reference.conversation?.id, reference.bot?.id, reference.user?.id, locale]);
    const key = `${personKey(objectId)}#chat`;
    if (!options.force && this.known.get(key) === chat) return;
    await rawCollection(this.model).updateOne({ _id: personKey(objectId) }, { $set: { reference, locale, updatedAt: new Date() } }, { upsert: true });
    this.known.set(key, chat);
    this.known.set(`${personKey(objectId)}#locale`, locale);
  }

  /** Forgets a person's 1:1 chat (the app was uninstalled, or Teams refuses the chat: it no longer takes messages). */
  async forgetChat(objectId: string): Promise<void> {
    this.known.delete(`${personKey(objectId)}#chat`);
    await rawCollection(this.model).updateOne({ _id: personKey(objectId) }, { $unset: { reference: '' }, $set: { updatedAt: new Date() } });
    this.known.delete(`${personKey(objectId)}#chat`);
  }

  /** Remembers the language last seen from a person (any turn of theirs, in any conversation). */
  async rememberLocale(objectId: string, locale: 'es' | 'en'): Promise<void> {
    const key = `${personKey(objectId)}#locale`;
    if (this.known.get(key) === locale) return;
    await rawCollection(this.model).updateOne({ _id: personKey(objectId) }, { $set: { locale, updatedAt: new Date() } }, { upsert: true });
    this.known.set(key, locale);
  }

  /** The language last seen from a person, found by object id or by the e-mail the bot paired with one; undefined until seen. */
  async localeOf(person: { id?: string | undefined; email?: string | undefined }): Promise<'es' | 'en' | undefined> {
    const byId = person.id?.trim() && !person.id.includes('@') ? await rawCollection(this.model).findOne({ _id: personKey(person.id) }, { projection: { locale: 1 } }) : null;
    if (byId?.locale) return byId.locale;
    const email = (person.email ?? (person.id?.includes('@') ? person.id : undefined))?.trim().toLowerCase();
    const byEmail = email ? await this.findByAddress(email, (found) => Boolean(found.locale)) : null;
    return byEmail?.locale;
  }

  /** Notes that the bot installed the app for a person through Graph: they are welcomed before anything else. */
  async markInstalledByBot(objectId: string): Promise<void> {
    await rawCollection(this.model).updateOne({ _id: personKey(objectId) }, { $set: { installedByBotAt: new Date(), updatedAt: new Date() } }, { upsert: true });
  }

  /**
   * Claims the welcome of a person the bot installed the app for: true once (the caller sends it
   * and {@link releaseWelcome}s when it could not); false when it is not due or already claimed.
   */
  async claimWelcome(objectId: string): Promise<boolean> {
    const claimed = await rawCollection(this.model).updateOne(
      { _id: personKey(objectId), installedByBotAt: { $exists: true }, welcomedAt: { $exists: false } },
      { $set: { welcomedAt: new Date(), updatedAt: new Date() } },
    );
    return claimed.modifiedCount === 1;
  }

  /** Gives a claimed welcome back (it could not be sent): the next notice sends it. */
  async releaseWelcome(objectId: string): Promise<void> {
    await rawCollection(this.model).updateOne({ _id: personKey(objectId) }, { $unset: { welcomedAt: '' }, $set: { updatedAt: new Date() } });
  }

  /**
   * Remembers the ASV channel (the app added to the ASV team): `new` when it was not this team
   * and channel already (the caller then welcomes the channel), `same` otherwise.
   */
  async rememberAsvChannel(channel: AsvChannel): Promise<'new' | 'same'> {
    const stored = await rawCollection(this.model).findOneAndUpdate(
      { _id: asvChannelKey },
      { $set: { asvChannel: channel, updatedAt: new Date() } },
      { upsert: true, returnDocument: 'before', projection: { asvChannel: 1 } },
    );
    const before = stored?.asvChannel;
    return before?.teamId === channel.teamId && before.channelId === channel.channelId ? 'same' : 'new';
  }

  /** The ASV channel learned from Teams, if the app was added to the ASV team. */
  async asvChannel(): Promise<AsvChannel | undefined> {
    return (await rawCollection(this.model).findOne({ _id: asvChannelKey }))?.asvChannel;
  }

  /** Forgets the ASV channel when the app is removed from that team (anything else is left as it is). */
  async forgetAsvChannel(teamId: string): Promise<void> {
    await rawCollection(this.model).updateOne({ _id: asvChannelKey, 'asvChannel.teamId': teamId }, { $unset: { asvChannel: '' }, $set: { updatedAt: new Date() } });
  }

  /**
   * The 1:1 chat of a person and the language last seen from them: found by their object id, or,
   * when the request only knows their e-mail, by the e-mail the roster of the bot's own tenant
   * gave for an object id.
   */
  async chatOf(person: { id?: string | undefined; email?: string | undefined }): Promise<{ reference: Partial<ConversationReference>; locale?: 'es' | 'en' | undefined } | undefined> {
    const byId = person.id?.trim() ? await rawCollection(this.model).findOne({ _id: personKey(person.id) }) : null;
    const found = byId?.reference ? byId : person.email?.trim() ? await this.findByAddress(person.email.trim().toLowerCase(), (found) => Boolean(found.reference)) : null;
    return found?.reference ? { reference: found.reference, locale: found.locale } : undefined;
  }

  /** The object id of the person whose directory e-mail is `email`, when the bot has met them. */
  async objectIdOf(email: string): Promise<string | undefined> {
    const found = await this.findByAddress(email.trim().toLowerCase(), () => true);
    return found?._id.startsWith('person:') ? found._id.slice('person:'.length) : undefined;
  }

  /** Remembers that Microsoft Graph resolved `email` to the object id `objectId` (to find their chat by it later). */
  async rememberDirectoryEmail(objectId: string, email: string): Promise<void> {
    const address = email.trim().toLowerCase();
    const key = `${personKey(objectId)}#directory:${address}`;
    if (this.known.get(key)) return;
    await rawCollection(this.model).updateOne({ _id: personKey(objectId) }, { $addToSet: { addresses: address }, $set: { updatedAt: new Date() } }, { upsert: true });
    this.known.set(key, '1');
  }

  /** The directory e-mail remembered for an object id, if any. */
  async emailOf(objectId: string): Promise<string | undefined> {
    const key = `${personKey(objectId)}#email`;
    const known = this.known.get(key);
    if (known) return known;
    const stored = await rawCollection(this.model).findOne({ _id: personKey(objectId) });
    const email = stored?.email;
    if (!email) return undefined;
    // A person stored before addresses were kept is made findable by their e-mail on their next turn.
    if (!stored.addresses?.includes(email)) await rawCollection(this.model).updateOne({ _id: personKey(objectId) }, { $addToSet: { addresses: email } });
    this.known.set(key, email);
    return email;
  }

  /** Remembers the directory e-mail of an object id (from the Teams roster of the bot's own tenant). */
  async rememberEmail(objectId: string, email: string): Promise<void> {
    const address = email.trim().toLowerCase();
    await rawCollection(this.model).updateOne({ _id: personKey(objectId) }, { $set: { email: address, updatedAt: new Date() }, $addToSet: { addresses: address } }, { upsert: true });
    this.known.set(`${personKey(objectId)}#email`, address);
  }

  /**
   * The person document an address names that `wanted` accepts: the one whose roster e-mail it is
   * first, else one Graph resolved it for. Read by the address alone (one index, no other
   * predicate: the test server plans anything more as a collection scan), the rest checked here.
   */
  private async findByAddress(email: string, wanted: (found: ReferenceDocument) => boolean): Promise<ReferenceDocument | null> {
    const named = await rawCollection(this.model).find({ addresses: email }).limit(maxPerAddress).toArray();
    const accepted = named.filter((found) => found._id.startsWith('person:') && wanted(found));
    return accepted.find((found) => found.email === email) ?? accepted[0] ?? null;
  }

  /** Remembers a request's card in the ASV channel. */
  async rememberThread(requestId: string, thread: RequestThread): Promise<void> {
    await rawCollection(this.model).updateOne({ _id: `thread:${requestId}` }, { $set: { thread, updatedAt: new Date() } }, { upsert: true });
  }

  /** Remembers DAU's follow-up card of a request, so that later changes update it in place. */
  async rememberDauCard(requestId: string, card: NonNullable<RequestThread['dauCard']>): Promise<void> {
    await rawCollection(this.model).updateOne({ _id: `thread:${requestId}` }, { $set: { 'thread.dauCard': card, updatedAt: new Date() } });
  }

  /** A request's card in the ASV channel, if it was posted. */
  async thread(requestId: string): Promise<RequestThread | undefined> {
    return (await rawCollection(this.model).findOne({ _id: `thread:${requestId}` }))?.thread;
  }
}
