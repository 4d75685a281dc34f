import { describe, expect, it } from '@jest/globals';
import { BusinessCalendar, defaultBusinessCalendarSettings } from '../../../services/calendar/business-calendar.js';
import { isoInMexicoCity } from './zoned-iso.js';

const calendar = new BusinessCalendar({
  ...defaultBusinessCalendarSettings,
  workingHours: { start: '09:00', end: '18:00' },
});
const deadline = (start: string, hours = 48): string =>
  isoInMexicoCity(calendar.addBusinessHours(new Date(start), hours));
const at = (instant: string): Date => new Date(instant);

describe('office-hours reading (09:00–18:00, Monday–Friday)', () => {
  it('counts 48 hours as five days and a third of office time', () => {
    expect(deadline('2026-03-02T09:00:00-06:00')).toBe('2026-03-09T12:00:00-06:00');
  });

  it('counts from a mid-morning start', () => {
    expect(deadline('2026-03-03T10:30:00-06:00')).toBe('2026-03-10T13:30:00-06:00');
  });

  it('begins an evening start at the next opening', () => {
    expect(deadline('2026-03-02T19:00:00-06:00')).toBe('2026-03-10T12:00:00-06:00');
  });

  it('begins an early-morning start at that day\'s opening', () => {
    expect(deadline('2026-03-03T06:00:00-06:00', 1)).toBe('2026-03-03T10:00:00-06:00');
  });

  it('begins a weekend start on Monday and skips a statutory Monday', () => {
    expect(deadline('2026-03-07T11:00:00-06:00')).toBe('2026-03-17T12:00:00-06:00');
  });

  it('ends at closing time when the period fills the day exactly', () => {
    expect(deadline('2026-03-02T09:00:00-06:00', 9)).toBe('2026-03-02T18:00:00-06:00');
    expect(deadline('2026-03-02T09:00:00-06:00', 9.5)).toBe('2026-03-03T09:30:00-06:00');
  });

  it('counts opening time as business time and closing time as not', () => {
    expect(calendar.isBusinessTime(at('2026-03-02T08:59:59.999-06:00'))).toBe(false);
    expect(calendar.isBusinessTime(at('2026-03-02T09:00:00-06:00'))).toBe(true);
    expect(calendar.isBusinessTime(at('2026-03-02T17:59:59.999-06:00'))).toBe(true);
    expect(calendar.isBusinessTime(at('2026-03-02T18:00:00-06:00'))).toBe(false);
  });

  it('moves to the next opening', () => {
    expect(isoInMexicoCity(calendar.nextBusinessMoment(at('2026-03-02T08:00:00-06:00')))).toBe('2026-03-02T09:00:00-06:00');
    expect(isoInMexicoCity(calendar.nextBusinessMoment(at('2026-03-02T18:00:00-06:00')))).toBe('2026-03-03T09:00:00-06:00');
    expect(isoInMexicoCity(calendar.nextBusinessMoment(at('2026-03-06T18:30:00-06:00')))).toBe('2026-03-09T09:00:00-06:00');
  });

  it('still knows which days are working days', () => {
    expect(calendar.isWorkingDay('2026-03-02')).toBe(true);
    expect(calendar.nonWorkingReason('2026-03-16')).toBe('statutory');
  });

  it('accepts 24:00 as the end of the day', () => {
    const evenings = new BusinessCalendar({ ...defaultBusinessCalendarSettings, workingHours: { start: '20:00', end: '24:00' } });
    expect(isoInMexicoCity(evenings.addBusinessHours(at('2026-03-02T12:00:00-06:00'), 4))).toBe('2026-03-03T00:00:00-06:00');
    expect(isoInMexicoCity(evenings.addBusinessHours(at('2026-03-02T12:00:00-06:00'), 5))).toBe('2026-03-03T21:00:00-06:00');
  });

  it.each([
    ['18:00', '09:00'],
    ['09:00', '09:00'],
    ['9:00', '18:00'],
    ['24:00', '24:00'],
    ['09:00', '18:60'],
  ])('rejects working hours %s–%s', (start, end) => {
    expect(() => new BusinessCalendar({ ...defaultBusinessCalendarSettings, workingHours: { start, end } }))
      .toThrow(RangeError);
  });
});
