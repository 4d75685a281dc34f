import type { Collection, Db, Document } from 'mongodb';
import { isDuplicateKey } from '../store/database.js';
import type { ServiceRequest } from '../requests/request-types.js';
import { incidentKinds, requestStatuses, type IncidentKind } from '../requests/request-types.js';
import { instantsOfDay, localDayOf, type ReportPeriod } from './report-period.js';
import { FACTS_VERSION, openStatuses, statusCodes, type RequestFacts, type StatusCode, type WaitFacts } from './request-facts.js';

/** The figures of the requests registered on one local day (a summary rebuilt from their facts). */
export interface DaySummary {
  _id: string;
  /** When the requests it sums were read: an older reading never replaces a newer one. */
  builtFrom: Date;
  n: number;
  service: { VC: number; TC: number; NC: number; none: number };
  status: Record<StatusCode, number>;
  everNoProcede: number;
  stayHours: Record<StatusCode, number>;
  stays: Record<StatusCode, number>;
  waits: WaitFacts;
  /** Business hours to *Terminada* of each request that reached it, ascending. */
  closeHours: number[];
  reasons: Array<{ key: string; text: string; timeout: boolean; n: number }>;
  asv: Array<{ id: string; name: string; open: number; finished: number; notViable: number }>;
  /** The requesters' ratings (issue 12 §1): how many, their sum, how many were 4 or 5. */
  ratings: RatingSums;
  /** The delivery records: requests with one, and those whose event was not held. */
  deliveries: { recorded: number; notHeld: number };
  /** Incidents of the delivery records, by kind. */
  incidents: Record<IncidentKind, number>;
}

/** The ratings of a set of requests, as sums the database adds up. */
export interface RatingSums {
  n: number;
  sum: number;
  high: number;
}

/** The events held on one local day, per resource (a summary rebuilt from the requests' bookings). */
export interface BookingDaySummary {
  _id: string;
  builtFrom: Date;
  /** The requests whose event touches this day (so a moved or released event's old days are rebuilt). */
  requestIds: string[];
  resources: Array<{ id: string; n: number; hours: number }>;
}

/** What the refresh has taken in: every projection written before `through` (less the margin). */
interface RollupState {
  _id: string;
  through: Date;
  factsVersion: number;
  /** The calendar settings and zone the facts were computed under: a change recomputes everything. */
  settingsKey: string;
}

/** The sums of a period, as the database adds them up. */
export interface PeriodSums {
  registered: number;
  service: DaySummary['service'];
  status: Record<StatusCode, number>;
  everNoProcede: number;
  stayHours: Record<StatusCode, number>;
  stays: Record<StatusCode, number>;
  waits: WaitFacts;
  /** Each day's close times (each list ascending). */
  closeHours: number[][];
  reasons: Array<{ key: string; text: string; timeout: boolean; n: number }>;
  asv: Array<{ id: string; name: string; open: number; finished: number; notViable: number }>;
  /** Requests registered per day (days with none are absent). */
  daily: Array<{ day: string; n: number }>;
  resources: Array<{ id: string; n: number; hours: number }>;
  ratings: RatingSums;
  deliveries: DaySummary['deliveries'];
  incidents: Record<IncidentKind, number>;
}

/** What the rollups are built with. */
export interface RollupOptions {
  timeZone: string;
  /** The facts of a request (for requests stored before facts were kept, or under other settings). */
  facts: (request: ServiceRequest, touchedAt: Date) => RequestFacts;
  /** Changes when the business calendar or the wait changes: every fact and summary is then recomputed. */
  settingsKey: string;
  /** How far back of the last refresh projections are read again (writes in flight, clocks of other instances). */
  marginMs?: number | undefined;
  log?: ((message: string, error?: unknown) => void) | undefined;
}

/** Projections read again before the last refresh's start. */
const DEFAULT_MARGIN_MS = 2 * 60_000;
/**
 * How long a write may take to be seen by a read that started after its moment (writes in flight,
 * the clocks of other instances): a summary read less than this after a request's write is rebuilt
 * once more.
 */
const SETTLE_MS = 30_000;
/** Requests given facts per round of the backfill. */
const BACKFILL_BATCH = 500;
/** Request ids per query when finding the event days a change may have left. */
const ID_BATCH = 500;
const STATE_ID = 'rollups';

const statusKeys = Object.values(statusCodes) as StatusCode[];
const waitKeys = ['n', 'onTime', 'late', 'timedOut', 'open'] as const;

