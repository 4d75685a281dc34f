import { Agenda, type Job } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Db } from 'mongodb';
import { z } from 'zod';
import type { DeliveryReceipt } from '../effects/effect-dispatcher.js';

/** The persisted jobs of the product. Job data carries ids only. */
export const jobNames = {
  waitTimeout: 'wait-timeout',
  waitReminder: 'wait-reminder',
  bookingResponses: 'booking-responses',
} as const;

/** The recurring job that swept effects before each instance swept for itself ({@link PeriodicSweep}); removed at start. */
const retiredSweepJob = 'effects-sweep';

/** Data of the booking-answers job. */
export const bookingJobData = z.object({ bookingId: z.string().min(1) });

/** Data of the wait jobs, checked on the way out of the database like any untrusted input. */
export const waitJobData = z.object({ requestId: z.string().min(1), waitId: z.string().min(1) });
export type WaitJobData = z.infer<typeof waitJobData>;

/** What the jobs do; each handler re-reads state and is safe to run twice. */
export interface JobHandlers {
  waitTimeout(data: WaitJobData): Promise<void>;
  waitReminder(data: WaitJobData): Promise<void>;
  checkBookingResponses(data: z.infer<typeof bookingJobData>): Promise<void>;
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
 * The persisted job scheduler (agenda 6, MongoDB backend, same database): timeouts and
 * reminders survive restarts and run once whichever instance picks them up.
 */
export class JobScheduler implements WaitTimers {
  private agenda: Agenda | undefined;

  constructor(
    private readonly db: Db,
    private readonly handlers: JobHandlers,
    private readonly options: JobSchedulerOptions,
  ) {}

  /** Connects agenda to the (already reachable) database, defines the jobs and starts polling. */
  async start(): Promise<void> {
    if (this.agenda) return;
    const agenda = new Agenda({
      backend: new MongoBackend({ mongo: this.db, collection: 'agendaJobs' }),
      name: this.options.instanceName,
      processEvery: this.options.processEveryMs,
      defaultConcurrency: 20,
      maxConcurrency: 50,
      defaultLockLifetime: 60 * 1000,
    });
    // Recorded at once, so stop() can end its polling even when start fails midway.
    this.agenda = agenda;
    agenda.on('error', (error) => this.options.log?.('job scheduler error', error));
    const waitHandler = (run: (data: WaitJobData) => Promise<void>) => async (job: Job<unknown>) => {
      const parsed = waitJobData.safeParse(job.attrs.data);
      if (!parsed.success) {
        this.options.log?.(`job ${job.attrs.name} has bad data; dropped`, parsed.error);
        return;
      }
      await run(parsed.data);
    };
    agenda.define(jobNames.waitTimeout, waitHandler((data) => this.handlers.waitTimeout(data)));
    agenda.define(jobNames.waitReminder, waitHandler((data) => this.handlers.waitReminder(data)));
    agenda.define(jobNames.bookingResponses, async (job: Job<unknown>) => {
      const parsed = bookingJobData.safeParse(job.attrs.data);
      if (parsed.success) await this.handlers.checkBookingResponses(parsed.data);
      else this.options.log?.(`job ${job.attrs.name} has bad data; dropped`, parsed.error);
    });
    try {
      await agenda.ready;
      await agenda.start();
      await agenda.cancel({ name: retiredSweepJob });
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

  async schedule(data: WaitJobData, remindAt: Date, deadline: Date): Promise<DeliveryReceipt> {
    const agenda = this.started();
    const key = { 'data.requestId': data.requestId, 'data.waitId': data.waitId };
    await agenda.create(jobNames.waitReminder, data).unique(key).schedule(remindAt).save();
    await agenda.create(jobNames.waitTimeout, data).unique(key).schedule(deadline).save();
    return { channel: 'jobs', reference: `${jobNames.waitTimeout}@${deadline.toISOString()}` };
  }

  /** Looks at the Microsoft 365 answers to a booking's event after 5 and after 60 minutes. */
  async scheduleResponseCheck(bookingId: string): Promise<void> {
    const agenda = this.started();
    for (const minutes of [5, 60]) {
      await agenda.schedule(new Date(Date.now() + minutes * 60_000), jobNames.bookingResponses, { bookingId });
    }
  }

  async cancel(data: WaitJobData): Promise<DeliveryReceipt> {
    const removed = await this.started().cancel({ names: [jobNames.waitReminder, jobNames.waitTimeout], data });
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
