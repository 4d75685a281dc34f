import { describe, expect, it } from '@jest/globals';
import { BusinessCalendar } from '../../../services/calendar/business-calendar.js';
import { ConfigurationError, loadConfig, type AppConfig } from '../../../services/config/app-config.js';

/** The business calendar exactly as createServiceDesk builds it from the configuration. */
const calendarOf = (config: AppConfig) =>
  new BusinessCalendar({
    timeZone: config.calendar.timeZone,
    workingDays: config.calendar.workingDays,
    ...(config.calendar.workingHours ? { workingHours: config.calendar.workingHours } : {}),
    ...(config.calendar.holidayCountry ? { holidayCountry: config.calendar.holidayCountry } : {}),
    closures: config.calendar.closures,
  });

/** Either refused by loadConfig (naming the variable), or usable by the calendar and the server. */
function refusedOrUsable(variable: string, environment: Record<string, string>) {
  let config: AppConfig;
  try {
    config = loadConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems.some((problem) => problem.startsWith(`${variable}:`))).toBe(true);
    return;
  }
  // Accepted: then the product must be able to start with it.
  expect(() => calendarOf(config)).not.toThrow();
  expect(config.bot.port).toBeLessThanOrEqual(65535);
}

describe('configuration values that would only fail at start-up', () => {
  it('BUSINESS_HOLIDAYS_COUNTRY other than MX/none (the calendar knows only MX)', () => {
    refusedOrUsable('BUSINESS_HOLIDAYS_COUNTRY', { BUSINESS_HOLIDAYS_COUNTRY: 'US' });
  });

  it('BUSINESS_HOURS ending after 24:00 (24:01–24:59)', () => {
    refusedOrUsable('BUSINESS_HOURS', { BUSINESS_HOURS: '09:00-24:30' });
  });

  it('PORT above 65535', () => {
    refusedOrUsable('PORT', { PORT: '70000' });
  });
});
