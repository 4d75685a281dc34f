import { describe, expect, it } from '@jest/globals';
import { BusinessCalendar, defaultBusinessCalendarSettings } from '../../../services/calendar/business-calendar.js';
import { isoInMexicoCity } from './zoned-iso.js';

const calendar = new BusinessCalendar(defaultBusinessCalendarSettings);
const deadline = (start: string, hours = 48): string => isoInMexicoCity(calendar.addBusinessHours(new Date(start), hours));

describe('48 business hours, default reading (whole working days, Mexico City)', () => {
  it('from Tuesday 10:30 ends Thursday 10:30', () => {
    expect(deadline('2026-03-03T10:30:00-06:00')).toBe('2026-03-05T10:30:00-06:00');
  });

  it('from Friday 10:30 skips the weekend and ends Tuesday 10:30', () => {
    expect(deadline('2026-03-06T10:30:00-06:00')).toBe('2026-03-10T10:30:00-06:00');
  });

  it('from Thursday 10:30 ends Monday 10:30', () => {
    expect(deadline('2026-03-05T10:30:00-06:00')).toBe('2026-03-09T10:30:00-06:00');
  });

  it('gives the reminder at half the period', () => {
    expect(deadline('2026-03-06T10:30:00-06:00', 24)).toBe('2026-03-09T10:30:00-06:00');
  });

  it('counts a start on a Saturday from Monday 00:00', () => {
    expect(deadline('2026-03-07T15:00:00-06:00')).toBe('2026-03-11T00:00:00-06:00');
  });

  it('counts a start on a Sunday just before midnight from Monday 00:00', () => {
    expect(deadline('2026-03-08T23:59:59-06:00')).toBe('2026-03-11T00:00:00-06:00');
  });

  it('counts a start on a statutory rest day from the next working day', () => {
    expect(deadline('2026-03-16T09:00:00-06:00')).toBe('2026-03-19T00:00:00-06:00');
  });

  it('accepts fractional hours', () => {
    expect(deadline('2026-03-06T23:59:59-06:00', 0.001)).toBe('2026-03-09T00:00:02.600-06:00');
    expect(deadline('2026-03-03T10:30:00-06:00', 1.5)).toBe('2026-03-03T12:00:00-06:00');
  });

  it('ends exactly at midnight when the period fills the last day', () => {
    expect(deadline('2026-03-06T00:00:00-06:00', 24)).toBe('2026-03-07T00:00:00-06:00');
  });

  it('returns the next business moment for zero hours', () => {
    expect(deadline('2026-03-03T10:30:00-06:00', 0)).toBe('2026-03-03T10:30:00-06:00');
    expect(deadline('2026-03-07T10:30:00-06:00', 0)).toBe('2026-03-09T00:00:00-06:00');
  });

  it('rejects negative or non-finite hours and invalid dates', () => {
    const start = new Date('2026-03-03T10:30:00-06:00');
    expect(() => calendar.addBusinessHours(start, -1)).toThrow(RangeError);
    expect(() => calendar.addBusinessHours(start, Number.NaN)).toThrow(RangeError);
    expect(() => calendar.addBusinessHours(start, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => calendar.addBusinessHours(new Date('not a date'), 48)).toThrow(RangeError);
  });

  it('crosses the year boundary over New Year and the weekend', () => {
    expect(deadline('2026-12-31T10:30:00-06:00')).toBe('2027-01-05T10:30:00-06:00');
  });

  it('counts the leap day 2028-02-29 as a working day', () => {
    expect(calendar.isWorkingDay('2028-02-29')).toBe(true);
    expect(deadline('2028-02-28T10:30:00-06:00')).toBe('2028-03-01T10:30:00-06:00');
    expect(() => calendar.isWorkingDay('2027-02-29')).toThrow(RangeError);
  });

  it('counts a whole year of working days (256 in 2027) without drift', () => {
    expect(deadline('2026-12-30T12:00:00-06:00', 24 * (1.5 + 256 + 2.5))).toBe('2028-01-05T12:00:00-06:00');
  });
});

describe('business time and the next business moment', () => {
  it('knows weekday time is business time and weekend time is not', () => {
    expect(calendar.isBusinessTime(new Date('2026-03-06T23:59:59.999-06:00'))).toBe(true);
    expect(calendar.isBusinessTime(new Date('2026-03-07T00:00:00-06:00'))).toBe(false);
    expect(calendar.isBusinessTime(new Date('2026-03-09T00:00:00-06:00'))).toBe(true);
  });

  it('returns the instant itself during business time', () => {
    const at = new Date('2026-03-04T13:14:15.016-06:00');
    expect(calendar.nextBusinessMoment(at).getTime()).toBe(at.getTime());
  });

  it('returns the start of the next working day otherwise', () => {
    expect(isoInMexicoCity(calendar.nextBusinessMoment(new Date('2026-05-01T08:00:00-06:00'))))
      .toBe('2026-05-04T00:00:00-06:00');
  });

  it('reads days in the calendar zone, not in UTC', () => {
    expect(calendar.isBusinessTime(new Date('2026-03-07T03:00:00Z'))).toBe(true);
    expect(calendar.isBusinessTime(new Date('2026-03-07T07:00:00Z'))).toBe(false);
  });
});

describe('settings', () => {
  it('are read once: changing the settings object later changes nothing', () => {
    const settings = { ...defaultBusinessCalendarSettings, workingDays: [1, 2, 3, 4, 5], closures: [] as Array<{ from: string; to: string }> };
    const own = new BusinessCalendar(settings);
    settings.workingDays.push(6);
    settings.closures.push({ from: '2026-03-09', to: '2026-03-09' });
    expect(isoInMexicoCity(own.addBusinessHours(new Date('2026-03-06T10:30:00-06:00'), 48))).toBe('2026-03-10T10:30:00-06:00');
  });

  it('defaults are frozen', () => {
    expect(Object.isFrozen(defaultBusinessCalendarSettings)).toBe(true);
    expect(Object.isFrozen(defaultBusinessCalendarSettings.closures)).toBe(true);
  });
});
