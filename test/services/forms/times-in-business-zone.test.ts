import { eventInterval, localMoment } from '../../../services/forms/event-times.js';
import { validateServiceForm } from '../../../services/forms/validate-form.js';
import { MEXICO_CITY, teleconferenceData, videoconferenceData } from './form-fixtures.js';

const NEW_YORK = 'America/New_York';
const complete = (timeZone: string, locale: 'es' | 'en' = 'es') => ({ mode: 'complete', timeZone, locale }) as const;

function messages(result: ReturnType<typeof validateServiceForm>): string[] | true {
  return result.ok || result.errors.map((error) => error.message);
}

describe('event start and end', () => {
  it('rejects an end before the start, naming the end time', () => {
    const result = validateServiceForm('TC', { ...teleconferenceData(), startTime: '12:00', endTime: '10:00' }, complete(MEXICO_CITY));
    expect(result.ok || result.errors).toEqual([
      { path: 'endTime', field: 'Hora de término', message: 'Hora de término: debe ser posterior a la hora de inicio (12:00).' },
    ]);
  });

  it('rejects an end equal to the start', () => {
    const result = validateServiceForm('TC', { ...teleconferenceData(), startTime: '10:00', endTime: '10:00' }, complete(MEXICO_CITY, 'en'));
    expect(messages(result)).toEqual(['End time: must be after the start time (10:00).']);
  });

  it('rejects malformed times', () => {
    const result = validateServiceForm('TC', { ...teleconferenceData(), startTime: '9:00', endTime: '24:00' }, complete(MEXICO_CITY, 'en'));
    expect(messages(result)).toEqual([
      'Start time: enter a 24-hour time in the format HH:mm (e.g. 09:30).',
      'End time: enter a 24-hour time in the format HH:mm (e.g. 09:30).',
    ]);
  });

  it('reads the times on the clocks of the business time zone', () => {
    expect(eventInterval({ date: '2026-05-04', startTime: '10:00', endTime: '12:00' }, MEXICO_CITY)).toEqual({
      start: new Date('2026-05-04T16:00:00Z'),
      end: new Date('2026-05-04T18:00:00Z'),
    });
    expect(eventInterval({ date: '2026-07-06', startTime: '10:00', endTime: '12:00' }, NEW_YORK)).toEqual({
      start: new Date('2026-07-06T14:00:00Z'),
      end: new Date('2026-07-06T16:00:00Z'),
    });
    expect(eventInterval({ date: '2026-05-04', startTime: '10:00' }, MEXICO_CITY)).toBeUndefined();
  });

  it('rejects a time skipped by a daylight-saving change in that zone, and not elsewhere', () => {
    const springForward = { ...teleconferenceData(), date: '2026-03-08', startTime: '02:30', endTime: '04:00' };
    expect(localMoment('2026-03-08', '02:30', NEW_YORK)).toEqual({ kind: 'nonexistent' });
    expect(messages(validateServiceForm('TC', springForward, complete(NEW_YORK)))).toEqual([
      'Hora de inicio: las 02:30 del 2026-03-08 no existen en la zona horaria America/New_York (cambio de horario); elige otra hora.',
    ]);
    expect(validateServiceForm('TC', springForward, complete(MEXICO_CITY)).ok).toBe(true);
  });

  it('measures across a clock change by the instants, not the wall clock', () => {
    const interval = eventInterval({ date: '2026-03-08', startTime: '01:30', endTime: '03:30' }, NEW_YORK);
    expect(interval && (interval.end.getTime() - interval.start.getTime()) / 60_000).toBe(60);
    expect(validateServiceForm('TC', { ...teleconferenceData(), date: '2026-03-08', startTime: '01:30', endTime: '03:30' }, complete(NEW_YORK)).ok).toBe(true);
  });

  it('refuses an unknown time zone as a configuration error', () => {
    expect(() => validateServiceForm('TC', {}, { mode: 'draft', locale: 'es', timeZone: 'Mexico/Nowhere' })).toThrow(
      'validateServiceForm: unknown time zone "Mexico/Nowhere"',
    );
  });
});

describe('the connection test of a videoconference', () => {
  const withTest = (connectionTestDate: string, connectionTestTime: string) => ({ ...videoconferenceData(), connectionTestDate, connectionTestTime });

  it('is accepted before the event starts', () => {
    expect(validateServiceForm('VC', withTest('2026-05-04', '09:59'), complete(MEXICO_CITY)).ok).toBe(true);
    expect(validateServiceForm('VC', withTest('2026-04-30', '17:00'), complete(MEXICO_CITY)).ok).toBe(true);
  });

  it('is rejected at or after the start on the same day, naming the test time', () => {
    for (const time of ['10:00', '11:00']) {
      const result = validateServiceForm('VC', withTest('2026-05-04', time), complete(MEXICO_CITY));
      expect(result.ok || result.errors).toEqual([
        {
          path: 'connectionTestTime',
          field: 'Hora de la prueba de conexión',
          message: 'Hora de la prueba de conexión: la prueba de conexión debe ser antes del inicio del evento (2026-05-04 10:00).',
        },
      ]);
    }
  });

  it('is rejected on a later day, naming the test date', () => {
    const result = validateServiceForm('VC', withTest('2026-05-05', '08:00'), complete(MEXICO_CITY, 'en'));
    expect(result.ok || result.errors).toEqual([
      {
        path: 'connectionTestDate',
        field: 'Connection test date',
        message: 'Connection test date: the connection test must be before the event starts (2026-05-04 10:00).',
      },
    ]);
  });

  it('is compared in the business time zone across a clock change', () => {
    const event = { ...videoconferenceData(), date: '2026-03-08', startTime: '03:15', endTime: '05:00' };
    const at = (connectionTestTime: string) => ({ ...event, connectionTestDate: '2026-03-08', connectionTestTime });
    expect(validateServiceForm('VC', at('01:45'), complete(NEW_YORK)).ok).toBe(true);
    expect(messages(validateServiceForm('VC', at('02:15'), complete(NEW_YORK, 'en')))).toEqual([
      'Connection test time: 02:15 on 2026-03-08 does not exist in the time zone America/New_York (clock change); choose another time.',
    ]);
  });
});
