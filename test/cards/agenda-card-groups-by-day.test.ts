import { MAX_AGENDA_EVENTS, renderAgendaCard } from '../../cards/agenda-card.js';
import { expectWellFormedCard, typedNodes, visibleText } from './card-assertions.js';
import { MEXICO_CITY, sampleBooking, sampleResources } from './card-fixtures.js';

describe('the agenda card', () => {
  const bookings = [
    sampleBooking({ id: 'b3', folio: 'TC-2026-0007', title: 'IIMAS – Junta', start: new Date('2026-05-05T15:00:00Z'), end: new Date('2026-05-05T16:00:00Z'), roomId: 'sala-juntas-2', staffIds: ['tec-luis'] }),
    sampleBooking({ declinedBy: ['sala-vc-1@example.edu'] }),
    sampleBooking({ id: 'b2', folio: 'NC-2026-0003', title: 'FQ – Webinar', start: new Date('2026-05-05T02:00:00Z'), end: new Date('2026-05-05T03:00:00Z'), roomId: null, staffIds: [] }),
    sampleBooking({ id: 'gone', title: 'Liberada', status: 'released' }),
  ];

  it('lists the events by day in the business time zone, earliest first, with time, title, room and staff', () => {
    const card = renderAgendaCard({ locale: 'es', timeZone: MEXICO_CITY, title: 'Agenda de la semana', bookings, resources: sampleResources() });
    expectWellFormedCard(card);
    const headings = typedNodes(card).filter((node) => node.color === 'accent').map((node) => node.text);
    expect(headings).toEqual(['lunes, 4 de mayo de 2026', 'martes, 5 de mayo de 2026']);
    const text = visibleText(card);
    expect(text).toContain('10:00–12:00');
    expect(text).toContain('FI – Seminario de redes');
    expect(text).toContain('VC-2026-0042 · Sala de Videoconferencia 1 · Ana Robles');
    expect(text).toContain('⚠ Rechazado por: Sala de Videoconferencia 1');
    expect(text).toContain('20:00–21:00');
    expect(text).toContain('TC-2026-0007 · Sala de Juntas 2 · Luis Méndez');
    expect(text).not.toContain('Liberada');
    expect(text.indexOf('FQ – Webinar')).toBeLessThan(text.indexOf('martes'));
  });

  it('says when there is nothing, in English too', () => {
    const card = renderAgendaCard({ locale: 'en', timeZone: MEXICO_CITY, title: 'Agenda today', bookings: [], resources: [] });
    expectWellFormedCard(card);
    expect(visibleText(card)).toContain('No events booked.');
  });

  it('counts what it does not list to stay small', () => {
    const many = Array.from({ length: MAX_AGENDA_EVENTS + 7 }, (_, index) =>
      sampleBooking({ id: `b${index}`, start: new Date(Date.UTC(2026, 4, 4 + Math.floor(index / 8), 14 + (index % 8))), end: new Date(Date.UTC(2026, 4, 4 + Math.floor(index / 8), 15 + (index % 8))) }),
    );
    const card = renderAgendaCard({ locale: 'es', timeZone: MEXICO_CITY, title: 'Agenda', bookings: many, resources: sampleResources() });
    expectWellFormedCard(card);
    expect(visibleText(card)).toContain('Y 7 eventos más.');
  });
});
