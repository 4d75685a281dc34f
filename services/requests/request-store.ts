import { Types } from 'mongoose';
import { isDuplicateKey } from '../store/database.js';
import { rawCollection, type RequestDocument, type RequestEventDocument, type RequestModels, type StoredEffect } from '../store/request-documents.js';
import type { Effect, HistoryEntry, RequestStatus, ServiceRequest, ServiceType } from './request-types.js';

/** The outcome of appending a change to a request's history. */
export type AppendResult = 'appended' | 'place-taken' | 'duplicate-command';

/** Fields of the request that a change may set (everything but identity and history). */
const projectedFields = [
  'requester',
  'dependencia',
  'description',
  'service',
  'status',
  'assignee',
  'form',
  'booking',
  'wait',
  'teams',
  'delivery',
  'rating',
] as const satisfies readonly (keyof ServiceRequest)[];

/** Search filters; every one optional; `text` matches folio, names, siglas and description. */
export interface RequestQuery {
  folio?: string | undefined;
  /** The requester: their Entra object id, or the e-mail they were registered with (either matches; never one for the other). */
  requester?: { id?: string | undefined; email?: string | undefined } | undefined;
  siglas?: string | undefined;
  status?: RequestStatus | RequestStatus[] | undefined;
  assigneeId?: string | undefined;
  text?: string | undefined;
  page?: number | undefined;
  /** Results to skip (overrides page). */
  offset?: number | undefined;
  pageSize?: number | undefined;
}

/** One page of requests, newest first. */
export interface RequestPage {
  items: ServiceRequest[];
  page: number;
  pageSize: number;
  total: number;
}

/** Folio prefix by service: VC, TC, NC, or SOL while the service is not known. */
export function folioPrefix(service: ServiceType | null | undefined): string {
  return service ?? 'SOL';
}

/** Formats a folio: `VC-2026-0042`. */
export function formatFolio(service: ServiceType | null | undefined, year: number, sequence: number): string {
  return `${folioPrefix(service)}-${year}-${String(sequence).padStart(4, '0')}`;
}

/** Event id: the request and its place in the history, so no two changes can share a place. */
export function eventId(requestId: string, seq: number): string {
  return `${requestId}:${String(seq).padStart(6, '0')}`;
}

/**
 * The keys a requester's requests are found by, each in its own key space: `oid:<object id>` and
 * `mail:<e-mail>` (a request registered by e-mail is found by either once the object id is known).
 * One multikey index serves "this person's requests"; an empty list matches nothing.
 */
export function requesterKeys(person: { id?: string | undefined; email?: string | undefined }): string[] {
  const id = person.id?.trim().toLowerCase();
  const email = person.email?.trim().toLowerCase();
  return [...(id ? [`oid:${id}`] : []), ...(email ? [`mail:${email}`] : [])];
}

/** Most words of a request kept for the free-text search, and the longest word kept. */
const maxSearchWords = 400;
const maxSearchWordLength = 64;

/** Lower-case and accent-free, as the free-text search compares. */
function searchForm(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The words the free-text search finds a request by (folio, names, e-mail, dependencia, siglas,
 * description, assignee), lower-case and accent-free: each word as written between spaces, and
 * each run of letters and digits in it — so `(Salamanca)` is found by `salam` and `(a+b)*[c]` by
 * itself. Kept in a multikey index: a search word matches the start of one of them.
 */
export function searchWords(request: Pick<ServiceRequest, 'folio' | 'requester' | 'dependencia' | 'description' | 'assignee'>): string[] {
  const text = searchForm(
    [request.folio, request.requester.name, request.requester.email, request.dependencia.name, request.dependencia.siglas, request.description, request.assignee.name]
      .filter(Boolean)
      .join(' '),
  );
  const words = new Set<string>();
  for (const spaced of text.split(/\s+/)) {
    if (!spaced) continue;
    words.add(spaced.slice(0, maxSearchWordLength));
    for (const run of spaced.split(/[^\p{L}\p{N}]+/u)) if (run) words.add(run.slice(0, maxSearchWordLength));
    if (words.size >= maxSearchWords) break;
  }
  return [...words].slice(0, maxSearchWords);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The fields of `next` that differ from `previous`, as a `$set` for the projection. */
export function changedFields(previous: ServiceRequest, next: ServiceRequest): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of projectedFields) {
    if (JSON.stringify(previous[field]) !== JSON.stringify(next[field])) changes[field] = next[field] ?? null;
  }
  return changes;
}

/**
 * Persistence of requests: the event log (the source of truth, exclusive by unique keys) and
 * the request documents projected from it. Holds no business rules.
 */
export class RequestStore {
  /**
   * `reportFacts`, when given, computes what the reports need of a request from its history; it is
   * stored with every projection write, in the same write (`reportFacts`, see services/reports).
   */
  constructor(
    private readonly models: RequestModels,
    private readonly reportFacts?: (request: ServiceRequest) => unknown,
  ) {}

