import { Agenda, backoffStrategies, type Job } from 'agenda';
import type { Db } from 'mongodb';
import { z } from 'zod';
import type { DeliveryReceipt } from '../effects/effect-dispatcher.js';
import { indexedMongoBackend } from './indexed-job-repository.js';

/** The persisted jobs of the product. Job data carries ids only. */
export const jobNames = {
  waitTimeout: 'wait-timeout',
  waitReminder: 'wait-reminder',
  bookingResponses: 'booking-responses',
  afterEvent: 'after-event',
  ratingReminder: 'rating-reminder',
} as const;

/** The recurring job that swept effects before each instance swept for itself ({@link PeriodicSweep}); removed at start. */
const retiredSweepJob = 'effects-sweep';

/** The jobs collection (agenda's default name). */
export const jobsCollection = 'agendaJobs';

/**
 * A job whose handler throws (the database unreachable, the request changing under it) runs again
 * after 2 s, 4 s, … (at most 5 min apart), ten times at most; then it stays, failed, for the record.
 */
const retry = backoffStrategies.exponential({ delay: 2_000, maxDelay: 300_000, maxRetries: 10 });

/** Data of the booking-answers job. */
export const bookingJobData = z.object({ bookingId: z.string().min(1) });

/** Data of the wait jobs, checked on the way out of the database like any untrusted input. */
export const waitJobData = z.object({ requestId: z.string().min(1), waitId: z.string().min(1) });
export type WaitJobData = z.infer<typeof waitJobData>;

/** Data of the after-event jobs (the survey at the event's end, its reminder): the request and its booking. */
export const afterEventJobData = z.object({ requestId: z.string().min(1).max(64), bookingId: z.string().min(1).max(254) });
export type AfterEventJobData = z.infer<typeof afterEventJobData>;

/** What the jobs do; each handler re-reads state and is safe to run twice. */
export interface JobHandlers {
  waitTimeout(data: WaitJobData): Promise<void>;
  waitReminder(data: WaitJobData): Promise<void>;
  checkBookingResponses(data: z.infer<typeof bookingJobData>): Promise<void>;
  /** The booked event has ended: ask for the rating (and offer the delivery record). Re-checks the request; safe twice. */
  afterEvent(data: AfterEventJobData): Promise<void>;
  /** Remind the requester of the survey, once, when they have not rated. Re-checks the request; safe twice. */
  ratingReminder(data: AfterEventJobData): Promise<void>;
}

/** Scheduling of the after-event jobs of a booked event. */
export interface AfterEventTimers {
  scheduleAfterEvent(data: AfterEventJobData, end: Date, remindAt: Date): Promise<DeliveryReceipt>;
}

/** Scheduling of the requester's wait: the reminder and the deadline. */
export interface WaitTimers {
  schedule(data: WaitJobData, remindAt: Date, deadline: Date): Promise<DeliveryReceipt>;
  cancel(data: WaitJobData): Promise<DeliveryReceipt>;
}

/** Settings of the job scheduler. */
export interface JobSchedulerOptions {
  /** Name of this instance (shows in the job locks). */
  instanceName: string;
  processEveryMs: number;
  log?: (message: string, error?: unknown) => void;
}

/**
 * The persisted job scheduler (agenda 6, same database): timeouts and reminders survive restarts
 * and run once whichever instance picks them up. The jobs collection holds only what is still to
 * run: a finished job is removed, a wait's jobs are cancelled when it is answered, and one wait
 * has exactly one reminder and one timeout job (their ids derive from the wait). Its backend is
 * agenda's MongoDB one with indexed look-ups (`IndexedJobRepository`), so finding and locking a
 * due job costs the same with ten jobs stored or twenty thousand.
 */
export class JobScheduler implements WaitTimers, AfterEventTimers {
  private agenda: Agenda | undefined;

  constructor(
    private readonly db: Db,
    private readonly handlers: JobHandlers,
    private readonly options: JobSchedulerOptions,
  ) {}