/**
 * The reports' summaries, kept in the database: one document per local day with the figures of
 * the requests registered that day (`report_days`), and one per local day with the events held
 * that day per resource (`report_booking_days`). A report adds up the summaries of its days with
 * one aggregation over their `_id`s, so its cost grows with the days of the period, not with the
 * requests in it.
 *
 * Summaries are derived data: each is rebuilt from the requests' stored facts by an aggregation
 * over the `createdAt` index (or the booking days index). {@link refresh} rebuilds the days of the
 * requests whose projection was written since the last refresh (`reportFacts.touchedAt`, indexed),
 * and the days their events were on; it runs before every report. A summary records when its
 * requests were read, and an older reading never replaces a newer one, so concurrent refreshes
 * (other instances) agree.
 */
export class ReportRollups {
  readonly #requests: Collection<Document>;
  readonly #days: Collection<DaySummary>;
  readonly #bookingDays: Collection<BookingDaySummary>;
  readonly #state: Collection<RollupState>;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    db: Db,
    private readonly options: RollupOptions,
  ) {
    this.#requests = db.collection('requests');
    this.#days = db.collection<DaySummary>('report_days');
    this.#bookingDays = db.collection<BookingDaySummary>('report_booking_days');
    this.#state = db.collection<RollupState>('report_state');
  }

  /** The indexes the refresh reads by (on `requests`) and the summaries' own. */
  async ensureIndexes(): Promise<void> {
    await this.#requests.createIndex({ 'reportFacts.touchedAt': 1 }, { name: 'report_facts_touched' });
    await this.#requests.createIndex({ 'reportFacts.bookingDays': 1 }, { name: 'report_facts_booking_days' });
    await this.#bookingDays.createIndex({ requestIds: 1 }, { name: 'report_booking_days_requests' });
  }

  /**
   * Brings the summaries up to date with every projection written until now. Calls in one process
   * run one after the other; each waits for its own run.
   */
  refresh(): Promise<{ days: number; bookingDays: number }> {
    const run = this.#queue.then(() => this.#refreshOnce());
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #refreshOnce(): Promise<{ days: number; bookingDays: number }> {
    const state = await this.#state.findOne({ _id: STATE_ID });
    const current = state?.factsVersion === FACTS_VERSION && state.settingsKey === this.options.settingsKey;
    if (!current) await this.#recomputeFacts();
    const started = new Date();
    const since = current && state ? new Date(state.through.getTime() - (this.options.marginMs ?? DEFAULT_MARGIN_MS)) : new Date(0);

    const touched = await this.#requests
      .find({ 'reportFacts.touchedAt': { $gte: since } }, { projection: { _id: 1, createdAt: 1, 'reportFacts.touchedAt': 1, 'reportFacts.bookingDays': 1 } })
      .toArray();
    // The latest write among the requests of each day (registration day, and the days their events are on).
    const days = new Map<string, number>();
    const bookingDays = new Map<string, number>();
    const latest = (map: Map<string, number>, day: string, at: number) => map.set(day, Math.max(map.get(day) ?? 0, at));
    const touchedAt = new Map<string, number>();
    for (const request of touched) {
      const facts = request.reportFacts as { touchedAt?: Date; bookingDays?: string[] } | undefined;
      const at = facts?.touchedAt?.getTime() ?? Date.now();
      touchedAt.set(String(request._id), at);
      latest(days, localDayOf(request.createdAt as Date, this.options.timeZone), at);
      for (const day of facts?.bookingDays ?? []) latest(bookingDays, day, at);
    }
    const ids = [...touchedAt.keys()];
    for (let start = 0; start < ids.length; start += ID_BATCH) {
      const held = await this.#bookingDays.find({ requestIds: { $in: ids.slice(start, start + ID_BATCH) } }, { projection: { _id: 1, requestIds: 1 } }).toArray();
      for (const summary of held) for (const id of summary.requestIds) if (touchedAt.has(id)) latest(bookingDays, summary._id, touchedAt.get(id)!);
    }
    const toRebuild = async (collection: Collection<DaySummary> | Collection<BookingDaySummary>, wanted: Map<string, number>) => {
      const built = new Map<string, number>();
      const keys = [...wanted.keys()];
      for (let start = 0; start < keys.length; start += ID_BATCH) {
        const found = await (collection as unknown as Collection<{ _id: string; builtFrom: Date }>).find({ _id: { $in: keys.slice(start, start + ID_BATCH) } }, { projection: { _id: 1, builtFrom: 1 } }).toArray();
        for (const summary of found) built.set(summary._id, summary.builtFrom.getTime());
      }
      // A summary read after a write (less the time a write may take to be seen) already counts it.
      return keys.filter((day) => !built.has(day) || wanted.get(day)! > built.get(day)! - SETTLE_MS).sort();
    };
    const rebuildDays = await toRebuild(this.#days, days);
    const rebuildBookingDays = await toRebuild(this.#bookingDays, bookingDays);
    for (const day of rebuildDays) await this.#rebuildDay(day);
    for (const day of rebuildBookingDays) await this.#rebuildBookingDay(day);
    await this.#state.updateOne(
      { _id: STATE_ID },
      { $max: { through: started }, $set: { factsVersion: FACTS_VERSION, settingsKey: this.options.settingsKey } },
      { upsert: true },
    );
    return { days: rebuildDays.length, bookingDays: rebuildBookingDays.length };
  }

  /**
   * Gives every request the facts of this version and these settings (requests stored before the
   * reports existed, or counted under another calendar), and drops the summaries: the refresh that
   * follows rebuilds every day. Each write is conditional on the request's version, so a change
   * made meanwhile (which writes its own facts) is never overwritten.
   */
  async #recomputeFacts(): Promise<void> {
    this.options.log?.('reports: computing the facts of every stored request (new version or calendar settings)');
    await this.#days.deleteMany({});
    await this.#bookingDays.deleteMany({});
    const cursor = this.#requests.find({}, { projection: { searchWords: 0, requesterKeys: 0 } }).batchSize(BACKFILL_BATCH);
    let batch: Array<{ updateOne: { filter: Document; update: Document } }> = [];
    const flush = async () => {
      if (batch.length) await this.#requests.bulkWrite(batch, { ordered: false });
      batch = [];
    };
    for await (const document of cursor) {
      const request = { ...document, id: String(document._id), history: document.history ?? [] } as unknown as ServiceRequest;
      try {
        const facts = this.options.facts(request, new Date());
        batch.push({ updateOne: { filter: { _id: document._id, version: document.version }, update: { $set: { reportFacts: facts } } } });
      } catch (error) {
        this.options.log?.(`reports: the facts of request ${String(document._id)} could not be computed`, error);
      }
      if (batch.length >= BACKFILL_BATCH) await flush();
    }
    await flush();
  }

  /** Rebuilds the summary of the requests registered on `day`. */
  async #rebuildDay(day: string): Promise<void> {
    const readAt = new Date();
    const { start, end } = instantsOfDay(day, this.options.timeZone);
    const sumOf = (path: string) => ({ $sum: { $ifNull: [path, 0] } });
    const count = (condition: Document) => ({ $sum: { $cond: [condition, 1, 0] } });
    const totals: Document = {
      _id: null,
      n: { $sum: 1 },
      VC: count({ $eq: ['$service', 'VC'] }),
      TC: count({ $eq: ['$service', 'TC'] }),
      NC: count({ $eq: ['$service', 'NC'] }),
      everNoProcede: count({ $eq: ['$reportFacts.everNoProcede', true] }),
    };
    for (const status of requestStatuses) {
      const code = statusCodes[status];
      totals[`status_${code}`] = count({ $eq: ['$status', status] });
      totals[`stayHours_${code}`] = sumOf(`$reportFacts.stayHours.${code}`);
      totals[`stays_${code}`] = sumOf(`$reportFacts.stays.${code}`);
    }
    for (const key of waitKeys) totals[`waits_${key}`] = sumOf(`$reportFacts.waits.${key}`);
    const rated = { $gte: [{ $ifNull: ['$reportFacts.rating', 0] }, 1] };
    totals.ratings_n = count(rated);
    totals.ratings_sum = sumOf('$reportFacts.rating');
    totals.ratings_high = count({ $gte: [{ $ifNull: ['$reportFacts.rating', 0] }, 4] });
    totals.deliveries_recorded = count({ $ne: [{ $ifNull: ['$reportFacts.delivery', null] }, null] });
    totals.deliveries_notHeld = count({ $eq: ['$reportFacts.delivery', 'not-held'] });
    for (const kind of incidentKinds) totals[`incidents_${kind}`] = sumOf(`$reportFacts.incidents.${kind}`);

    const [result] = await this.#requests
      .aggregate([
        { $match: { createdAt: { $gte: start, $lt: end } } },
        {
          $facet: {
            totals: [{ $group: totals }],
            close: [{ $match: { 'reportFacts.hoursToClose': { $ne: null } } }, { $group: { _id: null, hours: { $push: '$reportFacts.hoursToClose' } } }],
            reasons: [
              { $match: { 'reportFacts.reason': { $ne: null } } },
              { $group: { _id: '$reportFacts.reason.key', text: { $first: '$reportFacts.reason.text' }, timeout: { $first: '$reportFacts.reason.timeout' }, n: { $sum: 1 } } },
            ],
            asv: [
              {
                $group: {
                  _id: '$assignee.id',
                  name: { $last: '$assignee.name' },
                  open: count({ $in: ['$status', [...openStatuses]] }),
                  finished: count({ $eq: ['$status', 'Terminada'] }),
                  notViable: count({ $in: ['$status', ['No Procede', 'Cancelada']] }),
                },
              },
            ],
          },
        },
      ])
      .toArray();
    const sums = (result?.totals?.[0] ?? {}) as Record<string, number>;
    const pick = (prefix: string) => Object.fromEntries(statusKeys.map((code) => [code, sums[`${prefix}_${code}`] ?? 0])) as Record<StatusCode, number>;
    const summary: Omit<DaySummary, '_id'> = {
      builtFrom: readAt,
      n: sums.n ?? 0,
      service: { VC: sums.VC ?? 0, TC: sums.TC ?? 0, NC: sums.NC ?? 0, none: (sums.n ?? 0) - (sums.VC ?? 0) - (sums.TC ?? 0) - (sums.NC ?? 0) },
      status: pick('status'),
      everNoProcede: sums.everNoProcede ?? 0,
      stayHours: pick('stayHours'),
      stays: pick('stays'),
      waits: Object.fromEntries(waitKeys.map((key) => [key, sums[`waits_${key}`] ?? 0])) as unknown as WaitFacts,
      closeHours: ((result?.close?.[0]?.hours ?? []) as number[]).filter((hours) => typeof hours === 'number').sort((a, b) => a - b),
      reasons: ((result?.reasons ?? []) as Array<{ _id: string; text: string; timeout: boolean; n: number }>).map(({ _id, text, timeout, n }) => ({ key: _id, text, timeout: Boolean(timeout), n })),
      asv: ((result?.asv ?? []) as Array<{ _id: string | null; name: string; open: number; finished: number; notViable: number }>).map(({ _id, name, open, finished, notViable }) => ({
        id: _id ?? '',
        name: name ?? '',
        open,
        finished,
        notViable,
      })),
      ratings: { n: sums.ratings_n ?? 0, sum: sums.ratings_sum ?? 0, high: sums.ratings_high ?? 0 },
      deliveries: { recorded: sums.deliveries_recorded ?? 0, notHeld: sums.deliveries_notHeld ?? 0 },
      incidents: incidentsOf(sums),
    };
    await this.#store(this.#days, day, readAt, summary);
  }

  /** Rebuilds the summary of the events held on `day`. */
  async #rebuildBookingDay(day: string): Promise<void> {
    const readAt = new Date();
    const [result] = await this.#requests
      .aggregate([
        { $match: { 'reportFacts.bookingDays': day } },
        {
          $facet: {
            ids: [{ $group: { _id: null, ids: { $push: '$_id' } } }],
            resources: [
              { $project: { booking: '$reportFacts.booking' } },
              { $unwind: '$booking.parts' },
              { $match: { 'booking.parts.day': day } },
              { $unwind: '$booking.resourceIds' },
              { $group: { _id: '$booking.resourceIds', n: { $sum: '$booking.parts.starts' }, hours: { $sum: '$booking.parts.hours' } } },
            ],
          },
        },
      ])
      .toArray();
    const summary: Omit<BookingDaySummary, '_id'> = {
      builtFrom: readAt,
      requestIds: ((result?.ids?.[0]?.ids ?? []) as unknown[]).map(String),
      resources: ((result?.resources ?? []) as Array<{ _id: string; n: number; hours: number }>).map(({ _id, n, hours }) => ({ id: _id, n, hours })),
    };
    await this.#store(this.#bookingDays, day, readAt, summary);
  }

  /** Stores a summary unless a newer reading of the same day is already stored. */
  async #store<T extends { _id: string; builtFrom: Date }>(collection: Collection<T>, day: string, readAt: Date, summary: Omit<T, '_id'>): Promise<void> {
    try {
      await collection.updateOne({ _id: day, builtFrom: { $lt: readAt } } as never, { $set: summary } as never, { upsert: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }

  /**
   * The sums of a period: one aggregation over the day summaries of its days (through their
   * `_id`s) and one over the event-day summaries.
   */
  async sums(period: Pick<ReportPeriod, 'firstDay' | 'lastDay'>): Promise<PeriodSums> {
    const inPeriod = { $match: { _id: { $gte: period.firstDay, $lte: period.lastDay } } };
    const totals: Document = { _id: null, n: { $sum: '$n' }, everNoProcede: { $sum: '$everNoProcede' } };
    for (const service of ['VC', 'TC', 'NC', 'none']) totals[`service_${service}`] = { $sum: `$service.${service}` };
    for (const code of statusKeys) {
      totals[`status_${code}`] = { $sum: `$status.${code}` };
      totals[`stayHours_${code}`] = { $sum: `$stayHours.${code}` };
      totals[`stays_${code}`] = { $sum: `$stays.${code}` };
    }
    for (const key of waitKeys) totals[`waits_${key}`] = { $sum: `$waits.${key}` };
    for (const key of ['n', 'sum', 'high']) totals[`ratings_${key}`] = { $sum: `$ratings.${key}` };
    for (const key of ['recorded', 'notHeld']) totals[`deliveries_${key}`] = { $sum: `$deliveries.${key}` };
    for (const kind of incidentKinds) totals[`incidents_${kind}`] = { $sum: `$incidents.${kind}` };
    const [[result], resources] = await Promise.all([
      this.#days
        .aggregate([
          inPeriod,
          {
            $facet: {
              totals: [{ $group: totals }],
              reasons: [
                { $unwind: '$reasons' },
                { $group: { _id: '$reasons.key', text: { $first: '$reasons.text' }, timeout: { $first: '$reasons.timeout' }, n: { $sum: '$reasons.n' } } },
              ],
              asv: [
                { $unwind: '$asv' },
                { $group: { _id: '$asv.id', name: { $last: '$asv.name' }, open: { $sum: '$asv.open' }, finished: { $sum: '$asv.finished' }, notViable: { $sum: '$asv.notViable' } } },
              ],
              days: [{ $project: { n: 1, closeHours: 1 } }],
            },
          },
        ])
        .toArray(),
      this.#bookingDays
        .aggregate([inPeriod, { $unwind: '$resources' }, { $group: { _id: '$resources.id', n: { $sum: '$resources.n' }, hours: { $sum: '$resources.hours' } } }])
        .toArray(),
    ]);
    const sums = (result?.totals?.[0] ?? {}) as Record<string, number>;
    const pick = (prefix: string) => Object.fromEntries(statusKeys.map((code) => [code, sums[`${prefix}_${code}`] ?? 0])) as Record<StatusCode, number>;
    const days = ((result?.days ?? []) as Array<{ _id: string; n: number; closeHours?: number[] }>).sort((a, b) => a._id.localeCompare(b._id));
    return {
      registered: sums.n ?? 0,
      service: { VC: sums.service_VC ?? 0, TC: sums.service_TC ?? 0, NC: sums.service_NC ?? 0, none: sums.service_none ?? 0 },
      status: pick('status'),
      everNoProcede: sums.everNoProcede ?? 0,
      stayHours: pick('stayHours'),
      stays: pick('stays'),
      waits: Object.fromEntries(waitKeys.map((key) => [key, sums[`waits_${key}`] ?? 0])) as unknown as WaitFacts,
      closeHours: days.map((day) => day.closeHours ?? []).filter((hours) => hours.length > 0),
      reasons: ((result?.reasons ?? []) as Array<{ _id: string; text: string; timeout: boolean; n: number }>).map(({ _id, text, timeout, n }) => ({ key: _id, text, timeout: Boolean(timeout), n })),
      asv: ((result?.asv ?? []) as Array<{ _id: string; name: string; open: number; finished: number; notViable: number }>).map(({ _id, name, open, finished, notViable }) => ({ id: _id, name, open, finished, notViable })),
      daily: days.filter((day) => day.n > 0).map((day) => ({ day: day._id, n: day.n })),
      resources: (resources as Array<{ _id: string; n: number; hours: number }>).map(({ _id, n, hours }) => ({ id: _id, n, hours })),
      ratings: { n: sums.ratings_n ?? 0, sum: sums.ratings_sum ?? 0, high: sums.ratings_high ?? 0 },
      deliveries: { recorded: sums.deliveries_recorded ?? 0, notHeld: sums.deliveries_notHeld ?? 0 },
      incidents: incidentsOf(sums),
    };
  }
}

/** The incidents by kind of a `$group`'s `incidents_<kind>` sums. */
function incidentsOf(sums: Record<string, number>): Record<IncidentKind, number> {
  return Object.fromEntries(incidentKinds.map((kind) => [kind, sums[`incidents_${kind}`] ?? 0])) as Record<IncidentKind, number>;
}
