/**
 * A database of stored requests for the bench, inserted in bulk in the very shape the product
 * stores: a request is worked through the service desk (registered, taken, refused as No Procede —
 * closed, as most stored ones are; and one only registered, for the open ones the bench works on),
 * its documents are read back and cloned with unordered `insertMany` (ids, folio, requester,
 * description and dates rewritten; the search words and requester keys recomputed by the store's
 * own functions).
 */
import { DateTime } from 'luxon';
import { ObjectId, type Db, type Document } from 'mongodb';
import type { Connection } from 'mongoose';
import { createLogger } from '../../services/logging/logger.js';
import type { ExecutableCommand } from '../../services/requests/command-input.js';
import { formatFolio, requesterKeys, searchWords } from '../../services/requests/request-store.js';
import type { ServiceRequest } from '../../services/requests/request-types.js';
import { createServiceDesk, type ServiceDesk } from '../../services/service-desk.js';
import { benchConfig, benchPeople, benchRegistration } from './bench-desk.js';
import type { BenchStore } from './bench-store.js';
import { progress, timed } from './measure.js';
import { formatCount } from './report.js';

/** The collections a request's life writes to, and how many of the template's documents each clone keeps. */
const keptPerRequest: Record<string, number> = {
  requests: 1,
  request_events: Number.POSITIVE_INFINITY,
  effect_deliveries: 2,
  effect_attempts: 2,
  outbox: 1,
};

/** Requests per `insertMany` round (each collection gets its share of the round). */
const requestsPerBatch = 1_000;
/** Requests a day in the seeded history (the newest is today). */
const requestsPerDay = 100;
/** Distinct requesters and dependencias the clones are spread over. */
const requesterCount = 5_000;
const dependencias = ['FI', 'FQ', 'FM', 'FCA', 'FFyL', 'FD', 'FA', 'FE', 'FC', 'IIMAS', 'IIS', 'DGTIC', 'CCH', 'ENP', 'FES-A'];

/** What was stored. */
export interface SeededRequests {
  databaseName: string;
  requests: number;
  /** Documents inserted per collection. */
  documents: Record<string, number>;
  seedMs: number;
  /** The seeded requests' creation dates: first and last (ISO dates). */
  firstDate: string;
  lastDate: string;
  /** Ids of up to 1 000 seeded (closed) requests spread over the whole history. */
  sampleIds: string[];
  /** The requests seeded open (*Registro*, the newest), for the bench to work on, with their version. */
  open: Array<{ id: string; version: number }>;
}

/** Replaces, in every string of `value` (recursively), each `[from, to]` of `substrings`; shifts every Date by `shiftMs`. */
function rewrite(value: unknown, substrings: ReadonlyArray<readonly [string, string]>, exact: ReadonlyMap<string, string>, shiftMs: number): unknown {
  if (typeof value === 'string') {
    const whole = exact.get(value);
    if (whole !== undefined) return whole;
    let text = value;
    for (const [from, to] of substrings) if (text.includes(from)) text = text.split(from).join(to);
    return text;
  }
  if (value instanceof Date) return new Date(value.getTime() + shiftMs);
  if (Array.isArray(value)) return value.map((item) => rewrite(item, substrings, exact, shiftMs));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewrite(item, substrings, exact, shiftMs)]));
  }
  return value;
}

/**
 * Creates `databaseName` afresh on `store` with `count` stored (closed) requests and `open` newer
 * ones in *Registro* for the bench to work on — with their events, deliveries, attempt claims and
 * mails — and the indexes the service desk creates. The connection used is closed at the end; the
 * database stays for the sections that use it.
 */
export async function seedRequests(store: BenchStore, databaseName: string, count: number, open: number): Promise<SeededRequests> {
  const connection = await store.connectFresh(databaseName);
  try {
    const { result, ms } = await timed(() => seedOn(connection, databaseName, count, open));
    return { ...result, seedMs: ms };
  } finally {
    await store.disconnect(connection);
  }
}

/** One request worked through the desk and its documents as stored, per collection (`keptPerRequest` of each). */
interface Template {
  request: ServiceRequest;
  documents: Record<string, Document[]>;
}

/**
 * Works one request through the desk with `steps` after registration, reads back its documents
 * and removes them: the database is fresh, so everything in these collections is the template's.
 */
async function makeTemplate(desk: ServiceDesk, db: Db, token: string, steps: ReadonlyArray<ExecutableCommand>): Promise<Template> {
  const hd = desk.roles.actorFor(benchPeople.hd);
  const asv = desk.roles.actorFor(benchPeople.asv);
  const registered = await desk.requests.register(benchRegistration(0), hd, `seed-register-${token}`);
  if (registered.outcome !== 'applied') throw new Error(`seed: registration ${registered.outcome}`);
  let request = registered.request;
  for (const [index, command] of steps.entries()) {
    const result = await desk.requests.execute(request.id, command, asv, `seed-${index}-${token}`);
    if (result.outcome !== 'applied') throw new Error(`seed: ${command.type} ${result.outcome}`);
    request = result.request;
  }
  await desk.dispatcher.idle();
  const documents: Record<string, Document[]> = {};
  for (const name of Object.keys(keptPerRequest)) {
    documents[name] = (await db.collection(name).find({}).toArray()).slice(0, keptPerRequest[name]);
    await db.collection(name).deleteMany({});
  }
  if (documents.requests!.length !== 1 || !documents.request_events!.length) throw new Error('seed: the template request was not stored as expected');
  return { request, documents };
}

