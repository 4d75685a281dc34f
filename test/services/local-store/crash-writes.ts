import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient, type Db, type WriteConcernSettings } from 'mongodb';
import { startSecantusDb } from '../../../services/local-store/store-server.js';

/** One crash experiment: which server setting, which writes, how many at once. */
export interface CrashWritesOptions {
  projectRoot: string;
  /** `--sync-on-commit` on the server. */
  syncOnCommit: boolean;
  /** `writeConcern: { j: true }` on every write. */
  journal: boolean;
  /** Acknowledged writes before the kill (at least 300 for the figures). */
  writes: number;
  /** Writes in flight at once; with more than one, the kill lands while some are unanswered. */
  inFlight: number;
}

/** What an experiment found. */
export interface CrashWritesResult {
  options: CrashWritesOptions;
  /** Writes acknowledged before the kill, by kind. */
  acknowledged: { events: number; slots: number; deliveries: number };
  /** Acknowledged writes not found (or found older) after the restart, as `kind _id`. */
  lost: string[];
  /** Per-write latency of the acknowledged writes, ms. */
  latencies: number[];
  /** From the restart to the first answer (the server replays its journal), ms. */
  restartMs: number;
}

const eventsCollection = 'request_events';
const slotsCollection = 'booking_slots';
const deliveriesCollection = 'effect_deliveries';
/** Delivery documents upserted in turn, so most of those writes update an existing document. */
const deliveryDocuments = 25;

/**
 * Starts a SecantusDB on a fresh data folder, writes until `writes` are acknowledged — in turn a
 * request event (insert, unique `_id` and unique command id), a booking slot (insert,
 * `<resource>@<minute>`) and an effect delivery (upsert that raises its `attempts`) — kills the
 * server with SIGKILL as soon as the last one is acknowledged, restarts it on the same data and
 * looks for every acknowledged write. The data folder is removed afterwards.
 */
export async function crashWrites(options: CrashWritesOptions): Promise<CrashWritesResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vc-desk-crash-'));
  const storagePath = join(dataDir, 'secantusdb');
  const start = () => startSecantusDb({ projectRoot: options.projectRoot, storagePath, syncOnCommit: options.syncOnCommit, removeOnExit: dataDir });
  const writeConcern: WriteConcernSettings = options.journal ? { j: true } : {};
  const acknowledgedEvents: string[] = [];
  const acknowledgedSlots: string[] = [];
  const acknowledgedDeliveries = new Map<string, number>();
  const latencies: number[] = [];
  let server = await start();
  try {
    // No retries: a write in flight at the kill fails at once instead of waiting for a server.
    const client = new MongoClient(server.uri, { maxPoolSize: Math.max(4, options.inFlight), retryWrites: false, serverSelectionTimeoutMS: 2000 });
    const db = client.db('crash');
    await prepare(db);
    let next = 0;
    let acknowledged = 0;
    let killed = false;
    const writeOne = async (index: number): Promise<void> => {
      const began = performance.now();
      switch (index % 3) {
        case 0: {
          const id = `REQ-${Math.floor(index / 30)}:${index % 30}`;
          await db.collection<{ _id: string }>(eventsCollection).insertOne(eventDocument(id, index), { writeConcern });
          if (!killed) acknowledgedEvents.push(id);
          break;
        }
        case 1: {
          const id = `sala-vc-${index % 4}@${29_000_000 + index * 5}`;
          await db.collection<{ _id: string } & Record<string, unknown>>(slotsCollection).insertOne({ _id: id, bookingId: `B-${index}`, requestId: `REQ-${index}`, heldAt: new Date() }, { writeConcern });
          if (!killed) acknowledgedSlots.push(id);
          break;
        }
        default: {
          const id = `REQ-${index % deliveryDocuments}:1:notify-requester`;
          await db.collection<{ _id: string }>(deliveriesCollection).updateOne(
            { _id: id },
            { $max: { attempts: index }, $set: { status: 'delivered', deliveredAt: new Date() }, $setOnInsert: { requestId: id.split(':')[0] } },
            { upsert: true, writeConcern },
          );
          if (!killed) acknowledgedDeliveries.set(id, Math.max(index, acknowledgedDeliveries.get(id) ?? 0));
        }
      }
      if (killed) return;
      latencies.push(performance.now() - began);
      acknowledged += 1;
      if (acknowledged >= options.writes) {
        // At once, before any other acknowledgement can be seen.
        killed = true;
        process.kill(server.pid, 'SIGKILL');
      }
    };
    const worker = async (): Promise<void> => {
      while (!killed) {
        const index = next++;
        try {
          await writeOne(index);
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: options.inFlight }, worker));
    await server.kill();
    await client.close(true).catch(() => undefined);

    const restartedAt = performance.now();
    server = await start();
    const restartMs = performance.now() - restartedAt;
    const reader = new MongoClient(server.uri);
    try {
      const lost = await findLost(reader.db('crash'), acknowledgedEvents, acknowledgedSlots, acknowledgedDeliveries);
      return {
        options,
        acknowledged: { events: acknowledgedEvents.length, slots: acknowledgedSlots.length, deliveries: latencies.length - acknowledgedEvents.length - acknowledgedSlots.length },
        lost,
        latencies,
        restartMs,
      };
    } finally {
      await reader.close();
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function prepare(db: Db): Promise<void> {
  await db.collection(eventsCollection).createIndex({ commandId: 1 }, { unique: true });
  await db.collection(eventsCollection).createIndex({ requestId: 1, sequence: -1 });
  await db.collection(slotsCollection).createIndex({ bookingId: 1 });
  await db.collection(deliveriesCollection).createIndex({ status: 1, nextAttemptAt: 1 });
}

function eventDocument(id: string, index: number): { _id: string } & Record<string, unknown> {
  const [requestId, sequence] = id.split(':');
  return {
    _id: id,
    requestId,
    sequence: Number(sequence),
    commandId: `cmd-${index}`,
    kind: 'take',
    actor: { id: 'user-id-0', role: 'ASV' },
    at: new Date(),
    from: 'Registrada',
    to: 'En atención',
    effects: [{ name: 'notify-requester', deliveryId: `${id}:notify-requester` }, { name: 'update-channel-card', deliveryId: `${id}:update-channel-card` }],
    note: 'x'.repeat(400),
  };
}

async function findLost(db: Db, events: string[], slots: string[], deliveries: Map<string, number>): Promise<string[]> {
  const lost: string[] = [];
  const present = async (collection: string, ids: string[]) =>
    new Set((await db.collection<{ _id: string }>(collection).find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray()).map((doc) => doc._id));
  const foundEvents = await present(eventsCollection, events);
  for (const id of events) if (!foundEvents.has(id)) lost.push(`${eventsCollection} ${id}`);
  const foundSlots = await present(slotsCollection, slots);
  for (const id of slots) if (!foundSlots.has(id)) lost.push(`${slotsCollection} ${id}`);
  const stored = new Map(
    (await db.collection<{ _id: string; attempts: number }>(deliveriesCollection).find({ _id: { $in: [...deliveries.keys()] } }).toArray()).map((doc) => [doc._id, doc.attempts]),
  );
  for (const [id, attempts] of deliveries) {
    if ((stored.get(id) ?? -1) < attempts) lost.push(`${deliveriesCollection} ${id} (attempts ${stored.get(id) ?? 'missing'}, acknowledged ${attempts})`);
  }
  return lost;
}
