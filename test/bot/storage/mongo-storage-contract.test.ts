import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ActivityTypes, ConversationState, TestAdapter, UserState, type StoreItems, type TurnContext } from 'botbuilder';
import type { Collection } from 'mongodb';
import { ETagConflictError, MongoStorage, type StateDocument } from '../../../bot/storage/mongo-storage.js';
import { openTestDatabase } from '../../support/test-database.js';

describe('MongoStorage keeps the botbuilder Storage contract', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let storage: MongoStorage;
  let collection: Collection<StateDocument>;

  beforeAll(async () => {
    database = await openTestDatabase(import.meta.url);
    storage = new MongoStorage(database.connection);
    collection = database.connection.db!.collection<StateDocument>(MongoStorage.defaultCollectionName);
  });
  afterAll(async () => database.drop());

  it('reads nothing for keys never written', async () => {
    expect(await storage.read(['unknown', 'also/unknown'])).toEqual({});
  });

  it('creates items with and without eTag "*" and reads them back, each with its own eTag', async () => {
    await storage.write({ 'create/1': { id: 1, name: 'one' }, 'create/2': { id: 2, eTag: '*' } });
    const items = await storage.read(['create/1', 'create/2', 'create/missing']);
    expect(Object.keys(items).sort()).toEqual(['create/1', 'create/2']);
    expect(items['create/1']).toMatchObject({ id: 1, name: 'one' });
    expect(items['create/2']).toMatchObject({ id: 2 });
    expect(typeof items['create/1'].eTag).toBe('string');
    expect(items['create/1'].eTag).not.toBe('*');
    expect(items['create/1'].eTag).not.toBe(items['create/2'].eTag);
  });

  it('updates with the current eTag, gives a new eTag each time, and rejects the old one as a conflict', async () => {
    await storage.write({ update: { count: 1 } });
    const first = (await storage.read(['update'])).update;
    await storage.write({ update: { ...first, count: 2 } });
    const second = (await storage.read(['update'])).update;
    expect(second.count).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);

    const stale = storage.write({ update: { ...first, count: 99 } });
    await expect(stale).rejects.toThrow('Storage: error writing "update" due to eTag conflict.');
    await expect(storage.write({ update: { ...first, count: 99 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await storage.read(['update'])).update).toEqual(second);

    await storage.write({ update: { ...second, count: 3 } });
    const third = (await storage.read(['update'])).update;
    expect(third.count).toBe(3);
    expect(new Set([first.eTag, second.eTag, third.eTag]).size).toBe(3);
  });

  it('overwrites whatever is stored with eTag "*" or no eTag', async () => {
    await storage.write({ overwrite: { value: 'a' } });
    const before = (await storage.read(['overwrite'])).overwrite;
    await storage.write({ overwrite: { value: 'b' } });
    await storage.write({ overwrite: { value: 'c', eTag: '*' } });
    const after = (await storage.read(['overwrite'])).overwrite;
    expect(after.value).toBe('c');
    expect(after.eTag).not.toBe(before.eTag);
    await expect(storage.write({ overwrite: { value: 'd', eTag: before.eTag } })).rejects.toBeInstanceOf(ETagConflictError);
    await expect(storage.write({ overwrite: { value: 'd', eTag: 'not-an-etag-of-ours' } })).rejects.toBeInstanceOf(ETagConflictError);
  });

  it('writes an item that is not stored whatever its eTag (as MemoryStorage)', async () => {
    await storage.write({ 'fresh/etag': { value: 1, eTag: 'some-etag' } });
    await storage.write({ 'fresh/etag-like': { value: 2, eTag: '7.AAAAAAAAAAAAAAAA' } });
    const items = await storage.read(['fresh/etag', 'fresh/etag-like']);
    expect(items['fresh/etag'].value).toBe(1);
    expect(items['fresh/etag-like'].value).toBe(2);
    expect(items['fresh/etag'].eTag).not.toBe('some-etag');
  });

  it('does not change the items it is given', async () => {
    const item = { value: 1, eTag: '*', nested: { a: [1, 2] } };
    await storage.write({ untouched: item });
    expect(item).toEqual({ value: 1, eTag: '*', nested: { a: [1, 2] } });
  });

  it('round-trips nested objects, arrays of arrays, Dates and awkward field names', async () => {
    const when = new Date('2026-03-01T10:30:00.123Z');
    const item = {
      dialogState: { dialogStack: [{ id: 'main', state: { stepIndex: 2, values: { instanceId: 'x' }, options: {} } }] },
      when,
      history: [{ at: new Date(0), text: 'épsilon ✓ 日本' }],
      matrix: [[1, 2], [3, [4, 5]]],
      $dollar: { $date: 12, 'dotted.key': true, '': 'empty key' },
      'dotted.name': null,
      flags: { yes: true, no: false, zero: 0, negative: -1.5 },
      big: 'x'.repeat(5_000),
    };
    await storage.write({ 'round/trip': item });
    const { eTag, ...read } = (await storage.read(['round/trip']))['round/trip'];
    expect(typeof eTag).toBe('string');
    expect(read).toEqual(item);
    expect(read.when).toBeInstanceOf(Date);
    expect((read.when as Date).toISOString()).toBe('2026-03-01T10:30:00.123Z');
    expect(read.history[0].at).toBeInstanceOf(Date);
  });

  it('serializes like JSON otherwise: undefined and functions dropped, toJSON honoured, class instances as plain data', async () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
      norm(): number {
        return Math.hypot(this.x, this.y);
      }
    }
    const item = {
      gone: undefined,
      fn: () => 1,
      list: [undefined, 1],
      custom: { toJSON: () => 'custom!' },
      point: new Point(3, 4),
      invalidDate: new Date('nope'),
    };
    await storage.write({ 'json/like': item });
    const { eTag: _eTag, ...read } = (await storage.read(['json/like']))['json/like'];
    expect(read).toEqual({ list: [null, 1], custom: 'custom!', point: { x: 3, y: 4 }, invalidDate: null });
    expect(read.point).not.toBeInstanceOf(Point);
  });

  it('keeps keys with any characters apart, including ones that look like its own ids', async () => {
    const keys = [
      'msteams/conversations/a:1xyzAbC-_9.8/users/29:1abcDEF',
      'a',
      'a#1',
      'a#2',
      'v:a#1',
      'h:a',
      '!@#$%^&*()_+??><":QASD~`',
      'with space/and\\backslash/and.dot/$dollar',
      'ünïcødé/日本語/😀',
      '',
    ];
    await storage.write(Object.fromEntries(keys.map((key, index) => [key, { index }])));
    await storage.write({ a: { index: 'a again' } });
    const items = await storage.read(keys);
    expect(Object.keys(items).sort()).toEqual([...keys].sort());
    keys.forEach((key, index) => expect(items[key].index).toBe(key === 'a' ? 'a again' : index));
    await storage.delete(['a#1']);
    const after = await storage.read(['a', 'a#1', 'a#2', 'v:a#1']);
    expect(Object.keys(after).sort()).toEqual(['a', 'a#2', 'v:a#1']);
  });

  it('deletes items; deleting missing keys is fine', async () => {
    await storage.write({ 'delete/1': { v: 1 }, 'delete/2': { v: 2 } });
    await storage.delete(['delete/1', 'delete/never-written']);
    await storage.delete(['delete/1']);
    expect(Object.keys(await storage.read(['delete/1', 'delete/2', 'delete/never-written']))).toEqual(['delete/2']);
  });

  it('re-creates a deleted item; eTags from before the delete stay conflicts', async () => {
    await storage.write({ recreate: { generation: 1 } });
    const old = (await storage.read(['recreate'])).recreate;
    await storage.delete(['recreate']);
    expect(await storage.read(['recreate'])).toEqual({});

    // An item that is not stored is written whatever its eTag, the one from before the delete too.
    await storage.write({ recreate: { ...old, generation: 2 } });
    const second = (await storage.read(['recreate'])).recreate;
    expect(second.generation).toBe(2);
    expect(second.eTag).not.toBe(old.eTag);
    await expect(storage.write({ recreate: { ...old, generation: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    await storage.write({ recreate: { ...second, generation: 3 } });
    expect((await storage.read(['recreate'])).recreate.generation).toBe(3);
  });

  it('writes the other keys of a batch when one conflicts, then reports the conflict', async () => {
    await storage.write({ 'batch/a': { v: 1 } });
    const stale = (await storage.read(['batch/a']))['batch/a'];
    await storage.write({ 'batch/a': { v: 2 } });
    const changes: StoreItems = { 'batch/a': { ...stale, v: 3 }, 'batch/b': { v: 'b' } };
    await expect(storage.write(changes)).rejects.toBeInstanceOf(ETagConflictError);
    const items = await storage.read(['batch/a', 'batch/b']);
    expect(items['batch/a'].v).toBe(2);
    expect(items['batch/b'].v).toBe('b');
  });

  it('rejects missing arguments as MemoryStorage does', async () => {
    await expect(storage.read(undefined as unknown as string[])).rejects.toBeInstanceOf(ReferenceError);
    await expect(storage.write(undefined as unknown as StoreItems)).rejects.toBeInstanceOf(ReferenceError);
  });

  it('keeps one document per key, however often it is written', async () => {
    for (let count = 0; count < 12; count++) {
      const current = (await storage.read(['compact']))['compact'];
      await storage.write({ compact: { ...(current ?? {}), count } });
    }
    expect(await collection.countDocuments()).toBe(await collection.countDocuments({ _id: { $in: await collection.distinct('_id') } }));
    expect((await collection.find({ _id: 'compact' }).toArray()).map((document) => document._id)).toEqual(['compact']);
    expect((await storage.read(['compact'])).compact.count).toBe(11);
  });

  it('works on a driver collection as well as on a mongoose connection', async () => {
    const other = new MongoStorage(database.connection.db!.collection('other_state'));
    await other.write({ shared: { where: 'other' } });
    await storage.write({ shared: { where: 'default' } });
    expect((await other.read(['shared'])).shared.where).toBe('other');
    expect((await storage.read(['shared'])).shared.where).toBe('default');
    expect(await database.connection.db!.collection('other_state').countDocuments({})).toBe(1);
  });

  it('saves ConversationState and UserState through a TestAdapter turn', async () => {
    const conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    const turns = conversationState.createProperty<number>('turns');
    const profile = userState.createProperty<{ name?: string; seen?: Date[] }>('profile');

    const logic = async (context: TurnContext): Promise<void> => {
      if (context.activity.type !== ActivityTypes.Message) return;
      const count = (await turns.get(context, 0)) + 1;
      await turns.set(context, count);
      const me = await profile.get(context, {});
      me.seen = [...(me.seen ?? []), new Date(Date.UTC(2026, 0, count))];
      if (context.activity.text?.startsWith('name ')) me.name = context.activity.text.slice(5);
      await profile.set(context, me);
      await context.sendActivity(`turn ${count}${me.name ? ` for ${me.name}` : ''}`);
      await conversationState.saveChanges(context);
      await userState.saveChanges(context);
    };

    const adapter = new TestAdapter(logic);
    await adapter.send('hello').assertReply('turn 1').send('name Ada').assertReply('turn 2 for Ada').send('again').assertReply('turn 3 for Ada');

    // A new bot process (new state objects, new storage) continues where the first left off.
    const restarted = new TestAdapter(async (context) => {
      const state = new ConversationState(new MongoStorage(database.connection));
      const users = new UserState(new MongoStorage(database.connection));
      const count = (await state.createProperty<number>('turns').get(context, 0)) + 1;
      const me = await users.createProperty<{ name?: string; seen?: Date[] }>('profile').get(context, {});
      await context.sendActivity(`turn ${count} for ${me.name}, seen ${me.seen?.length} times, last ${me.seen?.at(-1)?.toISOString()}`);
    });
    await restarted.send('hi').assertReply('turn 4 for Ada, seen 3 times, last 2026-01-03T00:00:00.000Z');

    const conversationKey = 'test/conversations/Convo1/';
    const userKey = 'test/users/user1/';
    const stored = await storage.read([conversationKey, userKey]);
    expect(stored[conversationKey].turns).toBe(3);
    expect(stored[userKey].profile.name).toBe('Ada');
    expect(stored[userKey].profile.seen[0]).toBeInstanceOf(Date);
  });
});