async function seedOn(connection: Connection, databaseName: string, count: number, open: number): Promise<Omit<SeededRequests, 'seedMs'>> {
  const config = benchConfig();
  const zone = config.calendar.timeZone;
  const desk = await createServiceDesk({ config, connection, logger: createLogger('silent'), instanceName: `bench-seed-${databaseName}` });
  const db = connection.db!;
  const token = 'SEEDTEMPLATE';
  const closed = await makeTemplate(desk, db, token, [{ type: 'take' }, { type: 'reject', reasons: 'El evento no corresponde a una videoconferencia' }]);
  const registered = await makeTemplate(desk, db, token, []);
  await desk.stop();

  const now = Date.now();
  const dayMs = 24 * 3_600_000;
  const spacingMs = dayMs / requestsPerDay;
  const perYear = new Map<number, number>();
  const inserted: Record<string, number> = Object.fromEntries(Object.keys(keptPerRequest).map((name) => [name, 0]));
  const sampleIds: string[] = [];
  const openRequests: Array<{ id: string; version: number }> = [];
  const total = count + open;
  const sampleEvery = Math.max(1, Math.floor(count / 1_000));
  let firstDate = '';
  let lastDate = '';
  const began = process.hrtime.bigint();
  for (let first = 0; first < total; first += requestsPerBatch) {
    const batch: Record<string, Document[]> = Object.fromEntries(Object.keys(keptPerRequest).map((name) => [name, []]));
    for (let index = first; index < Math.min(total, first + requestsPerBatch); index += 1) {
      // The oldest first, one every `spacingMs`, the newest an hour ago; the open ones are the newest.
      const template = index < count ? closed : registered;
      const templateRequest = template.documents.requests![0]!;
      const createdAt = now - 3_600_000 - (total - 1 - index) * spacingMs;
      const local = DateTime.fromMillis(createdAt, { zone });
      const year = local.year;
      const sequence = (perYear.get(year) ?? 0) + 1;
      perYear.set(year, sequence);
      if (index === 0) firstDate = local.toISODate()!;
      lastDate = local.toISODate()!;
      const id = new ObjectId().toHexString();
      if (index < count && index % sampleEvery === 0) sampleIds.push(id);
      if (index >= count) openRequests.push({ id, version: template.request.version });
      const folio = formatFolio(template.request.service, year, sequence);
      const person = index % requesterCount;
      const { requester, dependencia, description } = template.request;
      const exact = new Map<string, string>([
        [requester.id, `req-${person}`],
        [requester.email ?? '', `persona${person}@uni.example`],
        [requester.name, `Persona ${person}`],
        [dependencia.siglas, dependencias[index % dependencias.length]!],
        [description, `${description} (${index})`],
      ]);
      const templateFolio = templateRequest.folio as string;
      const substrings: Array<[string, string]> = [
        [template.request.id, id],
        [templateFolio, folio],
        [templateFolio.toLowerCase(), folio.toLowerCase()],
        [token, `${databaseName}-${index}`],
      ];
      const shiftMs = createdAt - (templateRequest.createdAt as Date).getTime();
      for (const [name, templates] of Object.entries(template.documents)) {
        for (const document of templates) {
          const clone = rewrite(document, substrings, exact, shiftMs) as Document;
          if (name === 'outbox') clone._id = new ObjectId();
          if (name === 'requests') {
            clone.folioYear = year;
            clone.folioNumber = sequence;
            clone.searchWords = searchWords(clone as unknown as ServiceRequest);
            clone.requesterKeys = requesterKeys((clone as unknown as ServiceRequest).requester);
          }
          batch[name]!.push(clone);
        }
      }
    }
    for (const [name, clones] of Object.entries(batch)) {
      if (!clones.length) continue;
      await db.collection(name).insertMany(clones, { ordered: false });
      inserted[name] = inserted[name]! + clones.length;
    }
    const done = Math.min(total, first + requestsPerBatch);
    if (done === total || done % (10 * requestsPerBatch) === 0) {
      progress(
        `seed ${databaseName}: ${formatCount(done)} of ${formatCount(total)} requests (${(Number(process.hrtime.bigint() - began) / 1e9).toFixed(0)} s)`,
      );
    }
  }
  return { databaseName, requests: count, documents: inserted, firstDate, lastDate, sampleIds, open: openRequests };
}

/** Takes `count` of the seeded open requests (each is worked on once). */
export function takeOpen(seeded: SeededRequests, count: number): Array<{ id: string; version: number }> {
  if (seeded.open.length < count) throw new Error(`bench: ${count} open requests wanted, ${seeded.open.length} left in ${seeded.databaseName}`);
  return seeded.open.splice(0, count);
}
