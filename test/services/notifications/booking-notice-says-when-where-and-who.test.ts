import { describe, expect, it } from '@jest/globals';
import { noticeText } from '../../../services/notifications/notice-texts.js';
import { requestIn, sampleBooking } from '../../support/workflow-fixtures.js';

const settings = { waitBusinessHours: 48, timeZone: 'America/Mexico_City' };

/**
 * Bugs (issue 10 §4): the booking notice said the date twice ("del viernes, 20 de marzo de 2026,
 * 10:00 a.m. al viernes, 20 de marzo de 2026, 12:00 p.m.."), ended in "p.m..", and named neither the
 * room nor the technician; a deadline at midnight read "miércoles … 00:00" for the end of Tuesday.
 */
describe('the booking notice', () => {
  const booked = requestIn('Terminada', { booking: sampleBooking() });
  const place = { room: 'Sala de videoconferencia 1', technicians: ['Juan Pérez'] };

  it('says the date once, in 24-hour times, with the room and the technician', () => {
    expect(noticeText('requester.completed', booked, 'es', settings, place).body).toBe(
      'Su servicio quedó agendado: FI – Examen de grado, el viernes, 20 de marzo de 2026, 10:00–12:00, en Sala de videoconferencia 1, con el técnico Juan Pérez.',
    );
    // Intl puts thin spaces around the dash of an English range.
    expect(noticeText('requester.completed', booked, 'en', settings, { room: 'Room 1', technicians: ['Juan Pérez', 'Ana Ruiz'] }).body.replace(/\s/g, ' ')).toBe(
      'Your service is booked: FI – Examen de grado, Friday, March 20, 2026, 10:00 – 12:00, in Room 1, with technicians Juan Pérez and Ana Ruiz.',
    );
  });

  it('never ends in "p.m.."', () => {
    const evening = requestIn('Terminada', { booking: { ...sampleBooking(), start: new Date('2026-03-20T22:00:00Z'), end: new Date('2026-03-21T00:00:00Z') } });
    for (const locale of ['es', 'en'] as const) expect(noticeText('requester.completed', evening, locale, settings).body).not.toMatch(/[ap]\.?m\.?\.|PM\.|AM\./i);
  });
});

describe('the reschedule notice (issue 10 §4: a reschedule told nobody)', () => {
  it('says the new date and time, the room and the technician', () => {
    const moved = requestIn('En Proceso', { booking: sampleBooking() });
    const text = noticeText('requester.rescheduled', moved, 'es', settings, { room: 'Sala 2', technicians: ['Ana Ruiz'] });
    expect(text.subject).toBe(`Su solicitud ${moved.folio}: cambió la fecha u hora del evento`);
    expect(text.body).toBe(`El evento de su solicitud ${moved.folio} se reprogramó: FI – Examen de grado, el viernes, 20 de marzo de 2026, 10:00–12:00, en Sala 2, con el técnico Ana Ruiz.`);
  });
});

describe('a deadline in the information request and its reminder', () => {
  const waiting = (deadline: string) => {
    const request = requestIn('Pendiente por el usuario');
    return { ...request, wait: { ...request.wait!, deadline: new Date(deadline) } };
  };

  it('at midnight is the end of the day before', () => {
    const request = waiting('2026-12-09T06:00:00Z');
    expect(noticeText('requester.info-request', request, 'es', settings).body).toContain('antes del final del martes, 8 de diciembre de 2026.');
    expect(noticeText('requester.reminder', request, 'en', settings).body).toContain('Please answer before the end of Tuesday, December 8, 2026.');
  });

  it('at any other time is the date and a 24-hour time', () => {
    expect(noticeText('requester.reminder', waiting('2026-12-09T22:30:00Z'), 'es', settings).body).toContain('Responda antes del miércoles, 9 de diciembre de 2026, 16:30.');
  });
});
