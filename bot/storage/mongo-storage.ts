/**
 * A botbuilder `Storage` kept in one MongoDB collection, with eTags honoured exactly as botbuilder's
 * storage contract (and its `MemoryStorage`) says, on servers whose filtered updates are not atomic.
 *
 * ## Why not `updateOne({ _id, eTag: old }, …)`
 *
 * The test and zero-config server, FerretDB 1.24 on SQLite, applies a filtered update by reading the
 * matching document, filtering and changing it in memory and writing it back by `_id`: two writers
 * with the same old eTag can both pass the filter and both "succeed". The only atomic, exclusive
 * operation it (and every MongoDB) offers is the unique `_id` of an insert. It also pushes down to
 * SQL only a filter that is exactly `{ _id: <scalar> }`; every other filter scans the collection.
 * So exclusivity rests here on inserts, and every ordinary read or write is an `_id` lookup.
 * Updates (read, change, write back) are used only where that cannot hurt: a writer marking its
 * own claim committed, and the head, which is only a hint.
 *
 * ## Documents
 *
 * - A **version** of an item: `_id` = `v:<key>#<n>` (n = 1, 2, 3…), with the item as JSON text,
 *   a random `tok`en, the token of the version it replaced (`prev`), a `c`ommitted flag and a
 *   `del`eted flag (a tombstone). The item's eTag is `<n>.<tok>`.
 * - The **head** of a key: `_id` = `h:<key>`, holding `n`, the last version known to be current —
 *   a hint only, written after the version, never trusted for correctness.
 *
 * The prefixes keep heads and versions apart, and `n` is digits only after the last `#`, so the
 * mapping from (key, n) to `_id` is injective for any key (keys may hold `/`, `:`, `#`, anything).
 *
 * ## Writing: the claim
 *
 * Writing version n+1 over version n (token t) inserts `v:<key>#<n+1>` with `prev: t`. The insert
 * is the claim: of any number of concurrent writers building on version n, exactly one insert
 * succeeds; the others get E11000 — an eTag conflict for a conditional write, a retry on the newer
 * version for an unconditional (`*` or no eTag) one, which therefore always ends up succeeding, on
 * top of every write that finished before it started. The winner then marks its version committed;
 * until then it is a write in progress that readers do not see (they return version n).
 *
 * A slot freed by garbage collection could be inserted again by a writer holding a stale eTag, so
 * after its insert the writer checks that version n, with token t, is still there; if not, it takes
 * its insert back and the write is a conflict (or a retry). This is sound because versions are
 * collected lowest first, a version only once no committed version is left below it (so a slot is
 * free again only after the version below it is gone for good — tokens are never reused), and a
 * version is collected only once a newer one is committed, which cannot happen while the claim
 * on top of it is still uncommitted. The first version of a key has no predecessor: its check is
 * that the key has no head yet (a head is written after a commit, before any version is collected,
 * and never removed). A version is committed only by its own writer, after that check, so the
 * check decides alone — except for a writer that died between claim and commit: readers complete
 * (or, if not legitimate, remove) a claim left uncommitted for longer than the claim timeout, so
 * that it does not block the key; the writers themselves give up a claim older than half of it.
 *
 * ## Reading: head plus read-repair
 *
 * Read the head (n), then versions n and n+1 together, then n+2… until one is missing (or not yet
 * committed): the last committed one is current. The head may lag or even go back (a late writer's blind update landing after a
 * newer one's); versions are the truth, so a lagging head costs one more lookup, never a lost
 * update. Only when the head points at a version already collected *and* the next one is gone too
 * does the read fall back to scanning for the key's versions (a collection scan on FerretDB), and it
 * then repairs the head. Writers re-check right after writing the head and repair it too.
 *
 * ## Deleting
 *
 * A delete writes a tombstone version (unconditionally). The key then reads as missing, a write
 * creates it again, and eTags from before the delete stay conflicts. A deleted key therefore keeps
 * two small documents (its head and its tombstone), so that version numbers and eTags never repeat.
 *
 * ## Values
 *
 * Items are stored as JSON text — the same serialization `MemoryStorage` and botbuilder's network
 * stores use (`toJSON` honoured, `undefined` and functions dropped) — except that `Date`s come back
 * as `Date`s. JSON text also sidesteps what FerretDB refuses in documents and bot state may hold:
 * field names starting with `$` or containing `.`, and arrays of arrays.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type { Collection, Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../../services/store/database.js';

/** A document of the state collection: a version of an item (all fields) or a key's head (`_id`, `n`, `at`). */
export interface StateDocument {
  _id: string;
  /** Version number (for a head: the version it points at). */
  n: number;
  /** When it was written. */
  at: Date;
  /** The item's key (versions only). */
  k?: string;
  /** Random token of this version; the eTag is `<n>.<tok>`. */
  tok?: string;
  /** Token of the version this one replaced; `null` for a key's first version. */
  prev?: string | null;
  /** Committed: checked to be a legitimate successor of `prev`. */
  c?: boolean;
  /** A tombstone: the key was deleted. */
  del?: boolean;
  /** The item (without its eTag) as JSON text; `null` for a tombstone. */
  j?: string | null;
}

