import { renderHelpCard } from '../../cards/help-card.js';
import { expectWellFormedCard, verbsOf, visibleText } from './card-assertions.js';

describe('the help card', () => {
  it('lists the commands and what a requester can do', () => {
    const card = renderHelpCard({ locale: 'es', roles: [] });
    expectWellFormedCard(card);
    expect(verbsOf(card)).toEqual(['open-self-registration']);
    const text = visibleText(card);
    for (const command of ['ayuda', 'mis solicitudes', 'estado <folio>', 'agenda hoy', 'agenda semana', 'agenda <recurso>']) expect(text).toContain(`${command}:`);
    expect(text).toContain('Solicitante');
    expect(text).not.toContain('Mesa de Ayuda (HD)');
  });

  it('adds what each configured role held can do, in English too', () => {
    const card = renderHelpCard({ locale: 'en', roles: ['ASV', 'DAU', 'unknown'] });
    expectWellFormedCard(card);
    const text = visibleText(card);
    expect(text).toContain('status <folio>:');
    expect(text).toContain('Videoconference services administrator (ASV)');
    expect(text).toContain('User Attention Department (DAU)');
    expect(text).not.toContain('Help Desk (HD)');
    expect(text).not.toContain('unknown');
  });
});
