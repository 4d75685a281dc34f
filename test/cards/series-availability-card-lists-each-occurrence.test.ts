import { describe, expect, it } from '@jest/globals';
import { renderSeriesAvailabilityCard } from '../../cards/series-availability-card.js';
import { actionsOf, TEAMS_CARD_LIMIT_BYTES, visibleText } from './card-assertions.js';
import { MEXICO_CITY, sampleRequest, sampleResources, sampleSeriesAvailability } from './card-fixtures.js';

const render = (locale: 'es' | 'en') =>
  renderSeriesAvailabilityCard({ request: sampleRequest(), locale, timeZone: MEXICO_CITY, series: sampleSeriesAvailability(), resources: sampleResources(), note: locale === 'es' ? 'Fechas agendadas: 1.' : 'Dates booked: 1.' });

describe('the series availability card', () => {
  it('sums up the occurrences and lists the conflict with its blockers and alternatives, in Spanish', () => {
    const card = render('es');
    const text = visibleText(card);
    expect(text).toContain('6 fechas: 1 libres, 1 con conflicto, 1 en día inhábil, 1 agendadas, 2 canceladas o sin evento');
    expect(text).toContain('Fechas libres');
    expect(text).toContain('Agendar las libres (1)');
    expect(text).toMatch(/Fecha: lun, 18 de may de 2026, 10:00.12:00/);
    expect(text).toContain('Sala de Videoconferencia 1 está ocupado por «IIMAS – Coloquio»');
    expect(text).toContain('Día inhábil del calendario institucional');
    expect(text).toContain('(excepción del formulario)');
    expect(text).toContain('(cancelada)');
    expect(text).toContain('Fechas agendadas: 1.');
    expect(JSON.stringify(card).length).toBeLessThan(TEAMS_CARD_LIMIT_BYTES);
  });

  it('says the same in English', () => {
    const text = visibleText(render('en'));
    expect(text).toContain('6 dates: 1 free, 1 in conflict, 1 on closure days, 1 booked, 2 cancelled or without the event');
    expect(text).toContain('Book the free ones (1)');
    expect(text).toContain("(the form's exception)");
    expect(text).toContain('Cancel the chosen date');
    expect(text).not.toMatch(/Agendar|Fecha:/);
  });

  it('carries the date and the option in each booking action, and the date in each cancel', () => {
    const actions = actionsOf(render('es'));
    const one = actions.filter((action) => action.verb === 'book-occurrence').map((action) => action.data as { date: string; option: { start: string } });
    expect(one.map((data) => [data.date, data.option.start])).toEqual([
      ['2026-05-18', '2026-05-04T18:00:00.000Z'],
      ['2026-05-18', '2026-05-05T15:00:00.000Z'],
      ['2026-05-25', '2026-05-04T16:00:00.000Z'],
    ]);
    expect(actions.filter((action) => action.verb === 'cancel-occurrence').map((action) => (action.data as { date?: string }).date)).toEqual(['2026-05-18', '2026-05-25', undefined]);
    expect(actions.find((action) => action.verb === 'book-free-occurrences')?.data).toEqual({ requestId: sampleRequest().id, version: sampleRequest().version });
  });
});
