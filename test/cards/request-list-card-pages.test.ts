import { renderRequestListCard } from '../../cards/request-list-card.js';
import { expectWellFormedCard, typedNodes, verbsOf, visibleText } from './card-assertions.js';
import { MEXICO_CITY, sampleRequest } from './card-fixtures.js';

describe('the request list card', () => {
  it('shows folio, status, siglas, service and date for each request, and the page', () => {
    const requests = [
      sampleRequest(),
      sampleRequest({ id: 'r2', folio: 'SOL-2026-0101', service: null, form: null, status: 'Registro', dependencia: { name: 'Instituto de Física', siglas: 'IF' } }),
    ];
    const card = renderRequestListCard({ locale: 'es', timeZone: MEXICO_CITY, title: 'Mis solicitudes', requests, page: 2, pageSize: 10, total: 12 });
    expectWellFormedCard(card);
    expect(verbsOf(card)).toEqual([]);
    const text = visibleText(card);
    expect(text).toContain('VC-2026-0042');
    expect(text).toContain('FI · Videoconferencia · Evento: lun, 4 de may de 2026');
    expect(text).toContain('SOL-2026-0101');
    expect(text).toContain('IF · Por determinar · Registrada: lun, 27 de abr de 2026');
    expect(text).toContain('Página 2 de 2 · 12 solicitudes');
    expect(typedNodes(card).filter((node) => node.text === 'Registro').map((node) => node.color)).toEqual(['accent']);
  });

  it('has an empty state, in English too', () => {
    const card = renderRequestListCard({ locale: 'en', timeZone: MEXICO_CITY, title: 'My requests', requests: [], page: 1, pageSize: 10, total: 0 });
    expectWellFormedCard(card);
    expect(visibleText(card)).toContain('No requests.');
    expect(visibleText(card)).not.toContain('Page');
  });
});
