import { describe, expect, it } from '@jest/globals';
import { parsePeriod, periodLabel } from '../../../services/reports/report-period.js';

const ZONE = 'America/Mexico_City';
/** Wednesday 15 April 2026, 22:30 in Mexico City (already the 16th in UTC). */
const NOW = new Date('2026-04-16T04:30:00Z');

const days = (argument: string) => {
  const parsed = parsePeriod(argument, NOW, ZONE);
  return parsed.ok ? `${parsed.period.kind} ${parsed.period.firstDay}..${parsed.period.lastDay}` : `refused: ${parsed.problem}`;
};

describe('the period of a report, in Spanish or English', () => {
  it('is this month by default, today read in the business time zone', () => {
    expect(days('')).toBe('month 2026-04-01..2026-04-30');
    const parsed = parsePeriod('', NOW, ZONE);
    expect(parsed.ok && parsed.period.from.toISOString()).toBe('2026-04-01T06:00:00.000Z');
    expect(parsed.ok && parsed.period.to.toISOString()).toBe('2026-05-01T06:00:00.000Z');
  });

  it.each([
    ['mes', 'month 2026-04-01..2026-04-30'],
    ['month', 'month 2026-04-01..2026-04-30'],
    ['mes anterior', 'month 2026-03-01..2026-03-31'],
    ['last month', 'refused: unknown'],
    ['month last', 'month 2026-03-01..2026-03-31'],
    ['mes 2026-02', 'month 2026-02-01..2026-02-28'],
    ['mes 2/2024', 'month 2024-02-01..2024-02-29'],
    ['Mes Marzo', 'month 2026-03-01..2026-03-31'],
    ['month march 2025', 'month 2025-03-01..2025-03-31'],
    ['trimestre', 'quarter 2026-04-01..2026-06-30'],
    ['trimestre anterior', 'quarter 2026-01-01..2026-03-31'],
    ['quarter 2025-Q4', 'quarter 2025-10-01..2025-12-31'],
    ['trimestre T3 2025', 'quarter 2025-07-01..2025-09-30'],
    ['trimestre 2', 'quarter 2026-04-01..2026-06-30'],
    ['año', 'year 2026-01-01..2026-12-31'],
    ['Año 2025', 'year 2025-01-01..2025-12-31'],
    ['year previous', 'year 2025-01-01..2025-12-31'],
    ['2026-03-01 2026-03-31', 'range 2026-03-01..2026-03-31'],
    ['del 1/3/2026 al 15/3/2026', 'range 2026-03-01..2026-03-15'],
    ['from 2026-03-01 to 2026-03-02', 'range 2026-03-01..2026-03-02'],
    ['2026-03-01..2026-03-10', 'range 2026-03-01..2026-03-10'],
    ['2026-03-05', 'range 2026-03-05..2026-03-05'],
    ['2026-03-31 2026-03-01', 'refused: order'],
    ['2026-02-30 2026-03-01', 'refused: invalid-date'],
    ['1999-01-01 1999-12-31', 'refused: invalid-date'],
    ['2000-01-01 2026-12-31', 'refused: too-long'],
    ['semestre', 'refused: unknown'],
    ['mes 13/2026', 'refused: invalid-date'],
  ])('%s → %s', (argument, expected) => {
    expect(days(argument)).toBe(expected);
  });

  it('names the period in words', () => {
    const label = (argument: string, locale: 'es' | 'en') => {
      const parsed = parsePeriod(argument, NOW, ZONE);
      return parsed.ok ? periodLabel(parsed.period, locale) : '';
    };
    expect(label('mes 2026-03', 'es')).toBe('marzo de 2026');
    expect(label('mes 2026-03', 'en')).toBe('March 2026');
    expect(label('trimestre 2026-T1', 'es')).toBe('1.º trimestre de 2026');
    expect(label('quarter 2026-Q1', 'en')).toBe('Q1 2026');
    expect(label('año 2025', 'es')).toBe('2025');
    expect(label('2026-03-01 2026-03-15', 'en').replace(/\s/gu, ' ')).toBe('Mar 1 – 15, 2026');
  });
});
