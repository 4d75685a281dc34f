import { createHash } from 'node:crypto';
import { MongoJobRepository } from '@agendajs/mongo-backend';
import { toJobId, type AgendaBackend, type JobParameters, type JobRepositoryOptions, type RemoveJobsOptions } from 'agenda';
import { ObjectId, type Collection, type Db, type Document, type IndexDescription } from 'mongodb';

/** Expired locks read at once (any job name: a few at most, after an instance died). */
const expiredLocksPerRead = 200;
/**
 * Due jobs read at once. Each instance holds at most 50 jobs of a name (agenda's lock limit in
 * job-scheduler.ts), so a read this long always reaches past those held by a few instances.
 */
const dueJobsPerRead = 1_000;
/** Earlier than any lock: the lower bound that makes the expired-lock query a bounded range. */
const beforeAnyLock = new Date(0);

/** Indexes this repository adds to agenda's own (`findAndLockNextJobIndex`: name, nextRunAt, priority, lockedAt, disabled). */
const extraIndexes: IndexDescription[] = [
  // Locks older than the lock lifetime are read as one bounded date range of this index.
  { key: { lockedAt: 1 }, name: 'lockedAt_1' },
  // A wait's jobs are found (and cancelled) by the wait they belong to.
  { key: { 'data.requestId': 1, 'data.waitId': 1 }, name: 'wait_1' },
];

/** A stored job as agenda's MongoDB backend writes it. */
type JobDocument = Document & {
  _id: ObjectId;
  name: string;
  priority?: number | null;
  nextRunAt?: Date | null;
  lockedAt?: Date | null;
  disabled?: boolean | null;
};

/**
 * The id of the one job `name` keyed by `key` (a `.unique()` filter of plain equalities): 12 bytes
 * of a hash of both, so inserting it twice fails on `_id` like any other unique key.
 */
export function uniqueJobId(name: string, key: Record<string, unknown>): ObjectId {
  const canonical = JSON.stringify([name, Object.entries(key).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  return new ObjectId(createHash('sha256').update(canonical).digest().subarray(0, 12));
}

/** Whether `key` is a flat filter of equalities on strings, numbers or booleans (no operators). */
function plainEqualities(key: Record<string, unknown>): boolean {
  const entries = Object.entries(key);
  return entries.length > 0 && entries.every(([field, value]) => !field.startsWith('$') && ['string', 'number', 'boolean'].includes(typeof value));
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000;
}

/** `{ requestId: 'r' }` → `{ 'data.requestId': 'r' }` (nested objects flattened as agenda does). */
function dataFilter(data: Record<string, unknown>, prefix = 'data'): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      Object.assign(filter, dataFilter(value as Record<string, unknown>, `${prefix}.${key}`));
    } else filter[`${prefix}.${key}`] = value;
  }
  return filter;
}

/** The nullable fields agenda's `saveJob` stores as `null` when absent (MongoJobRepository.saveJob, propsWithModifier). */
const nullableFields = [
  'lockedAt',
  'lastFinishedAt',
  'failedAt',
  'failCount',
  'failReason',
  'repeatTimezone',
  'lastRunAt',
  'repeatInterval',
  'repeatAt',
  'disabled',
  'progress',
  'debounceStartedAt',
  'fork',
  'startDate',
  'endDate',
  'skipDays',
] as const;