  /** Connects agenda to the (already reachable) database, defines the jobs and starts polling. */
  async start(): Promise<void> {
    if (this.agenda) return;
    const backend = indexedMongoBackend(this.db, jobsCollection);
    const agenda = new Agenda({
      backend,
      name: this.options.instanceName,
      processEvery: this.options.processEveryMs,
      defaultConcurrency: 20,
      maxConcurrency: 50,
      defaultLockLifetime: 60 * 1000,
      // Jobs of one name an instance holds at once (running or locked ahead of their time): what the others step over.
      defaultLockLimit: 50,
      // One-off jobs only: once run, a job is of no further use, and every job stored is read by the lock's look-ups.
      removeOnComplete: true,
    });
    // Recorded at once, so stop() can end its polling even when start fails midway.
    this.agenda = agenda;
    agenda.on('error', (error) => this.options.log?.('job scheduler error', error));
    agenda.on('retry exhausted', (error: Error, job: Job<unknown>) =>
      this.options.log?.(`job ${job.attrs.name} failed for good; it stays in ${jobsCollection}`, error),
    );
    const waitHandler = (run: (data: WaitJobData) => Promise<void>) => async (job: Job<unknown>) => {
      const parsed = waitJobData.safeParse(job.attrs.data);
      if (!parsed.success) {
        this.options.log?.(`job ${job.attrs.name} has bad data; dropped`, parsed.error);
        return;
      }
      await run(parsed.data);
    };
    agenda.define(
      jobNames.waitTimeout,
      waitHandler((data) => this.handlers.waitTimeout(data)),
      { backoff: retry },
    );
    agenda.define(
      jobNames.waitReminder,
      waitHandler((data) => this.handlers.waitReminder(data)),
      { backoff: retry },
    );
    agenda.define(
      jobNames.bookingResponses,
      async (job: Job<unknown>) => {
        const parsed = bookingJobData.safeParse(job.attrs.data);
        if (parsed.success) await this.handlers.checkBookingResponses(parsed.data);
        else this.options.log?.(`job ${job.attrs.name} has bad data; dropped`, parsed.error);
      },
      { backoff: retry },
    );
    const afterEventHandler = (run: (data: AfterEventJobData) => Promise<void>) => async (job: Job<unknown>) => {
      const parsed = afterEventJobData.safeParse(job.attrs.data);
      if (parsed.success) await run(parsed.data);
      else this.options.log?.(`job ${job.attrs.name} has bad data; dropped`, parsed.error);
    };
    agenda.define(jobNames.afterEvent, afterEventHandler((data) => this.handlers.afterEvent(data)), { backoff: retry });
    agenda.define(jobNames.ratingReminder, afterEventHandler((data) => this.handlers.ratingReminder(data)), { backoff: retry });
    try {
      await agenda.ready;
      await agenda.cancel({ name: retiredSweepJob });
      // Finished jobs kept by versions that did not remove them.
      await backend.repository.removeFinished(Object.values(jobNames));
      await agenda.start();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops polling and waits for running jobs; the jobs stay in the database. */
  async stop(): Promise<void> {
    const agenda = this.agenda;
    this.agenda = undefined;
    await agenda?.stop(false);
  }

  /**
   * Stores the wait's reminder and timeout, each once: a second call for the same wait (an effect
   * retried after its jobs were stored) leaves them as they are.
   */
  async schedule(data: WaitJobData, remindAt: Date, deadline: Date): Promise<DeliveryReceipt> {
    const agenda = this.started();
    const key = { 'data.requestId': data.requestId, 'data.waitId': data.waitId };
    await agenda.create(jobNames.waitReminder, data).unique(key, { insertOnly: true }).schedule(remindAt).save();
    await agenda.create(jobNames.waitTimeout, data).unique(key, { insertOnly: true }).schedule(deadline).save();
    return { channel: 'jobs', reference: `${jobNames.waitTimeout}@${deadline.toISOString()}` };
  }

  /**
   * Stores the after-event jobs of a booked event, each once under a key derived from the request,
   * the booking and the moment (an effect retried after they were stored leaves them as they are;
   * a booking moved later gets jobs of its own, and the old ones find the event not ended).
   */
  async scheduleAfterEvent(data: AfterEventJobData, end: Date, remindAt: Date): Promise<DeliveryReceipt> {
    const agenda = this.started();
    // Plain equalities, so the job's `_id` is derived from them (IndexedJobRepository): a second save fails on it.
    const key = (at: Date) => ({ 'data.requestId': data.requestId, 'data.bookingId': data.bookingId, due: at.toISOString() });
    await agenda.create(jobNames.afterEvent, data).unique(key(end), { insertOnly: true }).schedule(end).save();
    await agenda.create(jobNames.ratingReminder, data).unique(key(remindAt), { insertOnly: true }).schedule(remindAt).save();
    return { channel: 'jobs', reference: `${jobNames.afterEvent}@${end.toISOString()}` };
  }

  /** Looks at the Microsoft 365 answers to a booking's event after 5 and after 60 minutes. */
  async scheduleResponseCheck(bookingId: string): Promise<void> {
    const agenda = this.started();
    for (const minutes of [5, 60]) {
      await agenda.schedule(new Date(Date.now() + minutes * 60_000), jobNames.bookingResponses, { bookingId });
    }
  }

  /** Removes the wait's reminder and timeout (found by the wait, through an index). */
  async cancel(data: WaitJobData): Promise<DeliveryReceipt> {
    const removed = await this.started().cancel({
      names: [jobNames.waitReminder, jobNames.waitTimeout],
      data: { requestId: data.requestId, waitId: data.waitId },
    });
    return { channel: 'jobs', reference: `cancelled ${removed}` };
  }

  /** The agenda instance, for tests and the benchmark. */
  get instance(): Agenda | undefined {
    return this.agenda;
  }

  private started(): Agenda {
    if (!this.agenda) throw new Error('JobScheduler: not started; call start() first');
    return this.agenda;
  }
}