  /** The report facts of a projection, as fields of its write (none without a `reportFacts`). */
  private factsOf(request: ServiceRequest): { reportFacts?: unknown } {
    return this.reportFacts ? { reportFacts: this.reportFacts(request) } : {};
  }

  /** A fresh request id. */
  newRequestId(): string {
    return new Types.ObjectId().toHexString();
  }

  /** The request as projected, or null. */
  async load(requestId: string): Promise<ServiceRequest | null> {
    const document = await this.models.requests.findById(requestId).lean<RequestDocument>();
    return document ? toRequest(document) : null;
  }

  /** The request with this folio (case-insensitive), or null. */
  async loadByFolio(folio: string): Promise<ServiceRequest | null> {
    const document = await this.models.requests.findOne({ folio: folio.trim().toUpperCase() }).lean<RequestDocument>();
    return document ? toRequest(document) : null;
  }

  /**
   * The next folio number of `year`, from the year's counter (one atomic `$inc` by `_id`, so
   * concurrent registrations get consecutive numbers and the cost does not grow with the year's
   * requests). A guess all the same: the unique folio index decides, and a number found taken
   * moves the counter past the year's highest ({@link catchUpFolioCounter}).
   */
  async nextFolioNumber(year: number): Promise<number> {
    const counters = rawCollection(this.models.counters);
    const _id = `folio:${year}`;
    for (;;) {
      // Created apart from the increment: an upserting findOneAndUpdate that loses an insert race
      // may answer null after counting (seen on SecantusDB), which would skip a number.
      const counter = await counters.findOneAndUpdate({ _id }, { $inc: { n: 1 } }, { returnDocument: 'after' });
      if (counter) return counter.n;
      await counters.updateOne({ _id }, { $setOnInsert: { n: 0 } }, { upsert: true }).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
    }
  }

  /** Moves the year's folio counter past the highest folio number stored (when a number it gave was found taken). */
  async catchUpFolioCounter(year: number): Promise<void> {
    const last = await this.models.requests.findOne({ folioYear: year }, { folioNumber: 1 }).sort({ folioNumber: -1 }).lean<{ folioNumber: number }>();
    if (last) await rawCollection(this.models.counters).updateOne({ _id: `folio:${year}` }, { $max: { n: last.folioNumber } }, { upsert: true });
  }

  /**
   * Appends a change at place `entry.seq`. Exactly one change can take a place, and a command id
   * can be used once: the loser learns which of the two it hit.
   */
  async append(
    requestId: string,
    commandId: string,
    entry: HistoryEntry,
    changes: Record<string, unknown>,
    effects: Effect[],
  ): Promise<AppendResult> {
    const id = eventId(requestId, entry.seq);
    const storedEffects: StoredEffect[] = effects.map((effect, index) => ({ ...effect, id: `${id}/${index}` }));
    try {
      await rawCollection(this.models.events).insertOne({
        _id: id,
        requestId,
        seq: entry.seq,
        commandId,
        at: entry.at,
        entry,
        changes,
        effects: storedEffects,
        // Open until dispatched, which first brings the request's projection up to this change: the
        // sweep of open changes is also what repairs a projection a crash left behind.
        effectsOpen: true,
      });
      return 'appended';
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return (await this.models.events.exists({ commandId })) ? 'duplicate-command' : 'place-taken';
    }
  }

  /** Creates the request document of a registration; false when the folio was taken meanwhile. */
  async insertProjection(request: ServiceRequest, folioYear: number, folioNumber: number): Promise<boolean> {
    try {
      await rawCollection(this.models.requests).insertOne({ ...toDocument(request, folioYear, folioNumber), ...this.factsOf(request) });
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (await this.models.requests.exists({ _id: request.id })) return true;
      return false;
    }
  }

  /** Moves the request document from `previousVersion` to `next` (a no-op if already done). */
  async updateProjection(next: ServiceRequest, previousVersion: number, changes: Record<string, unknown>, entry: HistoryEntry): Promise<void> {
    await rawCollection(this.models.requests).updateOne(
      { _id: next.id, version: previousVersion },
      {
        $set: { ...changes, version: next.version, updatedAt: next.updatedAt, searchWords: searchWords(next), requesterKeys: requesterKeys(next.requester), ...this.factsOf(next) },
        $push: { history: entry },
      },
    );
  }

