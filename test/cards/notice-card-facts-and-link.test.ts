import { renderNoticeCard } from '../../cards/notice-card.js';
import { t } from '../../cards/messages.js';
import { actionsOf, expectWellFormedCard, verbsOf, visibleText } from './card-assertions.js';

describe('the notice card', () => {
  it('shows the title, the text, the facts and a link to the calendar file', () => {
    const card = renderNoticeCard({
      locale: 'es',
      title: 'Su servicio VC-2026-0042 está agendado',
      text: 'Su servicio quedó agendado: FI – Seminario de redes.',
      facts: [
        { title: 'Folio', value: 'VC-2026-0042' },
        { title: 'Cuándo', value: 'lun, 4 de may de 2026, 10:00–12:00' },
        { title: 'Vacío', value: ' ' },
      ],
      link: { title: t('es', 'notice.calendarLink'), url: 'https://desk.example.edu/calendario/bk-7.ics' },
    });
    expectWellFormedCard(card);
    const text = visibleText(card);
    expect(text).toContain('Su servicio VC-2026-0042 está agendado');
    expect(text).toContain('Cuándo: lun, 4 de may de 2026, 10:00–12:00');
    expect(text).not.toContain('Vacío');
    expect(actionsOf(card)).toEqual([{ type: 'Action.OpenUrl', title: 'Agregar a mi calendario (.ics)', url: 'https://desk.example.edu/calendario/bk-7.ics' }]);
    expect(verbsOf(card)).toEqual([]);
  });

  it('has no action without a link', () => {
    const card = renderNoticeCard({ locale: 'en', title: 'Request VC-2026-0042: No Procede', text: 'No answer within 48 business hours.', facts: [] });
    expectWellFormedCard(card);
    expect(card).not.toHaveProperty('actions');
    expect(card.lang).toBe('en');
  });
});
