/**
 * A botbuilder `Storage` kept in one MongoDB collection, one document per key, with eTags honoured
 * exactly as botbuilder's storage contract (and its `MemoryStorage`) says.
 *
 * A document is `{ _id: <key>, eTag, j: <the item as JSON text>, at }`. Exclusivity rests on what
 * MongoDB guarantees: a conditional update (`{ _id, eTag: <expected> }`) is atomic, so of writers
 * holding the same eTag exactly one matches; and `_id` is unique, so of writers creating a key
 * exactly one insert succeeds.
 *
 * Items are stored as JSON text — the same serialization `MemoryStorage` and botbuilder's network
 * stores use (`toJSON` honoured, `undefined` and functions dropped) — except that `Date`s come back
 * as `Date`s; bot state may hold field names that start with `$` or contain `.`, which JSON text
 * keeps as they are.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type { Collection, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../services/store/database.js';

/** A document of the state collection: one item under its key. */
export interface StateDocument {
  _id: string;
  /** The item's current eTag (random, new on every write). */
  eTag: string;
  /** The item without its eTag, as JSON text. */
  j: string;
  /** When it was written. */
  at: Date;
}

/** Where {@link MongoStorage} keeps its documents: a mongoose connection or a driver collection. */
export type MongoStorageTarget = Connection | Collection<StateDocument> | Collection<Document>;

/** Options of {@link MongoStorage}. */
export interface MongoStorageOptions {
  /** Collection to use when given a mongoose `Connection` (default {@link MongoStorage.defaultCollectionName}). */
  collectionName?: string;
}

/** The error of a write whose eTag is not the stored item's (botbuilder's wording). */
export class ETagConflictError extends Error {
  /** The key of the item that was not written. */
  readonly key: string;

  constructor(key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
    this.key = key;
  }
}

/** How often an unconditional write that keeps meeting a concurrent creation of its key tries again. */
const maxAttempts = 5;

/**
 * botbuilder `Storage` backed by one MongoDB collection, safe under concurrent writers.
 *
 * - `read(keys)`: the stored items, each with its `eTag`; missing keys are omitted.
 * - `write(changes)`: an item with eTag `'*'` or none overwrites; with another eTag it is written
 *   only if that is the stored item's eTag, else the write rejects with {@link ETagConflictError};
 *   an item not stored is written whatever its eTag (as `MemoryStorage`). Every successful write
 *   gives the item a new eTag. Items are written independently: when one key conflicts, the others
 *   are still written, and the first error is thrown once all have settled.
 * - `delete(keys)`: removes the keys; missing keys are fine.
 *
 * ```ts
 * const storage = new MongoStorage(connection); // collection "bot_state"
 * const conversationState = new ConversationState(storage);
 * ```
 */
export class MongoStorage implements Storage {
  /** The collection used when none is named. */
  static readonly defaultCollectionName = 'bot_state';

  private readonly connection: Connection | undefined;
  private readonly collectionName: string;
  private cached: Collection<StateDocument> | undefined;

  /**
   * @param target A mongoose `Connection` (its driver database is used, collection
   *   `options.collectionName`, looked up at first use so the connection may still be opening), or
   *   a driver `Collection` (e.g. `connection.db.collection(name)`).
   * @param options See {@link MongoStorageOptions}.
   */
  constructor(target: MongoStorageTarget, options: MongoStorageOptions = {}) {
    this.collectionName = options.collectionName ?? MongoStorage.defaultCollectionName;
    if (isCollection(target)) {
      this.cached = target as unknown as Collection<StateDocument>;
      this.connection = undefined;
    } else {
      this.connection = target as Connection;
    }
  }

  /** Reads items; missing keys are left out of the result. */
  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const items: StoreItems = {};
    const documents = await this.collection()
      .find({ _id: { $in: [...new Set(keys)] } })
      .toArray();
    for (const document of documents) setOwn(items, document._id, { ...decodeItem(document.j), eTag: document.eTag });
    return items;
  }

  /** Writes items, honouring their eTags (see the class documentation). */
  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    const results = await Promise.allSettled(Object.keys(changes).map((key) => this.writeItem(key, changes[key])));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** Deletes items; keys that are not stored are ignored. */
  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    await this.collection().deleteMany({ _id: { $in: [...new Set(keys)] } });
  }

  private async writeItem(key: string, item: StoreItem): Promise<void> {
    if (item === null || typeof item !== 'object') throw new TypeError(`Storage: the item for "${key}" is not an object.`);
    const fields = { eTag: randomBytes(12).toString('base64url'), j: encodeItem(item), at: new Date() };
    const expected: unknown = item.eTag;
    const collection = this.collection();
    if (expected && expected !== '*') {
      const updated = await collection.updateOne({ _id: key, eTag: String(expected) }, { $set: fields });
      if (updated.matchedCount === 1) return;
      // Not the stored item's eTag — unless nothing is stored: then it is written, once.
      try {
        await collection.insertOne({ _id: key, ...fields });
        return;
      } catch (error) {
        if (isDuplicateKey(error)) throw new ETagConflictError(key);
        throw error;
      }
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        await collection.updateOne({ _id: key }, { $set: fields }, { upsert: true });
        return;
      } catch (error) {
        // Two upserts creating the key at once: the loser finds it there on its next attempt.
        if (!isDuplicateKey(error) || attempt >= maxAttempts) throw error;
      }
    }
  }

  private collection(): Collection<StateDocument> {
    if (this.cached) return this.cached;
    const db = this.connection?.db;
    if (!db) throw new Error('MongoStorage: the connection is not open yet');
    this.cached = db.collection<StateDocument>(this.collectionName);
    return this.cached;
  }
}

function isCollection(target: MongoStorageTarget): target is Collection<Document> {
  const candidate = target as Partial<Collection<Document>>;
  return typeof candidate.insertOne === 'function' && typeof candidate.findOne === 'function';
}

// --- values -------------------------------------------------------------------------------------
//
// JSON text, with two reversible rewrites so that Dates survive: a Date becomes `{"$date": <ms>}`,
// and every key of the item that starts with `$` gets one more `$` (so no key of the item can be
// mistaken for the Date marker); reading undoes both.

function encodeItem(item: StoreItem): string {
  const copy: Record<string, unknown> = { ...item };
  delete copy.eTag;
  return JSON.stringify(copy, encodeValue);
}

function encodeValue(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  if (original instanceof Date) {
    const time = original.getTime();
    return Number.isNaN(time) ? null : { $date: time };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (!keys.some((name) => name.startsWith('$'))) return value;
  const escaped: Record<string, unknown> = {};
  for (const name of keys) setOwn(escaped, name.startsWith('$') ? `$${name}` : name, (value as Record<string, unknown>)[name]);
  return escaped;
}

function decodeItem(json: string): Record<string, unknown> {
  return decodeValue(JSON.parse(json)) as Record<string, unknown>;
}

function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === '$date' && typeof record.$date === 'number') return new Date(record.$date);
  const decoded: Record<string, unknown> = {};
  for (const name of keys) setOwn(decoded, name.startsWith('$') ? name.slice(1) : name, decodeValue(record[name]));
  return decoded;
}

/** Sets an own, enumerable property (also for a key named `__proto__`). */
function setOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}