interface VersionDocument extends StateDocument {
  k: string;
  tok: string;
  prev: string | null;
  c: boolean;
  del: boolean;
  j: string | null;
}

/** The version a write builds on: `null` for a key that was never stored. */
type Base = { n: number; tok: string } | null;

/** A committed claim, and whether version n-2 was seen gone at the time. */
interface Claim {
  version: VersionDocument;
  clearBelow: boolean;
}

/** Where {@link MongoStorage} keeps its documents: a mongoose connection or a driver collection. */
export type MongoStorageTarget = Connection | Collection<StateDocument> | Collection<Document>;

/** Options of {@link MongoStorage}. */
export interface MongoStorageOptions {
  /** Collection to use when given a mongoose `Connection` (default {@link MongoStorage.defaultCollectionName}). */
  collectionName?: string;
  /**
   * Attempts of a write (or delete) that keeps losing its claim to concurrent writers of the same
   * key — an unconditional one, or a conditional one on an item not stored — before it gives up with
   * an error (default 100; a loser retries at once, then after a short random back-off).
   */
  maxAttempts?: number;
  /**
   * How long a claimed, uncommitted version may stay so before readers take its writer for dead
   * and complete or remove it (default 30 000 ms). Between its claim and its commit a writer does
   * two round trips; the guarantees assume it does not stall for half this long there, and that
   * the clocks of the processes sharing the collection differ by less than half of it.
   */
  claimTimeoutMs?: number;
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

/**
 * botbuilder `Storage` backed by one MongoDB collection, safe under concurrent writers on servers
 * without atomic conditional updates (FerretDB) as on MongoDB itself. See the module documentation
 * for the document layout and why it is race-free.
 *
 * - `read(keys)`: the stored items, each with its `eTag`; missing (or deleted) keys are omitted.
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
  private readonly maxAttempts: number;
  private readonly claimTimeoutMs: number;
  private cached: Collection<StateDocument> | undefined;

  /**
   * @param target A mongoose `Connection` (its driver database is used, collection
   *   `options.collectionName`, looked up at first use so the connection may still be opening), or
   *   a driver `Collection` (e.g. `rawCollection(model)` or `connection.db.collection(name)`).
   * @param options See {@link MongoStorageOptions}.
   */
  constructor(target: MongoStorageTarget, options: MongoStorageOptions = {}) {
    this.collectionName = options.collectionName ?? MongoStorage.defaultCollectionName;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 100);
    this.claimTimeoutMs = Math.max(1000, options.claimTimeoutMs ?? 30_000);
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
    await Promise.all(
      [...new Set(keys)].map(async (key) => {
        const current = await this.current(key);
        if (current && !current.del && current.j !== null) items[key] = { ...decodeItem(current.j), eTag: eTagOf(current) };
      }),
    );
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
    await Promise.all([...new Set(keys)].map((key) => this.deleteItem(key)));
  }

  // --- writing -------------------------------------------------------------------------------

  private async writeItem(key: string, item: StoreItem): Promise<void> {
    if (item === null || typeof item !== 'object') throw new TypeError(`Storage: the item for "${key}" is not an object.`);
    const json = encodeItem(item);
    const expected: unknown = item.eTag;
    const conditional = Boolean(expected) && expected !== '*';
    // A conditional write first claims the successor of the version its eTag names, without a read.
    let base: Base | undefined = conditional ? (parseETag(String(expected)) ?? undefined) : undefined;
    for (let attempt = 1; ; attempt++) {
      if (base === undefined) {
        const current = await this.current(key);
        const stored = current !== null && !current.del;
        if (conditional && stored && eTagOf(current) !== String(expected)) throw new ETagConflictError(key);
        base = current ? { n: current.n, tok: current.tok } : null;
      }
      const claimed = await this.claim(key, base, json, false);
      if (claimed && (await this.settle(key, claimed))) return;
      if (attempt >= this.maxAttempts) throw new Error(`Storage: could not write "${key}": ${attempt} attempts lost to concurrent writers.`);
      base = undefined;
      await backOff(attempt);
    }
  }

  private async deleteItem(key: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.current(key);
      if (!current || current.del) return;
      const claimed = await this.claim(key, { n: current.n, tok: current.tok }, null, true);
      if (claimed && (await this.settle(key, claimed))) return;
      if (attempt >= this.maxAttempts) throw new Error(`Storage: could not delete "${key}": ${attempt} attempts lost to concurrent writers.`);
      await backOff(attempt);
    }
  }

  /**
   * Claims the version after `base` by inserting it, checks that the claim is legitimate (the slot
   * was never used by a committed version: `base` is still there with its token, or, for a first
   * version, the key has no head yet) and marks it committed. `null` when the claim was lost (E11000)
   * or was not legitimate and has been taken back.
   */
  private async claim(key: string, base: Base, json: string | null, del: boolean): Promise<Claim | null> {
    const collection = this.collection();
    const n = base ? base.n + 1 : 1;
    const version: VersionDocument = {
      _id: versionId(key, n),
      n,
      at: new Date(),
      k: key,
      tok: newToken(),
      prev: base ? base.tok : null,
      c: false,
      del,
      j: json,
    };
    try {
      await collection.insertOne(version);
    } catch (error) {
      if (isDuplicateKey(error)) return null;
      throw error;
    }
    // Version n-2 is looked at now for the collection to come: no committed version can appear
    // below n-1 any more.
    const [legitimate, twoBelow] = await Promise.all([
      this.follows(version),
      n > 2 ? collection.findOne({ _id: versionId(key, n - 2) }, { projection: { c: 1 } }) : null,
    ]);
    // A claim this old may be taken for abandoned by readers (see `isCommitted`): let it go.
    if (!legitimate || Date.now() - version.at.getTime() > this.claimTimeoutMs / 2) {
      await this.takeBack(version);
      return null;
    }
    await collection.updateOne({ _id: version._id }, { $set: { c: true } });
    return { version: { ...version, c: true }, clearBelow: twoBelow?.c !== true };
  }

  /**
   * Whether `version`'s predecessor is still in place (for a first version: the key has no head).
   * After the claim's insert, this holds only if no committed version ever had the claim's slot:
   * versions are collected lowest first, so a slot is free again only once the version below it
   * is gone for good (tokens are never reused), and a first version is collected only once the
   * head exists (heads are never removed).
   */
  private async follows(version: VersionDocument): Promise<boolean> {
    const collection = this.collection();
    if (version.n === 1) return (await collection.findOne({ _id: headId(version.k) }, { projection: { _id: 1 } })) === null;
    const previous = await collection.findOne({ _id: versionId(version.k, version.n - 1) }, { projection: { tok: 1 } });
    return previous !== null && previous.tok === version.prev;
  }

  /** Removes a claim of ours that is not legitimate (if it is still ours and uncommitted). */
  private async takeBack(version: VersionDocument): Promise<void> {
    const now = await this.version(version.k, version.n);
    if (now && now.tok === version.tok && !now.c) await this.collection().deleteOne({ _id: version._id });
  }

  /**
   * After a committed claim: check the commit is really ours (it can only not be after a stall past
   * the claim timeout), point the head at it (a first version only once checked, as the claims of
   * first versions check "no head yet"), then re-check the head and collect the versions below.
   * `false` when the claim turned out lost.
   */
  private async settle(key: string, { version, clearBelow }: Claim): Promise<boolean> {
    const isOurs = async (): Promise<boolean> => {
      const now = await this.version(key, version.n);
      return now !== null && now.tok === version.tok && now.c;
    };
    if (version.n === 1) {
      if (!(await isOurs())) return false;
      await this.publish(key, version.n);
    } else {
      const [ours] = await Promise.all([isOurs(), this.publish(key, version.n)]);
      if (!ours) return false;
    }
    await Promise.all([this.recheckHead(key, version.n), this.collect(key, version.n, clearBelow)]);
    return true;
  }

  /** Sets the head of `key` to `n` (a blind write: the head is only a hint). */
  private async publish(key: string, n: number): Promise<void> {
    const collection = this.collection();
    const update = { $set: { n, at: new Date() } };
    const result = await collection.updateOne({ _id: headId(key) }, update);
    if (result.matchedCount > 0) return;
    try {
      await collection.insertOne({ _id: headId(key), n, at: new Date() });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await collection.updateOne({ _id: headId(key) }, update);
    }
  }

  /**
   * A head write may land after a newer writer's: if version `n` is already superseded or
   * collected, find the current version and point the head at it.
   */
  private async recheckHead(key: string, n: number): Promise<void> {
    const [next, own] = await Promise.all([this.version(key, n + 1), this.version(key, n)]);
    if (!next && own) return;
    const current = await this.current(key);
    if (current && current.n > n) await this.publish(key, current.n);
  }

  /**
   * Deletes the versions below `n`, lowest first, each only once the one below it is gone; only
   * committed versions (uncommitted ones down there are stale claims their writers take back).
   * `clearBelow`: version n-2 was already seen gone (the usual case), so only n-1 is left.
   */
  private async collect(key: string, n: number, clearBelow: boolean): Promise<void> {
    if (n < 2) return;
    const collection = this.collection();
    if (!clearBelow) {
      const older: number[] = [];
      for (let slot = n - 2; slot >= 1; slot--) {
        const found = await collection.findOne({ _id: versionId(key, slot) }, { projection: { c: 1 } });
        if (!found || found.c !== true) break;
        older.unshift(slot);
      }
      for (const slot of older) await collection.deleteOne({ _id: versionId(key, slot) });
    }
    await collection.deleteOne({ _id: versionId(key, n - 1) });
  }

  // --- reading -------------------------------------------------------------------------------

  /**
   * The current version of `key` (the highest committed one, a tombstone included); `null` if
   * never stored. A claim not yet committed is a write still in progress: it does not count.
   */
  private async current(key: string): Promise<VersionDocument | null> {
    const head = await this.collection().findOne({ _id: headId(key) });
    const from = head?.n ?? 1;
    const [first, second] = await Promise.all([this.version(key, from), this.version(key, from + 1)]);
    let found: VersionDocument;
    let next: VersionDocument | null;
    if (first && (await this.isCommitted(first))) {
      [found, next] = [first, second];
    } else if (!head) {
      // No head and no committed first version: never stored (a first version is collected only
      // once the head exists, and heads are never removed).
      return null;
    } else if (!first && second && (await this.isCommitted(second))) {
      // The head lags one behind: version `from` is already collected.
      [found, next] = [second, await this.version(key, second.n + 1)];
    } else {
      // The head points below every version left (or at a reclaimed slot).
      return this.scan(key);
    }
    while (next && (await this.isCommitted(next))) {
      found = next;
      next = await this.version(key, found.n + 1);
    }
    if (head && found.n - from >= 2) await this.publish(key, found.n);
    return found;
  }

  /**
   * The slow path, when the head points below every version left: all versions of the key (a
   * collection scan on FerretDB); the highest committed one wins, and the head is repaired.
   */
  private async scan(key: string): Promise<VersionDocument | null> {
    const versions = (await this.collection().find({ k: key }).toArray()) as VersionDocument[];
    versions.sort((a, b) => b.n - a.n);
    for (const version of versions) {
      if (await this.isCommitted(version)) {
        await this.publish(key, version.n);
        return version;
      }
    }
    return null;
  }

  /**
   * Whether a version found is committed. A claim left uncommitted for longer than the claim
   * timeout belongs to a writer that died between its claim and its commit: it is completed if
   * it is legitimate (its writer would have committed it), else removed, so that it does not
   * block the key.
   */
  private async isCommitted(version: VersionDocument): Promise<boolean> {
    if (version.c) return true;
    if (Date.now() - version.at.getTime() <= this.claimTimeoutMs) return false;
    const legitimate = await this.follows(version);
    const now = await this.version(version.k, version.n);
    if (!now || now.tok !== version.tok) return false;
    if (now.c) return true;
    if (legitimate) {
      await this.collection().updateOne({ _id: version._id }, { $set: { c: true } });
      version.c = true;
      return true;
    }
    await this.collection().deleteOne({ _id: version._id });
    return false;
  }

  private async version(key: string, n: number): Promise<VersionDocument | null> {
    return (await this.collection().findOne({ _id: versionId(key, n) })) as VersionDocument | null;
  }

  private collection(): Collection<StateDocument> {
    if (this.cached) return this.cached;
    const db = this.connection?.db;
    if (!db) throw new Error('MongoStorage: the mongoose connection is not open.');
    this.cached = db.collection<StateDocument>(this.collectionName);
    return this.cached;
  }
}

// --- ids and eTags ------------------------------------------------------------------------------

function headId(key: string): string {
  return `h:${key}`;
}

function versionId(key: string, n: number): string {
  return `v:${key}#${n}`;
}

function newToken(): string {
  return randomBytes(12).toString('base64url');
}

function eTagOf(version: VersionDocument): string {
  return `${version.n}.${version.tok}`;
}

function parseETag(eTag: string): { n: number; tok: string } | null {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{16})$/.exec(eTag);
  if (!match) return null;
  const n = Number(match[1]);
  return n >= 1 ? { n, tok: match[2] } : null;
}

function isCollection(target: MongoStorageTarget): target is Collection<Document> {
  const candidate = target as Partial<Collection<Document>>;
  return typeof candidate.insertOne === 'function' && typeof candidate.findOne === 'function';
}

async function backOff(attempt: number): Promise<void> {
  if (attempt < 2) return;
  const ceiling = Math.min(100, 2 ** attempt);
  await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
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
