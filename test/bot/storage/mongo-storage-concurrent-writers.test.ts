import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Collection } from 'mongodb';
import { ETagConflictError, MongoStorage, type StateDocument } from '../../../bot/storage/mongo-storage.js';
import { openTestDatabase } from '../../support/test-database.js';

describe('MongoStorage under concurrent writers (atomic conditional updates, unique _ids)', () => {
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
    return (await collection.find({ _id: key }).toArray()).map((document) => document._id);
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
    expect(await documentsOf(key)).toEqual([key]);
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
    expect(await documentsOf(key)).toEqual([key]);
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
    expect(await documentsOf(key)).toEqual([key]);
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
    expect(await documentsOf(key)).toEqual([key]);
  });
});
