import { describe, expect, it } from '@jest/globals';
import Holidays from 'date-holidays';
import {
  BusinessCalendar,
  defaultBusinessCalendarSettings,
  mexicoStatutoryRestDays,
} from '../../../services/calendar/business-calendar.js';
import { isoInMexicoCity } from './zoned-iso.js';

const calendar = new BusinessCalendar(defaultBusinessCalendarSettings);
const deadline = (start: string): string => isoInMexicoCity(calendar.addBusinessHours(new Date(start), 48));
const datesOf = (year: number): string[] => mexicoStatutoryRestDays(year).map(({ date }) => date);

const restDays2026 = ['2026-01-01', '2026-02-02', '2026-03-16', '2026-05-01', '2026-09-16', '2026-11-16', '2026-12-25'];
const restDays2027 = ['2027-01-01', '2027-02-01', '2027-03-15', '2027-05-01', '2027-09-16', '2027-11-15', '2027-12-25'];

describe('Mexico statutory rest days (LFT art. 74)', () => {
  it('lists the 2026 rest days', () => {
    expect(datesOf(2026)).toEqual(restDays2026);
  });

  it('lists the 2027 rest days', () => {
    expect(datesOf(2027)).toEqual(restDays2027);
  });

  it('adds 1 October in the years the federal executive changes', () => {
    expect(datesOf(2024)).toContain('2024-10-01');
    expect(datesOf(2030)).toContain('2030-10-01');
    expect(datesOf(2036)).toContain('2036-10-01');
    expect(datesOf(2030)).toHaveLength(8);
    expect(datesOf(2031)).not.toContain('2031-10-01');
  });

  it('keeps 1 December for transmissions before the 2024 reform', () => {
    expect(datesOf(2018)).toContain('2018-12-01');
    expect(datesOf(2018)).not.toContain('2018-10-01');
  });

  it('names each day', () => {
    expect(mexicoStatutoryRestDays(2030).find(({ date }) => date === '2030-10-01')?.name)
      .toBe('Transmisión del Poder Ejecutivo Federal');
  });

  it('agrees with the public MX holidays of date-holidays except the transmission day', () => {
    const holidays = new Holidays('MX');
    for (const year of [2026, 2027, 2028, 2030]) {
      const fromLibrary = holidays.getHolidays(year)
        .filter(({ type, name }) => type === 'public' && !name.startsWith('Transmisión'))
        .map(({ date }) => date.slice(0, 10));
      const ours = mexicoStatutoryRestDays(year)
        .filter(({ name }) => !name.startsWith('Transmisión'))
        .map(({ date }) => date);
      expect(ours).toEqual(fromLibrary);
    }
  });
});

describe('statutory rest days in the default business calendar', () => {
  it.each([...restDays2026, ...restDays2027, '2030-10-01'])('%s is a statutory non-working day', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(false);
    expect(calendar.nonWorkingReason(date)).toBe('statutory');
  });

  it('reports a statutory day falling on a weekend as statutory', () => {
    expect(calendar.nonWorkingReason('2027-12-25')).toBe('statutory');
    expect(calendar.nonWorkingReason('2027-12-26')).toBe('weekend');
  });

  it('treats bank holidays and customary days off as working days (close them if the institution does)', () => {
    expect(calendar.nonWorkingReason('2026-04-02')).toBeUndefined();
    expect(calendar.nonWorkingReason('2026-04-03')).toBeUndefined();
    expect(calendar.nonWorkingReason('2026-11-02')).toBeUndefined();
    expect(calendar.nonWorkingReason('2028-12-12')).toBeUndefined();
  });

  it('skips the Constitution Monday (2 Feb 2026)', () => {
    expect(deadline('2026-01-30T10:30:00-06:00')).toBe('2026-02-04T10:30:00-06:00');
  });

  it('skips the Benito Juárez Monday (16 Mar 2026)', () => {
    expect(deadline('2026-03-13T10:30:00-06:00')).toBe('2026-03-18T10:30:00-06:00');
  });

  it('skips Labour Day on a Friday (1 May 2026)', () => {
    expect(deadline('2026-04-30T10:30:00-06:00')).toBe('2026-05-05T10:30:00-06:00');
  });

  it('skips Independence Day mid-week (16 Sep 2026)', () => {
    expect(deadline('2026-09-15T10:30:00-06:00')).toBe('2026-09-18T10:30:00-06:00');
  });

  it('skips the Revolution Monday (16 Nov 2026)', () => {
    expect(deadline('2026-11-13T10:30:00-06:00')).toBe('2026-11-18T10:30:00-06:00');
  });

  it('skips Christmas on a Friday (25 Dec 2026)', () => {
    expect(deadline('2026-12-24T10:30:00-06:00')).toBe('2026-12-29T10:30:00-06:00');
  });

  it('skips the 2027 Mondays and Independence Day on a Thursday', () => {
    expect(deadline('2027-01-29T10:30:00-06:00')).toBe('2027-02-03T10:30:00-06:00');
    expect(deadline('2027-03-12T10:30:00-06:00')).toBe('2027-03-17T10:30:00-06:00');
    expect(deadline('2027-09-15T10:30:00-06:00')).toBe('2027-09-20T10:30:00-06:00');
    expect(deadline('2027-11-12T10:30:00-06:00')).toBe('2027-11-17T10:30:00-06:00');
  });

  it('skips the transmission of the federal executive (1 Oct 2030)', () => {
    expect(deadline('2030-09-30T10:30:00-06:00')).toBe('2030-10-03T10:30:00-06:00');
  });

  it('counts statutory days as working when no holiday country is set', () => {
    const { holidayCountry: _ignored, ...withoutHolidays } = defaultBusinessCalendarSettings;
    const plain = new BusinessCalendar(withoutHolidays);
    expect(plain.isWorkingDay('2026-09-16')).toBe(true);
    expect(isoInMexicoCity(plain.addBusinessHours(new Date('2026-09-15T10:30:00-06:00'), 48)))
      .toBe('2026-09-17T10:30:00-06:00');
  });

  it('rejects an unsupported holiday country', () => {
    expect(() => new BusinessCalendar({ ...defaultBusinessCalendarSettings, holidayCountry: 'XX' })).toThrow(RangeError);
  });
});
