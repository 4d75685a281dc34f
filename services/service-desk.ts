import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DateTime } from 'luxon';
import type { Connection } from 'mongoose';
import { agendaClock } from './agenda/agenda-clock.js';
import { agendaModels } from './agenda/agenda-documents.js';
import { AgendaService } from './agenda/agenda-service.js';
import type { CalendarDirectory } from './agenda/agenda-types.js';
import { BusinessCalendar } from './calendar/business-calendar.js';
import { ratingWindowOf } from './requests/after-event.js';
import type { AppConfig } from './config/app-config.js';
import { EffectDispatcher } from './effects/effect-dispatcher.js';
import { effectHandlers } from './effects/effect-handlers.js';
import { InstanceHeartbeat, type HeartbeatDocument } from './effects/instance-heartbeat.js';
import { createInboundMail } from './inbound-mail/inbound-mail-setup.js';
import type { InboundMailService } from './inbound-mail/inbound-mail-service.js';
import { JobScheduler, type AfterEventJobData, type WaitJobData } from './jobs/job-scheduler.js';
import { PeriodicSweep } from './jobs/periodic-sweep.js';
import type { Logger } from './logging/logger.js';
import { waitAtMost } from './jobs/wait-at-most.js';
import { teamsNotConfigured, type MailTransport, type TeamsNotifier } from './notifications/notification-ports.js';
import { OutboxMailTransport, outboxModel } from './notifications/outbox-mail-transport.js';
import { RequestService } from './requests/request-service.js';
import { pickAssignee } from './requests/assignment-rule.js';
import { RequestStore } from './requests/request-store.js';
import { reportFactsOfProjection } from './reports/report-facts-setup.js';
import { RoleDirectory, systemActor } from './requests/role-directory.js';
import type { WorkflowContext } from './requests/request-workflow.js';
import { ensureRequestIndexes, requestModels } from './store/request-documents.js';

/** How old an open change must be before the periodic sweep takes it up (the change's own process dispatches it first). */
const sweepGraceMs = 2000;
/** How long stopping waits for each part (a sweep round, the jobs, the effects in flight) before going on without it. */
const stopPartWithinMs = 5000;

/** The transports and seams a caller may replace; the defaults need nothing but the database. */
export interface ServiceDeskOptions {
  config: AppConfig;
  connection: Connection;
  logger: Logger;
  mail?: MailTransport | undefined;
  /** The Teams side of notifications; a factory when it needs the desk itself (to render cards). */
  teams?: TeamsNotifier | ((desk: ServiceDesk) => TeamsNotifier) | undefined;
  /** Microsoft 365 calendars (Graph); absent = the embedded agenda alone. */
  directory?: CalendarDirectory | undefined;
  instanceName?: string | undefined;
  /** Test seam passed to the request service (e.g. to simulate a crash after the write). */
  afterWrite?: ((eventId: string) => Promise<void> | void) | undefined;
  /** Whether effects are dispatched at once after a change (default) or only by the sweep. */
  dispatchImmediately?: boolean | undefined;
  /** The present moment of every decision (test seam: the after-event steps wait for an event's end); the system clock when absent. */
  clock?: (() => Date) | undefined;
}

/** The product's services, built once and shared by every surface. */
export interface ServiceDesk {
  /** The present moment of the desk's decisions (what a card offers now must match what the status machine allows now). */
  now(): Date;
  /** The satisfaction survey's reminder and close for an event that ended at `eventEnd` (business days). */
  ratingWindow(eventEnd: Date): { remindAt: Date; closesAt: Date };
  requests: RequestService;
  roles: RoleDirectory;
  calendar: BusinessCalendar;
  agenda: AgendaService;
  dispatcher: EffectDispatcher;
  scheduler: JobScheduler;
  /** Answers by e-mail: the poller of the service mailbox; undefined when no inbound mailbox is configured. */
  inboundMail: InboundMailService | undefined;
  /** Starts the persisted jobs (timeouts, reminders) and this instance's sweep of open changes (projections, effects, stale holds). */
  start(): Promise<void>;
  /** Stops the jobs and waits for effects in flight (each part at most 5 s: an unreachable database does not hold a shutdown); the database connection stays open. */
  stop(): Promise<void>;
}

/**
 * Builds the request service, the status machine's context (business calendar), the durable
 * effects and the persisted jobs on one database connection.
 */
