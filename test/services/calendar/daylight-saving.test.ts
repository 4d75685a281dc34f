import { describe, expect, it } from '@jest/globals';
import { BusinessCalendar, type BusinessCalendarSettings } from '../../../services/calendar/business-calendar.js';
import { isoIn } from './zoned-iso.js';

const TIJUANA = 'America/Tijuana';
const weekdays: BusinessCalendarSettings = { timeZone: TIJUANA, workingDays: [1, 2, 3, 4, 5], closures: [] };
const everyDay: BusinessCalendarSettings = { ...weekdays, workingDays: [1, 2, 3, 4, 5, 6, 7] };

function deadlineIn(settings: BusinessCalendarSettings, start: string, hours: number): string {
  return isoIn(settings.timeZone, new BusinessCalendar(settings).addBusinessHours(new Date(start), hours));
}

describe('daylight saving in America/Tijuana, whole-day reading', () => {
  it('keeps the wall-clock time across the March change over a weekend', () => {
    expect(deadlineIn(weekdays, '2026-03-06T10:30:00-08:00', 48)).toBe('2026-03-10T10:30:00-07:00');
  });

  it('keeps the wall-clock time across the November change over a weekend', () => {
    expect(deadlineIn(weekdays, '2026-10-30T10:30:00-07:00', 48)).toBe('2026-11-03T10:30:00-08:00');
  });

  it('counts the 23 real hours of the March change day when it is a working day', () => {
    expect(deadlineIn(everyDay, '2026-03-08T00:00:00-08:00', 23)).toBe('2026-03-09T00:00:00-07:00');
    expect(deadlineIn(everyDay, '2026-03-07T10:30:00-08:00', 48)).toBe('2026-03-09T11:30:00-07:00');
  });

  it('counts the 25 real hours of the November change day when it is a working day', () => {
    expect(deadlineIn(everyDay, '2026-11-01T00:00:00-07:00', 25)).toBe('2026-11-02T00:00:00-08:00');
    expect(deadlineIn(everyDay, '2026-10-31T10:30:00-07:00', 48)).toBe('2026-11-02T09:30:00-08:00');
  });
});

describe('daylight saving in America/Tijuana, office-hours reading', () => {
  const office: BusinessCalendarSettings = { ...weekdays, workingHours: { start: '09:00', end: '18:00' } };
  const smallHours: BusinessCalendarSettings = { ...everyDay, workingHours: { start: '01:00', end: '05:00' } };

  it('opens at local 09:00 on both sides of the March change', () => {
    expect(deadlineIn(office, '2026-03-06T17:00:00-08:00', 2)).toBe('2026-03-09T10:00:00-07:00');
    expect(deadlineIn(office, '2026-03-06T09:00:00-08:00', 48)).toBe('2026-03-13T12:00:00-07:00');
  });

  it('opens at local 09:00 on both sides of the November change', () => {
    expect(deadlineIn(office, '2026-10-30T17:00:00-07:00', 2)).toBe('2026-11-02T10:00:00-08:00');
  });

  it('counts three real hours in 01:00–05:00 on the March change day', () => {
    expect(deadlineIn(smallHours, '2026-03-08T01:00:00-08:00', 3)).toBe('2026-03-08T05:00:00-07:00');
    expect(deadlineIn(smallHours, '2026-03-08T01:00:00-08:00', 3.5)).toBe('2026-03-09T01:30:00-07:00');
  });

  it('counts five real hours in 01:00–05:00 on the November change day, opening at the first 01:00', () => {
    expect(deadlineIn(smallHours, '2026-11-01T00:00:00-07:00', 5)).toBe('2026-11-01T05:00:00-08:00');
    expect(deadlineIn(smallHours, '2026-11-01T00:00:00-07:00', 1.5)).toBe('2026-11-01T01:30:00-08:00');
  });

  it('opens at the moment of the change when the opening time is skipped', () => {
    const skipped = new BusinessCalendar({ ...everyDay, workingHours: { start: '02:30', end: '05:00' } });
    expect(isoIn(TIJUANA, skipped.nextBusinessMoment(new Date('2026-03-08T00:00:00-08:00')))).toBe('2026-03-08T03:00:00-07:00');
    expect(isoIn(TIJUANA, skipped.nextBusinessMoment(new Date('2026-03-09T00:00:00-07:00')))).toBe('2026-03-09T02:30:00-07:00');
  });
});

describe('daylight saving at midnight (America/Santiago)', () => {
  const santiago: BusinessCalendarSettings = { timeZone: 'America/Santiago', workingDays: [1, 2, 3, 4, 5, 6, 7], closures: [] };

  it('starts a day whose midnight is skipped at 01:00', () => {
    expect(deadlineIn(santiago, '2026-09-05T12:00:00-04:00', 12)).toBe('2026-09-06T01:00:00-03:00');
    expect(deadlineIn({ ...santiago, workingDays: [1] }, '2026-09-05T12:00:00-04:00', 0)).toBe('2026-09-07T00:00:00-03:00');
  });

  it('gives the day before a repeated hour its 25 real hours', () => {
    expect(deadlineIn(santiago, '2026-04-04T00:00:00-03:00', 25)).toBe('2026-04-05T00:00:00-04:00');
  });
});

describe('time zone settings', () => {
  it('keeps Mexico City at UTC−6 all year (no daylight saving since 2022)', () => {
    const mexico = { ...weekdays, timeZone: 'America/Mexico_City' };
    expect(deadlineIn(mexico, '2026-04-03T10:30:00-06:00', 48)).toBe('2026-04-07T10:30:00-06:00');
  });

  it('rejects an unknown time zone and an empty working week', () => {
    expect(() => new BusinessCalendar({ ...weekdays, timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
    expect(() => new BusinessCalendar({ ...weekdays, workingDays: [] })).toThrow(RangeError);
    expect(() => new BusinessCalendar({ ...weekdays, workingDays: [0, 8] })).toThrow(RangeError);
  });
});
