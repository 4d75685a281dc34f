import { DateTime } from 'luxon';
import type { Resource } from '../../services/agenda/agenda-types.js';
import { BusinessCalendar } from '../../services/calendar/business-calendar.js';
import type { AppConfig } from '../../services/config/app-config.js';
import { createLogger } from '../../services/logging/logger.js';
import { DocumentDesk } from '../../services/records/document-desk.js';
import { reportFactsOfProjection } from '../../services/reports/report-facts-setup.js';
import { ratingWindowOf } from '../../services/requests/after-event.js';
import { RequestService } from '../../services/requests/request-service.js';
import { RequestStore } from '../../services/requests/request-store.js';
import type { Actor, BookingReference, Person, ServiceRequest } from '../../services/requests/request-types.js';
import { RoleDirectory } from '../../services/requests/role-directory.js';
import { ensureRequestIndexes, requestModels } from '../../services/store/request-documents.js';
import { seedCatalogue } from './agenda-fixture.js';
import { people, testConfig } from './service-desk-fixture.js';
import { openTestDatabase } from './test-database.js';

/** A link's query as the HTTP edge reads it (each name with every value given). */
export function linkQuery(url: string): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [name, value] of new URL(url).searchParams) (query[name] ??= []).push(value);
  return query;
}

/** The seed catalogue as resources (names and kinds for the reports and records). */
export function seedResources(): Resource[] {
  return (seedCatalogue() as { resources: Array<Omit<Resource, 'active'>> }).resources.map((resource) => ({ ...resource, active: true }));
}

/** The business calendar of a configuration, as the service desk builds it. */
export function calendarOf(config: AppConfig): BusinessCalendar {
  return new BusinessCalendar({
    timeZone: config.calendar.timeZone,
    workingDays: config.calendar.workingDays,
    ...(config.calendar.workingHours ? { workingHours: config.calendar.workingHours } : {}),
    ...(config.calendar.holidayCountry ? { holidayCountry: config.calendar.holidayCountry } : {}),
    closures: config.calendar.closures,
  });
}

/**
 * The request service on a fresh database as the service desk wires it (the store writes each
 * projection with its report facts), with its clock in the test's hands: every change happens at
 * the moment the test sets, so histories can fall on weekends, rest days and deadlines. No jobs
 * and no effects run; the document desk (reports, records, links) is built on the same database.
 */
export async function openClockedDesk(testFile: string, overrides: Record<string, string> = {}) {
  const database = await openTestDatabase(testFile, 'clocked');
  const config = testConfig({ PUBLIC_BASE_URL: 'https://desk.example.edu', ...overrides });
  const calendar = calendarOf(config);
  const roles = new RoleDirectory(config.roles);
  const models = requestModels(database.connection);
  await ensureRequestIndexes(models);
  let now = new Date();
  const store = new RequestStore(models, reportFactsOfProjection(config, calendar));
  const requests = new RequestService({
    store,
    context: () => ({
      now,
      waitWindow: (start) => ({
        remindAt: calendar.addBusinessHours(start, config.wait.reminderBusinessHours),
        deadline: calendar.addBusinessHours(start, config.wait.businessHours),
      }),
      isAsv: (person) => roles.lists('ASV', person),
      timeZone: config.calendar.timeZone,
      ratingWindow: ratingWindowOf(calendar, config.calendar.timeZone),
    }),
    folioYear: (at) => DateTime.fromJSDate(at, { zone: config.calendar.timeZone }).year,
    timeZone: config.calendar.timeZone,
  });
  let linkNow: Date | undefined;
  const documents = await DocumentDesk.create({
    db: database.connection.db!,
    config,
    requests,
    roles,
    calendar,
    agenda: { resources: async () => seedResources() },
    logger: createLogger('silent'),
    now: () => linkNow ?? new Date(),
  });
  let counter = 0;
  const actor = (person: Person): Actor => roles.actorFor(person);
  /** Runs one command at `at` (ISO text with its offset) and returns the request as it then is. */
  const step = async (at: string, run: () => Promise<{ outcome: string; request?: ServiceRequest | null }>): Promise<ServiceRequest> => {
    now = new Date(at);
    const result = await run();
    if (result.outcome !== 'applied' || !result.request) throw new Error(`step at ${at}: ${result.outcome} ${JSON.stringify(result)}`);
    return result.request;
  };
  const id = (label: string) => `${label}-${(counter += 1)}`;
  return {
    config,
    calendar,
    roles,
    requests,
    documents,
    database,
    db: database.connection.db!,
    actor,
    step,
    /** Sets the moment the document links are signed and checked at (the system clock when cleared). */
    setLinkClock: (at: Date | undefined) => {
      linkNow = at;
    },
    register: (at: string, input: { service: 'VC' | 'TC' | 'NC' | null; assignee?: Person; siglas?: string; dependencia?: string; requester?: Person; description?: string }) =>
      step(at, () =>
        requests.register(
          {
            requester: input.requester ?? people.requester,
            dependencia: { name: input.dependencia ?? 'Facultad de Ingeniería', siglas: input.siglas ?? 'FI' },
            description: input.description ?? 'Videoconferencia con sedes foráneas',
            service: input.service,
            assignee: input.assignee ?? people.asv,
          },
          actor(people.hd),
          id('register'),
        ),
      ),
    command: (at: string, request: ServiceRequest, command: Parameters<RequestService['execute']>[1], by: Person = people.asv) =>
      step(at, () => requests.execute(request.id, command, actor(by), id(command.type))),
    saveForm: (at: string, request: ServiceRequest, data: Record<string, unknown>) =>
      step(at, () => requests.saveForm(request.id, 'VC', data, actor(people.asv), id('form'), { locale: 'es' })),
    book: (at: string, request: ServiceRequest, booking: Omit<BookingReference, 'bookingId' | 'title'> & { title?: string }) =>
      step(at, () =>
        requests.recordBooking(request.id, { bookingId: id('booking'), title: booking.title ?? `FI – ${request.folio}`, service: 'VC', ...booking }, actor(people.asv), id('record-booking')),
      ),
    close: async () => {
      await database.drop();
    },
  };
}