export async function createServiceDesk(options: ServiceDeskOptions): Promise<ServiceDesk> {
  const { config, connection, logger } = options;
  const models = requestModels(connection);
  const outbox = outboxModel(connection);
  await ensureRequestIndexes(models);
  await outbox.createIndexes();

  const calendar = new BusinessCalendar({
    timeZone: config.calendar.timeZone,
    workingDays: config.calendar.workingDays,
    ...(config.calendar.workingHours ? { workingHours: config.calendar.workingHours } : {}),
    ...(config.calendar.holidayCountry ? { holidayCountry: config.calendar.holidayCountry } : {}),
    closures: config.calendar.closures,
  });
  const roles = new RoleDirectory(config.roles);
  const ratingWindow = ratingWindowOf(calendar, config.calendar.timeZone);
  const clock = options.clock ?? (() => new Date());
  const context = (): WorkflowContext => ({
    now: clock(),
    waitWindow: (start) => ({
      remindAt: calendar.addBusinessHours(start, config.wait.reminderBusinessHours),
      deadline: calendar.addBusinessHours(start, config.wait.businessHours),
    }),
    isAsv: (person) => roles.lists('ASV', person),
    timeZone: config.calendar.timeZone,
    ratingWindow,
  });
  // Every projection write also stores the request's report facts (durations in business hours, see services/reports).
  const store = new RequestStore(models, reportFactsOfProjection(config, calendar, (message, error) => logger.warn(message, error)));
  const instanceName = options.instanceName ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const heartbeat = new InstanceHeartbeat(connection.db!.collection<HeartbeatDocument>('instance_heartbeats'), instanceName);

  let dispatcher: EffectDispatcher | undefined;
  let teams: TeamsNotifier = teamsNotConfigured;
  let agenda: AgendaService | undefined;
  const requests = new RequestService({
    store,
    context,
    timeZone: config.calendar.timeZone,
    folioYear: (at) => DateTime.fromJSDate(at, { zone: config.calendar.timeZone }).year,
    afterWrite: options.afterWrite,
    assigneeForSelfService: (openCount) =>
      pickAssignee(
        config.selfService.assignment,
        config.roles.ASV.map((member) => ({ id: member, name: member, ...(member.includes('@') ? { email: member } : {}) })),
        openCount,
      ),
    catalogue: async () => {
      const resources = (await agenda?.resources()) ?? [];
      const ids = (kind: string) => resources.filter((resource) => resource.kind === kind).map((resource) => resource.id);
      return { rooms: ids('room'), equipment: ids('equipment') };
    },
    onChange: (eventId) => {
      if (options.dispatchImmediately !== false) dispatcher?.dispatchSoon(eventId);
    },
  });

  const onWait = (command: 'wait-timeout' | 'remind') => async (data: WaitJobData) => {
    for (let attempt = 1; ; attempt += 1) {
      const result = await requests.execute(data.requestId, { type: command, waitId: data.waitId }, systemActor, `${command}:${data.requestId}:${data.waitId}`);
      logger.debug(`${command} ${data.requestId}/${data.waitId}: ${result.outcome}`);
      if (result.outcome !== 'changed-meanwhile') return;
      if (attempt >= 10) throw new Error(`${command} of ${data.requestId}: the request kept changing; the job will be retried`);
    }
  };
  // After the event (issue 12 §1): the status machine re-checks the request (Terminada, the same
  // booking, ended, not rated, period open); the command id derives from request and booking, so a
  // job run twice changes the request once. A booking moved later gets its jobs at its new end.
  const onAfterEvent = (command: 'ask-rating' | 'remind-rating') => async (data: AfterEventJobData) => {
    for (let attempt = 1; ; attempt += 1) {
      const result = await requests.execute(data.requestId, { type: command, bookingId: data.bookingId }, systemActor, `${command}:${data.requestId}:${data.bookingId}`);
      logger.debug(`${command} ${data.requestId}/${data.bookingId}: ${result.outcome}${result.outcome === 'rejected' ? ` (${result.rejection.code})` : ''}`);
      if (result.outcome === 'rejected' && result.rejection.code === 'event-not-ended' && command === 'ask-rating') {
        const end = result.rejection.endsAt;
        await scheduler.scheduleAfterEvent(data, end, ratingWindow(end).remindAt);
      }
      if (result.outcome !== 'changed-meanwhile') return;
      if (attempt >= 10) throw new Error(`${command} of ${data.requestId}: the request kept changing; the job will be retried`);
    }
  };
  const scheduler = new JobScheduler(
    connection.db!,
    {
      waitTimeout: onWait('wait-timeout'),
      waitReminder: onWait('remind'),
      afterEvent: onAfterEvent('ask-rating'),
      ratingReminder: onAfterEvent('remind-rating'),
      checkBookingResponses: async ({ bookingId }) => {
        for (const { bookingId: read, date, declinedBy } of (await agenda?.refreshResponses(bookingId)) ?? []) {
          if (declinedBy.length) logger.warn(`booking ${read}${date ? ` (${date})` : ''}: declined by ${declinedBy.join(', ')}`);
        }
      },
    },
    {
      instanceName,
      processEveryMs: config.jobs.processEveryMs,
      log: (message, error) => logger.error(message, error),
    },
  );

  agenda = new AgendaService({
    models: await agendaModels(connection),
    requests,
    clock: agendaClock(config.calendar.timeZone, calendar),
    timeZone: config.calendar.timeZone,
    buffers: config.agenda.buffers,
    alternatives: config.agenda.alternatives,
    directory: options.directory,
    feedToken: config.agenda.icsFeedToken,
    scheduleResponseCheck: (bookingId) => scheduler.scheduleResponseCheck(bookingId),
    log: (message, error) => logger.warn(message, error),
  });
  const bookings = agenda;
  const mail = options.mail ?? new OutboxMailTransport(outbox, (message) => logger.info(message));

  // Answers by e-mail (services/inbound-mail): the reply tokens the information requests carry and
  // the poller of the service mailbox; nothing when no inbound mailbox is configured.
  const inbound = await createInboundMail({
    config,
    db: connection.db!,
    requests,
    commandApplied: async (commandId) => Boolean(await store.eventByCommand(commandId)),
    teams: { postThreadReply: (request, text, topic) => teams.postThreadReply(request, text, topic) },
    mail,
    instanceName,
    logger,
  });

  dispatcher = new EffectDispatcher(
    models,
    store,
    (requestId, version) => requests.atLeast(requestId, version),
    effectHandlers({
      mail,
      teams: {
        postRequestCard: (request) => teams.postRequestCard(request),
        updateRequestCard: (request) => teams.updateRequestCard(request),
        postThreadReply: (request, text, topic, mention) => teams.postThreadReply(request, text, topic, mention),
        notifyPerson: (person, request, audience) => teams.notifyPerson(person, request, audience),
        notifyDau: (request) => teams.notifyDau(request),
        prepareChat: async (person) => (teams.prepareChat ? teams.prepareChat(person) : { channel: 'teams', skipped: true, reference: 'Teams not configured' }),
        localeOf: async (person) => teams.localeOf?.(person),
        directoryEmailOf: async (person) => teams.directoryEmailOf?.(person),
      },
      timers: scheduler,
      bookings: { release: (bookingId) => bookings.release(bookingId), placeOf: (bookingId) => agenda.placeOf(bookingId) },
      roles,
      notices: { waitBusinessHours: config.wait.businessHours, timeZone: config.calendar.timeZone, replyByMail: inbound?.tokens, ratingWindow },
    }),
    {
      maxAttempts: config.effects.maxAttempts,
      retryBaseMs: config.effects.retryBaseMs,
      attemptLeaseMs: 5 * 60 * 1000,
      owner: instanceName,
      isOwnerAlive: (owner) => heartbeat.isAlive(owner),
    },
    (message, error) => logger.warn(message, error),
  );
  const effects = dispatcher;
  const sweep = new PeriodicSweep({
    everyMs: config.effects.sweepEveryMs,
    // At start every open change is taken up at once: a process that died left it, and nothing here is in flight.
    run: async (first) => {
      await effects.sweep(first ? 0 : sweepGraceMs);
      await bookings.releaseStaleHolds();
    },
    log: (message, error) => logger.warn(message, error),
  });

  const desk: ServiceDesk = {
    now: clock,
    ratingWindow,
    requests,
    roles,
    calendar,
    agenda: bookings,
    dispatcher: effects,
    scheduler,
    inboundMail: inbound?.service,
    start: async () => {
      await heartbeat.start();
      await scheduler.start();
      sweep.start();
      inbound?.service.start();
    },
    stop: async () => {
      const parts: [string, () => Promise<unknown>][] = [
        ['the inbound mail poller', async () => inbound?.service.stop()],
        ['the periodic sweep', () => sweep.stop()],
        ['the job scheduler', () => scheduler.stop()],
        ['the effects in flight', () => effects.idle()],
        ['the heartbeat', () => heartbeat.stop()],
      ];
      for (const [part, stopPart] of parts) {
        if (!(await waitAtMost(stopPart(), stopPartWithinMs))) logger.warn(`stopping: ${part} did not finish within ${stopPartWithinMs / 1000} s (is the database reachable?); going on`);
      }
    },
  };
  teams = typeof options.teams === 'function' ? options.teams(desk) : (options.teams ?? teamsNotConfigured);
  return desk;
}