/**
 * agenda's MongoDB job repository with its hot paths made of indexed reads and writes by `_id`
 * instead of `findOneAndUpdate` over a filter, which SecantusDB answers by reading the whole
 * collection: with agenda's own lock, finding a due job cost time proportional to every job
 * stored (1 000 pending waits: deadline → No Procede 1.5–2.3 s at the median, up to 4.3 s; 10 000:
 * nothing ran — README, Performance).
 *
 * - **Locking the next job** reads candidates with two indexed finds — due jobs of the name
 *   (`name`, `nextRunAt ≤ nextScanAt`: agenda's own index) and locks older than the lock lifetime
 *   (`lockedAt` in a bounded range, its own index) — and takes one with a conditional `updateOne`
 *   on its `_id` and on `lockedAt` and `nextRunAt` as they were read. A single-document
 *   conditional update is atomic on MongoDB (and on SecantusDB): of two instances trying the same
 *   job, one matches and the other moves on to its next candidate. The same jobs in the same
 *   order (nextRunAt, then priority) as agenda's query, the same lock fields. Candidates read by one
 *   call are tried by the next ones of the same queue fill (a fill asks until nothing is found, and
 *   nothing is found only after a fresh read); overdue ones are tried in a shuffled order, so that
 *   instances filling at the same moment do not race for the same job.
 * - **`.unique(key, { insertOnly: true })` of plain equalities** inserts the job under an `_id`
 *   derived from the name and the key: a second insert fails on `_id` (no upsert over a filter).
 * - **Removing jobs by their data** finds them by the data (indexed for a wait's
 *   `{requestId, waitId}`), then deletes them by `_id`.
 *
 * The filters are shaped for SecantusDB 0.7's planner (measured): `null`, `$ne` or `$in` beside an
 * indexed field, or `lockedAt ≤ t` without a lower bound (most jobs have no lock), make it read
 * the whole collection; such conditions are checked in code, or in the update by `_id`.
 * Everything else is agenda's. Correct on any MongoDB: only documented single-document atomicity
 * and the unique `_id` are relied on (test/services/jobs/job-lock-once.test.ts: two instances,
 * each job once).
 */
export class IndexedJobRepository extends MongoJobRepository {
  /** Per job name: jobs read and not tried yet (each is re-checked by the conditional update that locks it). */
  private readonly candidates = new Map<string, JobDocument[]>();

  private get jobs(): Collection<JobDocument> {
    return this.collection as unknown as Collection<JobDocument>;
  }

  override async connect(): Promise<void> {
    await super.connect();
    await this.jobs.createIndexes(extraIndexes);
  }