  /** The events of a request after `afterSeq`, in order. */
  async eventsAfter(requestId: string, afterSeq: number): Promise<RequestEventDocument[]> {
    return this.models.events
      .find({ requestId, seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .lean<RequestEventDocument[]>();
  }

  /** The event recorded for a command id, if any. */
  async eventByCommand(commandId: string): Promise<RequestEventDocument | null> {
    return this.models.events.findOne({ commandId }).lean<RequestEventDocument>();
  }

  /** The name `personId` last acted under in any request's history (as Teams gave it), when they ever acted. */
  /** The name a request assigned to `personId` gives them (other than their id), read through the assignee index. */
  async assigneeNameOf(personId: string): Promise<string | undefined> {
    const found = await this.models.requests
      .findOne({ 'assignee.id': personId, 'assignee.name': { $nin: ['', personId] } }, { 'assignee.name': 1 })
      .lean<{ assignee?: { name?: string } }>();
    return found?.assignee?.name || undefined;
  }

  async lastNameOf(personId: string): Promise<string | undefined> {
    const event = await this.models.events
      .findOne({ 'entry.actor.id': personId }, { 'entry.actor.name': 1 })
      .sort({ at: -1 })
      .lean<Pick<RequestEventDocument, 'entry'>>();
    return event?.entry.actor.name || undefined;
  }

  /** One event by id. */
  async event(id: string): Promise<RequestEventDocument | null> {
    return this.models.events.findById(id).lean<RequestEventDocument>();
  }

  /** Events whose effects are not all settled, recorded before `before`, oldest first. */
  async openEvents(before: Date, limit: number): Promise<RequestEventDocument[]> {
    return this.models.events
      .find({ effectsOpen: true, at: { $lte: before } })
      .sort({ at: 1 })
      .limit(limit)
      .lean<RequestEventDocument[]>();
  }

  /** Marks an event's effects as all settled (delivered or given up). */
  async closeEvent(id: string): Promise<void> {
    await rawCollection(this.models.events).updateOne({ _id: id }, { $set: { effectsOpen: false } });
  }

  /** How many requests assigned to `assigneeId` are still being worked (not Terminada, No Procede or Cancelada). */
  async openCountOf(assigneeId: string): Promise<number> {
    return this.models.requests.countDocuments({ 'assignee.id': assigneeId, status: { $in: ['Registro', 'En Proceso', 'Pendiente por el usuario', 'Espera'] } });
  }

  /** Requests matching `query`, newest first, one page. */
  async search(query: RequestQuery): Promise<RequestPage> {
    const pageSize = Math.min(Math.max(query.pageSize ?? 10, 1), 100);
    const page = Math.max(query.page ?? 1, 1);
    const filter: Record<string, unknown> = {};
    if (query.folio) filter.folio = query.folio.trim().toUpperCase();
    if (query.requester) filter.requesterKeys = { $in: requesterKeys(query.requester) };
    if (query.siglas) filter['dependencia.siglas'] = query.siglas.trim().toUpperCase();
    if (query.status) filter.status = Array.isArray(query.status) ? { $in: query.status } : query.status;
    if (query.assigneeId) filter['assignee.id'] = query.assigneeId;
    const words = searchForm(query.text ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 8)
      .map((word) => word.slice(0, maxSearchWordLength));
    // Each word as an anchored prefix: MongoDB reads the first through the multikey index (as the
    // range of keys that start with it) and checks the others on what it finds.
    const [first, ...others] = words.map((word) => ({ $regex: `^${escapeRegex(word)}` }));
    if (first) filter.searchWords = first;
    if (others.length) filter.$and = others.map((prefix) => ({ searchWords: prefix }));
    const [documents, total] = await Promise.all([
      this.models.requests
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip(query.offset ?? (page - 1) * pageSize)
        .limit(pageSize)
        .lean<RequestDocument[]>(),
      // With no filter the collection's own count (metadata, no scan) is the total.
      Object.keys(filter).length ? this.models.requests.countDocuments(filter) : this.models.requests.estimatedDocumentCount(),
    ]);
    return { items: documents.map(toRequest), page, pageSize, total };
  }
}

/** Applies stored events to a request, in memory (used to read past a lagging projection). */
export function applyEvents(request: ServiceRequest, events: readonly RequestEventDocument[]): ServiceRequest {
  return events.reduce<ServiceRequest>(
    (current, event) =>
      event.seq !== current.version + 1
        ? current
        : {
            ...current,
            ...(event.changes as Partial<ServiceRequest>),
            version: event.seq,
            updatedAt: event.at,
            history: [...current.history, event.entry],
          },
    request,
  );
}

function toRequest(document: RequestDocument): ServiceRequest {
  const { _id, folioYear: _year, folioNumber: _number, searchWords: _words, requesterKeys: _keys, reportFacts: _facts, ...rest } = document as RequestDocument & { reportFacts?: unknown };
  return { ...rest, id: _id, history: rest.history ?? [] };
}

function toDocument(request: ServiceRequest, folioYear: number, folioNumber: number): RequestDocument {
  const { id, ...rest } = request;
  return { ...rest, _id: id, folioYear, folioNumber, searchWords: searchWords(request), requesterKeys: requesterKeys(request.requester) };
}
