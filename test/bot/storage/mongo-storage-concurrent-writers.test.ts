import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Collection } from 'mongodb';
import { ETagConflictError, MongoStorage, type StateDocument } from '../../../bot/storage/mongo-storage.js';
import { openTestDatabase } from '../../support/test-database.js';

describe('MongoStorage under concurrent writers (exclusivity from unique _ids, not filtered updates)', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let collection: Collection<StateDocument>;
  /** Several storage instances over one collection, as several bot processes would have. */
  let storages: MongoStorage[];

  beforeAll(async () => {
    database = await openTestDatabase(import.meta.url);
    collection = database.connection.db!.collection<StateDocument>(MongoStorage.defaultCollectionName);
    storages = Array.from({ length: 4 }, () => new MongoStorage(database.connection));
  });
  afterAll(async () => database.drop());

  const storageFor = (index: number): MongoStorage => storages[index % storages.length]!;

  async function documentsOf(key: string): Promise<string[]> {
    const all = await collection.find({}).toArray();
    return all.map((document) => document._id).filter((id) => id === `h:${key}` || id.startsWith(`v:${key}#`)).sort();
  }

  it('lets exactly one of 20 concurrent writers with the same eTag succeed', async () => {
    const key = 'msteams/conversations/a:1race/users/29:same-etag';
    await storageFor(0).write({ [key]: { writer: 'initial' } });
    const read = (await storageFor(0).read([key]))[key];

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, writer) => storageFor(writer).write({ [key]: { ...read, writer } })),
    );

    const winners = results.flatMap((result, writer) => (result.status === 'fulfilled' ? [writer] : []));
    expect(winners).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ETagConflictError);
    }
    const stored = (await storageFor(1).read([key]))[key];
    expect(stored.writer).toBe(winners[0]);
    expect(stored.eTag).not.toBe(read.eTag);
    expect(await documentsOf(key)).toEqual([`h:${key}`, `v:${key}#2`]);
  });

  it('lets exactly one of 20 conditional writers racing to create a new key succeed (as MemoryStorage, one after the other)', async () => {
    // Not stored: the first write is accepted whatever its eTag; then the item is stored with an
    // eTag of its own, which the others' eTags are not.
    const key = 'race/new-key';
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, writer) => storageFor(writer).write({ [key]: { writer, eTag: `made-up-${writer}` } })),
    );
    const winners = results.flatMap((result, writer) => (result.status === 'fulfilled' ? [writer] : []));
    expect(winners).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ETagConflictError);
    }
    expect((await storageFor(0).read([key]))[key].writer).toBe(winners[0]);
  });

  it('lets 20 concurrent "*" writers all succeed, the final value being one of theirs', async () => {
    const key = 'race/star';
    await storageFor(0).write({ [key]: { writer: 'initial' } });

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, writer) => storageFor(writer).write({ [key]: { writer, eTag: '*' } })),
    );

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const stored = (await storageFor(2).read([key]))[key];
    expect(Array.from({ length: 20 }, (_, writer) => writer)).toContain(stored.writer);
    // The value read is really the current one: a write with its eTag succeeds.
    await storageFor(3).write({ [key]: { ...stored, writer: 'after' } });
    expect((await storageFor(0).read([key]))[key].writer).toBe('after');
    expect(await documentsOf(key)).toEqual([`h:${key}`, `v:${key}#22`]);
  });

  it('lets a "*" write win over every write that finished before it', async () => {
    const key = 'race/star-wins';
    await Promise.all(Array.from({ length: 10 }, (_, writer) => storageFor(writer).write({ [key]: { writer } })));
    await storageFor(1).write({ [key]: { writer: 'last', eTag: '*' } });
    for (const storage of storages) expect((await storage.read([key]))[key].writer).toBe('last');
  });

  it('loses no update: 8 workers × 10 read-increment-write cycles with eTags and retries count to 80', async () => {
    const key = 'race/counter';
    await storageFor(0).write({ [key]: { count: 0, by: [] as number[] } });
    let conflicts = 0;

    async function increment(worker: number): Promise<void> {
      const storage = storageFor(worker);
      for (;;) {
        const item = (await storage.read([key]))[key];
        try {
          await storage.write({ [key]: { ...item, count: item.count + 1, by: [...item.by, worker] } });
          return;
        } catch (error) {
          if (!(error instanceof ETagConflictError)) throw error;
          conflicts++;
        }
      }
    }

    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let cycle = 0; cycle < 10; cycle++) await increment(worker);
      }),
    );

    const stored = (await storageFor(0).read([key]))[key];
    expect(stored.count).toBe(80);
    expect(stored.by).toHaveLength(80);
    for (let worker = 0; worker < 8; worker++) expect(stored.by.filter((by: number) => by === worker)).toHaveLength(10);
    expect(conflicts).toBeGreaterThan(0);
    expect(await documentsOf(key)).toEqual([`h:${key}`, `v:${key}#81`]);
  });

  it('keeps reads and eTag checks right when the head lags behind or goes back (a late head update)', async () => {
    const key = 'race/stale-head';
    const eTags: string[] = [];
    for (let version = 1; version <= 5; version++) {
      await storageFor(0).write({ [key]: { version } });
      eTags.push((await storageFor(0).read([key]))[key].eTag);
    }

    // A head update from version 2's writer landing late: the head points at a collected version.
    await collection.updateOne({ _id: `h:${key}` }, { $set: { n: 2 } });
    const read = (await storageFor(1).read([key]))[key];
    expect(read.version).toBe(5);
    expect(read.eTag).toBe(eTags[4]);
    expect((await collection.findOne({ _id: `h:${key}` }))?.n).toBe(5); // repaired by the read

    // Lagging by one: still found with one more lookup.
    await collection.updateOne({ _id: `h:${key}` }, { $set: { n: 4 } });
    expect((await storageFor(2).read([key]))[key].version).toBe(5);

    // Stale eTags conflict even though their successors' slots were collected and are free again.
    await collection.updateOne({ _id: `h:${key}` }, { $set: { n: 1 } });
    for (const stale of eTags.slice(0, 4)) {
      await expect(storageFor(3).write({ [key]: { version: 'stale', eTag: stale } })).rejects.toBeInstanceOf(ETagConflictError);
    }
    expect((await storageFor(0).read([key]))[key].version).toBe(5);
    await storageFor(0).write({ [key]: { version: 6, eTag: eTags[4] } });
    expect((await storageFor(1).read([key]))[key].version).toBe(6);
    expect(await documentsOf(key)).toEqual([`h:${key}`, `v:${key}#6`]);
  });

  it('takes back a claim on a slot freed by collection: a stale writer never succeeds, even racing a current one', async () => {
    const key = 'race/reclaim';
    await storageFor(0).write({ [key]: { version: 1 } });
    const stale = (await storageFor(0).read([key]))[key];
    await storageFor(0).write({ [key]: { version: 2 } });
    const current = (await storageFor(0).read([key]))[key];
    await storageFor(0).write({ [key]: { ...current, version: 3 } });
    const latest = (await storageFor(0).read([key]))[key];

    // Slot 2 has been collected; stale writers (eTag of version 1) may insert into it again, but
    // must give it back; the writers holding the current eTag race them, one of those wins.
    const results = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, writer) => storageFor(writer).write({ [key]: { ...stale, version: `stale ${writer}` } })),
      ...Array.from({ length: 10 }, (_, writer) => storageFor(writer).write({ [key]: { ...latest, version: `current ${writer}` } })),
    ]);
    const winners = results.flatMap((result, index) => (result.status === 'fulfilled' ? [index] : []));
    expect(winners).toHaveLength(1);
    expect(winners[0]).toBeGreaterThanOrEqual(10);
    expect((await storageFor(0).read([key]))[key].version).toMatch(/^current /);
    expect(await documentsOf(key)).toEqual([`h:${key}`, `v:${key}#4`]);
  });

  it('does not show a write in progress (claimed, not yet committed), and makes writers on its version wait for it', async () => {
    const key = 'race/in-progress';
    await storageFor(0).write({ [key]: { step: 1 } });
    const read = (await storageFor(0).read([key]))[key];
    const before = await collection.findOne({ _id: `v:${key}#1` });

    // Another writer has claimed version 2 and is about to commit it.
    const claim = { _id: `v:${key}#2`, n: 2, at: new Date(), k: key, tok: 'BBBBBBBBBBBBBBBB', prev: before!.tok!, c: false, del: false, j: '{"step":2}' };
    await collection.insertOne(claim);
    expect((await storageFor(1).read([key]))[key]).toEqual(read);

    // A writer with the current eTag waits for the claim; the claim commits: the writer's eTag is stale.
    const waiting = storageFor(2).write({ [key]: { ...read, step: 'mine' } });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await collection.updateOne({ _id: claim._id }, { $set: { c: true } });
    await expect(waiting).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storageFor(3).read([key]))[key]).toEqual({ step: 2, eTag: '2.BBBBBBBBBBBBBBBB' });
  });

  it('completes a claim whose writer died before committing it, and removes one that is not legitimate', async () => {
    const key = 'race/abandoned';
    await storageFor(0).write({ [key]: { step: 1 } });
    const before = await collection.findOne({ _id: `v:${key}#1` });
    const longAgo = new Date(Date.now() - 120_000);

    // A writer claimed version 2 over version 1 a while ago and died before committing it.
    await collection.insertOne({ _id: `v:${key}#2`, n: 2, at: longAgo, k: key, tok: 'BBBBBBBBBBBBBBBB', prev: before!.tok!, c: false, del: false, j: '{"step":2}' });
    const read = (await storageFor(1).read([key]))[key];
    expect(read).toEqual({ step: 2, eTag: '2.BBBBBBBBBBBBBBBB' });
    expect((await collection.findOne({ _id: `v:${key}#2` }))?.c).toBe(true);

    // A dead writer's claim that is not legitimate (its predecessor's token is not there) is removed.
    await collection.insertOne({ _id: `v:${key}#3`, n: 3, at: longAgo, k: key, tok: 'CCCCCCCCCCCCCCCC', prev: 'not-the-token', c: false, del: false, j: '{"step":"bogus"}' });
    expect((await storageFor(2).read([key]))[key]).toEqual({ step: 2, eTag: '2.BBBBBBBBBBBBBBBB' });
    expect(await collection.findOne({ _id: `v:${key}#3` })).toBeNull();

    await storageFor(3).write({ [key]: { ...read, step: 3 } });
    expect((await storageFor(0).read([key]))[key].step).toBe(3);
    expect(await documentsOf(key)).toEqual([`h:${key}`, `v:${key}#3`]);
  });

  it('keeps concurrent deletes and writes consistent: the key ends either deleted or holding one of the written values', async () => {
    const key = 'race/delete-write';
    await storageFor(0).write({ [key]: { value: 'initial' } });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, index) =>
        index % 3 === 0 ? storageFor(index).delete([key]) : storageFor(index).write({ [key]: { value: index } }),
      ),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const stored = (await storageFor(0).read([key]))[key];
    if (stored) expect([1, 2, 4, 5, 7, 8, 10, 11]).toContain(stored.value);
    await storageFor(0).write({ [key]: { value: 'final' } });
    expect((await storageFor(1).read([key]))[key].value).toBe('final');
    const documents = await documentsOf(key);
    expect(documents).toHaveLength(2);
  });
});