  override async getNextJobToRun(
    jobName: string,
    nextScanAt: Date,
    lockDeadline: Date,
    now: Date | undefined,
    options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters | undefined> {
    const lockedAt = now ?? new Date();
    const lock = async (job: JobDocument): Promise<JobParameters | undefined> => {
      const taken = await this.jobs.updateOne(
        { _id: job._id, name: jobName, lockedAt: job.lockedAt ?? null, nextRunAt: job.nextRunAt ?? null, disabled: { $ne: true } },
        { $set: { lockedAt, lastModifiedBy: options?.lastModifiedBy ?? null } },
      );
      return taken.matchedCount === 1 ? ((await this.getJobById(job._id.toHexString())) ?? undefined) : undefined;
    };
    // Candidates read by an earlier call and not tried yet, then (when none of them could be taken)
    // a fresh read. So a call that finds nothing has read afresh: a queue fill, which asks until
    // nothing is found, always ends having seen every job due (or expired) by then.
    let candidates = this.candidates.get(jobName) ?? [];
    for (let fresh = false; ; fresh = true) {
      for (let job = candidates.shift(); job; job = candidates.shift()) {
        const locked = await lock(job);
        if (locked) return locked;
      }
      if (fresh) return undefined;
      candidates = await this.readCandidates(jobName, nextScanAt, lockDeadline);
      this.candidates.set(jobName, candidates);
    }
  }

  /**
   * The jobs of `jobName` agenda's query would lock, in its order: first those whose lock outlived
   * the lock lifetime (a job that was running has no next run, which sorts first), then the due
   * ones not held by a live lock (at most {@link dueJobsPerRead}) by nextRunAt, then priority.
   * Those already overdue are equally due: among them (after priority) the order is shuffled, so
   * that instances filling their queues at the same moment try different jobs instead of racing
   * for the same one.
   */
  private async readCandidates(jobName: string, nextScanAt: Date, lockDeadline: Date): Promise<JobDocument[]> {
    const readAt = Date.now();
    const [expired, due] = await Promise.all([
      this.jobs
        .find({ lockedAt: { $gt: beforeAnyLock, $lte: lockDeadline } })
        .limit(expiredLocksPerRead)
        .toArray(),
      this.jobs
        .find({ name: jobName, nextRunAt: { $lte: nextScanAt } })
        .sort({ nextRunAt: 1, priority: -1 })
        .limit(dueJobsPerRead)
        .toArray(),
    ]);
    const taken = expired.filter((job) => job.name === jobName && job.disabled !== true);
    const seen = new Set(taken.map((job) => job._id.toHexString()));
    const free = due.filter((job) => job.disabled !== true && !(job.lockedAt && job.lockedAt > lockDeadline) && !seen.has(job._id.toHexString()));
    const shuffle = new Map(free.map((job) => [job, Math.random()]));
    const when = (job: JobDocument) => Math.max(readAt, job.nextRunAt?.getTime() ?? readAt);
    free.sort((a, b) => when(a) - when(b) || (b.priority ?? 0) - (a.priority ?? 0) || shuffle.get(a)! - shuffle.get(b)!);
    return [...taken, ...free];
  }

  override async saveJob<DATA = unknown>(job: JobParameters<DATA>, options: JobRepositoryOptions | undefined): Promise<JobParameters<DATA>> {
    const { _id, unique, uniqueOpts, ...props } = job;
    if (_id || !unique || !uniqueOpts?.insertOnly || uniqueOpts.debounce || props.type === 'single' || !plainEqualities(unique)) {
      return super.saveJob(job, options);
    }
    const id = uniqueJobId(props.name, unique);
    const stored: Record<string, unknown> = { ...props, lastModifiedBy: options?.lastModifiedBy ?? null };
    for (const field of nullableFields) stored[field] = props[field] ?? null;
    try {
      await this.jobs.insertOne({ ...stored, _id: id } as JobDocument);
      return { ...job, _id: toJobId(id.toHexString()) };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return ((await this.getJobById(id.toHexString())) as JobParameters<DATA> | null) ?? job;
    }
  }

  override async removeJobs(options: RemoveJobsOptions): Promise<number> {
    const data = options.data;
    if (options.id || options.ids?.length || data === null || typeof data !== 'object' || Array.isArray(data)) return super.removeJobs(options);
    const names = typeof options.name === 'string' ? [options.name] : options.names?.length ? options.names : undefined;
    const matching = await this.jobs.find(dataFilter(data as Record<string, unknown>), { projection: { _id: 1, name: 1 } }).toArray();
    const ids = matching.filter((job) => (names ? names.includes(job.name) : !options.notNames?.includes(job.name))).map((job) => job._id);
    if (!ids.length) return 0;
    return (await this.jobs.deleteMany({ _id: { $in: ids } })).deletedCount;
  }

  /**
   * Removes one-off jobs of `names` that ran to the end (kept by a version that did not remove
   * them): not locked, nothing to run, finished, never failed. Reads the collection once.
   */
  async removeFinished(names: readonly string[]): Promise<number> {
    const finished = { name: { $in: [...names] }, nextRunAt: null, lockedAt: null, lastFinishedAt: { $ne: null }, failedAt: null };
    return (await this.jobs.deleteMany(finished)).deletedCount;
  }
}

/** An agenda backend on `db`'s `collection` with the {@link IndexedJobRepository}. */
export function indexedMongoBackend(db: Db, collection: string): AgendaBackend & { readonly repository: IndexedJobRepository } {
  const repository = new IndexedJobRepository({ mongo: db, db: { collection } });
  return {
    name: 'MongoDB (indexed locks)',
    repository,
    ownsConnection: false,
    connect: () => repository.connect(),
    disconnect: () => repository.disconnect(),
  };
}
