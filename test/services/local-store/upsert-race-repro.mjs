// Minimal reproduction, with the plain MongoDB Node.js driver only: concurrent
// findOneAndUpdate upserts on the same filter, without a unique index, as agenda 6's
// `every()` does for a "single" job (@agendajs/mongo-backend MongoJobRepository.saveJob).
//
//   node test/services/local-store/upsert-race-repro.mjs mongodb://127.0.0.1:PORT [rounds] [concurrent]
//
// Each round uses a fresh collection, optionally with agenda's non-unique index, and sends
// `concurrent` findOneAndUpdate({name, type: 'single'}, {$set}, {upsert: true,
// returnDocument: 'after'}) at once, each on its own MongoClient (as two agenda instances are).
// MongoDB's contract: with upsert and returnDocument 'after' the reply always holds a document
// (it may insert duplicates without a unique index, but never answers null). Counts rounds with
// a null reply, and how many documents each round left, and prints the raw findAndModify reply
// of the first null seen.
import { MongoClient } from 'mongodb';

const [uri, roundsArg = '200', concurrentArg = '2'] = process.argv.slice(2);
if (!uri) {
  console.error('usage: node upsert-race-repro.mjs <mongodb-uri> [rounds=200] [concurrent=2]');
  process.exit(2);
}
const rounds = Number(roundsArg);
const concurrent = Number(concurrentArg);
const clients = await Promise.all(Array.from({ length: concurrent }, () => new MongoClient(uri).connect()));
const hello = await clients[0].db('admin').command({ buildInfo: 1 });
console.log(`server ${hello.version}; driver mongodb ${(await import('mongodb/package.json', { with: { type: 'json' } })).default.version}; ${rounds} rounds × ${concurrent} concurrent upserts`);

for (const withIndex of [false, true]) {
  const db = (client) => client.db('upsert_race_repro');
  let nullReplies = 0;
  let roundsWithNull = 0;
  const documentsLeft = new Map();
  let firstNullRaw;
  let nullButApplied = 0;
  for (let round = 0; round < rounds; round++) {
    const name = `c${round}`;
    await db(clients[0]).collection(name).drop().catch(() => undefined);
    await db(clients[0]).createCollection(name);
    if (withIndex) {
      await db(clients[0]).collection(name).createIndex({ name: 1, priority: -1, lockedAt: 1, nextRunAt: 1, disabled: 1 }, { name: 'findAndLockNextJobIndex' });
    }
    const results = await Promise.all(
      clients.map((client, index) =>
        db(client)
          .collection(name)
          .findOneAndUpdate(
            { name: 'effects-sweep', type: 'single' },
            { $set: { name: 'effects-sweep', type: 'single', priority: 0, repeatInterval: '5000', nextRunAt: new Date(), lockedAt: null, disabled: null, lastModifiedBy: `instance-${index}` } },
            { upsert: true, returnDocument: 'after', includeResultMetadata: true },
          ),
      ),
    );
    const nulls = results.flatMap((result, index) => (result.value === null ? [index] : []));
    nullReplies += nulls.length;
    const stored = await db(clients[0]).collection(name).find({ name: 'effects-sweep' }).toArray();
    if (nulls.length) {
      roundsWithNull += 1;
      // Was the $set of a request answered null applied? With one document left, it was if that
      // document was last modified by it, or (with more in flight) by a request answered later.
      if (stored.length === 1 && nulls.includes(Number(stored[0].lastModifiedBy.split('-')[1]))) nullButApplied += 1;
      firstNullRaw ??= { round, replies: results.map(({ value, lastErrorObject, ok }) => ({ ok, lastErrorObject, value })), stored };
    }
    const left = stored.length;
    documentsLeft.set(left, (documentsLeft.get(left) ?? 0) + 1);
    await db(clients[0]).collection(name).drop();
  }
  console.log(
    `${withIndex ? 'with agenda\'s non-unique index' : 'no index (only _id)'}: ${roundsWithNull}/${rounds} rounds had a null reply (${nullReplies} null replies of ${rounds * concurrent}); ` +
      `documents left per round: ${[...documentsLeft].sort(([a], [b]) => a - b).map(([count, times]) => `${count} doc(s) × ${times}`).join(', ')}`,
  );
  if (firstNullRaw) {
    console.log(`  rounds where the document left carries the $set of a request that was answered null: ${nullButApplied}/${roundsWithNull}`);
    console.log(`  first null, round ${firstNullRaw.round}, replies: ${JSON.stringify(firstNullRaw.replies)}`);
    console.log(`  documents left: ${JSON.stringify(firstNullRaw.stored)}`);
  }
}
await Promise.all(clients.map((client) => client.close()));
