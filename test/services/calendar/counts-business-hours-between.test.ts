import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { BusinessCalendar, defaultBusinessCalendarSettings } from '../../../services/calendar/business-calendar.js';

const mexico = new BusinessCalendar(defaultBusinessCalendarSettings);
const office = new BusinessCalendar({ ...defaultBusinessCalendarSettings, workingHours: { start: '09:00', end: '18:00' } });
const newYork = new BusinessCalendar({ timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5], closures: [] });

const between = (calendar: BusinessCalendar, from: string, to: string) => calendar.businessHoursBetween(new Date(from), new Date(to));

describe('business hours between two instants (the durations of the reports)', () => {
  it('counts whole working days moment to moment in Mexico City (no daylight saving)', () => {
    expect(between(mexico, '2026-03-03T10:30:00-06:00', '2026-03-05T10:30:00-06:00')).toBe(48);
    expect(between(mexico, '2026-03-03T10:30:00-06:00', '2026-03-03T12:00:00-06:00')).toBe(1.5);
  });

  it('skips the weekend and the statutory rest day (third Monday of March)', () => {
    // Friday 10:30 → Tuesday 10:30 is 48 h; Friday 13 → Wednesday 18 skips Sat, Sun and Monday 16 March 2026.
    expect(between(mexico, '2026-03-06T10:30:00-06:00', '2026-03-10T10:30:00-06:00')).toBe(48);
    expect(between(mexico, '2026-03-13T12:00:00-06:00', '2026-03-18T12:00:00-06:00')).toBe(12 + 24 + 12);
  });

  it('is zero inside a weekend and for an end not after the start', () => {
    expect(between(mexico, '2026-03-07T09:00:00-06:00', '2026-03-08T20:00:00-06:00')).toBe(0);
    expect(between(mexico, '2026-03-05T10:00:00-06:00', '2026-03-05T10:00:00-06:00')).toBe(0);
    expect(between(mexico, '2026-03-05T10:00:00-06:00', '2026-03-04T10:00:00-06:00')).toBe(0);
  });

  it('counts only office hours when they are set', () => {
    expect(between(office, '2026-03-05T17:00:00-06:00', '2026-03-06T10:00:00-06:00')).toBe(2);
    expect(between(office, '2026-03-06T17:00:00-06:00', '2026-03-09T10:00:00-06:00')).toBe(2);
  });

  it('counts the real length of a day with a daylight-saving change', () => {
    // Sunday 8 March 2026 is the change in New York; with Sundays worked it would be 23 h. Monday 9 is a normal day.
    const sundays = new BusinessCalendar({ timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5, 6, 7], closures: [] });
    expect(between(sundays, '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00')).toBe(23);
    expect(between(newYork, '2026-03-06T12:00:00-05:00', '2026-03-09T12:00:00-04:00')).toBe(24);
  });

  it('crosses the year boundary', () => {
    // 31 Dec 2026 (Thu) 12:00 → 4 Jan 2027 (Mon) 12:00: 12 h of Thursday, 1 Jan is a rest day, the weekend, 12 h of Monday.
    expect(between(mexico, '2026-12-31T12:00:00-06:00', '2027-01-04T12:00:00-06:00')).toBe(24);
  });

  it('is the inverse of adding business hours, to the millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }), fc.integer({ min: 0, max: 2_000 * 60 }), (startMs, minutes) => {
        for (const calendar of [mexico, office, newYork]) {
          const start = new Date(startMs);
          const hours = minutes / 60;
          const end = calendar.addBusinessHours(start, hours);
          expect(Math.abs(calendar.businessHoursBetween(start, end) - hours)).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 300 },
    );
  });
});
