import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { AppConfig } from '../config/app-config.js';
import type { ServiceRequest } from '../requests/request-types.js';
import { FACTS_VERSION, requestFacts, type FactsRules, type RequestFacts } from './request-facts.js';

/** The rules facts are computed with: the desk's business calendar and the wait its timeouts give. */
export function factsRulesOf(config: Pick<AppConfig, 'calendar' | 'wait'>, calendar: BusinessCalendar): FactsRules {
  return { calendar, timeZone: config.calendar.timeZone, waitBusinessHours: config.wait.businessHours };
}

/**
 * What decides the facts besides a request's history: the calendar settings and the wait. When it
 * changes, every stored fact and summary is computed again (see `ReportRollups`).
 */
export function reportSettingsKey(config: Pick<AppConfig, 'calendar' | 'wait'>): string {
  const { timeZone, workingDays, workingHours, holidayCountry, closures } = config.calendar;
  return JSON.stringify({ v: FACTS_VERSION, timeZone, workingDays, workingHours: workingHours ?? null, holidayCountry: holidayCountry ?? null, closures, wait: config.wait.businessHours });
}

/**
 * The facts stored with a projection: {@link requestFacts}, or — should they fail to compute —
 * facts of version 0 that the next change or recomputation replaces (a report is never worth a
 * status change that fails).
 */
export function projectionFacts(request: ServiceRequest, rules: FactsRules, touchedAt: Date, log?: (message: string, error: unknown) => void): RequestFacts {
  try {
    return requestFacts(request, rules, touchedAt);
  } catch (error) {
    log?.(`reports: the facts of request ${request.id} could not be computed`, error);
    return {
      v: 0,
      touchedAt,
      day: '',
      terminadaAt: null,
      hoursToClose: null,
      noProcedeAt: null,
      cancelledAt: null,
      everNoProcede: false,
      reason: null,
      stayHours: {},
      stays: {},
      waits: { n: 0, onTime: 0, late: 0, timedOut: 0, open: 0 },
      booking: null,
      bookingDays: [],
      rating: null,
      delivery: null,
      incidents: {},
    };
  }
}

/**
 * What the request store writes with every projection (see `RequestStore`): the request's report
 * facts, under `reportFacts`, stamped with the moment of the write.
 */
export function reportFactsOfProjection(config: Pick<AppConfig, 'calendar' | 'wait'>, calendar: BusinessCalendar, log?: (message: string, error: unknown) => void) {
  const rules = factsRulesOf(config, calendar);
  return (request: ServiceRequest): RequestFacts => projectionFacts(request, rules, new Date(), log);
}
