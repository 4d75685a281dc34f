import { describe, expect, it } from '@jest/globals';
import { BusinessCalendar, defaultBusinessCalendarSettings } from '../../../services/calendar/business-calendar.js';
import { isoInMexicoCity } from './zoned-iso.js';

const calendar = new BusinessCalendar({
  ...defaultBusinessCalendarSettings,
  closures: [
    { from: '2026-12-21', to: '2027-01-06' },
    { from: '2027-06-07', to: '2027-06-07' },
  ],
});
const deadline = (start: string): string => isoInMexicoCity(calendar.addBusinessHours(new Date(start), 48));

describe('institution closures', () => {
  it('skips a winter closure across the year boundary', () => {
    expect(deadline('2026-12-18T10:30:00-06:00')).toBe('2027-01-08T10:30:00-06:00');
  });

  it('starts counting after the closure when the wait begins inside it', () => {
    expect(isoInMexicoCity(calendar.nextBusinessMoment(new Date('2026-12-28T12:00:00-06:00'))))
      .toBe('2027-01-07T00:00:00-06:00');
    expect(deadline('2026-12-28T12:00:00-06:00')).toBe('2027-01-09T00:00:00-06:00');
  });

  it('closes both ends of the range and nothing outside it', () => {
    expect(calendar.isWorkingDay('2026-12-18')).toBe(true);
    expect(calendar.nonWorkingReason('2026-12-21')).toBe('closure');
    expect(calendar.nonWorkingReason('2027-01-06')).toBe('closure');
    expect(calendar.isWorkingDay('2027-01-07')).toBe(true);
  });

  it('reports the most specific reason inside a closure', () => {
    expect(calendar.nonWorkingReason('2026-12-25')).toBe('statutory');
    expect(calendar.nonWorkingReason('2026-12-26')).toBe('closure');
    expect(calendar.nonWorkingReason('2027-01-01')).toBe('statutory');
  });

  it('closes a single day (from === to)', () => {
    expect(calendar.nonWorkingReason('2027-06-07')).toBe('closure');
    expect(deadline('2027-06-04T10:30:00-06:00')).toBe('2027-06-09T10:30:00-06:00');
  });

  it('rejects invalid or reversed ranges', () => {
    const withClosure = (from: string, to: string) => () =>
      new BusinessCalendar({ ...defaultBusinessCalendarSettings, closures: [{ from, to }] });
    expect(withClosure('2027-01-06', '2026-12-21')).toThrow(RangeError);
    expect(withClosure('2026-02-30', '2026-03-01')).toThrow(RangeError);
    expect(withClosure('2026-1-5', '2026-01-06')).toThrow(RangeError);
  });
});
